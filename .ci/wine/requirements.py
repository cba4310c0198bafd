"""Print the app's requirements, one a line, from pyproject.toml: the
dependencies and each optional group named on the command line.

    python3 requirements.py pyproject.toml test build
"""

import sys
import tomllib

with open(sys.argv[1], "rb") as f:
    project = tomllib.load(f)["project"]
print("\n".join(project["dependencies"]))
for extra in sys.argv[2:]:
    print("\n".join(project["optional-dependencies"][extra]))
