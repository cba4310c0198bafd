"""The command line. ``spf-desktop`` alone opens the app; subcommands work without a display."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from spf_desktop import __version__
from spf_desktop.domain.errors import UserError

DB_HELP = "The archive file (default: archive.db in your data folder)."


def _db_option(func):  # noqa: ANN001, ANN202
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help=DB_HELP,
    )(func)


def _resolve_db(ctx: click.Context, db: Path | None) -> Path:
    if db is not None:
        return db
    root = ctx.find_root()
    if root.params.get("db") is not None:
        return root.params["db"]
    from spf_desktop.paths import default_archive

    path = default_archive()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _fail(exc: UserError) -> None:
    click.echo(f"Error: {exc}", err=True)
    sys.exit(1)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
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

        data_dir().mkdir(parents=True, exist_ok=True)
        db = data_dir() / "demo.db"
    path = _resolve_db(ctx, db)
    try:
        with Archive.open(path) as archive:
            write_demo(archive.db)
            if rounds:
                write_synthetic(archive.db, rounds, respondents)
    except UserError as exc:
        _fail(exc)
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

    try:
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
    except UserError as exc:
        _fail(exc)
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
        _fail(UserError(f"There is no archive at {path}."))
    try:
        with Archive.open(path, read_only=True) as archive:
            problems = archive.integrity_problems()
            version = archive.schema_version
    except UserError as exc:
        _fail(exc)
    if problems:  # pragma: no cover - open() already refuses such files
        _fail(UserError(f"{path} is damaged: {'; '.join(problems)}"))
    click.echo(f"OK: {path} passes the integrity check (schema version {version}).")


@main.command()
@_db_option
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the copy (a new .db file).")
@click.pass_context
def backup(ctx: click.Context, db: Path | None, out: Path) -> None:
    """Copy the archive to a new file, safely, even while the app has it open."""
    from spf_desktop.store import Archive

    if out.exists():
        _fail(UserError(f"{out} already exists; choose a new file name for the backup."))
    try:
        with Archive.open(_resolve_db(ctx, db), read_only=True) as archive:
            written = archive.backup_to(out)
    except UserError as exc:
        _fail(exc)
    click.echo(f"Backed up to {written}")


# -- reports ------------------------------------------------------------------

@main.group()
def report() -> None:
    """Make a PDF report to print (A4, fonts embedded, the same data gives the same file).

    Ids come from 'spf-desktop list forums|rounds|meetings'.
    """


def _report_command(kind: str, option: str, what: str, extra_help: str = ""):  # noqa: ANN202
    """One 'report KIND --OPTION ID --out FILE.pdf [--db PATH]' command."""

    def command(ctx: click.Context, record_id: str, out: Path, db: Path | None,
                copies: int = 1) -> None:
        from spf_desktop.reports import make_report
        from spf_desktop.store import Archive

        try:
            with Archive.open(_resolve_db(ctx, db), read_only=True) as archive:
                written = make_report(kind, archive.db, record_id, out, copies=copies)
        except UserError as exc:
            _fail(exc)
        click.echo(f"Wrote {written}")

    from spf_desktop.reports import REPORT_KINDS

    command.__doc__ = f"{REPORT_KINDS[kind].title}. {REPORT_KINDS[kind].description}{extra_help}"
    command = click.pass_context(command)
    if kind == "questionnaire":
        command = click.option("--copies", type=click.IntRange(1, 500), default=1,
                               show_default=True, help="How many blank forms (one per page).")(command)
    command = _db_option(command)
    command = click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
                           required=True, help="The PDF file to write.")(command)
    command = click.option(f"--{option}", "record_id", required=True, metavar="ID",
                           help=f"The {what}'s id.")(command)
    return report.command(name=kind)(command)


_report_command("audit", "round", "audit round")
_report_command("trend", "forum", "forum")
_report_command("agenda", "meeting", "meeting")
_report_command("summary", "meeting", "meeting")
_report_command("questionnaire", "round", "audit round")
