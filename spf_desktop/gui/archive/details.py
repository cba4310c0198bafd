"""The Details page of the Archive view: one forum, round or meeting in words.

Every figure comes from the store (``store.archive_records``); a round's average
from the same results code as the results screen and the PDFs, so it is hidden
below the round's minimum group exactly where they hide it."""

from __future__ import annotations

from sqlite_utils import Database

from spf_desktop.domain.scoring import fmt_score


def describe(db: Database, kind: str, record_id: str) -> str:
    """The details of a record for the Details page (empty if it is gone)."""
    if kind == "forum":
        return describe_forum(db, record_id)
    if kind == "round":
        return describe_round(db, record_id)
    return describe_meeting(db, record_id)


def describe_forum(db: Database, forum_id: str) -> str:
    from spf_desktop.store.archive_records import forum_summary

    forum = forum_summary(db, forum_id)
    if forum is None:
        return ""
    lines = [forum.name, "", "Ways of working:"]
    lines += [f"  {name}: {words}" for name, words in forum.ways_of_working] or ["  (none yet)"]
    return "\n".join(lines)


def describe_round(db: Database, round_id: str) -> str:
    from spf_desktop.store.archive_records import round_summary

    rnd = round_summary(db, round_id)
    if rnd is None:
        return ""
    average = (fmt_score(rnd.overall) if rnd.visible and rnd.overall is not None
               else "none yet" if rnd.visible
               else f"hidden until the round has {rnd.min_group} responses")
    purged = ("\nIndividual answers purged under the retention rule; the figures are "
              "kept." if rnd.purged else "")
    if rnd.converted_note:
        purged += "\n" + rnd.converted_note
    return (
        f"Audit round: {rnd.label}\nDate: {rnd.date}\n"
        f"Status: {rnd.status}{' (converted from another scale)' if rnd.converted_note else ''}"
        f"\nResponses: {rnd.responses}\n"
        f"Overall average: {average}{purged}"
    )


def describe_meeting(db: Database, meeting_id: str) -> str:
    from spf_desktop.store.archive_queries import meeting_record
    from spf_desktop.store.archive_records import meeting_details

    meeting = meeting_details(db, meeting_id)
    if meeting is None:
        return ""
    lines = [
        f"Meeting: {meeting.get('title')}", f"Date: {meeting.get('date')}",
        f"Venue: {meeting.get('venue')}",
        f"Time: {meeting.get('start_time')} to {meeting.get('planned_end')}",
        f"Seating: {meeting.get('seating')}",
    ]
    record = meeting_record(db, meeting_id)
    for title, key in (("Outcomes", "outcomes"), ("Decisions", "decisions")):
        if record[key]:
            lines += ["", f"{title}:"] + [f"  - {t}" for (t,) in record[key]]
    if record["actions"]:
        lines += ["", "Actions:"] + [
            f"  - {t} ({o or 'no owner'}, due {d or 'no date'}, {s})"
            for t, o, d, s in record["actions"]]
    return "\n".join(lines)
