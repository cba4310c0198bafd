"""The import window's work in a worker thread: reading the file for the mapping
step (with the rows read so far, and Cancel), and the import itself.

Plain values in, plain values out: a worker never touches a widget.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spf_desktop.domain.errors import UserError

if TYPE_CHECKING:
    from spf_desktop.domain.response_columns import QuestionRef
    from spf_desktop.gui.operations import Work
    from spf_desktop.store.connection import ArchiveDatabase


class ReadCancelled(Exception):
    """The user cancelled reading the file (raised in the worker, never shown)."""


def read_work(path: Path, sheet_name: str | None, questions: list[QuestionRef],
              side_question: str, cancelled: threading.Event) -> Work:
    """Read and match the file in a worker: (sheet names, sheet, plan, looks, counts).

    Plain values in, plain values out; ``cancelled`` stops the reading at the next
    few hundred rows (``spreadsheets.ROW_WATCH``)."""
    def work(_db: object, progress: Callable[..., None]) -> Any:
        from spf_desktop.domain.import_counts import counts_layout
        from spf_desktop.domain.import_scales import look_at
        from spf_desktop.io import responses_import as ri
        from spf_desktop.io.spreadsheets import ROW_WATCH

        def watch(rows: int) -> None:
            if cancelled.is_set():
                raise ReadCancelled()
            progress(rows)

        token = ROW_WATCH.set(watch)
        try:
            names = ri.sheet_names(path)
            sheet = ri.read_for(path, questions, sheet_name)
        finally:
            ROW_WATCH.reset(token)
        if cancelled.is_set():
            raise ReadCancelled()
        counts = counts_layout(sheet, questions)
        plan = ri.plan_columns(sheet, questions, side_question=side_question,
                               require_all=False)
        looks = {c: look_at(cells[c] for _, cells in sheet.rows)
                 for c in plan.questions.values() if c is not None}
        return names, sheet, plan, looks, counts is not None and counts.responses > 0

    return work


def import_work(options: Mapping[str, Any]) -> Work:
    """The import the dialog asked for, as a function of the worker's connection.

    ``options`` holds what the dialog read from its controls (plain values only:
    the worker never touches a widget)."""
    def work(db: ArchiveDatabase, progress: Callable[..., None]) -> Any:
        from spf_desktop.io import responses_import as ri

        common = dict(mapping=options["mapping"], side_column=options["side_column"],
                      sheet_name=options["sheet_name"],
                      comment_mapping=options["comment_mapping"], progress=progress,
                      scales=options["scales"], side_map=options["side_map"])
        if options["round_id"] is not None:
            return ri.import_responses(db, options["path"], options["round_id"], **common)
        if options["forum_id"] is None:
            raise UserError("This archive has no forum yet. Make one first: in the Audit view, "
                            "press New forum…, then come back to import its past results.")
        return ri.import_new_round(db, options["path"], options["forum_id"],
                                   options["label"], options["date"], **common)

    return work
