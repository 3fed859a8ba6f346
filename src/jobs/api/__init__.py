"""JSON API controllers (under /api/v1) and their msgspec schemas; /health lives here too."""

from __future__ import annotations

from typing import Any


def api_handlers() -> list[Any]:
    """Every /api/v1 router, for ``create_app``."""
    from jobs.api.v1 import api_router

    return [api_router]
