"""Where the outside data for development lives (``../shared/data`` beside the checkout).

A worktree or a checkout elsewhere has no ``../shared`` beside it: set ``JOBS_SHARED_DATA`` to
the folder instead. Tools and tests read it from here only; nothing in it is copied into the
repository, and tests that need it skip when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("JOBS_SHARED_DATA") or ROOT.parent / "shared" / "data")
