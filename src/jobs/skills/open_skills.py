"""Open-vocabulary skills from phrases such as "experience with X", "knowledge of X", "able to X".

Each phrase is mapped to the taxonomy with RapidFuzz when a term is close, else kept as free text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from jobs.skills.taxonomy import Skill, Taxonomy, normalise_term

_CUE = re.compile(
    r"\b(?P<cue>(?:working\s+|thorough\s+|general\s+|basic\s+|strong\s+|solid\s+|good\s+|some\s+)?"
    r"(?:knowledge|understanding|familiarity|experience|expertise|background|proficiency|training)"
    r"\s+(?:of|with|in|using|operating)|ability\s+to|able\s+to|skilled\s+(?:in|at|with)"
    r"|proficient\s+(?:in|with|at)|familiar\s+with|experienced\s+(?:in|with)|competent\s+in"
    r"|knowledgeable\s+(?:in|of|about)|capable\s+of|competencies\s+(?:may|will)\s+be\s+evaluated"
    r"|the\s+following\s+competencies)\s*(?P<colon>:)?\s*",
    re.I,
)
# A cue followed by ":" opens a list of ";"-separated items that runs to the end of the sentence,
# as in civil-service bulletins ("knowledge of: storekeeping methods; inventory systems; ...").
_STOP_AT = re.compile(r"[.;:!?()\n•]|\s[-–—]\s|\s(?:or|etc)\b|$")
_LIST_STOP_AT = re.compile(r"(?<![A-Z])\.(?=\s|$)|\n|$")
_ITEM_SPLIT = re.compile(r";\s*(?:and\s+|or\s+)?")
_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+", re.I)
_TRIM_AFTER = re.compile(
    r"\s+(?:including|such\s+as|in\s+order|sufficient|as\s+(?:it|they|well|used|applied|related"
    r"|required)|that|which|who|when|where|while|pertaining|relating|related\s+to|according"
    r"|to\s+(?:ensure|perform|prepare|provide|determine|meet|identify|complete)|for\s+(?:the|a)"
    r"\s+purpose|used\s+(?:in|to|for|on|by)|involved\s+in|employed\s+in|in\s+the\s+field)\b.*$",
    re.I,
)
_LEADING = re.compile(
    r"^(?:the|a|an|all|any|various|other|related|common|basic|general|standard|applicable|proper|"
    r"effective(?:ly)?|working|some|new|their|its|his|her|your|our|such\s+as|including|e\.g\.|"
    r"knowledge\s+of|the\s+ability\s+to|ability\s+to|how\s+to|safe|correct|fundamental|"
    r"(?:types?|kinds?|methods?|procedures?|principles?|practices?|techniques?|functions?|use|"
    r"operation|terminology|materials?)\s+(?:of|for|used\s+(?:to|in|for)|and\s+\w+\s+of))\s+",
    re.I,
)
# What follows "ability to"/"able to" that is a physical, legal or scheduling condition.
_NOT_A_SKILL = re.compile(
    r"^(?:lift|carry|pass|obtain|take|file|submit|complete\s+(?:the|an?|your)\s|work\s+(?:weekends|nights|overtime|holidays|any|various|a|flexible|"
    r"in|on|at|outdoors|under)|travel|stand|sit|walk|bend|kneel|be\s|get|reach|start|commute|read\s+and"
    r"\s+understand\s+this|apply|meet|qualify|provide\s+proof|relocate|possess|have|maintain\s+a\s+valid"
    r"|attend|report|perform\s+the\s+(?:essential|duties)|do\s|make\s+it|use\s+the\s+restroom|speak"
    r"\s+with|other\s+necessary|pertinent\s+city|city\s+and\s+personnel|equal\s+employment)",
    re.I,
)
_VAGUE = re.compile(
    r"^(?:the|a|an|and|or|including|such\s+as|skills?|knowledge|abilities|ability|experience|work|duties|tasks|methods|practices|principles"
    r"|procedures|things|others?|them|it|this|these|those|same|above|below|following|job|position"
    r"|job\s+knowledge|knowledge\s+of|and\s+the|equipment|tools|materials|other\s+necessary.*|necessary\s+.*|personal"
    r"\s+qualifications|equal\s+employment\s+opportunity.*|memorand.*|city\s+and\s+personnel.*"
    r"|pertinent\s+city.*|rules|policies|regulations|laws|codes)$",
    re.I,
)

# Free text that names people, manners or dates rather than a skill.
_NOT_A_PHRASE = re.compile(
    r"^(?:with|in|of|to|for|by|on|at|from|as|into|under|upon)\b"
    r"|\b(?:others|subordinates?|co-?workers|employees|public|supervisors|personnel|tenants|vendors"
    r"|officials|staff|managers?|customers\s+and|manner|tactful\w*|january|february|march|april|may"
    r"|june|july|august|september|october|november|december)\b"
    r"|^(?:interact|deal|get\s+along|cooperate|clear\s+up|secure|work\s+(?:closely|with)|understand"
    r"|use\s+information|perform\s+work|make\s+decisions|analyze|provide|recommend|accept)\b",
    re.I,
)


# Single words that say how or what in general, never which skill.
_GENERIC_WORDS = set(
    [
        "terms",
        "systems",
        "techniques",
        "functions",
        "theory",
        "pressure",
        "grounds",
        "digital",
        "concise",
        "organize",
        "plan",
        "coordinate",
        "communicate",
        "directing",
        "assigning",
        "motivating",
        "counseling",
        "disciplining",
        "commending",
        "evaluating",
        "delegating",
        "controlling",
        "instructing",
        "servicing",
        "recreation",
        "legislation",
        "components",
        "problems",
        "conditions",
        "situations",
        "information",
        "materials",
        "methods",
        "requirements",
        "activities",
        "operations",
        "standards",
        "specifications",
        "regulations",
        "procedures",
        "policies",
        "practices",
        "principles",
        "properties",
        "characteristics",
        "applications",
        "terminology",
        "symbols",
        "equipment",
        "machinery",
        "devices",
        "facilities",
        "structures",
        "documents",
        "records",
        "reports",
        "forms",
        "manuals",
        "various",
        "analyze",
        "evaluate",
        "prepare",
        "maintain",
        "review",
        "inspect",
        "install",
        "repair",
        "perform",
        "operate",
        "determine",
        "develop",
        "implement",
        "interpret",
        "explain",
        "understand",
    ]
)


def is_free_text_skill(phrase: str) -> bool:
    """Whether an unmapped phrase is worth keeping as a free-text skill: not about people, manners
    or dates, and a single word only when it is a specific term."""
    if _NOT_A_PHRASE.search(phrase):
        return False
    words = phrase.split()
    if len(words) == 1:
        word = words[0].lower()
        return len(word) >= 6 and word not in _GENERIC_WORDS
    return True


FUZZY_CUTOFF = 90  # token_sort_ratio; 90 keeps "forklift operations" ~ "forklift operation" only


class OpenPhrase:
    """A phrase after a cue, with its character span."""

    __slots__ = ("end", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end


def _clean(piece: str, max_words: int, keep_long: bool) -> tuple[str, int] | None:
    """The phrase inside ``piece`` and its offset there, or None when it is not a skill."""
    phrase = _TRIM_AFTER.sub("", piece).strip(" ,\t'\"")
    offset = piece.find(phrase) if phrase else -1
    lead = _LEADING.match(phrase)
    while lead:
        phrase, offset = phrase[lead.end() :], offset + lead.end()
        lead = _LEADING.match(phrase)
    words = phrase.split()
    if not words:
        return None
    if len(words) > max_words:
        if not keep_long:
            return None
        last_word = list(re.finditer(r"\S+", phrase))[max_words - 1]
        phrase = phrase[: last_word.end()].rstrip(" ,")
    if _VAGUE.match(phrase) or not re.search(r"[A-Za-z]{3}", phrase) or re.match(r"^\d", phrase):
        return None
    return phrase, offset


def find_open_phrases(text: str, max_words: int = 6) -> list[OpenPhrase]:
    """Candidate skill phrases following a cue, split on ";", commas and "and"/"or", trimmed."""
    phrases: list[OpenPhrase] = []
    for cue in _CUE.finditer(text):
        limit = min(len(text), cue.end() + (3000 if cue.group("colon") else 400))
        stopper = _LIST_STOP_AT if cue.group("colon") else _STOP_AT
        stop = stopper.search(text, cue.end(), limit)
        end = stop.start() if stop else limit
        if cue.group("colon"):
            # A list ends where the next list opens ("...; and the ability to: read plans").
            for later in _CUE.finditer(text, cue.end(), end):
                if later.group("colon"):
                    end = later.start()
                    break
        window = text[cue.end() : end]
        is_ability = cue.group("cue").lower().startswith(("ability", "able", "capable"))
        items = _ITEM_SPLIT.split(window) if cue.group("colon") else [window]
        item_offset = 0
        for item in items:
            item_start = window.find(item, item_offset)
            item_offset = item_start + len(item)
            # Split "a, b and c" into skills when most parts are short names, not clauses.
            parts = _SPLIT.split(item)
            short = sum(len(part.split()) <= 4 for part in parts)
            if len(parts) < 2 or short * 2 < len(parts):
                parts = [item]
            part_offset = 0
            for part in parts:
                part_start = item.find(part, part_offset)
                part_offset = part_start + len(part)
                cleaned = _clean(part, max_words, keep_long=False)
                if cleaned is None:
                    continue
                phrase, offset = cleaned
                if is_ability and _NOT_A_SKILL.match(phrase):
                    continue
                start = cue.end() + item_start + part_start + offset
                if start > 0 and text[start - 1].isalnum():
                    continue  # never start inside a word
                phrases.append(
                    OpenPhrase(text[start : start + len(phrase)], start, start + len(phrase))
                )
    return phrases


class SkillLookup:
    """Map a free phrase to the closest taxonomy skill: exact normalised term, else RapidFuzz."""

    def __init__(self, taxonomy: Taxonomy, cutoff: int = FUZZY_CUTOFF) -> None:
        self.taxonomy = taxonomy
        self.cutoff = cutoff
        self.terms = list(taxonomy.skill_by_term)
        self.owners = [taxonomy.skill_by_term[term] for term in self.terms]
        # Candidates share a word with the phrase: each lookup compares dozens, not thousands.
        self.by_word: dict[str, list[int]] = {}
        for index, term in enumerate(self.terms):
            for word in set(term.split()):
                if len(word) > 2:
                    self.by_word.setdefault(word, []).append(index)
        self.lookup = lru_cache(maxsize=50_000)(self._lookup)

    def _lookup(self, phrase: str) -> tuple[Skill, float] | None:
        key = normalise_term(phrase)
        if not key:
            return None
        exact = self.taxonomy.skill_by_term.get(key)
        if exact:
            return self.taxonomy.skills[exact], 100.0
        candidates: set[int] = set()
        for word in set(key.split()):
            candidates.update(self.by_word.get(word, ()))
            if word.endswith("s"):
                candidates.update(self.by_word.get(word[:-1], ()))
        if not candidates:
            return None
        choices = {index: self.terms[index] for index in candidates}
        best = process.extractOne(
            key, choices, scorer=fuzz.token_sort_ratio, score_cutoff=self.cutoff
        )
        if best is None:
            return None
        _, score, index = best
        return self.taxonomy.skills[self.owners[index]], float(score)
