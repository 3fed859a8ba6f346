"""Taxonomy skills a posting names only as examples: "communications equipment such as microwave
radio, trunking two-way radio" lists communications equipment, with two-way radio as its example
(LABELLING.md, lists under a general skill; issue #15, one entry per concept).

A linked skill every span of which is an item of the list right after "such as" or "e.g." is
listed under the general words before that list, its own words kept as the example; where those
words name nothing ("tools such as ...", "materials such as ..."), it is not listed; where they are
one generic word ("procedures such as payroll", "laws such as the FMLA") or a place or material
("landscaped areas such as ..."), the skill stays as it is, since a bare generic word never stands
alone and places and materials are not skills (issue #15).
"""

from __future__ import annotations

import re

from jobs.skills.duties import DUTY_VERBS
from jobs.skills.linking import GENERIC_WORDS, MATERIALS, evidence_of
from jobs.skills.open_skills import in_a_such_as_list
from jobs.skills.requirements import SkillMention

_SUCH_AS = re.compile(r"\b(?:such\s+as|e\.g\.)", re.I)
# Words that end the general words going back from "such as": a seam, a verb of using, a
# function word.
_STOPS = {
    "of", "and", "or", "the", "a", "an", "to", "in", "on", "for", "with", "by", "as", "at",
    "use", "using", "used", "uses", "operate", "operating", "perform", "performing", "read",
    "interpret", "including", "various", "other", "related", "applicable", "all", "any", "basic",
    "knowledge", "ability", "abilities", "skills", "experience",
}  # fmt: skip
# General words that name no skill on their own.
_NOTHING = {
    "tools", "equipment", "materials", "items", "devices", "things", "supplies", "products",
    "information", "material", "areas", "activities", "practices", "tasks", "duties", "programs",
}  # fmt: skip
# One word of rules or ways of doing: too general to stand for the skills listed after it.
_TOO_GENERAL = GENERIC_WORDS | {
    "laws", "regulations", "rules", "policies", "codes", "requirements", "standards",
    "guidelines", "ordinances", "matters", "subjects", "topics",
}  # fmt: skip
# Heads that name where work is done.
_PLACES = {
    "areas", "area", "sites", "site", "locations", "facilities", "buildings", "grounds", "rooms",
    "yards", "parks", "premises", "spaces", "zones", "properties", "streets", "roads", "lots",
    "surfaces", "fields", "plants", "offices",
}  # fmt: skip
_MAX_WORDS = 4


def _is_duty_verb(word: str) -> bool:
    """Whether a word is a duty verb, as written or in the third person ("repairs")."""
    return (
        word in DUTY_VERBS
        or (word.endswith("s") and word[:-1] in DUTY_VERBS)
        or (word.endswith("es") and word[:-2] in DUTY_VERBS)
    )


def general_words(text: str, start: int) -> str | None:
    """The general words right before the "such as" that opens the list holding ``start``, lower
    case ("communications equipment"), or None when they name nothing."""
    window = text[max(0, start - 200) : start]
    opened = list(_SUCH_AS.finditer(window))
    if not opened:
        return None
    before = window[: opened[-1].start()].rstrip(" ,(")
    words: list[str] = []
    cut = False  # whether the words were cut at _MAX_WORDS, inside a longer phrase
    for word in reversed(re.split(r"\s+", before)):
        bare = word.strip(",;:()").lower()
        if len(words) == _MAX_WORDS:
            cut = bool(bare) and bare not in _STOPS and not word.endswith((",", ";", ":", "."))
            break
        if not bare or bare in _STOPS or word.endswith((",", ";", ":", ".")):
            break
        if _is_duty_verb(bare):
            break  # "repairs communications equipment such as ...": the duty, not the thing
        if not re.fullmatch(r"[a-z][a-z'/-]*", bare):
            break
        words.insert(0, bare)
        if word[:1] == "(":
            break
    while cut and len(words) > 1 and _is_participle(words[0]):
        # "computer based financial analysis tools" cut after "computer": "based" was the end
        # of a modifier whose noun is gone; the words from the next one are the noun phrase.
        words.pop(0)
    if not words or (len(words) == 1 and words[0] in _NOTHING):
        return None
    return " ".join(words)


def _is_participle(word: str) -> bool:
    return word.endswith("ed") and not word.endswith("eed") and len(word) > 4


def names_a_place_or_material(words: str) -> bool:
    """Whether general words name where the work is done or what it is done to ("landscaped
    areas", "paved surfaces", "structural steel"): not a skill, so not a heading for one."""
    head = words.split()[-1]
    return head in _PLACES or head in MATERIALS


def fold_lone_examples(mentions: list[SkillMention], text: str) -> list[SkillMention]:
    """Each linked skill named only in a "such as" list becomes its general words, free text,
    with the skill as its example (several examples of one general word make one entry); one
    whose general words name nothing is dropped, and one whose general words are a single
    generic word stays itself. Everything else is unchanged."""
    kept: list[SkillMention] = []
    general: dict[str, SkillMention] = {}
    for mention in mentions:
        spans = evidence_of(mention)
        if mention.id is None or not all(in_a_such_as_list(text, s.start) for s in spans):
            kept.append(mention)
            continue
        words = general_words(text, spans[0].start)
        if words is None:
            continue
        if (" " not in words and words in _TOO_GENERAL) or names_a_place_or_material(words):
            kept.append(mention)
            continue
        into = general.get(words)
        if into is None:
            into = SkillMention(
                None, words, mention.text, mention.start, mention.end, mention.required,
                mention.kind, mention.section, mention.asked, spans, [mention.label],
            )  # fmt: skip
            general[words] = into
            kept.append(into)
            continue
        into.evidence = sorted([*into.evidence, *spans], key=lambda e: (e.start, e.end))
        if mention.label not in into.examples:
            into.examples.append(mention.label)
        into.required = into.required or mention.required
        into.asked = into.asked or mention.asked
    return kept
