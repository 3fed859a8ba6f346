"""What a posting asks to be read: "read and understand written instructions and labels" is
reading written instructions, not reading comprehension in general.

The taxonomy links "read and understand" and "read and comprehend" to reading comprehension.
Followed by the kind of document read, the words name reading that kind of document, as a
specialist would list it ("reading work instructions", "reading construction plans"); followed by
writing in general ("written information", "written material") or by nothing, they stay reading
comprehension (issue #15).
"""

from __future__ import annotations

import re

from jobs.skills.requirements import Evidence, SkillMention

_READ_AND = re.compile(r"^read\s+and\s+(?:understand|comprehend)$", re.I)
_LEADING = re.compile(r"^(?:(?:the|all|any|a|an|basic|simple|various|routine)\s+)+", re.I)
# Where the object read ends: punctuation, the next item of its list, or what follows it.
_OBJECT_END = re.compile(
    r"[,;:.()\n]|\s(?:and|or|in|of|on|for|to|from|with|such|pertaining|related|relating|used"
    r"|that|which|as|sufficient|including)(?=\s|$)",
    re.I,
)
# Writing in general: what reading comprehension reads.
_IN_GENERAL = {
    "written", "information", "material", "materials", "text", "texts", "english", "documents",
    "language", "matter", "content", "communications",
}  # fmt: skip
_MAX_WORDS = 4


def object_read(text: str, end: int) -> str | None:
    """The kind of document read after "read and understand" ending at ``end``, lower case, or
    None when the words after it name writing in general or nothing."""
    start = end
    while start < len(text) and text[start] in " \t":
        start += 1
    stop = _OBJECT_END.search(text, start, start + 120)
    words = _LEADING.sub("", text[start : stop.start() if stop else start + 120]).lower().split()
    if not words or len(words) > _MAX_WORDS or words[-1] in _IN_GENERAL:
        return None
    if not all(re.fullmatch(r"[a-z][a-z'-]*", word) for word in words):
        return None
    return " ".join(words)


def name_what_is_read(mentions: list[SkillMention], text: str) -> list[SkillMention]:
    """A reading-comprehension skill read only from "read and understand <a kind of document>"
    becomes reading the first document named, free text ("reading written instructions"); its
    evidence stays. Where any of its spans reads writing in general, it stays as it is."""
    for mention in mentions:
        if mention.id is None or mention.label != "reading comprehension":
            continue
        spans = list(mention.evidence) or [Evidence(mention.text, mention.start, mention.end)]
        if not all(_READ_AND.match(span.text) for span in spans):
            continue
        read = [object_read(text, span.end) for span in spans]
        if all(read):
            mention.id, mention.label = None, f"reading {read[0]}"
    return mentions
