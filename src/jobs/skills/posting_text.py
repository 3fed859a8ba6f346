"""Turn what a source gave us into plain posting text: HTML stripped, mojibake repaired, "
"size capped."""

from __future__ import annotations

import html
import re

import msgspec
import nh3

MAX_CHARS = 100_000  # a real posting is under 30,000 characters; anything longer is cut here


class PostingText(msgspec.Struct):
    """The cleaned text every extraction span indexes, and what was done to get it."""

    text: str
    notes: list[str] = []


_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?\s*>|<!--.*?-->", re.S)
_ESCAPED_TAG = re.compile(r"&lt;\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s.*?)?&gt;", re.S)
_DROP_BLOCKS = re.compile(r"<(script|style|head|template)\b.*?</\1\s*>", re.S | re.I)
_LINE_BREAK_TAGS = re.compile(
    r"<\s*(br|/p|/div|/h[1-6]|/li|/tr|/ul|/ol|/section|/article|/header|/table)\b[^>]*>", re.I
)
_BULLET_TAGS = re.compile(r"<\s*li\b[^>]*>", re.I)
_HEADING_OPEN = re.compile(r"<\s*(h[1-6]|p|div|tr|section)\b[^>]*>", re.I)
_BLANK_RUNS = re.compile(r"\n[ \t]*(\n[ \t]*){2,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")

# Text that was UTF-8 but decoded as Windows-1252: a lead byte (Â..ô) followed by continuation
# characters as cp1252 shows them ("â€™" for ’, "Ã©" for é, "Â " for a no-break space).
_CP1252_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{_CP1252_CONTINUATION}]{{1,3}}")


def _to_cp1252_bytes(chunk: str) -> bytes | None:
    out = bytearray()
    for char in chunk:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) < 256:  # the five bytes cp1252 leaves undefined pass through as latin-1
                out.append(ord(char))
            else:
                return None
    return bytes(out)


def repair_mojibake(text: str) -> tuple[str, int]:
    """Repair UTF-8 read as cp1252 ("donâ€™t" -> "don’t"); returns the text and the repair count."""
    repairs = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal repairs
        raw = _to_cp1252_bytes(match.group(0))
        if raw is None:
            return match.group(0)
        try:
            fixed = raw.decode("utf-8")
        except UnicodeDecodeError:
            return match.group(0)
        repairs += 1
        return fixed

    if text.isascii() or not _MOJIBAKE.search(text):
        return text, 0
    return _MOJIBAKE.sub(fix, text), repairs


def looks_like_html(text: str) -> bool:
    """True when the text carries HTML tags, or tags escaped once more (&lt;p&gt;)."""
    if "<" not in text and "&lt;" not in text:
        return False
    return bool(_TAG.search(text) or _ESCAPED_TAG.search(text))


def html_to_text(markup: str) -> str:
    """Strip HTML to text, keeping block and list structure as line breaks."""
    if not _TAG.search(markup) and _ESCAPED_TAG.search(markup):
        markup = html.unescape(markup)  # content escaped twice, as Greenhouse sends it
    markup = _DROP_BLOCKS.sub(" ", markup)
    markup = _LINE_BREAK_TAGS.sub("\n", markup)
    markup = _BULLET_TAGS.sub("\n• ", markup)
    markup = _HEADING_OPEN.sub("\n", markup)
    text = html.unescape(nh3.clean(markup, tags=set()))
    text = text.replace("\xa0", " ")
    text = _TRAILING_SPACE.sub("\n", text)
    return _BLANK_RUNS.sub("\n\n", text).strip()


def prepare_text(raw: str, max_chars: int = MAX_CHARS) -> PostingText:
    """Clean raw posting text; every step that changed it is said in ``notes``."""
    notes: list[str] = []
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if len(text) > max_chars * 4:
        # Cut before the expensive steps too, so a 2 MB input costs no more than a long posting.
        text = text[: max_chars * 4]
    text, repairs = repair_mojibake(text)
    if repairs:
        notes.append(f"repaired {repairs} mis-encoded character sequences (UTF-8 read as cp1252)")
    if looks_like_html(text):
        text = html_to_text(text)
        notes.append("stripped HTML markup")
    if len(raw) > max_chars and len(text) > max_chars:
        cut = text.rfind(" ", 0, max_chars)
        text = text[: cut if cut > max_chars // 2 else max_chars]
        notes.append(f"text capped at {len(text)} of {len(raw)} characters; the rest was not read")
    return PostingText(text=text, notes=notes)
