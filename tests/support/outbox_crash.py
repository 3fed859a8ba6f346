"""`jobs messages send-due` that dies by SIGKILL right after the provider answered and before
the outcome is written: the crash the outbox must survive without sending twice.

    python -m tests.support.outbox_crash [send-due options]
"""

from __future__ import annotations

import os
import signal
import sys

import jobs.services.outbox as outbox
from jobs.cli import main


async def _die(*args: object, **kwargs: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    # The crash point: the provider answered, the outcome is about to be written.
    outbox.record_outcome = _die  # type: ignore[assignment]
    main(["messages", "send-due", *sys.argv[1:]])
