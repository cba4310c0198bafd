"""Participant mode fits the laptops it runs on, in every state it has: each button
wholly on the screen and not covered, the question and its eleven scores wholly
shown, the idle warning's words inside its band.

Each screen is a real one: a child process (tests/participant_fit_child.py) puts
participant mode full screen on an offscreen screen of that size, configured on
its command line. "1920x1080 at 150%" is a 1920x1080 screen with the logical DPI
Windows reports at 150% (144 on a base of 96), so Qt scales by 1.5 as it does
there and lays out in 1280x720 logical pixels with type 1.5 times as many pixels
high. "1366x768, text at 200%" makes only the text twice as large (a logical DPI
of 192 with Qt's layout scaling off), as a desktop's text size setting does. The
child walks one participant through: the welcome, a wrong facilitator
PIN, the longest question of the shipped set (first as it opens, then with a
2,000-character comment typed, then with the idle warning), the side question,
the review, a submit that fails (the round closed) and the thank-you, with the
idle warning on each screen that has one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CHILD = Path(__file__).with_name("participant_fit_child.py")

#: (name, device width, device height, scale)
SCREENS = [
    ("1366x768 at 100%", 1366, 768, 1.0),
    ("1280x720 at 100%", 1280, 720, 1.0),
    ("1920x1080 at 150%", 1920, 1080, 1.5),
    ("1024x768 at 100%", 1024, 768, 1.0),
    ("1366x768, text at 200%", 1366, 768, 2.0),
]
#: Screens where only the text is scaled: the layout's scale stays 1.
TEXT_ONLY = {"1366x768, text at 200%"}

#: The buttons each state must show: a person needs every one of them.
NEEDED = {
    "welcome": {"Start", "Leave participant mode"},
    "pin": {"Cancel", "Unlock"},
    "question": {"Back", "Skip this question", "Next"}
    | {f"Score {n} out of 10" for n in range(11)},
    "side": {"Back", "Next", "Staff side", "Management side", "Prefer not to say"},
    "review": {"Back", "Submit"},
    "thanks": set(),
}


def needed(state: str) -> set[str]:
    names = set(NEEDED[state.split("-")[0]])
    if state.endswith("idle-warning"):
        names.add("I am still here")
    return names


@pytest.fixture(scope="module", params=SCREENS, ids=[s[0] for s in SCREENS])
def walked(request, tmp_path_factory) -> tuple[str, float, dict]:
    name, width, height, scale = request.param
    folder = tmp_path_factory.mktemp("fit")
    text_only = name in TEXT_ONLY
    done = subprocess.run(
        [sys.executable, str(CHILD), str(width), str(height),
         f"text {scale}" if text_only else str(scale), str(folder)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, encoding="utf-8",
        timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return name, 1.0 if text_only else scale, json.loads(done.stdout.strip().splitlines()[-1])


def inside(rect: list[int], screen: list[int]) -> bool:
    x, y, w, h = rect
    sx, sy, sw, sh = screen
    return x >= sx and y >= sy and x + w <= sx + sw and y + h <= sy + sh


def test_every_state_was_shown_full_screen_on_that_screen(walked) -> None:
    name, scale, states = walked
    assert set(states) >= {"welcome", "pin-wrong", "question-idle-warning",
                           "review-submit-problem-idle-warning", "thanks"}
    for state in states.values():
        assert state["full_screen"]
        assert state["scale"] == scale
        assert state["window"] == state["screen"], "the window is not the screen's size"
    if scale == 1.5:
        assert states["welcome"]["screen"] == [0, 0, 1280, 720]


def test_every_button_is_wholly_on_the_screen_in_every_state(walked) -> None:
    name, _, states = walked
    off = [f"{state}: {b['name']} at {b['rect']}"
           + ("" if b["seen"] else " (covered or cut off)")
           for state, shown in states.items() for b in shown["buttons"]
           if not (b["seen"] and inside(b["rect"], shown["screen"]))]
    assert not off, f"on {name}, not wholly on the screen:\n" + "\n".join(off)


def test_each_state_shows_every_button_a_person_needs(walked) -> None:
    name, _, states = walked
    missing = {state: sorted(needed(state) - {b["name"] for b in shown["buttons"]})
               for state, shown in states.items()}
    assert not any(missing.values()), f"on {name}, missing: {missing}"


def test_the_words_are_wholly_shown_the_question_and_the_idle_warning_above_all(walked) -> None:
    name, _, states = walked
    cut = [f"{state}: {label} {shown['labels'][label]['rect']}"
           for state, shown in states.items() for label, seen in shown["labels"].items()
           if not (seen["seen"] and seen["text_fits"] and inside(seen["rect"], shown["screen"]))]
    assert not cut, f"on {name}, words cut off or covered:\n" + "\n".join(cut)
    question = states["question-idle-warning"]["labels"]["Question"]["text"]
    assert question.startswith("Is everyone involved")  # the shipped set's longest
    for state in ("question-idle-warning", "side-idle-warning", "review-idle-warning"):
        assert "Are you still there?" in states[state]["labels"]["Idle warning"]["text"]
    assert "could not be saved" in states["review-submit-problem"]["labels"][
        "Submit problem"]["text"]
