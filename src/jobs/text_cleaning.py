"""Text cleaning for postings: mis-encoded text repaired, HTML made safe to show or turned to text.

The one copy for the whole program: connectors use it on what sources send, skills on the text
they extract from. Pure (no I/O): ftfy repairs encodings, nh3 sanitises the HTML that is shown,
the standard library's HTML parser reads HTML as text.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import ftfy
import nh3

# ---------------------------------------------------------------- HTML that is shown

_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "small", "span", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}}


def sanitise_html(markup: str) -> str:
    """Clean description HTML: no scripts, styles, event handlers or javascript: links."""
    if not markup:
        return ""
    return nh3.clean(
        markup,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


# ---------------------------------------------------------------- HTML as text

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "blockquote", "pre", "hr", "dd", "dt", "dl", "section", "article", "header", "footer",
}  # fmt: skip
# Elements whose content is never text a reader sees.
_HIDDEN_TAGS = {"script", "style", "template", "head"}
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?\s*>|<!--.*?-->", re.S)
_ESCAPED_TAG = re.compile(r"&lt;\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s.*?)?&gt;", re.S)
# Feed text may wrap HTML in CDATA sections; their content is read as the HTML it is.
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)


class _TextOfHtml(HTMLParser):
    """Collects the text of an HTML fragment: blocks open and close lines, items are bullets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden += 1
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Readable plain text of an HTML fragment: blocks become lines, list items bullets.

    Line breaks already in the source are kept (much "HTML" from job boards is text with a few
    tags); spaces are collapsed and empty lines dropped.
    """
    if not markup:
        return ""
    reader = _TextOfHtml()
    reader.feed(_CDATA.sub(r"\1", markup))
    reader.close()
    lines = (clean_text(line) for line in "".join(reader.parts).split("\n"))
    return "\n".join(line for line in lines if line and line != "•")


def looks_like_html(text: str) -> bool:
    """True when the text carries HTML tags, or tags escaped once more (&lt;p&gt;)."""
    if "<" not in text and "&lt;" not in text:
        return False
    return bool(_TAG.search(text) or _ESCAPED_TAG.search(text))


def escaped_twice(text: str) -> bool:
    """True when the only tags in the text are escaped ones (``&lt;p&gt;``), as Greenhouse
    sends its content."""
    return not _TAG.search(text) and bool(_ESCAPED_TAG.search(text))


def unescape_twice(markup: str) -> str:
    """HTML whose markup was escaped once more as entities, back to HTML."""
    return html.unescape(markup or "")


# ---------------------------------------------------------------- plain text

_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def clean_text(value: object) -> str:
    """Collapse runs of spaces (incl. non-breaking ones) and trim; None becomes ''."""
    if value is None:
        return ""
    return _SPACES.sub(" ", str(value)).strip()


def text_or_none(value: object) -> str | None:
    """Cleaned text, or None when nothing is left."""
    return clean_text(value) or None


def repair_mojibake(text: str) -> str:
    """Repair text that was UTF-8 but read in another encoding ("donâ€™t" → "don’t").

    ftfy finds the mis-encoded sequences, also when correct text sits beside them in the same
    string ("Café" next to "Weâ€™re"); text that was never broken is left as it is.
    """
    if text.isascii():
        return text
    return ftfy.fix_encoding(text)
