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
from collections.abc import Callable

from jobs.skills.linking import absorb, evidence_of
from jobs.skills.requirements import SkillMention

_READ_AND = re.compile(r"^read\s+and\s+(?:understand|comprehend)$", re.I)
_LEADING = re.compile(r"^(?:(?:the|all|any|a|an|basic|simple|various|routine)\s+)+", re.I)
# Where the object read ends: punctuation, the next item of its list, or what follows the noun
# phrase: a preposition, a clause, or a participle that says where the document is or what it
# holds ("written information found in manuals", "labels provided by the maker"). The object's
# first word is never a stop, so a participle before the noun ("posted notices") stays.
_OBJECT_END = re.compile(
    r"[,;:.()\n]|\s(?:and|or|in|of|on|for|to|from|with|at|by|into|within|under|about|such"
    r"|pertaining|related|relating|regarding|concerning|describing|containing|explaining"
    r"|showing|used|found|provided|given|received|contained|posted|issued|supplied|listed"
    r"|located|attached|displayed|shown|included|required|needed|presented|distributed"
    r"|that|which|who|where|as|sufficient|including)(?=\s|$)",
    re.I,
)
# Writing in general: what reading comprehension reads.
_IN_GENERAL = {
    "written", "information", "material", "materials", "text", "texts", "english", "documents",
    "language", "matter", "content", "communications",
}  # fmt: skip
_MAX_WORDS = 4
# Kinds of document a worker reads that a list after a reading verb names one word each ("read
# and interpret plans, diagrams and sketches"); "reading <document>" is the skill of each.
_DOCUMENTS = frozenset(
    {"plans", "diagrams", "sketches", "specifications", "manuals", "maps", "charts", "drawings",
     "schematics", "blueprints", "gauges", "recipes", "prints"}
)  # fmt: skip
_READ_VERB = re.compile(r"\bread(?:s|ing)?\b", re.I)
# What ends the reading verb's list before the document: a clause or sentence break, or a
# purpose ("read reports to plan work") after which the words are no longer what is read.
_LIST_BREAK = re.compile(r"[.;:!?()\n]|\b(?:to|for|sufficient|that|which|when|while)\b", re.I)


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


def document_read(text: str, start: int, end: int) -> str | None:
    """ "reading <document>" when the one word at start..end is a kind of document listed after
    a reading verb in its clause ("read blueprints, [sketches], and sewer maps"), else None."""
    word = text[start:end].strip().lower()
    if word not in _DOCUMENTS:
        return None
    before = text[max(0, start - 120) : start]
    verbs = list(_READ_VERB.finditer(before))
    if not verbs or _LIST_BREAK.search(before, verbs[-1].end()):
        return None
    return f"reading {word}"


def name_what_is_read(
    mentions: list[SkillMention], text: str, link: Callable[[str], str | None] | None = None
) -> list[SkillMention]:
    """A reading-comprehension skill read only from "read and understand <a kind of document>"
    becomes reading the first document named, free text ("reading written instructions"); its
    evidence stays. Where any of its spans reads writing in general, it stays as it is. Where the
    document is itself a skill the posting lists (``link`` gives the skill id words name: "read
    and understand safety data sheets" beside the safety data sheets skill), the reading folds
    into that skill, evidence kept: one skill per concept (issue #15)."""
    listed = {m.id: m for m in mentions if m.id is not None}
    kept: list[SkillMention] = []
    for mention in mentions:
        kept.append(mention)
        if mention.id is None or mention.label != "reading comprehension":
            continue
        spans = evidence_of(mention)
        if not all(_READ_AND.match(span.text) for span in spans):
            continue
        read = [object_read(text, span.end) for span in spans]
        if not all(read):
            continue
        document = str(read[0])
        linked = link(document) if link is not None else None
        into = listed.get(linked) if linked is not None else None
        if into is not None and into is not mention:
            kept.pop()
            absorb(into, mention)
            continue
        mention.id, mention.label = None, f"reading {document}"
    return kept
