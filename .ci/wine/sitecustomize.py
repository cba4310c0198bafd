"""Put QT_* variables back for the Windows Python under Wine.

Wine drops every QT_* variable on the way into a Windows process, so
.ci/wine-env passes each as PASS_QT_...; this turns it back into QT_...
(the ._pth file beside python.exe turns site, and so this module, on).
"""

import os

for _name, _value in list(os.environ.items()):
    if _name.startswith("PASS_QT_"):
        os.environ[_name.removeprefix("PASS_")] = _value
