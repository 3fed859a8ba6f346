"""Open-vocabulary skills from phrases such as "experience with X", "knowledge of X", "able to X",
and from what is named after "equipment such as".

Each phrase is mapped to the taxonomy with RapidFuzz when a term is close, else kept as free text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from jobs.skills.scan import ScanText, lower_case_pattern, scan_of
from jobs.skills.taxonomy import Skill, Taxonomy, normalise_term

_CUE = re.compile(
    r"\b(?P<cue>(?:working\s+|thorough\s+|general\s+|basic\s+|strong\s+|solid\s+|good\s+|some\s+)?"
    r"(?:knowledge|understanding|familiarity|experience|expertise|background|proficiency|training)"
    r"\s+(?:of|with|in|using|operating)|ability\s+to|able\s+to|skilled\s+(?:in|at|with)"
    r"|proficient\s+(?:in|with|at)|familiar\s+with|experienced\s+(?:in|with)|competent\s+in"
    r"|knowledgeable\s+(?:in|of|about)|capable\s+of|competencies\s+(?:may|will)\s+be\s+evaluated"
    r"|the\s+following\s+competencies(?:\s+(?:may|will)\s+be\s+evaluated)?"
    r"|(?:equipment|systems|instruments|tools|devices|machines|software)\s+such\s+as)"
    r"\s*(?P<colon>:)?\s*",
    re.I,
)
# Every cue holds one of these words (lower case; see scan.py).
_CUE_WORDS = (
    "knowledge", "understanding", "familiar", "experience", "expertise", "background", "proficien",
    "training", "abilit", "able", "skilled", "competen", "capable", "such as",
)  # fmt: skip
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
    # Words that judge or count the thing, not name it: "available reference books", "relevant
    # software programs", "unsafe boat building", "more difficult audits".
    r"available|relevant|pertinent|appurtenant|subsequent|unexpected|unsafe|demonstrated|"
    r"potential|possible|particular|certain|several|numerous|multiple|additional|adequate|"
    r"sufficient|successful|efficient|responsible|comprehensive|difficult|more|most|"
    r"(?:types?|kinds?|methods?|procedures?|principles?|practices?|techniques?|functions?|use|"
    r"operation|terminology|materials?|characteristics|properties|components|parts|aspects|variety"
    r"|stages|sequences|patterns|limitations|elements|applications?|capabilities|uses)"
    r"\s+(?:of|for|used\s+(?:to|in|for)|and\s+\w+\s+of)"
    r"|(?:problems?|trouble|damage|hazards?)\s+(?:with|to|in|of))\s+",
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
    r"|(?:job|industry)\s+knowledge|knowledge\s+of|and\s+the|equipment|tools|materials"
    r"|other\s+necessary.*|necessary\s+.*|personal"
    r"\s+qualifications|equal\s+employment\s+opportunity.*|memorand.*|city\s+and\s+personnel.*"
    r"|pertinent\s+city.*|rules|policies|regulations|laws|codes)$",
    re.I,
)

# Free text that names people, manners or dates rather than a skill.
_NOT_A_PHRASE = re.compile(
    r"^(?:with|in|of|to|for|by|on|at|from|as|into|under|upon|around|about|through|during|within"
    r"|without|between|among|how|what|why|whether|is|are)\b"
    r"|\b(?:others|subordinates?|co-?workers|employees|public|supervisors|personnel|tenants|vendors"
    r"|officials|staff|managers?|stakeholders|authorities|individuals|actors|civilians?|residents"
    r"|customers\s+and|manner|tactful\w*|offen[cs]es?|convictions?|felon(?:y|ies)|misdemeanou?rs?"
    r"|january|february|march|april|may"
    r"|june|july|august|september|october|november|december)\b"
    r"|^(?:interact|deal|get\s+along|cooperate|clear\s+up|secure|work\s+(?:closely|with)|understand"
    r"|use\s+information|perform\s+work|make\s+decisions|analyze|provide|recommend|accept)\b"
    # A clause ("... is desired"), a list's seam ("including: ..."), or the application itself.
    r"|\b(?:is|are|was|were|be)\b|:|\b(?:years?|full-time|questionnaires?|references"
    r"|internet\s+connection)\b"
    # The employer's own rules and hiring (LABELLING.md: not skills).
    r"|\b(?:equal\s+employment|civil\s+service|appointing\s+authority|manuals?\s+of\s+operations?)\b",
    re.I,
)


# Words that end a phrase without naming a thing: "make accurate", "organize own", "both orally".
_NOT_A_HEAD = {
    "own", "accurate", "accurately", "whether", "both", "when", "whose", "its", "their", "such",
    "all", "any", "each", "other", "various", "new", "high", "low", "major", "minor", "general",
    "involved", "desired", "desirable", "encountered",
    "basic", "proper", "appropriate", "effective", "necessary", "related", "relevant", "them",
    "it", "this", "these", "those", "others", "same", "well", "clear", "concise", "logical",
    "independent", "complete", "pertinent", "applicable", "specific", "similar",
    "with", "in", "of", "to", "for", "on", "at", "from", "by", "into", "under", "near", "and", "or",
    "the", "a", "an", "as", "than", "using", "including", "operating", "needed", "required",
}  # fmt: skip
_LIST_JOINERS = {"or", "and", "which", "that", "nor", "but", "plus", "etc"}
# Adjectives that end a phrase only when its head noun went with the next item of a list.
_ADJECTIVES = {
    "electrical", "mechanical", "technical", "vehicular", "hydraulic", "pneumatic", "electronic",
    "electric", "structural", "physical", "manual", "safe", "adverse", "typical", "routine",
    "special", "local", "federal", "environmental", "industrial", "commercial", "residential",
    "municipal", "chemical", "digital", "automatic", "portable", "heavy", "light", "large",
    "small", "complex", "simple", "modern", "standard", "personal", "public", "private",
    "comprehensive", "financial", "organic", "rough", "broken", "open", "damaged", "oral", "online",
    "audio", "written", "verbal", "state", "national", "regional", "international",
}  # fmt: skip
# Abstract nouns: a phrase ending in one names a topic in general, not a skill a person has.
_ABSTRACT_HEADS = {
    "action", "actions", "solutions", "solution", "problem", "problems", "decisions", "decision",
    "course", "ideas", "priorities", "confidence", "matters", "matter", "needs", "instructions",
    "directions", "concepts", "issues", "purposes", "purpose", "ways", "means", "nature", "types",
    "kinds", "factors", "aspects", "areas", "items", "parts", "results", "effects", "use", "uses",
    "approaches", "objectives", "responsibilities", "duties", "tasks", "work", "assignments",
    "material", "materials", "literature", "publications", "conditions", "circumstances",
    "manner", "situations", "information", "activities", "requirements", "requirement", "level",
    "failures", "malfunctions", "interfaces", "logs", "functionings", "relationship", "terms",
    "policies", "policy", "rules", "rule", "laws", "law", "ordinances", "orders", "directives",
    "bulletins", "newsletters", "provisions", "memoranda", "agreements", "documents", "forms",
    "characteristics", "properties", "components", "terminology", "symbols", "functions",
    "grounds", "pressure", "digital", "concise", "various", "legislation", "recreation",
}  # fmt: skip
# Abstract heads that name a skill after the words saying of which field: "environmental
# documents", "real estate documents", "statistical concepts" (alone they stay abstract).
_FIELD_HEADS = {"documents", "concepts"}
# Nouns that name a part, kind, measure or quality of what follows "of", not a skill: "types of
# trees", "levels of job classes", "impact of discharges", "understanding of reactions".
_PART_OF_HEADS = {
    "types", "kinds", "levels", "sources", "areas", "aspects", "fundamentals", "concepts",
    "issues", "means", "conditions", "requirements", "standards", "impact", "influences",
    "understanding", "completion", "interdependence", "history", "characteristics", "effects",
    "factors", "nature", "purposes",
}  # fmt: skip
# Who and which organisation, not what a person can do.
_ORGANISATION = re.compile(
    r"\b(?:city|cities|department|departments|departmental|dwp|agency|agencies|bureau|division"
    r"|commission|representatives?|contractors?|consumers?|union|council|institutions?"
    r"|enterprises?|concessionair\w*|concessionar\w*|owners?|workers|candidates|applicants"
    r"|homes|stations|los\s+angeles|state\s+of|county|office\s+of)\b|'s\s+office\b",
    re.I,
)


@lru_cache(maxsize=50_000)  # bulletins repeat their phrases; the answer depends on the words only
def is_free_text_skill(phrase: str) -> bool:
    """Whether an unmapped phrase is worth keeping as a free-text skill: a short phrase of two or
    more words that ends in a word naming a thing or an activity, and is not about people,
    organisations, manners, rules or dates. (One word alone is kept only when written as a name;
    an unknown lower-case word is too often half of a split list.)"""
    if _NOT_A_PHRASE.search(phrase) or _ORGANISATION.search(phrase):
        return False
    words = phrase.lower().replace("/", " ").split()
    if len(words) < 2:
        # A single word is kept when written as a name ("Credibility" in a list of competencies).
        word = words[0] if words else ""
        return (
            phrase[:1].isupper() and not phrase.isupper() and len(word) >= 6
            and word.replace("-", "").isalpha() and word not in _ABSTRACT_HEADS
            and word not in _NOT_A_HEAD and word not in _ADJECTIVES
        )  # fmt: skip
    first, last = words[0], words[-1].strip(".,;:()\"'")
    if "of" in words[1:] and words[words.index("of", 1) - 1] in _PART_OF_HEADS:
        return False  # "levels of job classes", "sources of financing": a part or measure of it
    if first in _LIST_JOINERS or re.match(r"^[a-z]\)$", first):
        return False  # "or replacement of ...", "which includes", "a) installation": a list's seam
    if last in _ADJECTIVES:
        return False  # "low voltage electrical": the first half of "... electrical and X work"
    if first.endswith("ly") or last.endswith("ly"):
        return False  # "accurately install", "communicate clearly": a manner, or half a list
    abstract = last in _ABSTRACT_HEADS and last not in _FIELD_HEADS
    return not (last in _NOT_A_HEAD or abstract or not re.search(r"[a-z]{3}", last))


def ends_in_an_adjective(words: str) -> bool:
    """Whether the words end in an adjective whose noun is not with them ("basic electrical" of
    "basic electrical and electronic theory", "hydraulic" in "mechanical, electrical, hydraulic,
    and other problems"): half of a list, not a name."""
    found = words.lower().split()
    return bool(found) and found[-1].strip(".,;:()") in _ADJECTIVES


# Where an example list opens ("equipment such as", "techniques, including") and where a clause
# ends before it (";", ":", a line break, a sentence's full stop but not that of "e.g.").
_EXAMPLES_OPEN = re.compile(r"\b(?:such\s+as|including|e\.g\.)", re.I)
_CLAUSE_END = re.compile(r"[;:\n]|(?<!\be\.g)(?<!\bi\.e)\.(?=\s)")


def is_listed_example(text: str, start: int) -> bool:
    """Whether the words at ``start`` are among the examples after a general noun in the same
    clause ("equipment such as defibrillators, [infusion pumps]", "analysis techniques,
    including [break-even analysis]"): LABELLING.md labels the general skill once, and an example
    only where the posting asks for it on its own."""
    window = max(0, start - 300)
    ends = list(_CLAUSE_END.finditer(text, window, start))
    left = ends[-1].end() if ends else window
    return _EXAMPLES_OPEN.search(text, left, start) is not None


# The items of a list right after "such as" or "e.g.": names of up to five words, each with a
# bracketed note, joined by commas and a last "and"/"or"; no clause ("in order to set up and").
_SUCH_AS = re.compile(r"\b(?:such\s+as|e\.g\.)\s*,?", re.I)
_ITEM_SEAM = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+", re.I)
_NOTE = re.compile(r"\([^()]*\)")
_CLAUSE_WORDS = {"to", "for", "in", "of", "that", "which", "sufficient", "used"}
_MAX_ITEM_WORDS = 5


def in_a_such_as_list(text: str, start: int) -> bool:
    """Whether the words at ``start`` are an item of the list right after "such as" or "e.g."
    ("use tools such as electric drills, hammers, [staplers]", "office software (such as
    [Microsoft Office Suite])"): an example of what the words before name, which LABELLING.md
    labels once by its general word."""
    window = text[max(0, start - 200) : start]
    opened = list(_SUCH_AS.finditer(window))
    if not opened:
        return False
    between = _NOTE.sub(" ", window[opened[-1].end() :])
    if ";" in between or "(" in between or ")" in between:
        return False
    items = _ITEM_SEAM.split(between)
    # The last piece is the words of this item before the span ("power [nailers]"): one at most.
    *listed, own = items
    if len(own.split()) > 1:
        return False
    return all(
        0 < len(item.split()) <= _MAX_ITEM_WORDS and not _CLAUSE_WORDS & set(item.lower().split())
        for item in listed
    )


# Words too general to stand alone as an item of a list, and people or days named in one.
_GENERAL_WORDS = {
    "techniques", "processes", "process", "standards", "capabilities", "advantages", "systems",
    "disadvantages", "outcomes", "trends", "resources", "developments", "facilities", "history",
    "customers", "developers", "neighbors", "volunteers", "chief", "driver", "drivers",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}  # fmt: skip
_ADJECTIVE_ENDINGS = ("al", "ous", "ive", "able", "ible", "ary", "ly", "ing", "ed")


@lru_cache(maxsize=20_000)
def is_listed_word(word: str) -> bool:
    """Whether one lower-case word, an item of a list ("adhesives; sealants; ..."), names a thing:
    a plain noun of five letters or more, not abstract, general, an adjective or an "-ly" manner."""
    low = word.lower()
    return (
        len(low) >= 5 and low.isalpha() and not low.endswith(_ADJECTIVE_ENDINGS)
        and low not in _ADJECTIVES and low not in _ABSTRACT_HEADS and low not in _NOT_A_HEAD
        and low not in _GENERAL_WORDS
        and not _NOT_A_PHRASE.search(low) and not _ORGANISATION.search(low)
    )  # fmt: skip


# Verbs that only say a phrase is about reading, using or doing the thing named after them.
_LEADING_VERBS = re.compile(
    r"^(?:(?:read|interpret|use|using|operate|operating|apply|perform|prepare|maintain|install"
    r"|repair|make|understand|utilize|handle|recognize|identify|inspect|review|write|keep|follow"
    r"|work\s+from|work\s+with|safe|proper|and|or|the|a|an|of|various|basic)\s+)+"
)

_LINKING_WORDS = {"of", "the", "a", "an", "for", "to", "in", "on", "with", "and", "or", "by"}


def _singular_words(term: str) -> str:
    return " ".join(
        word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word
        for word in term.split()
        if word not in _LINKING_WORDS
    )


_TRIM_AFTER_LOWER = lower_case_pattern(_TRIM_AFTER)
_LEADING_LOWER = lower_case_pattern(_LEADING)
_VAGUE_LOWER = lower_case_pattern(_VAGUE)
_THREE_LETTERS = re.compile(r"[A-Za-z]{3}")

FUZZY_CUTOFF = 90  # token_sort_ratio; 90 keeps "forklift operations" ~ "forklift operation" only


class OpenPhrase:
    """A phrase after a cue, with its character span."""

    __slots__ = ("ability", "end", "label", "listed", "start", "text")

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        ability: bool = False,
        listed: bool = False,
        label: str | None = None,
    ) -> None:
        self.text, self.start, self.end = text, start, end
        self.ability = ability  # after "ability to", "able to": a verb phrase, not a noun
        self.listed = listed  # an item of a ";" list, or a part of one split on "," and "and"
        # What the phrase names, when more than its own words: "organize" in "plan, organize and
        # coordinate guide services" names "organize guide services".
        self.label = label or text


@lru_cache(maxsize=50_000)  # bulletins repeat their lists word for word
def _clean(piece: str, max_words: int, keep_long: bool) -> tuple[str, int] | None:
    """The phrase inside ``piece`` and its offset there, or None when it is not a skill.

    The case-insensitive patterns run in lower case on a lower-case copy (see scan.py); the
    phrase keeps the posting's own letters."""
    low = piece.lower()
    if len(low) != len(piece):
        low = "".join(c.lower()[:1] or c for c in piece)
    trim = _TRIM_AFTER_LOWER.search(low)
    cut = piece[: trim.start()] if trim else piece
    phrase = cut.strip(" ,\t'\"")
    offset = piece.find(phrase) if phrase else -1
    low = low[offset : offset + len(phrase)] if phrase else ""
    lead = _LEADING_LOWER.match(low)
    while lead:
        phrase, low, offset = phrase[lead.end() :], low[lead.end() :], offset + lead.end()
        lead = _LEADING_LOWER.match(low)
    words = phrase.split()
    if not words:
        return None
    if len(words) > max_words:
        if not keep_long:
            return None
        last_word = list(re.finditer(r"\S+", phrase))[max_words - 1]
        phrase = phrase[: last_word.end()].rstrip(" ,")
        low = low[: len(phrase)]
    if _VAGUE_LOWER.match(low) or not _THREE_LETTERS.search(phrase) or phrase[0].isdigit():
        return None
    return phrase, offset


def find_open_phrases(text: str | ScanText, max_words: int = 6) -> list[OpenPhrase]:
    """Candidate skill phrases following a cue, split on ";", commas and "and"/"or", trimmed."""
    scan = scan_of(text)
    text = scan.text
    phrases: list[OpenPhrase] = []
    cues_in_lower = lower_case_pattern(_CUE)
    for cue in scan.finditer(_CUE, _CUE_WORDS, 60):
        # A ";" before the sentence ends makes a list too: "knowledge of A; B; and C".
        limit = min(len(text), cue.end() + 3000)
        stop = _LIST_STOP_AT.search(text, cue.end(), limit)
        end = stop.start() if stop else limit
        is_list = bool(cue.group("colon")) or text.find(";", cue.end(), end) >= 0
        if not is_list:
            limit = min(len(text), cue.end() + 400)
            stop = _STOP_AT.search(text, cue.end(), limit)
            end = stop.start() if stop else limit
        else:
            # A list ends where the next list opens ("...; and the ability to: read plans").
            for later in cues_in_lower.finditer(scan.lower, cue.end(), end):
                if later.group("colon"):
                    end = later.start()
                    break
        window = text[cue.end() : end]
        is_ability = cue.group("cue").lower().startswith(("ability", "able", "capable"))
        is_competencies = "competencies" in cue.group("cue").lower()
        items = _ITEM_SPLIT.split(window) if is_list else [window]
        item_offset = 0
        for item in items:
            item_start = window.find(item, item_offset)
            item_offset = item_start + len(item)
            # Split "a, b and c" into skills when most parts are short names, not clauses.
            if is_competencies:
                parts, is_competencies = _competencies(item)
            else:
                parts = _SPLIT.split(item)
            short = sum(len(part.split()) <= 4 for part in parts)
            if len(parts) < 2 or short * 2 < len(parts):
                parts = [item]
            verbs, shared = _shared_object(parts, max_words) if is_ability else (0, "")
            part_offset = 0
            for index, part in enumerate(parts):
                part_start = item.find(part, part_offset)
                part_offset = part_start + len(part)
                cleaned = _clean(part, max_words, keep_long=False)
                if cleaned is None:
                    continue
                phrase, offset = cleaned
                label = f"{phrase} {shared}" if index < verbs else None
                if is_ability and _NOT_A_SKILL.match(label or phrase):
                    continue
                start = cue.end() + item_start + part_start + offset
                if start > 0 and text[start - 1].isalnum():
                    continue  # never start inside a word
                phrases.append(
                    OpenPhrase(
                        text[start : start + len(phrase)],
                        start,
                        start + len(phrase),
                        is_ability,
                        listed=is_list or len(parts) > 1,
                        label=label,
                    )
                )
    # A list inside a list ("knowledge of: ...; the ability to plan, organize ...") is read twice;
    # where the "ability to" reading found what a listed verb acts on, that reading stands alone.
    acting = {(p.start, p.end) for p in phrases if p.label != p.text}
    return [p for p in phrases if p.label != p.text or (p.start, p.end) not in acting]


# "and" inside a competency's name: "Responsiveness and Follow-Up".
_AND_IN_A_NAME = re.compile(r"\b([A-Za-z][\w-]*)\s+and\s+(?=[A-Za-z])")
_KNOWLEDGE_ITEMS = re.compile(r"\b(?:knowledge|including)\b", re.I)


def _competencies(item: str) -> tuple[list[str], bool]:
    """The competencies of a list ("Judgment and Decision Making, Responsiveness and Follow-Up,
    Oral and Written Communication, and Job Knowledge"): one per comma, each named in the
    posting's words (LABELLING.md, competency lists), and whether the list goes on after
    ``item``. A piece is split on "and" as other lists are where an adjective before it shares
    the noun after it ("Oral and Written Communication" is two), where the name would end in a
    word naming nothing ("Shares Knowledge and Information"), and from "Job Knowledge" or
    "including" on, where the items of knowledge begin."""
    parts: list[str] = []
    listing = True
    for piece in re.split(r",\s*(?:and\s+|or\s+)?", item):
        listing = listing and not _KNOWLEDGE_ITEMS.search(piece)
        joins = list(_AND_IN_A_NAME.finditer(piece))
        last = piece.split()[-1].lower() if piece.split() else ""
        one_name = (
            listing
            and bool(joins)
            and not any(m.group(1).lower() in _ADJECTIVES for m in joins)
            and last not in _ABSTRACT_HEADS
            and last not in _NOT_A_HEAD
        )
        parts.extend([piece] if one_name else _SPLIT.split(piece))
    return parts, listing


def _shared_object(parts: list[str], max_words: int) -> tuple[int, str]:
    """What a series of verbs acts on: "plan, organize, direct and coordinate guide services"
    gives "guide services" to the single verbs listed before the first longer part. Returns how
    many parts are such verbs and the words they share, or (0, "")."""
    verbs = 0
    while verbs < len(parts) and len(parts[verbs].split()) == 1:
        verbs += 1
    if verbs == 0 or verbs == len(parts):
        return 0, ""
    cleaned = _clean(parts[verbs], max_words, keep_long=False)
    if cleaned is None:
        return 0, ""
    words = cleaned[0].split(maxsplit=1)
    if len(words) < 2 or not words[0].isalpha() or not words[0].islower():
        return 0, ""
    return verbs, words[1]


class SkillLookup:
    """Map a free phrase to the closest taxonomy skill: exact normalised term, else RapidFuzz."""

    def __init__(self, taxonomy: Taxonomy, cutoff: int = FUZZY_CUTOFF) -> None:
        self.taxonomy = taxonomy
        self.cutoff = cutoff
        self.terms = list(taxonomy.skill_by_term)
        self.owners = [taxonomy.skill_by_term[term] for term in self.terms]
        self.singular = [_singular_words(term) for term in self.terms]
        self.singular_terms: dict[str, str] = {}
        for term, owner in zip(self.singular, self.owners, strict=True):
            self.singular_terms.setdefault(term, owner)
        # Candidates share a word with the phrase: each lookup compares dozens, not thousands.
        self.by_word: dict[str, list[int]] = {}
        for index, term in enumerate(self.singular):
            for word in set(term.split()):
                if len(word) > 2:
                    self.by_word.setdefault(word, []).append(index)
        self.lookup = lru_cache(maxsize=50_000)(self._lookup)
        # Phrases that differ in case or punctuation share a key: look each key up once.
        self._cached_lookup_key = lru_cache(maxsize=50_000)(self._lookup_key)

    def _lookup(self, phrase: str) -> tuple[Skill, float] | None:
        key = normalise_term(phrase)
        return self._cached_lookup_key(key) if key else None

    def _lookup_key(self, key: str) -> tuple[Skill, float] | None:
        exact = self.taxonomy.skill_by_term.get(key)
        if exact:
            return self.taxonomy.skills[exact], 100.0
        # "installation of boilers" is "boiler installation": word order is free, and "of" and
        # plural endings say nothing about which skill.
        key = " ".join(
            word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word
            for word in key.split()
            if word not in _LINKING_WORDS
        )
        if not key:
            return None
        exact = self.singular_terms.get(key)
        if exact:
            return self.taxonomy.skills[exact], 100.0
        candidates: set[int] = set()
        for word in set(key.split()):
            candidates.update(self.by_word.get(word, ()))
            if word.endswith("s"):
                candidates.update(self.by_word.get(word[:-1], ()))
        if not candidates:
            return self._without_verb(key)
        choices = {index: self.singular[index] for index in candidates}
        best = process.extractOne(
            key, choices, scorer=fuzz.token_sort_ratio, score_cutoff=self.cutoff
        )
        if best is None:
            return self._without_verb(key)
        _, score, index = best
        return self.taxonomy.skills[self.owners[index]], float(score)

    def _without_verb(self, key: str) -> tuple[Skill, float] | None:
        # "read and interpret blueprints" names what "blueprints" names in the taxonomy.
        stripped = _LEADING_VERBS.sub("", key)
        if stripped == key or not stripped:
            return None
        skill_id = self.taxonomy.skill_by_term.get(stripped)
        return (self.taxonomy.skills[skill_id], 100.0) if skill_id else None
