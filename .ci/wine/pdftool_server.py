"""Runs Debian's pdftotext, pdfinfo and pdffonts for the Windows tests under Wine.

Wine starts a Linux program but gives a Windows caller no pipes to it, so the
pdftotext.exe, pdfinfo.exe and pdffonts.exe shims (pdftool_shim.py) send their
arguments here, over 127.0.0.1, and get back the exit code and both outputs.

    python3 pdftool_server.py PORT_FILE     # writes the port it listens on
"""

import base64
import json
import os
import socketserver
import subprocess
import sys

TOOLS = {"pdftotext", "pdfinfo", "pdffonts"}


class Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        request = json.loads(self.rfile.readline())
        if request["tool"] not in TOOLS:
            reply = {"rc": 127, "stdout": "", "stderr": base64.b64encode(b"unknown tool\n").decode()}
        else:
            cwd = request.get("cwd") or "/"
            done = subprocess.run([request["tool"], *request["args"]], capture_output=True,
                                  cwd=cwd if os.path.isdir(cwd) else "/")
            reply = {"rc": done.returncode,
                     "stdout": base64.b64encode(done.stdout).decode(),
                     "stderr": base64.b64encode(done.stderr).decode()}
        self.wfile.write((json.dumps(reply) + "\n").encode())


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


if __name__ == "__main__":
    port_file = sys.argv[1]
    with Server(("127.0.0.1", 0), Handler) as server:
        with open(port_file + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        os.replace(port_file + ".tmp", port_file)
        server.serve_forever()
