"""Values written into HTML built in Python (the match and job cards): escaped as markupsafe
escapes them, and minutes rounded as the templates round them."""

from __future__ import annotations

from typing import Any

try:
    # markupsafe's own escaping of a str (C when built), without the Markup that ``escape``
    # wraps it in: ``escape`` is this plus that wrapping.
    from markupsafe import _escape_inner as _escaped
except ImportError:  # pragma: no cover - a markupsafe without it

    def _escaped(s: str, /) -> str:
        return (
            s.replace("&", "&amp;")
            .replace(">", "&gt;")
            .replace("<", "&lt;")
            .replace("'", "&#39;")
            .replace('"', "&#34;")
        )


def html_text(value: Any) -> str:
    """``value`` as HTML text, as ``markupsafe.escape`` writes it, without making a ``Markup``
    of each value (that took half of a card's time)."""
    if type(value) is str:
        return _escaped(value)
    if type(value) is int:
        return str(value)  # digits and a sign: nothing to escape
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return _escaped(str(value))


def whole_minutes(value: Any) -> int:
    """The template's ``minutes|round|int``: rounded half to even, 0 when not a number."""
    rounded = round(value, 0)
    try:
        return int(rounded)
    except (TypeError, ValueError):
        try:
            return int(float(rounded))
        except (TypeError, ValueError):
            return 0
