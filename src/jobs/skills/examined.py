"""Abilities the examination paragraph tests, read as skills.

A civil-service bulletin's selection process lists what candidates may be examined for: "the
ability to: interpret parts catalogues; evaluate bids; ...". Elsewhere a free-text phrase that
opens with such a verb is a cut clause ("determine procedures", "ensure compliance") and is
dropped; in the examination's list each item is an ability LABELLING.md counts as a skill, so it
is kept as the doing ("interpreting parts catalogues") when what is done is named specifically.
"""

from __future__ import annotations

import re

from jobs.skills.duties import ing_form
from jobs.skills.linking import is_generic

_VERB_FIRST = re.compile(r"^(?P<verb>[a-z]+)\s+(?P<object>.+)$")
# Words after "to", "with", "for", "in" are a purpose or a partner: the clause is cut, not named.
_PURPOSE = re.compile(r"\s(?:to|with|for|in)\s")
# Doing in general, whatever it is done to ("ensure compliance", "assess needs"): never a skill.
_VAGUE_VERBS = {"ensure", "assess", "work", "avoid", "gain", "arrive", "frequent", "remain", "list"}
# What is done named in general ("ensure compliance", "determine sizes", "check the accuracy"):
# the last word names no field of work, so no skill is named.
_VAGUE_HEADS = {
    "procedure", "procedures", "compliance", "information", "needs", "problem", "problems",
    "situation", "situations", "action", "actions", "work", "task", "tasks", "duties", "policies",
    "priorities", "result", "results", "decision", "decisions", "accuracy", "alternatives",
    "outcomes", "resources", "amount", "time", "sizes", "ratios", "methods", "rapport", "account",
    "workload", "detail", "details", "research", "labor", "cost", "costs", "data", "operations",
}  # fmt: skip
_VAGUE_FIRST = {"types", "kinds", "amount", "methods", "ways"}


def examined_doing(label: str, section: str) -> str | None:
    """The skill label for a verb-first ability listed in the examination ("interpret parts
    catalogues" gives "interpreting parts catalogues"), or None when the words are not one."""
    if section != "selection":
        return None
    words = " ".join(label.lower().split())
    found = _VERB_FIRST.match(words)
    if found is None or _PURPOSE.search(f" {words} "):
        return None
    verb, what = found["verb"], found["object"]
    last, first = what.split()[-1], what.split()[0]
    if verb in _VAGUE_VERBS or last in _VAGUE_HEADS or first in _VAGUE_FIRST or is_generic(what):
        return None
    doing = ing_form(verb + "s") or f"{verb}ing"  # "plan" -> "planning", "analyze" -> "analyzing"
    return f"{doing} {what}"
