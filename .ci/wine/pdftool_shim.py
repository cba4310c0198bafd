"""pdftotext.exe, pdfinfo.exe and pdffonts.exe for the Windows tests under Wine.

The program's own name says which tool; Windows paths in the arguments become
Unix paths, and pdftool_server.py runs Debian's tool on them. port.txt beside
the shim holds the server's port.
"""

import base64
import ctypes
import json
import os
import re
import socket
import sys


def unix_path(path: str) -> str:
    to_unix = ctypes.cdll.kernel32.wine_get_unix_file_name
    to_unix.restype = ctypes.c_void_p
    to_unix.argtypes = [ctypes.c_wchar_p]
    pointer = to_unix(os.path.abspath(path))
    return ctypes.string_at(pointer).decode() if pointer else path


def argument(arg: str) -> str:
    if arg == "-" or arg.startswith("-"):
        return arg
    if re.match(r"^[A-Za-z]:[\\/]", arg) or os.sep in arg or os.path.exists(arg):
        return unix_path(arg)
    return arg


def main() -> int:
    here = os.path.dirname(os.path.abspath(sys.argv[0]))
    tool = os.path.splitext(os.path.basename(sys.argv[0]))[0].lower()
    with open(os.path.join(here, "port.txt")) as f:
        port = int(f.read())
    request = {"tool": tool, "args": [argument(a) for a in sys.argv[1:]],
               "cwd": unix_path(os.getcwd())}
    with socket.create_connection(("127.0.0.1", port), timeout=120) as s:
        s.sendall((json.dumps(request) + "\n").encode())
        data = b""
        while not data.endswith(b"\n"):
            chunk = s.recv(1 << 20)
            if not chunk:
                break
            data += chunk
    reply = json.loads(data)
    sys.stdout.buffer.write(base64.b64decode(reply["stdout"]))
    sys.stdout.flush()
    sys.stderr.buffer.write(base64.b64decode(reply["stderr"]))
    sys.stderr.flush()
    return reply["rc"]


if __name__ == "__main__":
    sys.exit(main())
