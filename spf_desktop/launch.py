"""The ``spf-desktop`` entry point.

Opening the app (``spf-desktop``, ``--db PATH``, ``--self-test``) goes straight
to the window, so a click start-up cost is not paid before the first paint;
every other command line goes to the full command-line interface in cli.py,
which also documents these options.
"""

from __future__ import annotations

import sys


def _gui_arguments(args: list[str]) -> tuple[str | None, bool] | None:
    """(db, self_test) when ``args`` only open the app; None for anything else."""
    db: str | None = None
    self_test = False
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--self-test" and not self_test:
            self_test = True
        elif arg == "--db" and rest and db is None and not rest[0].startswith("-"):
            db = rest.pop(0)
        elif arg.startswith("--db=") and db is None and len(arg) > 5:
            db = arg[5:]
        else:
            return None
    return db, self_test


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    parsed = _gui_arguments(args)
    if parsed is None:
        from spf_desktop.cli import main as cli

        cli(args=args, prog_name="spf-desktop")
        return
    from pathlib import Path

    db, self_test = parsed
    from spf_desktop.gui.app import run, run_self_test

    if self_test:
        sys.exit(run_self_test(Path(db) if db else None))
    if db is None:
        from spf_desktop.paths import default_archive, make_private_dir

        path = default_archive()
        make_private_dir(path.parent)  # 0700, like every folder the app makes
    else:
        path = Path(db)
    sys.exit(run(path))
