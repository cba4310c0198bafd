"""Make a Windows console program that runs Python code with the Windows Python.

    python3 launcher.py OUT.exe 'Z:\\...\\python.exe' CODE_FILE

It is pip's own launcher (distlib's t64.exe, as pip makes for a Windows
venv's Scripts folder): the launcher, a #! line naming python.exe, and a zip
holding __main__.py.
"""

import io
import os
import sys
import zipfile

import pip._vendor.distlib as distlib

out, python, code_file = sys.argv[1:4]
launcher = os.path.join(os.path.dirname(distlib.__file__), "t64.exe")
payload = io.BytesIO()
with zipfile.ZipFile(payload, "w") as z, open(code_file) as f:
    z.writestr("__main__.py", f.read())
with open(launcher, "rb") as f, open(out, "wb") as exe:
    exe.write(f.read() + f"#!{python}\r\n".encode() + payload.getvalue())
