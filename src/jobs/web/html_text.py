"""Values written into HTML built in Python (the match and job cards): escaped as markupsafe
escapes them, and minutes rounded as the templates round them."""

from __future__ import annotations

from typing import Any

from markupsafe import escape


def html_text(value: Any) -> str:
    """``value`` as HTML text, as ``markupsafe.escape`` writes it, without making a ``Markup``
    of each value (that took half of a card's time)."""
    if type(value) is str:
        return (
            value.replace("&", "&amp;")
            .replace(">", "&gt;")
            .replace("<", "&lt;")
            .replace("'", "&#39;")
            .replace('"', "&#34;")
        )
    return str(escape(value))


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
