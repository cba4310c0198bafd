"""The audit's rules without Qt or a database: PIN, participant flow, question edits, figures."""

from __future__ import annotations

import pytest
from helpers import FakeClock
from hypothesis import given, settings
from hypothesis import strategies as st

from spf_desktop.domain import question_editing as qe
from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.kiosk import (
    COMMENT_LIMIT,
    Event,
    KioskQuestion,
    KioskSession,
    Screen,
)
from spf_desktop.domain.pin import PinGate, check_pin, hash_pin, verify_pin
from spf_desktop.domain.questions import Question, QuestionSet
from spf_desktop.domain.results import AnswerRow, QuestionInfo, compute_results
from spf_desktop.domain.scoring import question_stats

# -- PIN ------------------------------------------------------------------------

def test_pin_is_stored_as_a_salted_hash_never_as_itself() -> None:
    first, second = hash_pin("2468"), hash_pin("2468")
    # not "2468" not in first: four digits turn up in 64 hex digits about once in 300 runs
    assert first.split("$")[:4] == ["scrypt", "16384", "8", "1"]
    assert "24681357" not in hash_pin("24681357")
    assert first != second  # a fresh salt each time
    assert verify_pin("2468", first) and verify_pin("2468", second)
    assert not verify_pin("2469", first)
    assert not verify_pin("2468", "garbage")


@pytest.mark.parametrize("pin", ["", "1", "123", "12a4", "١٢٣٤", "12 34", "1234567890123"])
def test_short_or_non_digit_pins_are_refused(pin: str) -> None:
    with pytest.raises(ValidationError):
        check_pin(pin)


def test_pin_shorter_than_four_digits_says_so() -> None:
    with pytest.raises(ValidationError, match="at least 4 digits"):
        hash_pin("123")


def test_five_wrong_tries_lock_for_thirty_seconds() -> None:
    clock = FakeClock()
    gate = PinGate(hash_pin("9999"), clock)
    for _ in range(5):
        assert gate.attempt("0000") is False
    with pytest.raises(ValidationError, match="wait 30 seconds"):
        gate.attempt("9999")  # even the right PIN waits
    clock.now += 29.5
    with pytest.raises(ValidationError, match="wait 1 seconds"):
        gate.attempt("9999")
    clock.now += 0.5
    assert gate.attempt("9999") is True


# -- participant flow -------------------------------------------------------------

QUESTIONS = [KioskQuestion(f"q{n}", f"Question {n}?") for n in range(1, 4)]


def test_flow_welcome_questions_side_review_thanks_welcome() -> None:
    clock = FakeClock()
    s = KioskSession(QUESTIONS, clock)
    assert s.screen is Screen.WELCOME
    s.start()
    s.choose(7)
    s.set_comment("  good  ")
    s.next()
    s.skip()
    assert s.index == 2
    s.step_score(+1)  # nothing chosen yet: the arrow starts at 0
    s.step_score(+1)
    s.next()
    assert s.screen is Screen.SIDE
    s.choose_side("staff")
    s.next()
    assert s.screen is Screen.REVIEW
    sub = s.submission()
    assert sub.scores == {"q1": 7, "q2": None, "q3": 1}
    assert sub.comments == {"q1": "  good  "}
    assert sub.side == "staff"
    s.submitted()
    assert s.screen is Screen.THANKS and s.choices == [None, None, None]
    clock.now += 4.9
    assert s.tick() is Event.NONE
    clock.now += 0.1
    assert s.tick() is Event.RESET
    assert s.screen is Screen.WELCOME


def test_next_needs_a_score_or_a_skip() -> None:
    s = KioskSession(QUESTIONS, FakeClock())
    s.start()
    assert not s.can_go_next()
    with pytest.raises(ValidationError, match="Choose a score, or skip"):
        s.next()


def test_back_from_review_and_side_reaches_the_last_question() -> None:
    s = KioskSession(QUESTIONS, FakeClock())
    s.start()
    for _ in QUESTIONS:
        s.choose(5)
        s.next()
    s.next()
    s.back()
    assert s.screen is Screen.SIDE
    s.back()
    assert s.screen is Screen.QUESTION and s.index == 2
    assert s.choice == 5


def test_idle_participant_is_warned_then_discarded() -> None:
    clock = FakeClock()
    s = KioskSession(QUESTIONS, clock, idle_warn=90, idle_discard=30)
    s.start()
    s.choose(3)
    clock.now += 89
    assert s.tick() is Event.NONE
    clock.now += 1
    assert s.tick() is Event.WARNED
    assert s.tick() is Event.NONE  # warned once
    s.touch()  # "I am still here"
    clock.now += 119
    assert s.tick() is Event.WARNED
    clock.now += 1
    assert s.tick() is Event.DISCARDED
    assert s.screen is Screen.WELCOME and s.choices == [None] * 3


def test_welcome_screen_never_times_out() -> None:
    clock = FakeClock()
    s = KioskSession(QUESTIONS, clock)
    clock.now += 10_000
    assert s.tick() is Event.NONE and s.screen is Screen.WELCOME


def test_long_comment_is_cut_to_the_limit() -> None:
    s = KioskSession(QUESTIONS, FakeClock())
    s.start()
    assert len(s.set_comment("x" * 100_000)) == COMMENT_LIMIT


def test_round_with_no_questions_cannot_start_participant_mode() -> None:
    with pytest.raises(ValidationError, match="no questions"):
        KioskSession([], FakeClock())


# -- question set editing ---------------------------------------------------------

BASE = QuestionSet("Behaviours", (Question("a", "Do we trust?"), Question("b", "Do we listen?")))


def test_copy_reword_reorder_add_remove() -> None:
    qs = qe.copy_set(BASE, "Our behaviours")
    assert qs.name == "Our behaviours" and "Copied from" in qs.source_note
    qs = qe.reword(qs, 0, "Do we   trust each other?")
    assert qs.questions[0] == Question("a", "Do we trust each other?")  # key kept
    qs = qe.move(qs, 0, +1)
    assert [q.key for q in qs.questions] == ["b", "a"]
    qs = qe.add(qs, "Are we on time?")
    assert qs.questions[-1].key == "are_we_on_time"
    qs = qe.remove(qs, 0)
    assert [q.key for q in qs.questions] == ["a", "are_we_on_time"]
    assert BASE.questions[0].text == "Do we trust?"  # the original is untouched


@pytest.mark.parametrize("text", ["", "   ", "do we LISTEN?"])
def test_empty_and_duplicate_items_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="empty|already has"):
        qe.add(BASE, text)
    with pytest.raises(ValidationError, match="empty|already has"):
        qe.reword(BASE, 0, text)


def test_last_question_cannot_be_removed() -> None:
    one = qe.remove(BASE, 0)
    with pytest.raises(ValidationError, match="at least one question"):
        qe.remove(one, 0)


# -- figures: properties ---------------------------------------------------------

scores = st.lists(st.one_of(st.none(), st.integers(0, 10)), max_size=60)


@given(scores)
def test_mean_and_median_stay_within_the_scale_and_skips_are_not_zeros(values) -> None:
    stats = question_stats(values)
    assert stats.skips == values.count(None)
    assert stats.count == len(values) - values.count(None)
    assert sum(stats.distribution) == stats.count
    if stats.count:
        real = [v for v in values if v is not None]
        assert 0 <= stats.mean <= 10 and 0 <= stats.median <= 10
        assert stats.mean == pytest.approx(sum(real) / len(real))
        assert stats.distribution[0] == real.count(0)  # a skip never lands on 0
    else:
        assert stats.mean is None and stats.median is None


responses = st.lists(
    st.tuples(
        st.sampled_from(["staff", "management", "undisclosed", None]),
        st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=3, max_size=3),
        st.booleans(),
    ),
    max_size=25,
)


@settings(max_examples=150)
@given(responses, st.integers(3, 8))
def test_no_breakdown_or_comment_list_below_the_minimum(rows, minimum) -> None:
    infos = [QuestionInfo(k, k, n) for n, k in enumerate("xyz", start=1)]
    answers = [
        AnswerRow(f"r{i}", side, key, score, "a comment" if commented else None)
        for i, (side, values, commented) in enumerate(rows)
        for key, score in zip("xyz", values, strict=True)
    ]
    res = compute_results(label="R", date="2020-01-01", questions=infos, answers=answers,
                          min_group=minimum)
    n = len(rows)
    staff = sum(1 for side, _, _ in rows if side == "staff")
    management = sum(1 for side, _, _ in rows if side == "management")
    if n < minimum:
        assert not res.visible and res.questions == () and res.overall is None
        assert not res.comments_visible and not res.sides_visible
    else:
        assert 0 <= (res.overall if res.overall is not None else 0) <= 10
        for q in res.questions:
            assert q.stats.mean is None or 0 <= q.stats.mean <= 10
    if staff < minimum or management < minimum:
        assert not res.sides_visible and res.side_overall == {}
        assert all(q.by_side == {} for q in res.questions)
        assert res.sides_reason
    if not res.comments_visible:
        assert all(q.comments == () for q in res.questions)


def test_results_match_a_hand_calculation() -> None:
    infos = [QuestionInfo("x", "X?", 1), QuestionInfo("y", "Y?", 2)]
    table = {"r1": (4, 9), "r2": (6, None), "r3": (5, 7), "r4": (None, 8), "r5": (10, 6)}
    answers = [AnswerRow(k, None, key, v) for k, vals in table.items()
               for key, v in zip("xy", vals, strict=True)]
    # minimum 4: each question is scored by 4 (at the minimum of 5 they would be hidden)
    res = compute_results(label="R", date="2020-01-01", questions=infos, answers=answers,
                          min_group=4)
    x, y = res.questions
    # x: 4, 6, 5, 10 -> mean 25/4 = 6.25, median 5.5, one skip
    assert (x.stats.count, x.stats.skips, x.stats.mean, x.stats.median) == (4, 1, 6.25, 5.5)
    # y: 9, 7, 8, 6 -> mean 7.5, median 7.5
    assert (y.stats.count, y.stats.skips, y.stats.mean, y.stats.median) == (4, 1, 7.5, 7.5)
    assert res.overall == pytest.approx((6.25 + 7.5) / 2)  # 6.875 -> shown 6.88


# -- typed input and the results' sentences -----------------------------------------

def test_paper_scores_and_benchmarks_are_parsed_or_refused() -> None:
    from spf_desktop.domain.kiosk import parse_benchmark, parse_paper_score

    assert parse_paper_score(" 7 ", 1) == 7 and parse_paper_score("", 2) is None
    assert parse_paper_score("skip", 3) is None
    for bad in ("11", "-1", "7.5", "seven", "٣"):
        with pytest.raises(ValidationError, match="is not a score from 0 to 10"):
            parse_paper_score(bad, 4)
    assert parse_benchmark("7,5") == 7.5 and parse_benchmark(" ") is None
    for bad in ("10.01", "-0.5", "nan", "inf"):
        with pytest.raises(ValidationError, match="between 0 and 10"):
            parse_benchmark(bad)


def test_headline_says_why_figures_are_hidden_and_never_shows_them() -> None:
    from spf_desktop.domain.results_text import headline

    infos = [QuestionInfo("x", "X?", 1)]
    few = compute_results(label="Spring", date="2024-03-01", questions=infos,
                          answers=[AnswerRow("r1", "staff", "x", 9)], min_group=3)
    head = headline(few)
    assert head.title == "Spring: 1 response"
    assert head.lines == (few.hidden_reason,) and "9" not in " ".join(head.lines)
    enough = compute_results(
        label="Spring", date="2024-03-01", questions=infos, min_group=3,
        answers=[AnswerRow(f"r{i}", "staff", "x", s) for i, s in enumerate([4, 5, 9])])
    head = headline(enough)
    assert head.title == "Overall average 6.00"
    assert any("compared only when each side has at least 3" in line for line in head.lines)


# -- participant flow: any sequence of presses -----------------------------------------

actions = st.lists(
    st.one_of(
        st.tuples(st.just("choose"), st.integers(0, 10)),
        st.tuples(st.just("step"), st.sampled_from([-1, 1])),
        st.tuples(st.sampled_from(["start", "skip", "next", "back", "submit", "wait", "touch"]),
                  st.just(0)),
        st.tuples(st.just("comment"), st.text(max_size=30)),
        st.tuples(st.just("side"), st.sampled_from(["staff", "management", "undisclosed"])),
    ),
    max_size=60,
)


@settings(max_examples=200)
@given(actions)
def test_any_sequence_of_presses_keeps_each_participant_apart(steps) -> None:
    clock = FakeClock()
    s = KioskSession(QUESTIONS, clock, idle_warn=90, idle_discard=30, thanks_seconds=5)
    submitted = []
    for name, value in steps:
        try:
            if name == "choose":
                s.choose(value)
            elif name == "step":
                s.step_score(value)
            elif name == "comment":
                s.set_comment(value)
            elif name == "side":
                s.choose_side(value)
            elif name == "submit":
                sub = s.submission()
                s.submitted()
                submitted.append(sub)
            elif name == "wait":
                clock.now += 61
                s.tick()
            else:
                getattr(s, name)()
        except ValidationError:
            pass  # not possible on this screen: nothing changes
        if s.screen in (Screen.WELCOME, Screen.THANKS):
            # between participants nothing of anyone is held
            assert s.choices == [None] * 3 and s.comments == [""] * 3 and s.side is None
    for sub in submitted:
        assert set(sub.scores) == {q.id for q in QUESTIONS}
        assert all(v is None or 0 <= v <= 10 for v in sub.scores.values())
    assert s.completed == len(submitted)
