"""Windows console programs that run Python code with the Windows Python.

    python3 launcher.py program OUT.exe PYTHON_EXE CODE_FILE
    python3 launcher.py console-scripts SITE_PACKAGES OUT_DIR PYTHON_EXE

Each is pip's own launcher (distlib's t64.exe, as pip makes for a Windows
venv's Scripts folder): the launcher, a #! line naming python.exe, and a zip
holding __main__.py. "console-scripts" makes one for every console script of
every installed distribution (pyside6-uic.exe, pytest.exe ...), as pip does,
since pip's --target leaves them out.
"""

import configparser
import io
import os
import sys
import zipfile
from pathlib import Path

import pip._vendor.distlib as distlib

# pip's template for a console script
SCRIPT = """import re
import sys
from {module} import {head}
if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])
    sys.exit({call}())
"""


def program(out: Path, python: str, code: str) -> None:
    launcher = Path(distlib.__file__).parent / "t64.exe"
    payload = io.BytesIO()
    with zipfile.ZipFile(payload, "w") as z:
        z.writestr("__main__.py", code)
    out.write_bytes(launcher.read_bytes() + f"#!{python}\r\n".encode() + payload.getvalue())


def console_scripts(site_packages: Path, out_dir: Path, python: str) -> None:
    for entry_points in site_packages.glob("*.dist-info/entry_points.txt"):
        parser = configparser.ConfigParser(delimiters=("=",))
        parser.optionxform = str  # type: ignore[assignment,method-assign]
        parser.read(entry_points, encoding="utf-8")
        if not parser.has_section("console_scripts"):
            continue
        for name, target in parser.items("console_scripts"):
            module, _, attr = target.split("[")[0].strip().partition(":")
            out = out_dir / f"{name}.exe"
            if not out.exists():
                program(out, python, SCRIPT.format(module=module, head=attr.split(".")[0],
                                                   call=attr))


if __name__ == "__main__":
    if sys.argv[1] == "program":
        program(Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4]).read_text(encoding="utf-8"))
    elif sys.argv[1] == "console-scripts":
        console_scripts(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4])
    else:
        sys.exit(__doc__)
