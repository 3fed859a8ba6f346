"""Start `jobs serve` many times fast: this process imports the app once, then forks a fresh
server process for each port it reads on stdin and answers with the server's pid.

For tests that kill and restart the server over and over (a cold start takes seconds).
Run as ``python -m tests.support.forked_server LOGFILE`` from the repository root; it must have
no threads when it forks, so it imports but never runs anything itself.
"""

from __future__ import annotations

import os
import signal
import sys

import jobs.app  # noqa: F401  (imported once here, so every forked server starts at once)
from jobs.cli import main


def run(log_path: str) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # servers that die are reaped by the kernel
    for line in sys.stdin:
        args = line.split()
        if not args:
            continue
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.dup2(log, 1)
            os.dup2(log, 2)
            try:
                main(["serve", *args], prog_name="jobs")
            finally:
                os._exit(0)
        sys.stdout.write(f"{pid}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    run(sys.argv[1])
