"""Golden files: each report of the demo archive must match, byte for byte, the PDF
checked in under tests/golden/.

The reports are reproducible (reportlab's invariant mode, a seeded comment
order, the demo story written the same way every time), so any difference is a
real change in what is printed. After a deliberate change, regenerate them:

    SPF_UPDATE_GOLDEN=1 python -m pytest tests/test_reports_golden.py

then look at the pages (``pdftoppm -png -r 60 tests/golden/NAME.pdf /tmp/NAME``)
before committing the new files. A different reportlab version can also change
the bytes; the tests name the version the files were made with.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import reportlab
from report_helpers import demo_ids

from spf_desktop.reports import make_report

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("SPF_UPDATE_GOLDEN") == "1"

#: (golden file, report kind, record in the demo story, copies)
CASES = [
    ("audit-baseline.pdf", "audit", "round:Baseline", 1),
    ("audit-review.pdf", "audit", "round:Review", 1),
    ("audit-2019.pdf", "audit", "round:2019 audit", 1),
    ("trend-east-midlands.pdf", "trend", "forum:East Midlands SPF", 1),
    ("agenda-workshop-2018-09-20.pdf", "agenda", "meeting:Self-managed workshop meeting", 1),
    ("summary-workshop-2018-09-20.pdf", "summary", "meeting:Self-managed workshop meeting", 1),
    ("summary-annual-2019.pdf", "summary", "meeting:Annual audit and review 2019", 1),
    ("questionnaire-2019.pdf", "questionnaire", "round:2019 audit", 2),
    ("quickstart-east-midlands.pdf", "quickstart", "forum:East Midlands SPF", 1),
]


@pytest.mark.parametrize(("name", "kind", "record", "copies"), CASES, ids=[c[0] for c in CASES])
def test_report_matches_its_golden_file(demo, tmp_path: Path, name: str, kind: str, record: str,
                                        copies: int) -> None:
    made = make_report(kind, demo.db, demo_ids(demo.db)[record], tmp_path / name, copies=copies)
    golden = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(made.read_bytes())
        (GOLDEN / "REPORTLAB_VERSION").write_text(reportlab.Version + "\n")
    assert golden.exists(), f"{golden} is missing: run with SPF_UPDATE_GOLDEN=1 to make it"
    made_with = (GOLDEN / "REPORTLAB_VERSION").read_text().strip()
    assert made.read_bytes() == golden.read_bytes(), (
        f"{name} differs from its golden file (made with reportlab {made_with}; this is "
        f"{reportlab.Version}). If the change is meant, regenerate with SPF_UPDATE_GOLDEN=1 "
        "and look at the pages before committing."
    )
