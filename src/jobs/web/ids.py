"""Record ids in paths and forms: whole numbers from 1 to the largest id our databases hold.

A bigger number would reach the database driver and fail there (SQLite cannot bind an integer
of 2^63 or more), so every page and API route refuses it first as bad input (400).
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar.params import PathParameter

from jobs.errors import InvalidInput
from jobs.store.base import MAX_ID

Id = Annotated[int, PathParameter(ge=1, le=MAX_ID)]

__all__ = ["MAX_ID", "Id", "form_id"]


def form_id(form: Any, name: str) -> int:
    """The id a form field names; InvalidInput when it is not one."""
    raw = str(form.get(name, "")).strip()
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_ID):
        raise InvalidInput(f"{name}: choose one from the list")
    return int(raw)
