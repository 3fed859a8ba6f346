"""The front page."""

from __future__ import annotations

from litestar import get
from litestar.response import Template

from jobs import __version__


@get("/", include_in_schema=False)
async def home() -> Template:
    """What this service is, with the way in for each kind of user."""
    return Template(template_name="home.html", context={"version": __version__})
