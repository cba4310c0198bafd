"""The command line. ``spf-desktop`` alone opens the app; subcommands work without a display.

Why this module is long: every command is a few lines over the store, io and
reports; one module lets a test walk them all and check each is documented.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from spf_desktop import __version__
from spf_desktop.domain.errors import UserError

if TYPE_CHECKING:
    from spf_desktop.reports import ReportKind

DB_HELP = "The archive file (default: archive.db in your data folder)."


def _db_option(func):
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help=DB_HELP,
    )(func)


def _force_option(func):
    return click.option(
        "--force", is_flag=True,
        help="Replace --out if it exists (never the archive, its WAL or its backups).",
    )(func)


def _check_out(out: Path, archive: Path, force: bool) -> Path:
    """--out is never an existing file unless --force, and never the archive's own
    files or backups, even with --force."""
    from spf_desktop.store.targets import check_target

    return check_target(out, archive, force=force)


def _resolve_db(ctx: click.Context, db: Path | None) -> Path:
    if db is not None:
        return db
    root = ctx.find_root()
    if root.params.get("db") is not None:
        return root.params["db"]
    from spf_desktop.paths import default_archive
    from spf_desktop.store.backups import make_private_dir

    path = default_archive()
    make_private_dir(path.parent)
    return path


def _message(exc: UserError) -> str:
    """The user's message, with where to find the ids when an id named nothing."""
    from spf_desktop.domain.errors import NotFound

    if isinstance(exc, NotFound) and exc.table in LISTED:
        return f"{exc} 'spf-desktop list {exc.table}' shows the ids."
    return str(exc)


#: The kinds of record 'spf-desktop list' shows.
LISTED = ("forums", "rounds", "meetings")


class UserErrors(click.Group):
    """The one place a user error becomes a click error: "Error: ..." and exit status 1.

    Every subcommand runs inside the root group's ``invoke``, so commands simply
    raise ``UserError`` and never catch it themselves.
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            raise click.ClickException(_message(exc)) from exc


@click.group(cls=UserErrors, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@_db_option
@click.option("--self-test", is_flag=True,
              help="Open the main window, show each view once, print the start-up time and exit.")
@click.version_option(__version__, prog_name="spf-desktop")
@click.pass_context
def main(ctx: click.Context, db: Path | None, self_test: bool) -> None:
    """SPF Desktop: the partnership behaviours audit, workshop agendas and printable
    reports for NHS Social Partnership Forums, offline, in one archive file.

    With no command, opens the app on the archive.
    """
    if ctx.invoked_subcommand is not None:
        return
    from spf_desktop.gui.app import run, run_self_test

    if self_test:
        sys.exit(run_self_test(db))
    sys.exit(run(_resolve_db(ctx, db)))


@main.command()
@_db_option
@click.option("--no-gui", is_flag=True, help="Only write the story; do not open the app.")
@click.option("--rounds", type=click.IntRange(1, 5000), default=None,
              help="Also add a synthetic forum with this many rounds (for benchmarks).")
@click.option("--respondents", type=click.IntRange(1, 1000), default=40, show_default=True,
              help="Respondents per synthetic round.")
@click.pass_context
def demo(ctx: click.Context, db: Path | None, no_gui: bool, rounds: int | None,
         respondents: int) -> None:
    """Write the East Midlands SPF story (2017 to 2019) into an archive and open it.

    Without --db, the demo goes to demo.db in your data folder, never your own archive.
    """
    from spf_desktop.store import Archive
    from spf_desktop.store.demo import write_demo, write_synthetic

    if db is None and ctx.find_root().params.get("db") is None:
        from spf_desktop.paths import data_dir
        from spf_desktop.store.backups import make_private_dir

        make_private_dir(data_dir())
        db = data_dir() / "demo.db"
    path = _resolve_db(ctx, db)
    with Archive.open(path) as archive:
        write_demo(archive.db)
        from spf_desktop.io.benchmark_library import import_demo_files

        import_demo_files(archive.db)
        if rounds:
            write_synthetic(archive.db, rounds, respondents)
    click.echo(f"Demo archive written to {path}")
    if not no_gui:
        from spf_desktop.gui.app import run

        sys.exit(run(path))


@main.command(name="list")
@click.argument("what", type=click.Choice(["forums", "rounds", "meetings"]))
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON: a list of objects.")
@click.pass_context
def list_(ctx: click.Context, what: str, db: Path | None, as_json: bool) -> None:
    """List the forums, audit rounds or meetings in the archive, with their ids."""
    from spf_desktop.store import Archive, repo

    with Archive.open(_resolve_db(ctx, db), read_only=True) as archive:
        if what == "forums":
            rows = [{"id": f["id"], "name": f["name"]} for f in repo.forums(archive.db)]
        elif what == "rounds":
            rows = [
                {"id": r["id"], "label": r["label"], "forum": r["forum_name"],
                 "date": r["date"], "status": r["status"], "responses": r["responses"]}
                for r in repo.rounds(archive.db)
            ]
        else:
            rows = [
                {"id": m["id"], "title": m["title"], "date": m["date"]}
                for m in repo.meetings(archive.db)
            ]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo(f"No {what} in this archive.")
    for row in rows:
        extra = "  ".join(str(v) for k, v in row.items() if k not in ("id",))
        click.echo(f"{row['id']}  {extra}")


@main.command()
@_db_option
@click.pass_context
def check(ctx: click.Context, db: Path | None) -> None:
    """Check the archive file's integrity (read-only); exits non-zero if it is damaged."""
    from spf_desktop.store import Archive

    path = _resolve_db(ctx, db)
    if not path.exists():
        raise UserError(f"There is no archive at {path}.")
    with Archive.open(path, read_only=True) as archive:
        problems = archive.integrity_problems()
        version = archive.schema_version
    if problems:  # pragma: no cover - open() already refuses such files
        raise UserError(f"{path} is damaged: {'; '.join(problems)}")
    click.echo(f"OK: {path} passes the integrity check (schema version {version}).")


@main.command()
@_db_option
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the copy (a new .db file).")
@click.pass_context
def backup(ctx: click.Context, db: Path | None, out: Path) -> None:
    """Copy the archive to a new file, safely, even while the app has it open."""
    from spf_desktop.store import Archive

    path = _resolve_db(ctx, db)
    _check_out(out, path, force=False)  # the name's length first: exists() fails on it
    if out.exists():
        raise UserError(f"{out} already exists; choose a new file name for the backup.")
    from spf_desktop.store.backups import left_out_sentence, open_round_responses

    with Archive.open(path, read_only=True) as archive:
        left_out = open_round_responses(archive.db.conn)
        written = archive.backup_to(out)
    click.echo(" ".join(filter(None, [f"Backed up to {written}.", left_out_sentence(left_out)])))


# -- reports ------------------------------------------------------------------

class ReportCommands(click.Group):
    """'report KIND' for every report in the registry, made when asked for, so a report
    registered later (a new module plus one line) is a command with no change here."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from spf_desktop.reports import REPORT_KINDS

        return list(REPORT_KINDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from spf_desktop.reports import REPORT_KINDS

        kind = REPORT_KINDS.get(cmd_name)
        return _report_command(kind) if kind is not None else None


@main.group(cls=ReportCommands)
def report() -> None:
    """Make a PDF report to print (A4, fonts embedded, the same data gives the same file),
    or with --format html its accessible HTML twin (one page a screen reader can walk).

    Ids come from 'spf-desktop list forums|rounds|meetings'.
    """


def _report_command(kind: ReportKind) -> click.Command:
    """One 'report KIND --NEEDS ID --out FILE.pdf [--format pdf|html] [--copies N]
    [--db PATH]' command, from what the report declares."""

    @click.pass_context
    def command(ctx: click.Context, record_id: str | None, out: Path, db: Path | None,
                force: bool = False, copies: int = 1, fmt: str = "pdf") -> None:
        from spf_desktop.reports import make_report
        from spf_desktop.store import Archive

        path = _resolve_db(ctx, db)
        out = _with_suffix(out, fmt)
        out = _check_out(out, path, force)  # never the archive or its backups, even with --force
        if not record_id:  # a report whose record is optional needs no archive either
            written = make_report(kind.key, None, "", out, copies=copies, fmt=fmt)
        else:
            with Archive.open(path, read_only=True) as archive:
                written = make_report(kind.key, archive.db, record_id, out, copies=copies,
                                      fmt=fmt)
        click.echo(f"Wrote {written}")

    optional = " Optional: without it the report is made for any forum." if kind.record_optional else ""
    params: list[click.Parameter] = [
        click.Option([f"--{kind.needs}", "record_id"], required=not kind.record_optional,
                     metavar="ID", help=f"The {kind.noun}'s id.{optional}"),
        click.Option(["--out", "out"], type=click.Path(dir_okay=False, path_type=Path),
                     required=True, help="The file to write (its suffix follows --format: "
                     "report.pdf with --format html writes report.html)."),
        click.Option(["--format", "fmt"], type=click.Choice(["pdf", "html"]), default="pdf",
                     show_default=True,
                     help="pdf to print, or html: the accessible twin, the same figures as one "
                     "self-contained page with headings and table headers for screen readers."
                     + (" An HTML questionnaire is one form." if kind.copies else "")),
        click.Option(["--db", "db"], type=click.Path(dir_okay=False, path_type=Path),
                     default=None, help=DB_HELP),
        click.Option(["--force"], is_flag=True,
                     help="Replace --out if it exists (never the archive, its WAL or its backups)."),
    ]
    if kind.copies:
        params.append(click.Option(["--copies"], type=click.IntRange(1, 500), default=1,
                                   show_default=True,
                                   help="How many blank forms (one per page)."))
    return click.Command(kind.key, callback=command, params=params,
                         help=f"{kind.title}. {kind.description}")


def _with_suffix(out: Path, fmt: str) -> Path:
    """--out with the suffix of the format asked for: report.pdf or report becomes
    report.html with --format html (and the other way round); other suffixes are kept."""
    suffix = f".{fmt}"
    try:
        if out.is_dir():
            return out  # refused later, with the folder named
    except OSError:
        return out  # a name the system refuses (too long, say): refused later with a message
    if out.suffix.lower() in (".pdf", ".html", ".htm", ""):
        if out.suffix.lower() == ".htm" and fmt == "html":
            return out
        return out.with_suffix(suffix) if out.name not in ("", ".", "..") else out
    return out


# -- the archive: import, export, search, retention ------------------------------

def _is_merge_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(200)
    except OSError:
        return False
    return head.lstrip().startswith(b"{") and b"spf-desktop-merge" in head


def _parse_columns(values: tuple[str, ...], questions: list) -> dict[str, int | None]:
    """``--column 3=F`` (question 3 is in column F) or ``--column 3=none`` (not in the file)."""
    from spf_desktop.io.responses_import import column_letter

    mapping: dict[str, int | None] = {}
    for value in values:
        number, sep, col = value.partition("=")
        matches = [q for q in questions if number.strip() in (str(q.position), q.id)]
        if not sep or not matches:
            raise UserError(f'--column {value}: write QUESTION=COLUMN, e.g. 3=F, where QUESTION '
                            f"is a question number from 1 to {len(questions)}.")
        col = col.strip()
        if col.casefold() == "none":
            mapping[matches[0].id] = None
            continue
        letters = [column_letter(i) for i in range(702)]
        if col.upper() in letters:
            mapping[matches[0].id] = letters.index(col.upper())
        else:
            raise UserError(f"--column {value}: {col!r} is not a column letter (A, B, ..., AA).")
    return mapping


def _column_index(option: str, value: str, col: str) -> int:
    from spf_desktop.io.responses_import import column_letter

    letters = [column_letter(i) for i in range(1_000)]
    if col.strip().upper() in letters:
        return letters.index(col.strip().upper())
    raise UserError(f"{option} {value}: {col!r} is not a column letter (A, B, ..., AA).")


def _question(option: str, value: str, number: str, questions: list) -> object:
    matches = [q for q in questions if number.strip() in (str(q.position), q.id)]
    if not matches:
        raise UserError(f"{option} {value}: {number.strip()!r} is not a question number; "
                        f"the questions are numbered 1 to {len(questions)}.")
    return matches[0]


def _import_options(questions: list, columns: tuple[str, ...], scales: tuple[str, ...],
                    comments: tuple[str, ...], side_column: str | None,
                    side_maps: tuple[str, ...], no_side: bool, sheet: str | None,
                    codes: tuple[str, ...] = ()) -> dict:
    """The import command's options as ``responses_import`` takes them."""
    from spf_desktop.domain.import_scales import Scale, with_words
    from spf_desktop.io.responses_import import scale_named

    changes: dict[str, int] = {}
    for value in codes:
        word, sep, number = value.rpartition("=")
        if not sep or not word.strip() or not number.strip().isdigit():
            raise UserError(f'--code {value}: write "WORD=VALUE", e.g. "Neutral=3".')
        changes[word.strip()] = int(number)

    def named(key: str) -> Scale:
        scale = scale_named(key)
        return with_words(scale, changes) if changes and scale.words else scale

    chosen: dict[str, object] = {}
    defaults = []
    for value in scales:
        number, sep, key = value.rpartition("=")
        if sep:
            chosen[_question("--scale", value, number, questions).id] = named(key)  # type: ignore[attr-defined]
        else:
            defaults.append(named(key))
    if changes and not any(getattr(s, "words", None) for s in [*chosen.values(), *defaults]):
        raise UserError("--code changes a word coding: give one with --scale too, e.g. "
                        "--scale agree-5.")
    comment_mapping: dict[str, int | None] = {}
    for value in comments:
        number, sep, col = value.partition("=")
        if not sep:
            raise UserError(f"--comment {value}: write QUESTION=COLUMN, e.g. 3=G.")
        q = _question("--comment", value, number, questions)
        comment_mapping[q.id] = (None if col.strip().casefold() == "none"  # type: ignore[attr-defined]
                                 else _column_index("--comment", value, col))
    if no_side and (side_column or side_maps):
        raise UserError("--no-side leaves the sides out: give it without --side-column "
                        "and --side-map.")
    side: int | None | str = "auto"
    if no_side:
        side = None
    elif side_column:
        side = _column_index("--side-column", side_column, side_column)
    side_map: dict[str, str | None] | None = None
    if side_maps:
        side_map = {}
        for value in side_maps:
            label, sep, target = value.rpartition("=")
            target = target.strip().casefold()
            if not sep or target not in {"staff", "management", "undisclosed", "none"}:
                raise UserError(f'--side-map {value}: write "LABEL=SIDE", where SIDE is staff, '
                                "management, undisclosed or none.")
            side_map[" ".join(label.split())] = None if target == "none" else target
    return {"mapping": _parse_columns(columns, questions), "sheet_name": sheet,
            "scales": chosen, "scale_defaults": defaults,
            "comment_mapping": comment_mapping or None, "side_column": side,
            "side_map": side_map}


@main.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--round", "round_id", metavar="ID", help="Import responses into this audit round (its id).")
@click.option("--forum", "forum_id", metavar="ID", help="With --new-round: the forum the new round belongs to.")
@click.option("--new-round", "new_round", metavar="LABEL",
              help="Make a new round with the forum's current question set, e.g. 'Audit 2016'.")
@click.option("--date", "round_date", metavar="YYYY-MM-DD", help="The new round's date.")
@click.option("--column", "columns", multiple=True, metavar="QUESTION=COLUMN",
              help="Map a question by hand when its heading does not match, e.g. --column 3=F; "
                   "--column 3=none if the file has no column for it. Repeat for more.")
@click.option("--sheet", default=None, metavar="NAME",
              help="The Excel sheet to read (default: the one whose headings name the questions).")
@click.option("--scale", "scales", multiple=True, metavar="[QUESTION=]SCALE",
              help="The scale the answers were given on, when the import asks: 0-10, 1-5, 1-7, "
                   "1-11 (positions: 1 for 0), agree-5, agree-7, frequency-5, frequency-7. "
                   "--scale 1-5 for every column that needs one, --scale 3=1-5 for question 3.")
@click.option("--code", "codes", multiple=True, metavar="WORD=VALUE",
              help='Change or add a word in the word codings given with --scale, e.g. '
                   '--scale agree-5 --code "Neutral=3" (values on the coding\'s own points, '
                   "1 to 5 or 1 to 7).")
@click.option("--comment", "comments", multiple=True, metavar="QUESTION=COLUMN",
              help="Import a column of free text as question QUESTION's comments, e.g. "
                   "--comment 3=G; --comment 3=none for none. Repeat for more.")
@click.option("--side-column", "side_column", default=None, metavar="COLUMN",
              help="The column that holds each respondent's side, e.g. --side-column F.")
@click.option("--side-map", "side_maps", multiple=True, metavar="LABEL=SIDE",
              help='What a side label of the file means: --side-map "HR / employer=management"; '
                   "SIDE is staff, management, undisclosed or none. Labels not mapped are "
                   "stored as no side.")
@click.option("--no-side", "no_side", is_flag=True, help="Leave the side column out.")
@_db_option
@click.pass_context
def import_(ctx: click.Context, file: Path, round_id: str | None, forum_id: str | None,
            new_round: str | None, round_date: str | None, columns: tuple[str, ...],
            sheet: str | None, scales: tuple[str, ...], codes: tuple[str, ...],
            comments: tuple[str, ...],
            side_column: str | None, side_maps: tuple[str, ...], no_side: bool,
            db: Path | None) -> None:
    """Import responses (Microsoft Forms Excel export, any .xlsx, or CSV) or a merge file.

    A spreadsheet has one row per respondent and one column per question, headed by the
    question's wording; names, emails and times in it are never stored. Give --round ID,
    or --forum ID --new-round LABEL --date YYYY-MM-DD. A merge file (.spfmerge, from
    'spf-desktop export merge') needs no option. Everything is imported or nothing is.
    """
    from spf_desktop.store import Archive

    path = _resolve_db(ctx, db)
    if _is_merge_file(file):
        if round_id or forum_id or new_round:
            raise UserError(f"{file} is a merge file: it says itself where its records go, "
                            "so --round, --forum and --new-round do not apply.")
        from spf_desktop.io import merge

        with Archive.open(path) as archive:
            report = merge.merge(archive.db, file)
        click.echo(report.describe())
        return
    from spf_desktop.io import responses_import as ri

    with Archive.open(path) as archive:
        if round_id and not (forum_id or new_round):
            questions = ri.round_questions(archive.db, round_id)
            options = _import_options(questions, columns, scales, comments, side_column,
                                      side_maps, no_side, sheet, codes)
            summary = ri.import_responses(archive.db, file, round_id, **options)
        elif forum_id and new_round and round_date and not round_id:
            set_id = ri.current_question_set(archive.db, forum_id)
            questions = ri.set_questions(archive.db, set_id)
            options = _import_options(questions, columns, scales, comments, side_column,
                                      side_maps, no_side, sheet, codes)
            summary = ri.import_new_round(archive.db, file, forum_id, new_round, round_date,
                                          **options)
        else:
            raise UserError("Say where the responses go: --round ID, or --forum ID "
                            "--new-round LABEL --date YYYY-MM-DD.")
    click.echo(summary.describe())
    click.echo(f"Round id: {summary.round_id}")


@main.group(name="export")
def export_() -> None:
    """Export a merge file (for another laptop's archive) or CSV files for Excel."""


@export_.command(name="merge")
@click.option("--round", "round_id", metavar="ID", help="Export this audit round with its question set and responses.")
@click.option("--meeting", "meeting_id", metavar="ID", help="Export this meeting with its agenda, outcomes, "
              "decisions, actions and audit rounds.")
@click.option("--forum", "forum_id", metavar="ID", help="Export this whole forum.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The merge file to write (.spfmerge).")
@_force_option
@_db_option
@click.pass_context
def export_merge(ctx: click.Context, round_id: str | None, meeting_id: str | None,
                 forum_id: str | None, out: Path, force: bool, db: Path | None) -> None:
    """Write a merge file, to be merged into another archive with 'spf-desktop import FILE'."""
    from spf_desktop.io import merge
    from spf_desktop.store import Archive

    chosen = [(k, v) for k, v in (("round", round_id), ("meeting", meeting_id),
                                   ("forum", forum_id)) if v]
    if len(chosen) != 1:
        raise UserError("Give exactly one of --round ID, --meeting ID or --forum ID.")
    path = _resolve_db(ctx, db)
    out = _check_out(out, path, force)
    with Archive.open(path, read_only=True) as archive:
        written = merge.export(archive.db, chosen[0][0], chosen[0][1], out)
    click.echo(f"Merge file written to {written}")


@export_.command(name="answers")
@click.option("--round", "round_id", metavar="ID", required=True, help="The audit round (its id).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The CSV file to write.")
@click.option("--comments", is_flag=True,
              help="Include the comments (only from a closed round, once screened).")
@_force_option
@_db_option
@click.pass_context
def export_answers(ctx: click.Context, round_id: str, out: Path, comments: bool,
                   force: bool, db: Path | None) -> None:
    """Write a round's answers as CSV for Excel: one row per response, in random order."""
    from spf_desktop.io import csv_export
    from spf_desktop.store import Archive

    path = _resolve_db(ctx, db)
    out = _check_out(out, path, force)
    with Archive.open(path, read_only=True) as archive:
        written, note = csv_export.export_answers(archive.db, round_id, out,
                                                  comments=comments)
    click.echo(f"Answers written to {written}" + (f"\n{note}" if note else ""))


@export_.command(name="results")
@click.option("--round", "round_id", metavar="ID", required=True, help="The audit round (its id).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The CSV file to write.")
@_force_option
@_db_option
@click.pass_context
def export_results(ctx: click.Context, round_id: str, out: Path, force: bool,
                   db: Path | None) -> None:
    """Write a round's results per question as CSV for Excel."""
    from spf_desktop.io import csv_export
    from spf_desktop.store import Archive

    path = _resolve_db(ctx, db)
    out = _check_out(out, path, force)
    with Archive.open(path, read_only=True) as archive:
        written = csv_export.export_results(archive.db, round_id, out)
    click.echo(f"Results written to {written}")


@export_.command(name="benchmark")
@click.option("--forum", "forum_id", metavar="ID", required=True, help="The forum (its id).")
@click.option("--since", metavar="YYYY-MM-DD", default=None, help="Only rounds on or after this date.")
@click.option("--region", "region", metavar="LABEL", default=None,
              help="The name other forums see (default: the forum's name).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The benchmark file to write (.spfbench).")
@click.option("--preview", is_flag=True, help="Only print what the file would hold.")
@_force_option
@_db_option
@click.pass_context
def export_benchmark(ctx: click.Context, forum_id: str, since: str | None, region: str | None,
                     out: Path, preview: bool, force: bool, db: Path | None) -> None:
    """Write a benchmark file: closed rounds' aggregates only, for other forums to compare with."""
    from spf_desktop.io import benchmark_file
    from spf_desktop.store import Archive

    if since is not None:
        _check_date(since, "--since")
    path = _resolve_db(ctx, db)
    out = _check_out(out, path, force)
    # A benchmark file records in the archive the figures it shares; a preview writes nothing.
    with Archive.open(path, read_only=preview) as archive:
        content = benchmark_file.build_content(archive.db, forum_id, since=since, region=region)
        click.echo(benchmark_file.describe(content))
        if preview:
            return
        written = benchmark_file.export(archive.db, forum_id, out, since=since, region=region)
    click.echo(f"Benchmark file written to {written}")


def _check_date(value: str, option: str) -> None:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{option} {value!r} is not a date: write it as YYYY-MM-DD.") from None


@main.group()
def benchmarks() -> None:
    """Other forums' benchmark files in this archive: import, list, remove."""


@benchmarks.command(name="import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@_db_option
@click.pass_context
def benchmarks_import(ctx: click.Context, files: tuple[Path, ...], db: Path | None) -> None:
    """Import benchmark files (.spfbench); a file that is refused changes nothing."""
    from spf_desktop.io.benchmark_library import import_file
    from spf_desktop.store import Archive

    with Archive.open(_resolve_db(ctx, db)) as archive:
        for file in files:
            click.echo(import_file(archive.db, file).describe())


@benchmarks.command(name="list")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON: a list of objects.")
@click.pass_context
def benchmarks_list(ctx: click.Context, db: Path | None, as_json: bool) -> None:
    """List the imported benchmark sources with their dates and ids."""
    from spf_desktop.store import Archive, peers

    with Archive.open(_resolve_db(ctx, db), read_only=True) as archive:
        rows = peers.sources(archive.db)
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("No benchmark files in this archive.")
    for r in rows:
        click.echo(f"{r['id']}  {r['name']}  exported {r['exported_on']}  imported "
                   f"{r['imported_on']}  {r['rounds']} rounds ({r['first_round']} to "
                   f"{r['last_round']})")


@benchmarks.command(name="remove")
@click.argument("source_id", metavar="ID")
@_db_option
@click.pass_context
def benchmarks_remove(ctx: click.Context, source_id: str, db: Path | None) -> None:
    """Remove one imported benchmark source with all its figures."""
    from spf_desktop.store import Archive, peers

    with Archive.open(_resolve_db(ctx, db)) as archive:
        removed = peers.remove_source(archive.db, source_id)
    click.echo(f'Removed the benchmark file of "{removed["name"]}".')


@main.group()
def national() -> None:
    """A national or regional view over many forums' benchmark files, served by Datasette."""


@national.command(name="build")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The SQLite file to write; metadata.json goes beside it.")
@_force_option
def national_build(files: tuple[Path, ...], out: Path, force: bool) -> None:
    """Build one read-only SQLite file (and metadata.json) from benchmark files."""
    from spf_desktop.io.national import build

    summary = build(list(files), out, force=force)
    click.echo(summary)


@main.command()
@click.argument("text")
@click.option("--forum", "forum_id", metavar="ID", default=None, help="Only this forum (its id).")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True,
              help="At most this many hits.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: a list of hits.")
@_db_option
@click.pass_context
def search(ctx: click.Context, text: str, forum_id: str | None, limit: int, as_json: bool,
           db: Path | None) -> None:
    """Search meeting titles, agenda questions, outcomes, decisions, actions, audit
    questions and comments; each hit says where it is."""
    from dataclasses import asdict

    from spf_desktop.store import Archive
    from spf_desktop.store.archive_queries import search as run_search

    with Archive.open(_resolve_db(ctx, db), read_only=True) as archive:
        hits = run_search(archive.db, text, limit=limit, forum_id=forum_id)
    if as_json:
        click.echo(json.dumps([asdict(h) for h in hits], indent=2, ensure_ascii=False))
        return
    if not hits:
        click.echo(f'Nothing found for "{text}".')
    for hit in hits:
        click.echo(f"{hit.where}\n    {hit.snippet}")


@main.command()
@click.option("--older-than", "years", type=click.IntRange(1, 100), required=True,
              metavar="YEARS", help="Purge rounds dated more than this many years ago.")
@click.option("--yes", is_flag=True, help="Do it without asking (for scripts).")
@_db_option
@click.pass_context
def purge(ctx: click.Context, years: int, yes: bool, db: Path | None) -> None:
    """Delete the individual answers and comments of old audit rounds, keeping each
    question's figures so trends and reports still work. Says exactly what will go first."""
    from datetime import date

    from spf_desktop.store import Archive, retention

    with Archive.open(_resolve_db(ctx, db)) as archive:
        plan = retention.plan_purge(archive.db, years, date.today())
        click.echo(plan.describe())
        if not plan.items:
            return
        if not yes and not click.confirm("Purge these rounds?", default=False):
            click.echo("Nothing was changed.")
            return
        deleted = retention.purge(archive.db, plan, date.today())
    click.echo(deleted.message)


@main.command(name="reset-pin")
@click.option("--yes", is_flag=True, help="Do it without asking (for scripts).")
@_db_option
@click.pass_context
def reset_pin(ctx: click.Context, yes: bool, db: Path | None) -> None:
    """Remove the facilitator PIN when both it and its recovery code are lost, and end
    participant mode. Runs only while the app has the archive closed."""
    from spf_desktop.store import Archive, audit

    with Archive.open(_resolve_db(ctx, db), create=False) as archive:
        if audit.pin_hash(archive.db) is None:
            click.echo("No facilitator PIN is set: nothing to reset.")
            return
        if not yes and not click.confirm(
                "Remove the facilitator PIN and its recovery code? Set a new PIN in the app "
                "before participant mode.", default=False):
            click.echo("Nothing was changed.")
            return
        audit.remove_pin(archive.db)
    click.echo("The PIN and its recovery code are removed, and participant mode will not "
               "resume. Set a new PIN in the app (Audit view, Facilitator PIN).")


@main.group()
def agenda() -> None:
    """Carry a meeting's plan or a template between laptops as a file."""


@agenda.command(name="export")
@click.argument("meeting_id")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write (.spf-agenda.json).")
@_force_option
@_db_option
@click.pass_context
def agenda_export(ctx: click.Context, meeting_id: str, out: Path, force: bool,
                  db: Path | None) -> None:
    """Write a meeting or template (its plan only: no actual times, no outcomes) to a file."""
    from spf_desktop.io.agenda_file import export_meeting
    from spf_desktop.store import Archive

    path = _resolve_db(ctx, db)
    out = _check_out(out, path, force)
    with Archive.open(path, read_only=True) as archive:
        written = export_meeting(archive.db, meeting_id, out)
    click.echo(f"Exported to {written}")


@agenda.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--forum", "forum_id", metavar="ID", default=None,
              help="The forum a meeting joins (see 'spf-desktop list forums'); templates have none.")
@_db_option
@click.pass_context
def agenda_import(ctx: click.Context, file: Path, forum_id: str | None, db: Path | None) -> None:
    """Read a meeting or template file into the archive; a bad file changes nothing."""
    from spf_desktop.domain.section_types import load_section_types
    from spf_desktop.io.agenda_file import import_agenda
    from spf_desktop.paths import resource
    from spf_desktop.store import Archive, repo

    with Archive.open(_resolve_db(ctx, db)) as archive:
        if forum_id is not None:
            repo.require(archive.db, "forums", forum_id)
        types = load_section_types(resource("section_types.json"))
        new_id = import_agenda(archive.db, file, forum_id=forum_id, types=types)
        row = repo.get(archive.db, "meetings", new_id)
    kind = "template" if row and row["is_template"] else "meeting"
    click.echo(f"Imported the {kind} \"{row['title'] if row else ''}\" as {new_id}")
