"""Issue 12, item 3: no group below the minimum, by any arithmetic.

The attacker here has every number the app shows, prints or exports for a round
(overall and per-side counts; per question the count, skips, mean, median and
0 to 10 distribution, overall and by side; the answers CSV's rows grouped by its
side column) and does linear arithmetic on them: any published group, or any
sum or difference of published groups, whose scores follow and which holds 1 to
min - 1 people is a violation. ``violations`` finds every such group exactly
(every set whose indicator lies in the span of the published sets), so the
property can fail, and the tests below show that it does for the old rule and
for a deliberately weakened one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spf_desktop.domain.results import (
    COMPARED_SIDES,
    AnswerRow,
    QuestionInfo,
    RoundResults,
    compute_results,
)
from spf_desktop.domain.scoring import group_visible

QUESTIONS = ("x", "y", "z")
SIDES = ("staff", "management", "undisclosed", None)


@dataclass(frozen=True)
class Person:
    key: str
    side: str | None
    scores: tuple[int | None, ...]  # one per question of QUESTIONS


Published = dict[str, list[frozenset[str]]]  # per "universe" (a question, or the CSV rows)


def results_for(people: list[Person], minimum: int, **kwargs) -> RoundResults:
    infos = [QuestionInfo(k, f"{k}?", n) for n, k in enumerate(QUESTIONS, start=1)]
    rows = [AnswerRow(p.key, p.side, k, s) for p in people
            for k, s in zip(QUESTIONS, p.scores, strict=True)]
    return compute_results(label="R", date="2020-01-01", questions=infos, answers=rows,
                           min_group=minimum, **kwargs)


def scorers(people: list[Person], q: int, side: Callable[[str | None], bool] = lambda s: True
            ) -> frozenset[str]:
    return frozenset(p.key for p in people if p.scores[q] is not None and side(p.side))


def published_by_the_app(people: list[Person], res: RoundResults) -> Published:
    """The groups whose scores the app's figures reveal, read off what it shows."""
    out: Published = {}
    if not res.visible:
        return out
    for n, q in enumerate(res.questions):
        groups = out.setdefault(q.info.key, [])
        if q.stats.mean is not None or any(q.stats.distribution):
            group = scorers(people, n)
            assert len(group) == q.stats.count and sum(q.stats.distribution) == len(group)
            groups.append(group)
        for side, stats in q.by_side.items():
            group = scorers(people, n, lambda s, side=side: s == side)
            assert len(group) == stats.count
            groups.append(group)
    # the answers CSV: its rows, grouped by the side column when there is one
    # (it is there exactly when the results compare the sides: the same rule)
    if res.sides_visible:
        label = {p.key: p.side if p.side in COMPARED_SIDES else "no side" for p in people}
        out["rows"] = [frozenset(k for k, v in label.items() if v == g)
                       for g in set(label.values())]
        for n, key in enumerate(QUESTIONS):  # and so each question's scorers by label
            out[key] += [scorers(people, n, lambda s, g=g: (s if s in COMPARED_SIDES
                                                             else "no side") == g)
                         for g in set(label.values())]
    else:
        out["rows"] = [frozenset(p.key for p in people)]
    return out


def _in_span(target: list[int], vectors: list[list[int]]) -> bool:
    """Whether ``target`` is a rational combination of ``vectors`` (exact arithmetic)."""
    def rank(rows: list[list[int]]) -> int:
        m = [[Fraction(v) for v in row] for row in rows]
        r = 0
        for col in range(len(m[0]) if m else 0):
            pivot = next((i for i in range(r, len(m)) if m[i][col] != 0), None)
            if pivot is None:
                continue
            m[r], m[pivot] = m[pivot], m[r]
            for i in range(len(m)):
                if i != r and m[i][col] != 0:
                    f = m[i][col] / m[r][col]
                    m[i] = [a - f * b for a, b in zip(m[i], m[r], strict=True)]
            r += 1
        return r

    return rank(vectors) == rank([*vectors, target])


def violations(published: Published, minimum: int) -> list[tuple[str, frozenset[str]]]:
    """Every group of 1 to minimum - 1 people whose scores follow by linear arithmetic
    from the published groups' figures (sums, counts, distributions)."""
    found = []
    for universe, groups in published.items():
        groups = [g for g in groups if g]
        people = sorted(set().union(*groups)) if groups else []
        if not people:
            continue
        # people with the same membership in every published group cannot be told
        # apart: any derivable group is a union of such classes
        classes: dict[tuple[bool, ...], list[str]] = {}
        for p in people:
            classes.setdefault(tuple(p in g for g in groups), []).append(p)
        atoms = list(classes.values())
        # each published group is a union of classes, so the span is the same with one
        # column per class (a class's people are always in or out together)
        vectors = [[int(atom[0] in g) for atom in atoms] for g in groups]
        for size in range(1, len(atoms) + 1):
            for chosen in itertools.combinations(range(len(atoms)), size):
                members = {p for i in chosen for p in atoms[i]}
                if not 0 < len(members) < minimum:
                    continue
                if _in_span([int(i in chosen) for i in range(len(atoms))], vectors):
                    found.append((universe, frozenset(members)))
    return found


# -- the rules under test, and two that leak ------------------------------------------

def published_under_old_rule(people: list[Person], minimum: int) -> Published:
    """The rule before issue 12: sides when each side reaches the minimum, nothing else."""
    out: Published = {}
    if not group_visible(len(people), minimum):
        return out
    staff = sum(p.side == "staff" for p in people)
    mgmt = sum(p.side == "management" for p in people)
    for n, key in enumerate(QUESTIONS):
        out[key] = [scorers(people, n)]
        if group_visible(staff, minimum) and group_visible(mgmt, minimum):
            out[key] += [scorers(people, n, lambda s, side=side: s == side)
                         for side in COMPARED_SIDES]
    return out


def published_without_the_skip_check(people: list[Person], minimum: int) -> Published:
    """A weakened rule: the rest ("prefer not to say" and no answer) is checked, but
    not what skips do to each question's groups."""
    out: Published = {}
    if not group_visible(len(people), minimum):
        return out
    counts = {g: sum((p.side if p.side in COMPARED_SIDES else "other") == g for p in people)
              for g in ("staff", "management", "other")}
    sides = (group_visible(counts["staff"], minimum) and group_visible(counts["management"], minimum)
             and (counts["other"] == 0 or group_visible(counts["other"], minimum)))
    for n, key in enumerate(QUESTIONS):
        out[key] = [scorers(people, n)]
        if sides:
            out[key] += [scorers(people, n, lambda s, side=side: s == side)
                         for side in COMPARED_SIDES]
    return out


def people_from(split: Iterable[tuple[str | None, tuple[int | None, ...]]]) -> list[Person]:
    return [Person(f"p{i}", side, scores) for i, (side, scores) in enumerate(split)]


def issue_example() -> list[Person]:
    """5 staff, 5 management and 1 "prefer not to say" (the issue's own example)."""
    return people_from([("staff", (6, 7, 8))] * 5 + [("management", (5, 5, 5))] * 5
                       + [("undisclosed", (0, 10, 2))])


def test_the_checker_catches_the_issues_example_under_the_old_rule() -> None:
    found = violations(published_under_old_rule(issue_example(), 5), 5)
    assert ("x", frozenset({"p10"})) in found  # the lone person's exact score: 11m - 5s - 5m


def test_the_checker_catches_a_skip_under_a_rule_that_ignores_skips() -> None:
    people = people_from([("staff", (6, 7, 8))] * 5 + [("management", (5, 5, 5))] * 5)
    people[0] = Person("p0", "staff", (6, None, 8))  # one staff member skips y: 4 staff scores
    found = violations(published_without_the_skip_check(people, 5), 5)
    assert ("y", frozenset({"p1", "p2", "p3", "p4"})) in found


def test_the_checker_catches_a_question_few_people_scored() -> None:
    people = people_from([("staff", (6, None, 8))] * 9 + [("management", (5, 3, 5))])
    found = violations(published_under_old_rule(people, 5), 5)
    assert ("y", frozenset({"p9"})) in found  # the mean of y is one person's score


def test_the_app_shows_the_issues_example_safely() -> None:
    people = issue_example()
    res = results_for(people, 5)
    assert res.visible and not res.sides_visible
    assert "total minus both sides" in res.sides_reason
    assert all(q.by_side == {} for q in res.questions) and res.side_overall == {}
    assert violations(published_by_the_app(people, res), 5) == []


# -- the property --------------------------------------------------------------------

score = st.one_of(st.none(), st.integers(0, 10))
people_strategy = st.lists(
    st.tuples(st.sampled_from(SIDES), st.tuples(score, score, score)), max_size=30,
).map(people_from)


@settings(max_examples=400, deadline=None)
@given(people_strategy, st.integers(3, 6))
def test_no_individual_can_be_derived_from_anything_the_app_shows(people, minimum) -> None:
    res = results_for(people, minimum)
    assert violations(published_by_the_app(people, res), minimum) == []


# groups big enough on their own, so only skips and the rest decide
balanced = st.builds(
    lambda a, b, c, d: a + b + c + d,
    *[st.lists(st.tuples(st.just(side), st.tuples(score, score, score)), min_size=n, max_size=9)
      for side, n in (("staff", 3), ("management", 3), ("undisclosed", 0), (None, 0))],
).map(people_from)


@settings(max_examples=300, deadline=None)
@given(balanced, st.integers(3, 5))
def test_no_individual_can_be_derived_when_both_sides_are_big(people, minimum) -> None:
    res = results_for(people, minimum)
    assert violations(published_by_the_app(people, res), minimum) == []


def test_the_property_finds_a_leak_in_the_old_rule_by_itself() -> None:
    """The same search, pointed at the old rule, finds a counterexample: so the
    property above could fail."""
    from hypothesis import find

    leak = find(st.tuples(people_strategy, st.integers(3, 6)),
                lambda case: bool(violations(published_under_old_rule(*case), case[1])),
                settings=settings(max_examples=2000, database=None))
    assert violations(published_under_old_rule(*leak), leak[1])


def every_split(total_max: int) -> Iterable[tuple[int, int, int, int]]:
    for total in range(total_max + 1):
        for staff in range(total + 1):
            for mgmt in range(total - staff + 1):
                for undisclosed in range(total - staff - mgmt + 1):
                    yield staff, mgmt, undisclosed, total - staff - mgmt - undisclosed


def split_people(split: tuple[int, int, int, int]) -> list[Person]:
    """Everyone scores x; the first of each group skips y; the first two staff skip z."""
    people = []
    for side, n in zip(SIDES, split, strict=True):
        for i in range(n):
            y = None if i == 0 else (i * 3) % 11
            z = None if side == "staff" and i < 2 else (i * 7) % 11
            people.append((side, ((i * 5) % 11, y, z)))
    return people_from(people)


def test_every_split_up_to_30_with_skips() -> None:
    """Every mix of staff, management, "prefer not to say" and no answer, totals 0
    to 30 (46,376 splits), with skips, at the default minimum of 5 (other minimums:
    the properties above)."""
    minimum = 5
    checked = leaks_under_old_rule = 0
    for split in every_split(30):
        people = split_people(split)
        res = results_for(people, minimum)
        published = published_by_the_app(people, res)
        assert violations(published, minimum) == [], split
        leaks_under_old_rule += bool(violations(published_under_old_rule(people, minimum),
                                                minimum))
        checked += 1
    assert checked == 46_376
    assert leaks_under_old_rule > 1000  # the old rule leaked in many of these splits


def test_sides_are_shown_when_every_group_is_big_enough() -> None:
    """The rule hides no more than it must: a clean split shows the comparison."""
    people = people_from([("staff", (6, 7, 8))] * 5 + [("management", (5, 5, 5))] * 5
                         + [("undisclosed", (1, 2, 3))] * 3 + [(None, (4, 4, 4))] * 2)
    res = results_for(people, 5)
    assert res.sides_visible and res.sides_reason == ""
    assert res.questions[0].by_side["staff"].mean == 6


def test_an_open_round_shows_nothing_but_its_count() -> None:
    res = results_for(issue_example(), 5, is_open=True)
    assert not res.visible and res.questions == () and res.overall is None
    assert not res.sides_visible and not res.comments_visible
    assert "still open: 11 responses so far" in res.hidden_reason


def test_a_question_scored_by_too_few_shows_only_its_counts() -> None:
    people = people_from([("staff", (6, None, 8))] * 8 + [("management", (5, 3, 5))] * 2)
    res = results_for(people, 5)
    y = res.questions[1]
    assert y.too_few and (y.stats.count, y.stats.skips) == (2, 8)
    assert y.stats.mean is None and y.stats.median is None and not any(y.stats.distribution)
    assert res.overall == pytest.approx((6 * 8 + 5 * 2) / 10 / 2 + (8 * 8 + 5 * 2) / 10 / 2)
