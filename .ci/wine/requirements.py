"""Print the app's requirements, one a line, from pyproject.toml: the
dependencies and each optional group named on the command line, less what
cannot load as a Windows program under Wine 8.0.

    python3 requirements.py pyproject.toml test build
"""

import re
import sys
import tomllib

#: numpy and scipy call ucrtbase.dll's crealf as they load, which Wine 8.0 lacks:
#: the process ends (pytest-randomly imports numpy whenever it is installed). Only
#: the checks against scipy need them, and those run on Linux.
NOT_UNDER_WINE = {"scipy", "numpy"}

with open(sys.argv[1], "rb") as f:
    project = tomllib.load(f)["project"]
wanted = list(project["dependencies"])
for extra in sys.argv[2:]:
    wanted += project["optional-dependencies"][extra]
print("\n".join(r for r in wanted
                if re.match(r"[A-Za-z0-9_.-]+", r)[0].lower() not in NOT_UNDER_WINE))
