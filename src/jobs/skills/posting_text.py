"""Turn what a source gave us into plain posting text: mojibake repaired, HTML stripped, size
capped (the cleaning itself is ``jobs.text_cleaning``)."""

from __future__ import annotations

import msgspec

from jobs.text_cleaning import (
    escaped_twice,
    html_to_text,
    looks_like_html,
    repair_mojibake,
    unescape_twice,
)

MAX_CHARS = 100_000  # a real posting is under 30,000 characters; anything longer is cut here


class PostingText(msgspec.Struct):
    """The cleaned text every extraction span indexes, and what was done to get it."""

    text: str
    notes: list[str] = []


def prepare_text(raw: str, max_chars: int = MAX_CHARS) -> PostingText:
    """Clean raw posting text; every step that changed it is said in ``notes``."""
    notes: list[str] = []
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if len(text) > max_chars * 4:
        # Cut before the expensive steps too, so a 2 MB input costs no more than a long posting.
        text = text[: max_chars * 4]
    repaired = repair_mojibake(text)
    if repaired != text:
        notes.append("repaired mis-encoded characters (UTF-8 read as another encoding)")
        text = repaired
    if looks_like_html(text):
        text = html_to_text(unescape_twice(text) if escaped_twice(text) else text)
        notes.append("stripped HTML markup")
    if len(raw) > max_chars and len(text) > max_chars:
        cut = text.rfind(" ", 0, max_chars)
        text = text[: cut if cut > max_chars // 2 else max_chars]
        notes.append(f"text capped at {len(text)} of {len(raw)} characters; the rest was not read")
    return PostingText(text=text, notes=notes)
