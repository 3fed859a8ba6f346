"""Skills named by the duties: "climbs, prunes, trims and removes trees" is tree climbing, pruning,
trimming and removal, though no cue such as "knowledge of" introduces them.

Each duty clause that opens with a list of verbs in the third person ("installs, maintains and
repairs water mains") gives one phrase per verb, made from the verb's "-ing" form and the first
thing it acts on ("installing water mains"); a clause that opens with one general verb ("does
gardening, landscape construction, and maintenance work") gives the things listed after it. The
phrases go through the same taxonomy lookup and free-text filter as cued phrases.
"""

from __future__ import annotations

import re

from jobs.skills.sections import Section

# "A Tree Surgeon", "An Electrical Mechanic in a trainee position", "Under general supervision,".
_SUBJECT = re.compile(
    r"^\s*(?:(?:an?|the)\s+(?:(?-i:[A-Z])[\w'’/()-]*\s+)+|under\s+(?:general\s+|close\s+|immediate\s+)?"
    r"(?:supervision|direction),?\s+)",
    re.I,
)
# Verbs in lower case, each after a comma or "and": "climbs, prunes, trims and removes trees".
_VERB_LIST = re.compile(
    r"([a-z]+s(?:(?:,\s+|,?\s+(?:and|or|and/or)\s+)[a-z]+s)*)\s+(?!of\b|and\b|or\b)"
)
_CLAUSE_SPLIT = re.compile(r";|\.(?=\s|$)|\n")
_OBJECT_END = re.compile(
    r"\s+(?:in|on|at|along|to|for|from|with|within|under|over|by|as|so|when|where|which|that"
    r"|such\s+as|including|using|into|through|throughout|between|during|according|and\s+does"
    r"|and\s+performs|related)\b|\s*[(:]",
    re.I,
)
_ITEM_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or|and/or)\s+", re.I)
_ARTICLE = re.compile(
    r"^(?:the|a|an|all|any|various|other|related|routine|general|assigned|appropriate|their|its"
    r"|such|some|many|several|numerous|variety\s+of|a\s+variety\s+of|large|small)\s+",
    re.I,
)
# Verbs that say only that work is done, or that are not the job's own skill.
_GENERAL_VERBS = {"does", "performs", "conducts", "carries", "undertakes", "has", "is", "was"}
_NOT_VERBS = {
    "is", "has", "was", "does", "as", "its", "this", "thus", "plus", "various", "previous",
    "serious", "numerous", "always", "perhaps", "unless", "across", "towards", "afterwards",
    "us", "yes", "process", "business", "class", "gas", "glass", "status", "bus", "series",
}  # fmt: skip
# Verbs about managing people, the City's own rules, or vague activity: no skill to name.
_SKIPPED_VERBS = {
    "applies", "fulfills", "assists", "helps", "works", "serves", "acts", "represents", "attends",
    "participates", "receives", "responds", "ensures", "assumes", "follows", "exercises",
    "assigns", "reviews", "evaluates", "directs", "supervises", "coordinates", "oversees",
    "manages", "plans", "organizes", "leads",
}  # fmt: skip
# "engaged in ordering, receiving, inspecting and storing materials": two or more "-ing" words.
_GERUND_LIST = re.compile(
    r"\b([a-z]+ing(?:(?:,\s+|,?\s+(?:and|or|and/or)\s+)[a-z]+ing)+)\s+(?:(?:for|of|to|on|with)\s+)?"
)
# "does skilled work in the layout, installation, repair, and maintenance of plumbing systems".
_WORK_IN = re.compile(r"^(?:[a-z-]+\s+){0,3}work\s+in\s+(?:the\s+)?(.+?)\s+of\s+(.+)$", re.I)
_VOWELS = set("aeiou")
_JOINERS = {"and", "or", "the", "a", "an", "and/or"}
# What supervisors build and maintain: people, not a skill ("an effective work force").
_NOT_THINGS = {"work force", "effective work", "workforce", "employees", "staff", "personnel"}
MAX_OBJECT_WORDS = 4


class DutyPhrase:
    """A phrase read from the duties: label in plain words, span of the words it came from."""

    __slots__ = ("end", "label", "start")

    def __init__(self, label: str, start: int, end: int) -> None:
        self.label, self.start, self.end = label, start, end


def ing_form(verb: str) -> str | None:
    """ "prunes" -> "pruning", "trims" -> "trimming", "applies" -> "applying"; None when the word
    does not look like a verb in the third person."""
    word = verb.lower()
    if len(word) < 4 or not word.endswith("s") or word.endswith("ss") or word in _NOT_VERBS:
        return None
    if word.endswith("ies") and len(word) > 4:
        base = word[:-3] + "y"
    elif word.endswith("es") and word[:-2].endswith(("ss", "sh", "ch", "x", "zz")):
        base = word[:-2]
    else:
        base = word[:-1]
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        return base[:-1] + "ing"
    vowel_groups = len(re.findall(r"[aeiou]+", base))
    if (
        vowel_groups == 1
        and len(base) >= 3
        and base[-1] not in _VOWELS
        and base[-1] not in "wxy"
        and base[-2] in _VOWELS
        and base[-3] not in _VOWELS
    ):
        return base + base[-1] + "ing"  # "trim" -> "trimming", "plan" -> "planning"
    return base + "ing"


def _items(text: str) -> list[tuple[str, int]]:
    """Short things listed in ``text``, with offsets: "water mains, services, fire hydrants"."""
    found = []
    position = 0
    for piece in _ITEM_SPLIT.split(text):
        offset = text.find(piece, position)
        position = offset + len(piece)
        item = piece.strip()
        lead = _ARTICLE.match(item)
        while lead:
            item = item[lead.end() :]
            lead = _ARTICLE.match(item)
        words = item.split()
        if not words or len(words) > MAX_OBJECT_WORDS or not re.search(r"[a-z]{3}", item):
            continue
        found.append((item, offset + piece.find(item)))
    return found


def find_duty_phrases(text: str, sections: list[Section]) -> list[DutyPhrase]:
    """Skill phrases from the clauses of every duties section (see the module docstring)."""
    phrases: list[DutyPhrase] = []
    for section in sections:
        if section.kind != "duties":
            continue
        body = text[section.start : section.end]
        position = 0
        for clause in _CLAUSE_SPLIT.split(body):
            offset = body.find(clause, position)
            position = offset + len(clause)
            phrases += _clause_phrases(clause, section.start + offset)
    return phrases


def _clause_phrases(clause: str, base: int) -> list[DutyPhrase]:
    return _verb_phrases(clause, base) + _gerund_phrases(clause, base)


def _thing(text: str) -> str | None:
    """The first thing named in ``text``, in at most two words ("plumbing systems")."""
    end = _OBJECT_END.search(text)
    first = re.split(
        r",|\s(?:and|or)\s+(?:by|to|in|for|[a-z]+s)\b", text[: end.start()] if end else text
    )[0]
    words = [w for w in first.split() if w.lower() not in _JOINERS][-2:]
    thing = " ".join(words)
    if not words or thing.lower() in _NOT_THINGS or not re.search(r"[a-z]{3}", thing):
        return None
    return thing


def _gerund_phrases(clause: str, base: int) -> list[DutyPhrase]:
    phrases = []
    for found in _GERUND_LIST.finditer(clause):
        thing = _thing(clause[found.end() :])
        if thing is None:
            continue  # "building and maintaining an effective work force"
        for word in re.finditer(r"[a-z]+ing", found.group(1)):
            if word.group(0) in ("and", "or"):
                continue
            label = f"{word.group(0)} {thing}"
            at = base + found.start(1) + word.start()
            phrases.append(DutyPhrase(label, at, at + len(word.group(0))))
    return phrases


def _verb_phrases(clause: str, base: int) -> list[DutyPhrase]:
    subject = _SUBJECT.match(clause)
    start = subject.end() if subject else len(clause) - len(clause.lstrip())
    verbs_match = _VERB_LIST.match(clause, start)
    if not verbs_match:
        return []
    verbs = [
        (word.group(0), start + word.start())
        for word in re.finditer(r"[a-z]+", verbs_match.group(1), re.I)
        if word.group(0).lower() not in ("and", "or")
    ]
    rest_start = verbs_match.end()
    end = _OBJECT_END.search(clause, rest_start)
    rest = clause[rest_start : end.start() if end else len(clause)]
    items = _items(rest)
    phrases: list[DutyPhrase] = []
    general = len(verbs) == 1 and verbs[0][0].lower() in _GENERAL_VERBS
    skipped = all(verb.lower() in _SKIPPED_VERBS | _GENERAL_VERBS for verb, _ in verbs)
    if not items or (skipped and not general):
        return phrases
    if general:
        work_in = _WORK_IN.match(clause[rest_start:])
        if work_in:
            thing = _thing(work_in.group(2))
            if thing:
                for item, offset in _items(work_in.group(1)):
                    at = base + rest_start + work_in.start(1) + offset
                    phrases.append(DutyPhrase(f"{item} of {thing}", at, at + len(item)))
            return phrases
        for item, offset in items:
            at = base + rest_start + offset
            phrases.append(DutyPhrase(item, at, at + len(item)))
        return phrases
    thing = items[0][0]
    for verb, verb_start in verbs:
        if verb.lower() in _SKIPPED_VERBS or verb.lower() in _GENERAL_VERBS:
            continue
        ing = ing_form(verb)
        if ing is None:
            return []  # not a list of verbs after all
        at = base + verb_start
        phrases.append(DutyPhrase(f"{ing} {thing}", at, at + len(verb)))
    for item, offset in items[1:]:
        at = base + rest_start + offset
        phrases.append(DutyPhrase(item, at, at + len(item)))
    return phrases
