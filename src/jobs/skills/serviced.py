"""The thing a worker services, read from its verb (issue #15: no skill from the wrong trade).

A skill's words can stand before a noun that names a thing ("firefighting equipment", "the
powder-coat line") which the clause's verb repairs, loads, cleans or packs. The words then say
which thing it is, not what the worker does: a mechanic who "repairs road maintenance and
firefighting equipment" repairs; a hanger who "loads parts on the powder coat line" loads. So
is a tool a repair verb works on ("repairs cranes and conveyors"): the mechanic does not operate
it. The skill stands only when it is itself that verb's kind of work (a repair skill after
"repair"), or when the clause also uses the thing ("operates and maintains").
"""

from __future__ import annotations

import re

from jobs.skills.context import sentence_around
from jobs.skills.taxonomy import Skill

# Nouns naming a thing worked on, after the words that say which one it is, or after other
# such words listed with them ("road maintenance and firefighting equipment").
_THING = (
    r"(?:equipment|line|lines|machines?|machinery|vehicles?|trucks?|apparatus|units?|rigs?"
    r"|booths?)\b"
)
_THING_AFTER = re.compile(
    rf"(?:[ \t]*(?:,|and\b|or\b|&)?[ \t]*[a-z][\w-]*){{0,3}}?[ \t]*-?[ \t]*{_THING}", re.I
)
# Or the skill's own words end in one ("powder coat line").
_THING_LAST = re.compile(rf"\S\s+{_THING}$", re.I)
# Verbs of servicing a thing, and the domains whose skills are that servicing.
# Lower case after the first letter only, so that a name ("Street Services", "Health Service")
# is not read as the verb.
_REPAIR = re.compile(
    r"\b(?:[Rr]epair|[Mm]aintain|service|[Oo]verhaul|[Rr]ebuild|[Ff]ix|[Tt]roubleshoot)"
    r"(?:s|ed|ing)?\b"
    r"|\b(?:[Rr]epair|[Mm]aintenance|servicing|[Oo]verhaul)\s+(?:of|on)\b"
)
_REPAIR_DOMAINS = frozenset({"maintenance", "auto_repair"})
# Verbs of handling a thing, and the domains whose skills are that handling.
_HANDLE = re.compile(
    r"\b(?:load|unload|pack|stock|restock|deliver|haul|hang|move|stage|clean|wash|feed)"
    r"(?:s|es|ed|ing)?\b",
    re.I,
)
_HANDLE_DOMAINS = frozenset({"warehouse", "logistics", "delivery", "custodial"})
# Verbs of working with the thing: a clause that has one is about using it ("operates and
# maintains audio visual equipment"), and the words name that work.
_USE = re.compile(r"\b(?:operat|us(?:e|es|ed|ing)\b|driv|run)", re.I)
# A clause ends at these: the verb must govern the words' own clause.
_CLAUSE_BREAK = re.compile(r"[;:]|\.\s|\b(?:and|or)\s+(?:is|are|will|must|may)\b", re.I)


def serviced_not_done(skill: Skill, text: str, start: int, end: int) -> bool:
    """Whether the words at ``text[start:end]`` only say which thing a repair or handling verb
    before them, in their clause, works on ("repairs firefighting equipment", "loads the powder
    coat line"), or which tool a repair verb works on ("repairs cranes"), and ``skill`` is not
    that verb's kind of work."""
    thing = bool(_THING_AFTER.match(text, end) or _THING_LAST.search(text[start:end]))
    if not thing and skill.kind != "tool":
        return False
    left = sentence_around(text, start, end)[0]
    clause = text[left:start]
    breaks = list(_CLAUSE_BREAK.finditer(clause))
    if breaks:
        clause = clause[breaks[-1].end() :]
    if _USE.search(clause):
        return False
    domains = set(skill.domains)
    if _REPAIR.search(clause):
        return not domains & _REPAIR_DOMAINS and "repair" not in skill.label
    if _HANDLE.search(clause) and thing:
        return not domains & _HANDLE_DOMAINS
    return False
