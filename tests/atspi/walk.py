#!/usr/bin/python3
"""The app as a screen reader meets it: its AT-SPI tree, walked and driven.

Run by ``.ci/atspi-tests`` (which starts Xvfb, D-Bus, the AT-SPI bus and
registry, openbox and the app on a new empty archive), with the SYSTEM python3
and its pyatspi (Debian's python3-pyatspi), never the project's virtual
environment: pyatspi is not on PyPI. pytest does not collect this file.

It walks every view, tab, dialog and participant screen, and completes one
facilitator round set-up, one participant response and one run-mode start
through AT-SPI actions and generated key presses alone. It checks:

* no unnamed focusable control;
* no combo box named only by its value;
* no status label hiding its text (its name fixed while its text changes);
* roles: score buttons and side options are radio buttons, the participant
  and audience windows are windows or frames, headings are headings;
* the idle warning, the thank-you screen and a wrong PIN are announced
  ("object:announcement", Qt 6.8+) or raise an alert.

Every violation is printed (where in the tree, role, name); it exits 1 if there
is any, 2 if it could not drive the app at all. The last line gives the figures.
``--dump FILE`` writes every control walked (screen, role, name, identifier).

Why this module is long: the walk, the rules and the three journeys share one
set of AT-SPI helpers and one list of violations, and it must stay a single
script the system python3 runs with nothing but pyatspi beside it.
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
import time

import pyatspi
from gi.repository import Atspi, GLib

STARTED = time.monotonic()
SKIP_UNNAMED = {pyatspi.ROLE_TABLE_CELL, pyatspi.ROLE_TREE_ITEM}  # empty cells say so
HEADING_NAMES = {"Welcome", "Review", "Thank you", "Partnership behaviours audit",
                 "Check your answers", "Thank you, please pass the laptop on."}
SIDE_NAMES = {"Staff side", "Management side", "Prefer not to say", "Other"}
WINDOW_ROLES = {pyatspi.ROLE_FRAME, pyatspi.ROLE_WINDOW, pyatspi.ROLE_DIALOG}
# Qt's made-up identifier (the object's path), i.e. no identifier was given: the
# app's label helper gives every label its purpose as identifier and its text as name.
AUTO_ID = re.compile(r"^QApplication\.|(^|\.)(QLabel|QWidget)$")
# "Round status", "Low end of the scale": a purpose, not a text shown on screen
PURPOSE = re.compile(r"[A-Z][a-z]+(?: [a-z]+){0,5}")
KEYSYM = {"Tab": 0xFF09, "Return": 0xFF0D, "Escape": 0xFF1B, "space": 0x20,
          "Down": 0xFF54, "Right": 0xFF53}
PIN = "246813"


class Stuck(BaseException):  # not caught by the "except Exception" round D-Bus calls
    """The app did not reach a state the check needs: the run cannot go on."""


# -- the tree ---------------------------------------------------------------------


def labelled_by(node) -> str:
    """The text of the labels ``node`` is labelled by (AT-SPI relations), or ""."""
    try:
        relations = node.getRelationSet()
    except Exception:
        return ""
    names = []
    for relation in relations:
        if relation.getRelationType() != pyatspi.RELATION_LABELLED_BY:
            continue
        for n in range(relation.getNTargets()):
            try:
                names.append(relation.getTarget(n).name or "")
            except Exception:
                pass
    return " ".join(n for n in names if n.strip())


def role_of(node) -> str:
    try:
        return node.getRoleName()
    except Exception:
        return "?"


def name_of(node) -> str:
    try:
        return (node.name or "").strip()
    except Exception:
        return ""


def ident(node) -> str:
    try:
        return node.accessibleId or ""
    except Exception:
        return ""


def states(node) -> set:
    try:
        return set(node.getState().getStates())
    except Exception:
        return set()


def children(node) -> list:
    try:
        return [c for c in node if c is not None]
    except Exception:
        return []


def progress(text: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.1f} s] {text}", file=sys.stderr, flush=True)


def describe(node) -> str:
    return f"{role_of(node)} {name_of(node)!r}"


def path_of(chain: list[str]) -> str:
    """The window and the last three steps down to a control: enough to find it."""
    return " > ".join(chain if len(chain) <= 4 else [chain[0], "…", *chain[-3:]])


INPUT_ROLES = {pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY, pyatspi.ROLE_COMBO_BOX,
               pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_LIST, pyatspi.ROLE_TABLE,
               pyatspi.ROLE_TREE, pyatspi.ROLE_DATE_EDITOR, pyatspi.ROLE_PASSWORD_TEXT,
               pyatspi.ROLE_CHECK_BOX, pyatspi.ROLE_SCROLL_PANE}


def captions_a_field(node) -> bool:
    """A caption ("Title", "Owner"): it labels a field (Qt's buddy relation), sits
    just before one, or starts a row of column captions. Its name is its text.

    Qt's labels offer no AT-SPI Text interface, so what a label shows cannot be read
    here: a label named by its purpose is told from a caption by where it sits."""
    try:
        for rel in node.getRelationSet():
            if rel.getRelationType() == pyatspi.RELATION_LABEL_FOR:
                return True
        parent = node.parent
        i = node.getIndexInParent()
        after = parent.getChildAtIndex(i + 1) if parent is not None else None
        if after is None:
            return False
        if after.getRole() in INPUT_ROLES:  # linked or not: its name is its text
            return True
        # one of a row of column captions ("Question", "Score", "Comment")
        return after.getRole() == pyatspi.ROLE_LABEL and AUTO_ID.search(ident(after)) \
            is not None and PURPOSE.fullmatch(name_of(after)) is not None
    except Exception:
        return False


def find(root, pred, *, showing: bool = True) -> list:
    found: list = []

    def go(node, depth: int) -> None:
        if depth > 40:
            return
        if showing and pyatspi.STATE_SHOWING not in states(node) and depth:
            return
        try:
            if pred(node):
                found.append(node)
        except Exception:
            pass
        for child in children(node):
            go(child, depth + 1)

    go(root, 0)
    return found


def one(root, name: str, role=None, *, wait: float = 8.0):
    """The showing control called ``name`` (name or identifier; ``~pattern``: a
    regular expression either contains), waited for."""
    rx = re.compile(name[1:], re.IGNORECASE) if name.startswith("~") else None

    def called(n) -> bool:
        if rx is not None:
            return bool(rx.search(name_of(n)) or rx.search(ident(n)))
        return name_of(n) == name or ident(n) == name

    end = time.monotonic() + wait
    while True:
        hits = find(root, lambda n: called(n) and (role is None or n.getRole() == role))
        if hits:
            return hits[0]
        if time.monotonic() > end:
            raise Stuck(f"no showing control named {name!r} under {describe(root)}")
        pump(0.2)


# -- events and input -------------------------------------------------------------

EVENTS: list[tuple[str, str, str]] = []  # (type, source role, text)


def _heard(event) -> None:
    try:
        text = event.any_data if isinstance(event.any_data, str) else ""
        source = event.source
        EVENTS.append((str(event.type), role_of(source), text or name_of(source)))
    except Exception:
        pass


def listen() -> None:
    for kind in ("object:announcement", "object:state-changed:showing", "window:create"):
        pyatspi.Registry.registerEventListener(_heard, kind)


def pump(seconds: float) -> None:
    """Let D-Bus events arrive for ``seconds``."""
    ctx = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while True:
        while ctx.pending():
            ctx.iteration(False)
        if time.monotonic() >= end:
            return
        time.sleep(0.03)


def spoken_since(mark: int) -> list[str]:
    """Announcements and alerts heard since ``mark`` (an index into EVENTS)."""
    said = []
    for kind, role, text in EVENTS[mark:]:
        if kind.startswith("object:announcement") or (
                role in ("alert", "notification") and kind.startswith("object:state-changed")):
            said.append(text)
    return said


def wait_spoken(mark: int, pattern: str, seconds: float) -> str | None:
    rx = re.compile(pattern, re.IGNORECASE)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pump(0.2)
        for text in spoken_since(mark):
            if rx.search(text):
                return text
    return None


def key(name: str) -> None:
    pyatspi.Registry.generateKeyboardEvent(KEYSYM[name], None, pyatspi.KEY_SYM)
    pump(0.15)


def type_text(text: str) -> None:
    pyatspi.Registry.generateKeyboardEvent(0, text, pyatspi.KEY_STRING)
    pump(0.2)


def press(node) -> None:
    """The control's first action (Press, Toggle, Click): what Space or a click does."""
    progress(f"press {describe(node)}")
    action = node.queryAction()
    names = [action.getName(i).lower() for i in range(action.nActions)]
    index = next((names.index(w) for w in ("press", "click", "toggle", "activate")
                  if w in names), 0)
    if not names:
        raise Stuck(f"{describe(node)} has no action")
    try:
        action.doAction(index)
    except Exception as exc:
        # Qt answers an action that opens a modal dialog only once the dialog closes:
        # no reply in time is the dialog running, not a failure.
        if "reply" not in str(exc).lower():
            raise
    pump(0.4)


def fill(node, text: str) -> None:
    node.queryEditableText().setTextContents(text)
    pump(0.1)


# -- the checks -------------------------------------------------------------------

class Checker:
    def __init__(self) -> None:
        self.violations: list[tuple[str, str, str, str]] = []
        self._seen: set[tuple[str, str, str]] = set()
        self.walked: set[str] = set()
        # each control counted once, however many walks met it (its D-Bus path)
        self.focusable_seen: set[str] = set()
        self.unnamed_seen: set[str] = set()
        self.combos_seen: set[str] = set()
        self.labels_seen: set[str] = set()
        self.headings: dict[str, int] = {}  # walk label -> headings seen in it
        self.dump = None  # a file every walked control is written to (--dump)

    def flag(self, kind: str, where: str, role: str, name: str, node=None) -> None:
        key = (kind, id_of(node) if node is not None else where, name)
        if key not in self._seen:
            self._seen.add(key)
            self.violations.append((kind, where, role, name))

    def walk(self, root, label: str) -> None:
        """Check every showing control under ``root``."""
        progress(f"walk {label}")
        base = describe(root)

        def go(node, chain: list[str], depth: int) -> None:
            if depth > 40:
                return
            st = states(node)
            if depth and pyatspi.STATE_SHOWING not in st:
                return
            role, name = role_of(node), name_of(node)
            here = [*chain, f"{role} {name!r}" if name else role]
            where = path_of(here)
            self.walked.add(id_of(node))
            if self.dump is not None:
                self.dump.write(f"{label}\t{role}\t{name}\t{ident(node)}\t"
                                f"{'focusable' if pyatspi.STATE_FOCUSABLE in st else ''}\n")
            self.check(node, role, name, st, where)
            kids = children(node)
            if node.getRole() in (pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE_TABLE,
                                  pyatspi.ROLE_TREE, pyatspi.ROLE_LIST):
                kids = kids[:60]  # rows are alike: the first ones stand for the rest
            for child in kids:
                go(child, here, depth + 1)

        go(root, [f"[{label}] {base}"], 0)

    def check(self, node, role: str, name: str, st: set, where: str) -> None:
        r = node.getRole()
        if pyatspi.STATE_FOCUSABLE in st:
            self.focusable_seen.add(id_of(node))
            if not name and r not in SKIP_UNNAMED:
                self.unnamed_seen.add(id_of(node))
                self.flag("unnamed focusable control", where, role, name, node)
        if r == pyatspi.ROLE_COMBO_BOX:
            self.combos_seen.add(id_of(node))
            values = {name_of(c) for k in children(node) for c in [k, *children(k)]}
            values.discard("")
            try:
                values.add(node.queryText().getText(0, -1).strip())
            except Exception:
                pass
            if not name:
                self.flag("combo box without a name", where, role, name, node)
            elif name in values and not labelled_by(node):
                # Qt names a combo box by its value on Linux and says what it is
                # through a labelled-by relation to its visible label, which
                # screen readers speak first; without one, only the value is said.
                self.flag("combo box named only by its value", where, role, name, node)
        if r in (pyatspi.ROLE_LABEL, pyatspi.ROLE_STATIC, pyatspi.ROLE_STATUS_BAR,
                 pyatspi.ROLE_HEADING):
            self.labels_seen.add(id_of(node))
        if r == pyatspi.ROLE_HEADING:
            where_from = where.split("]")[0].lstrip("[")
            self.headings[where_from] = self.headings.get(where_from, 0) + 1
        if r == pyatspi.ROLE_LABEL and AUTO_ID.search(ident(node)) and PURPOSE.fullmatch(name) \
                and not captions_a_field(node):
            # Named by hand with its purpose ("Round status", "Time left") instead of
            # showing its text: a screen reader hears the purpose, never the text.
            self.flag("label hiding its text (named by its purpose)", where, role, name, node)
        if (name in HEADING_NAMES or re.search(r"\b(heading|title)$", ident(node), re.I)) \
                and r in (pyatspi.ROLE_LABEL, pyatspi.ROLE_STATIC):
            self.flag("heading not exposed as a heading", where, role, name, node)
        if r in (pyatspi.ROLE_CHECK_BOX, pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON) \
                and (re.fullmatch(r"(Score )?\d+( out of 10)?", name) or name in SIDE_NAMES) \
                and "participant" in where.lower():
            self.flag("single choice not a radio button", where, role, name, node)

    def fixed_status(self, node, expected: str, where: str) -> None:
        """A status label must say what it shows: ``expected`` after the step."""
        name = name_of(node)
        if not re.search(expected, name, re.IGNORECASE):
            self.flag(f"status label hiding its text (expected to read /{expected}/)",
                      where, role_of(node), name)

    def window_role(self, node, what: str) -> None:
        if node.getRole() not in WINDOW_ROLES:
            self.flag(f"{what} is not a window", describe(node), role_of(node), name_of(node))


# -- the app ----------------------------------------------------------------------

def the_app(wait: float):
    end = time.monotonic() + wait
    while time.monotonic() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in children(desktop):
            if name_of(app) == "SPF Desktop":
                if find(app, lambda n: n.getRole() == pyatspi.ROLE_LIST and name_of(n) == "Views"):
                    return app
        pump(0.5)
    raise Stuck("the app did not appear on the AT-SPI bus (is the bridge on?)")


def windows(app) -> list:
    return [w for w in children(app) if pyatspi.STATE_SHOWING in states(w)]


def main_window(app):
    for w in children(app):
        if find(w, lambda n: n.getRole() == pyatspi.ROLE_LIST and name_of(n) == "Views"):
            return w
    raise Stuck("the main window is gone")


def new_window(app, before: list, wait: float = 6.0):
    known = {id_of(w) for w in before}
    end = time.monotonic() + wait
    while time.monotonic() < end:
        pump(0.25)
        for w in windows(app):
            if id_of(w) not in known:
                return w
    return None


def id_of(node) -> str:
    try:
        return node.path  # the object's D-Bus path: stable while it lives
    except Exception:
        return f"{role_of(node)}:{name_of(node)}:{ident(node)}"


def menu_bar(main):
    bars = [c for c in children(main) if c.getRole() == pyatspi.ROLE_MENU_BAR]
    if not bars:
        raise Stuck("the main window has no menu bar")
    return bars[0]


def show_view(app, name: str) -> None:
    """View > N Name: the menu's action, as Ctrl+N would."""
    main = main_window(app)
    items = find(menu_bar(main), lambda n: n.getRole() == pyatspi.ROLE_MENU_ITEM
                 and re.fullmatch(rf"\d {name}", name_of(n)), showing=False)
    if not items:
        raise Stuck(f"no View menu item for the {name} view")
    press(items[0])
    one(main, f"{name} view", wait=8)
    pump(0.4)


def walk_tabs(checker: Checker, root, label: str, done: set | None = None) -> None:
    """Walk ``root``, then each tab of each tab list in it (nested ones too)."""
    done = set() if done is None else done
    checker.walk(root, label)
    for tabs in find(root, lambda n: n.getRole() == pyatspi.ROLE_PAGE_TAB_LIST):
        if id_of(tabs) in done:
            continue
        done.add(id_of(tabs))
        owner = tabs.parent or root  # the tab widget: its pages and the tab list
        for tab in children(tabs):
            if tab.getRole() != pyatspi.ROLE_PAGE_TAB:
                continue
            title = name_of(tab)
            try:
                press(tab)
            except Exception as exc:
                checker.flag(f"tab cannot be chosen through AT-SPI ({exc})", label, "page tab",
                             title)
                continue
            walk_tabs(checker, owner, f"{label} / {title}", done)


def close_window(app, window) -> None:
    key("Escape")
    end = time.monotonic() + 4
    while time.monotonic() < end and id_of(window) in {id_of(w) for w in windows(app)}:
        pump(0.25)
    if id_of(window) in {id_of(w) for w in windows(app)}:
        for name in ("Close", "Cancel", "OK"):
            hits = find(window, lambda n, name=name: n.getRole() == pyatspi.ROLE_PUSH_BUTTON
                        and name_of(n) == name)
            if hits:
                press(hits[0])
                pump(0.5)
                return


def walk_dialog(checker: Checker, app, opener, label: str) -> None:
    before = windows(app)
    press(opener)
    window = new_window(app, before)
    if window is None:
        checker.flag("no dialog or window appeared", label, role_of(opener), name_of(opener))
        return
    walk_tabs(checker, window, f"dialog {label}")
    close_window(app, window)


def walk_menus(checker: Checker, app) -> None:
    """Every dialog the menus open (File, Help), walked and closed with Escape."""
    items = find(menu_bar(main_window(app)), lambda n: n.getRole() == pyatspi.ROLE_MENU_ITEM,
                 showing=False)
    for item in items:
        name = name_of(item)
        if not name.endswith("…") and name != "About SPF Desktop" and name != "User guide":
            continue
        walk_dialog(checker, app, item, f"menu {name}")


# -- the journeys -----------------------------------------------------------------

def facilitator_round(checker: Checker, app) -> None:
    """Forum, round, open, PIN, participant mode: through actions and keys alone."""
    show_view(app, "Audit")
    main = main_window(app)
    press(one(main, "New round", pyatspi.ROLE_PAGE_TAB))
    fill(one(main, "New forum name"), "Checked forum")
    press(one(main, "Add forum"))
    fill(one(main, "Round label"), "Checked round")
    press(one(main, "Create round"))
    press(one(main, "Open round"))
    status = find(main, lambda n: "Round status" in (name_of(n), ident(n))
                  or name_of(n).startswith("Open: taking"))
    if status:
        checker.fixed_status(status[0], r"^Open", "Audit view > Round status")
    press(one(main, "Facilitator PIN", pyatspi.ROLE_PAGE_TAB))
    fill(one(main, "New PIN"), PIN)
    fill(one(main, "Repeat the PIN"), PIN)
    press(one(main, "Set PIN"))
    message = find(main, lambda n: "Audit message" in (name_of(n), ident(n))
                   or "PIN set" in name_of(n))
    if message:
        checker.fixed_status(message[0], r"PIN set", "Audit view > Audit message")
    walk_tabs(checker, main, "Audit view, a round open")


def question_spoken(checker: Checker, kiosk, n: int) -> None:
    """Question n's screen must say "Question n of m" and the question's words as
    text a screen reader reads (a name), not only as a description."""
    names = [name_of(x) for x in find(kiosk, lambda x: x.getRole() in (
        pyatspi.ROLE_LABEL, pyatspi.ROLE_HEADING, pyatspi.ROLE_STATIC, pyatspi.ROLE_FILLER,
        pyatspi.ROLE_PANEL, pyatspi.ROLE_STATUS_BAR))]
    if not any(re.search(rf"\bQuestion {n} of \d+", x) for x in names):
        checker.flag("question progress hidden (no name says 'Question n of m')",
                     f"participant: question {n}", "label", "Progress")
    scores = find(kiosk, lambda x: name_of(x) == "Score 0 out of 10")
    described = scores[0].description if scores else ""
    words = described.split(": ", 1)[1] if ": " in (described or "") else ""
    if words and not any(words in x for x in names):
        checker.flag("question text hidden (only in the score buttons' description)",
                     f"participant: question {n}", "label", "Question")


def participant(checker: Checker, app, idle_wait: float) -> dict:
    said = {"idle warning": "", "thank you": "", "wrong PIN": ""}
    before = windows(app)
    press(one(main_window(app), "Start participant mode"))
    kiosk = new_window(app, before, 10)
    if kiosk is None:
        raise Stuck("participant mode did not open")
    checker.window_role(kiosk, "participant mode")
    checker.walk(kiosk, "participant: welcome")
    key("Return")  # Start
    checker.walk(kiosk, "participant: question 1")
    mark = len(EVENTS)
    heard = wait_spoken(mark, r"clear|inactiv|still here|seconds", idle_wait + 10)
    said["idle warning"] = heard or ""
    if heard is None:
        checker.flag("idle warning not announced (no announcement or alert event)",
                     "participant: question 1", "", "Idle warning")
    checker.walk(kiosk, "participant: idle warning")
    key("Right")  # any key is activity: the warning goes
    questions = 0
    for n in range(1, 60):
        if not find(kiosk, lambda x: re.fullmatch(r"(Score )?\d+( out of 10)?", name_of(x))):
            break
        questions += 1
        if n > 1:
            checker.walk(kiosk, f"participant: question {n}")
        question_spoken(checker, kiosk, n)
        type_text("7")
        key("Return")
        pump(0.3)
    checker.walk(kiosk, "participant: side")
    type_text("1")
    key("Return")
    pump(0.3)
    checker.walk(kiosk, "participant: review")
    mark = len(EVENTS)
    press(one(kiosk, "Submit"))
    one(kiosk, "~thank you", wait=5)  # the answers were stored: the thank-you screen
    heard = wait_spoken(mark, r"thank|saved", 4)
    said["thank you"] = heard or ""
    if heard is None:
        checker.flag("thank-you screen not announced (no announcement or alert event)",
                     "participant: thank you", "", "Thank you")
    checker.walk(kiosk, "participant: thank you")
    leave = one(kiosk, "~leave participant mode", pyatspi.ROLE_PUSH_BUTTON, wait=15)
    press(leave)
    checker.walk(kiosk, "participant: PIN")
    mark = len(EVENTS)
    type_text("000000")
    key("Return")
    heard = wait_spoken(mark, r"PIN|tries|wait", 3)
    said["wrong PIN"] = heard or ""
    if heard is None:
        checker.flag("wrong PIN not announced", "participant: PIN", "", "PIN message")
    checker.walk(kiosk, "participant: wrong PIN")
    type_text(PIN)
    key("Return")
    end = time.monotonic() + 8
    while time.monotonic() < end and id_of(kiosk) in {id_of(w) for w in windows(app)}:
        pump(0.3)
    if id_of(kiosk) in {id_of(w) for w in windows(app)}:
        raise Stuck("the right PIN did not leave participant mode")
    said["questions answered"] = str(questions)
    return said


def run_mode(checker: Checker, app) -> None:
    show_view(app, "Agenda")
    main = main_window(app)
    walk_tabs(checker, main, "Agenda view")
    press(one(main, "New meeting"))
    press(one(main, "Add section"))
    walk_tabs(checker, main, "Agenda view, a meeting")
    press(one(main, "Run meeting"))
    checker.walk(main, "run mode")
    start = one(main, "Start the meeting")
    press(start)
    pump(1.5)
    if pyatspi.STATE_SENSITIVE in states(start):  # a started clock cannot start again
        raise Stuck("run mode did not start from the Start button's AT-SPI action")
    checker.walk(main, "run mode, started")
    before = windows(app)
    press(one(main, "Open the audience window"))
    audience = new_window(app, before, 6)
    if audience is None:
        checker.flag("the audience window did not appear", "run mode", "push button",
                     "Open the audience window")
    else:
        checker.window_role(audience, "the audience window")
        checker.walk(audience, "audience window")


def _out_of_time(_signum, _frame) -> None:
    raise Stuck("out of time: the check took longer than its budget")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle-warn", type=float, default=8.0,
                        help="the idle warning's wait the app was started with (seconds)")
    parser.add_argument("--wait", type=float, default=40.0,
                        help="seconds to wait for the app to appear")
    parser.add_argument("--dump", help="write every control walked to this file (TSV)")
    parser.add_argument("--budget", type=int, default=240,
                        help="seconds for the whole check; past them it reports what it has")
    args = parser.parse_args(argv)
    Atspi.set_timeout(4000, 15000)  # a hung call fails in 4 s, not D-Bus's 25
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(args.budget)
    listen()
    checker = Checker()
    if args.dump:
        checker.dump = open(args.dump, "w", encoding="utf-8")
    said: dict = {}
    stuck = None
    try:
        app = the_app(args.wait)
        for view in ("Archive", "Audit", "Agenda", "Reports"):
            show_view(app, view)
            walk_tabs(checker, main_window(app), f"{view} view")
        walk_menus(checker, app)
        show_view(app, "Audit")
        main = main_window(app)
        for opener in ("New forum with settings",):
            walk_dialog(checker, app, one(main, opener), opener)
        facilitator_round(checker, app)
        for opener in ("Edit forum settings",):
            walk_dialog(checker, app, one(main_window(app), opener), opener)
        said = participant(checker, app, args.idle_warn)
        run_mode(checker, app)
    except Stuck as exc:
        stuck = str(exc)
    except Exception as exc:  # a D-Bus error: the app died or hung
        stuck = f"{type(exc).__name__}: {exc}"

    signal.alarm(0)
    for part in ("Audit view", "Agenda view", "participant: welcome", "participant: review"):
        if not any(k.startswith(part) for k in checker.headings):
            checker.flag("no heading role anywhere on this screen", part, "heading", "")
    for kind, where, role, name in checker.violations:
        print(f"VIOLATION {kind} | {where} | role={role} | name={name!r}")
    for what, text in said.items():
        print(f"heard: {what}: {text!r}")
    for kind, role, text in EVENTS:
        if kind.startswith("object:announcement"):
            print(f"announced: {text!r} (from a {role})")
    if stuck:
        print(f"COULD NOT FINISH: {stuck}")
    announcements = sum(1 for k, _r, _t in EVENTS if k.startswith("object:announcement"))
    print(f"atspi: {len(checker.walked)} controls walked, {len(checker.focusable_seen)} "
          f"focusable, {len(checker.unnamed_seen)} unnamed, {len(checker.combos_seen)} combo "
          f"boxes, {len(checker.labels_seen)} labels, "
          f"{announcements} announcements seen, {len(checker.violations)} violations, "
          f"{time.monotonic() - STARTED:.0f} s", flush=True)
    if stuck:
        return 2
    return 1 if checker.violations else 0


if __name__ == "__main__":
    sys.exit(main())
