"""Security: no network, the PIN never in plain text, SQL only with parameters."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from spf_desktop.store import Archive, audit, repo

PACKAGE = Path(__file__).resolve().parents[1] / "spf_desktop"

# -- no network, ever -------------------------------------------------------------

# Runs the app's own entry point in a fresh Python with an audit hook that
# records every socket the Python side creates, connects, binds or resolves.
WATCHED = textwrap.dedent("""
    import sys
    seen = []

    def hook(event, args):
        if event.startswith("socket.") and event != "socket.gethostname":
            seen.append(f"{event} {args!r}")

    sys.addaudithook(hook)
    out = sys.argv.pop(1)
    from spf_desktop.launch import main
    try:
        main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    finally:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write("\\n".join(seen))
    sys.exit(code)
""")


def run_watched(args: list[str], tmp_path: Path, home: Path) -> tuple[subprocess.CompletedProcess[str], str]:
    record = tmp_path / "sockets.txt"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SPF_DESKTOP_HOME": str(home)}
    result = subprocess.run([sys.executable, "-c", WATCHED, str(record), *args], env=env,
                            capture_output=True, text=True, timeout=180)
    return result, record.read_text(encoding="utf-8") if record.exists() else "(no record)"


def network_syscalls(trace: Path) -> list[str]:
    """Lines of an strace log that make or use an internet socket."""
    return [line for line in trace.read_text().splitlines()
            if "AF_INET" in line or "AF_INET6" in line or "AF_PACKET" in line]


@pytest.mark.slow
def test_self_test_and_reports_open_no_network_socket(demo_path: Path, tmp_path: Path,
                                                      home: Path) -> None:
    with Archive.open(demo_path, read_only=True) as arch:
        forum = repo.forums(arch.db)[0]["id"]
        round_id = repo.rounds(arch.db)[-1]["id"]
    runs = [
        ["--self-test", "--db", str(demo_path)],
        ["report", "trend", "--forum", forum, "--out", str(tmp_path / "t.pdf"), "--db", str(demo_path)],
        ["report", "audit", "--round", round_id, "--out", str(tmp_path / "a.pdf"),
         "--db", str(demo_path)],
        ["backup", "--out", str(tmp_path / "copy.db"), "--db", str(demo_path)],
    ]
    for args in runs:
        result, sockets = run_watched(args, tmp_path, home)
        assert result.returncode == 0, (args, result.stderr[-2000:])
        assert sockets == "", f"{args[0]} touched the network from Python: {sockets}"
    assert (tmp_path / "t.pdf").exists() and (tmp_path / "a.pdf").exists()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_no_internet_socket_even_from_qt_or_c_libraries(demo_path: Path, tmp_path: Path,
                                                       home: Path) -> None:
    """strace sees what the audit hook cannot: sockets opened by Qt or any C library."""
    trace = tmp_path / "strace.txt"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SPF_DESKTOP_HOME": str(home)}
    result = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=socket,connect,bind,sendto", "-o", str(trace),
         sys.executable, "-m", "spf_desktop", "--self-test", "--db", str(demo_path)],
        env=env, capture_output=True, text=True, timeout=180)
    if result.returncode != 0 and "ptrace" in result.stderr:
        pytest.skip(f"strace cannot trace here: {result.stderr[:200]}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "view Reports: ok" in result.stdout
    assert network_syscalls(trace) == []
    # and the same trace does see a socket when one is made
    control = tmp_path / "control.txt"
    subprocess.run(["strace", "-f", "-qq", "-e", "trace=socket,connect,bind,sendto", "-o",
                    str(control), sys.executable, "-c", "import socket; socket.socket().close()"],
                   check=True, capture_output=True, timeout=60)
    assert network_syscalls(control) != []


# -- the facilitator PIN ----------------------------------------------------------

PIN = "739154"


def readable_forms(pin: str) -> list[bytes]:
    return [pin.encode("ascii"), pin.encode("utf-16-le"), pin.encode("utf-16-be")]


def test_the_pin_is_in_no_file_in_plain_text(demo_path: Path, home: Path) -> None:
    """Set and check the PIN as the app does, back up, close: then read every file."""
    from spf_desktop.domain.pin import verify_pin

    with Archive.open(demo_path) as arch:
        audit.set_pin(arch.db, PIN)
        stored = audit.pin_hash(arch.db)
        assert stored is not None and PIN not in stored
        assert verify_pin(PIN, stored) and not verify_pin("739155", stored)
        arch.backup_to(home / "copy.db")
    with Archive.open(demo_path) as arch:  # a reopen writes the automatic backup
        assert verify_pin(PIN, audit.pin_hash(arch.db))
    files = [p for p in [*demo_path.parent.rglob("*"), *home.rglob("*")] if p.is_file()]
    assert any(p.suffix == ".db" and p != demo_path for p in files)  # backups were read too
    for path in files:
        data = path.read_bytes()
        for form in readable_forms(PIN):
            assert form not in data, f"the PIN is readable in {path}"


def test_the_pin_set_in_the_app_is_in_no_file_in_plain_text(qtbot, demo_path: Path,
                                                              home: Path) -> None:
    """The same through the Audit view, with the settings file and any log written."""
    from gui_helpers import by_name
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTabWidget

    from spf_desktop.gui.app import settings_for
    from spf_desktop.gui.main_window import MainWindow

    window = MainWindow(Archive.open(demo_path), settings_for(home))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_view("Audit")

    def pin_tab() -> tuple[QTabWidget, int] | None:
        for tabs in window.findChildren(QTabWidget):
            for index in range(tabs.count()):
                if tabs.tabText(index).replace("&", "") == "Facilitator PIN":
                    return tabs, index
        return None

    qtbot.waitUntil(lambda: pin_tab() is not None)  # views may finish building after showing
    tabs, index = pin_tab()  # type: ignore[misc]
    tabs.setCurrentIndex(index)
    qtbot.waitUntil(lambda: by_name(window, "New PIN", QLineEdit).isVisible())
    for name in ("New PIN", "Repeat the PIN"):
        qtbot.keyClicks(by_name(window, name, QLineEdit), PIN)
    qtbot.mouseClick(by_name(window, "Set PIN", QPushButton), Qt.MouseButton.LeftButton)
    assert by_name(window, "PIN status", QLabel).text() == "A facilitator PIN is set."
    window.close()
    files = [p for p in [*demo_path.parent.rglob("*"), *home.rglob("*")] if p.is_file()]
    assert any(p.name == "settings.ini" for p in files)
    for path in files:
        data = path.read_bytes()
        for form in readable_forms(PIN):
            assert form not in data, f"the PIN is readable in {path}"


# -- SQL only with parameters -------------------------------------------------------

SQL_CALLS = {"execute", "executemany", "executescript", "query"}
# Formatting allowed to build SQL text, each a documented exception:
# - fixed names and placeholders, marked in the source with "noqa: S608" and a
#   reason (the lint rule for string-built SQL);
# - integers forced with int() or ":d" (PRAGMA takes no parameters);
# - joining literal pieces with + (optional WHERE and ORDER BY clauses).
# Values always go in as parameters.
MARKER = "noqa: S608"


def _integer(value: ast.FormattedValue) -> bool:
    spec = value.format_spec
    if isinstance(spec, ast.JoinedStr) and [getattr(v, "value", None) for v in spec.values] == ["d"]:
        return True
    return (isinstance(value.value, ast.Call) and isinstance(value.value.func, ast.Name)
            and value.value.func.id == "int")


def _assignments(scope: ast.AST, name: str) -> list[ast.AST]:
    found: list[ast.AST] = []
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets):
            found.append(node.value)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign) and isinstance(node.target, ast.Name) \
                and node.target.id == name and node.value is not None:
            found.append(node.value)
    return found


def _literal(node: ast.AST, scope: ast.AST, depth: int = 0) -> bool:
    """True when ``node`` can only be text written in the source."""
    if depth > 5:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.IfExp):
        return _literal(node.body, scope, depth + 1) and _literal(node.orelse, scope, depth + 1)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literal(node.left, scope, depth + 1) and _literal(node.right, scope, depth + 1)
    if isinstance(node, ast.Name):
        values = _assignments(scope, node.id)
        return bool(values) and all(_literal(v, scope, depth + 1) for v in values)
    return False


def _formatted(node: ast.AST, scope: ast.AST) -> str | None:
    """How ``node`` builds SQL text at run time, or None for literal text."""
    if isinstance(node, ast.JoinedStr):
        values = [v for v in node.values if isinstance(v, ast.FormattedValue)]
        return "an f-string" if any(not _integer(v) for v in values) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return "% formatting"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return (_formatted(node.left, scope) or _formatted(node.right, scope)
                or (None if _literal(node, scope) else "+ joining"))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return ".format()"
    return None


def _lines(source: list[str], node: ast.AST) -> str:
    return "\n".join(source[node.lineno - 1: (node.end_lineno or node.lineno)])


def sql_built_by_formatting() -> list[str]:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "forms" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        source = text.splitlines()
        tree = ast.parse(text)
        parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                parents[child] = node
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                    and call.func.attr in SQL_CALLS and call.args):
                continue
            scope: ast.AST = call
            while scope in parents and not isinstance(scope, ast.FunctionDef | ast.Module):
                scope = parents[scope]
            sql = call.args[0]
            places: list[ast.AST] = [call]
            how = _formatted(sql, scope)
            if how is None and isinstance(sql, ast.Name):
                # follow the name to its assignments in the same function
                for value in _assignments(scope, sql.id):
                    if _formatted(value, scope):
                        how = how or _formatted(value, scope)
                        places.append(value)
            if how is None:
                continue
            where = f"{path.relative_to(PACKAGE.parent)}:{call.lineno}"
            if how != "an f-string":
                problems.append(f"{where}: SQL built with {how}; pass values as parameters")
            elif not any(MARKER in _lines(source, place) for place in places):
                problems.append(f"{where}: SQL built with {how} and no '{MARKER} - why' note")
    return problems


def test_sql_is_only_built_from_fixed_names_never_from_values() -> None:
    assert sql_built_by_formatting() == []


def test_the_sql_check_catches_what_it_should(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check itself: a value formatted into SQL is found."""
    global PACKAGE
    package = tmp_path / "spf_desktop"
    package.mkdir()
    (package / "bad.py").write_text(textwrap.dedent('''
        def find(db, name):
            db.execute(f"SELECT * FROM forums WHERE name = '{name}'")
            db.execute("SELECT * FROM forums WHERE name = '%s'" % name)
            sql = "SELECT * FROM forums WHERE name = '{}'".format(name)
            db.query(sql)
            db.execute("SELECT * FROM forums WHERE name = ?", [name])
            db.execute(f"SELECT * FROM [{name}]")  # noqa: S608 - a fixed table name
            db.execute(f"PRAGMA cache_size = {int(name)}")
            order = " ORDER BY name" if name else " ORDER BY id"
            db.query("SELECT * FROM forums" + order)
            db.query("SELECT * FROM forums WHERE name = '" + name + "'")
    '''))
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", package)
    found = sql_built_by_formatting()
    assert [p.split(": ", 1)[1] for p in found] == [
        "SQL built with an f-string and no 'noqa: S608 - why' note",
        "SQL built with % formatting; pass values as parameters",
        "SQL built with .format(); pass values as parameters",
        "SQL built with + joining; pass values as parameters",
    ]
