"""Linking read spans to taxonomy skills, with a refusal threshold, and one skill per concept.

A span (from the span model, a cue such as "knowledge of", a duty clause) is linked to a taxonomy
skill only when the span's own content words support the skill's name: the head word of one of
its terms (label or synonym), or two of its content words, must be among the span's words. So
"receives reports" is not an accounting skill and "proofer" in a printing bulletin does not pull
in a bakery's proofing cabinet unless the posting is about food. A span that is refused keeps its
words as a free-text skill only when it is specific: two words or more, or a known tool.

Merging (``merge_mentions``) collapses what names one concept: the same id, a trade and its tool
or operation ("MIG welding", "MIG welder"), and the examples of a list ("hand tools such as
hammers, screwdrivers") which are kept as ``examples`` of their general skill. Every evidence span
is kept. Bare generic words ("maintenance", "operation", "series"), materials and places are
dropped. Participants' skills are read into the same concept ids (``ConceptIndex.term_id``), so a
posting's "mig welder" and a person's "MIG welding" compare as one skill.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import msgspec

from jobs.skills.context import sentence_around
from jobs.skills.not_the_job import (
    about_applying,
    crew_size,
    device_to_have,
    in_the_firm_name,
    set_by,
)
from jobs.skills.requirements import Evidence, SkillMention
from jobs.skills.taxonomy import Skill, Taxonomy, normalise_term, once_per_taxonomy


def _word_set(words: str) -> frozenset[str]:
    """The words of a whitespace-separated list, as a set."""
    return frozenset(words.split())


# Words that say nothing about which skill is meant: never enough to link or to stand alone.
GENERIC_WORDS = _word_set(
    """
    maintenance operation operations operate operating series work works working system systems
    equipment tool tools machine machines method methods procedure procedures practice practices
    process processes service services task tasks duty duties skill skills ability abilities
    knowledge experience safety repair repairs installation inspection inspections report reports
    record records program programs project projects activity activities function functions
    support area areas unit units type types job jobs position role field use using handling
    management control quality general basic standard various related other material materials
    product products item items part parts supply supplies job site site sites team customer
    customers public application applications document documents documentation data
    information detail details order orders schedule schedules time line lines level levels
    construction design development distribution labor structure structures layout alteration
    adjustment evaluation planning monitoring accessories machinery regulatory science
    nomenclature recruitment injury injuries fulfillment apartments hotels technique techniques
    principle principles theory theories concept concepts
    """
)
# Things worked on, not skills: a material alone is not what a person can do.
MATERIALS = _word_set(
    """
    steel metal metals aluminum aluminium iron copper brass wood lumber plywood timber glass
    plastic plastics rubber cement gravel sand soil dirt stone
    adhesives adhesive sealants sealant paint paints chemicals chemical fuel oil oils lubricants
    grease paper cardboard fabric textiles wire cable cables pipe pipes
    board boards water soils gases magnesia merchandise siding
    """
)
# Nouns after a list of names that make the names places: "Independence, Blue Springs and
# Raytown streets".
_PLACE_AFTER = re.compile(
    r"[^.;\n]{0,60}?\b(?:streets?|roads?|neighbou?rhoods?|areas?|routes?|count(?:y|ies)"
    r"|suburbs?|cities|towns?|metro)\b",
    re.I,
)
# Words after which a list names examples of the skill before it.
_EXAMPLES_CUE = re.compile(
    r"[\s,]*(?:\((?:\s*(?:(?:such\s+as|including|like|for\s+example|for\s+instance)\b|e\.g\.),?)?"
    r"|such\s+as\b|including\b|like\b|e\.g\.|for\s+example\b|for\s+instance\b"
    r"|(?:and|or)\s+other\b)",
    re.I,
)
# "Technology Application, including application of: ...": a competency heading, whose items
# are skills of their own (LABELLING.md, competency lists).
_HEADING_CUE = re.compile(r"[\s,]*including\s+(?:knowledge|application|use|ability)\b", re.I)
_CATEGORY_HEADS = _word_set(
    """tools equipment machines machinery devices instruments vehicles trucks software
    systems applications programs appliances meters saws lifts"""
)

_WORD = re.compile(r"[a-z0-9+#]+")
_FUNCTION = _word_set(
    """a an the of and or in on for to with as by at from into its their his her your our this
    that these those be is are was were will may can must all any each some such"""
)
# Words that name how a thing is done with a tool or trade, not a different thing: a trade and
# its tool or operation are one concept once these are taken off ("forklift operation").
_OPERATION_WORDS = frozenset(
    {"oper", "operat", "use", "usage", "work", "skill", "experience", "run", "handl", "driv"}
)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A crude stem shared by a trade, its tool and its operation: "welding", "welder", "welds"
    -> "weld"; "operation", "operator", "operating" -> "operat"; "trucks" -> "truck"."""
    w = word.lower()
    for suffix in ("ations", "ation", "ators", "ator", "ings", "ing", "ers", "er", "ors", "or"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    else:
        if len(w) > 3 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 4 and w.endswith("es") and w[-3] in "sxz":
            w = w[:-2]  # "boxes" -> "box"; but "uses" -> "use", "axes" -> "axe"
        elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "ls":
        w = w[:-1]  # "cutt" -> "cut", "trimm" -> "trim"
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]  # "operate" -> "operat", "measure" -> "measur"
    return w


def content_stems(text: str) -> list[str]:
    """The stems of a phrase's content words, in order, function words left out."""
    return [stem(w) for w in _WORD.findall(normalise_term(text)) if w not in _FUNCTION]


def concept_key(label: str) -> tuple[str, ...]:
    """What a label names once its operation words are off: "mig welder" and "mig welding" give
    ("mig", "weld"); "forklift operation" and "forklift" give ("forklift",)."""
    stems = [_SAME_AS.get(s, s) for s in content_stems(label) if s not in _OPERATION_WORDS]
    return tuple(stems) or tuple(content_stems(label))


# Verbs that name one concept with "read": "read and interpret landscape plans" is one skill
# (LABELLING.md: "read and interpret street maps" gives "reading maps").
_SAME_AS = {"interpret": "read", "understand": "read", "comprehend": "read"}


def is_generic(words: str) -> bool:
    """Whether the words are one bare generic word, material, or nothing at all."""
    found = [w for w in _WORD.findall(normalise_term(words)) if w not in _FUNCTION]
    if not found:
        return True
    if len(found) == 1:
        return found[0] in GENERIC_WORDS or found[0] in MATERIALS
    return all(w in MATERIALS for w in found)


# Verbs a person puts before the thing they did ("giving vaccinations", "administering vaccines",
# "performing CPR"): when the whole phrase names no concept, the thing alone is tried. People's
# words only: postings are linked through their own readers.
_DOING_WORDS = frozenset(
    {"give", "giving", "administer", "administering", "perform", "performing", "provide"}
    | {"providing", "do", "doing", "conduct", "conducting", "take", "taking"}
)

# What separates the skills a person lists on one line.
_PERSON_LIST = re.compile(r"\s*(?:,|;|/|&|\band\b)\s*", re.I)


class ConceptIndex:
    """Concept ids over a taxonomy: the skills whose labels name one concept share an id."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._keys: dict[tuple[str, ...], list[Skill]] | None = None
        groups: dict[tuple[tuple[str, ...], str], list[Skill]] = {}
        for skill in taxonomy.skills.values():
            family = "credential" if skill.kind == "credential" else "skill"
            if skill.id in _OWN_CONCEPT:
                family = skill.id
            groups.setdefault((concept_key(skill.label), family), []).append(skill)
        self.canonical: dict[str, str] = {}
        rank = {"hard_skill": 0, "knowledge": 1, "tool": 2, "soft_skill": 3, "credential": 4}
        for members in groups.values():
            best = min(members, key=lambda s: (rank.get(s.kind, 5), len(s.label), s.id))
            for member in members:
                self.canonical[member.id] = best.id

    def concept_of(self, skill_id: str) -> str:
        """The concept id of a skill id (itself when no other skill names the same concept)."""
        return self.canonical.get(skill_id, skill_id)

    def term_id(self, term: str) -> str | None:
        """The concept id a person's own skill or credential words name, or None.

        Exact terms first ("MIG welding"); then the words with their operation words taken off,
        matched against the concepts ("mig welder" -> MIG welding); then the words after a
        leading doing verb ("administering vaccines" -> vaccinations)."""
        found = self.taxonomy.find(term)
        if found is not None:
            return self.concept_of(found.id)
        key = concept_key(term)
        if not key:
            return None
        for skill in self._by_key().get(key, ()):
            return self.concept_of(skill.id)
        first, _, rest = normalise_term(term).partition(" ")
        if first in _DOING_WORDS and rest:
            return self.term_id(rest)
        return None

    def term_ids(self, term: str) -> tuple[str, ...]:
        """The concept ids a person's own words give them: the concept ``term_id`` finds and
        those it is a kind of (the taxonomy's ``broader``), so a person who wrote "Cerner" has
        electronic health records too. A line that names no concept as a whole is read as the
        skills it lists ("mopping and floor care", "CPR/First Aid certification"), when every one
        of them names a concept. Empty when the words name no concept."""
        found = self.term_id(term)
        if found is None:
            # "mopping and floor care": a person who lists two things has both, when each one
            # names a concept ("food and beverage" is not food handling plus something unread).
            parts = [p for p in _PERSON_LIST.split(term) if p.strip()]
            if len(parts) < 2:
                return ()
            # "CPR/First Aid certification": the last part's head word belongs to each part.
            head = parts[-1].split()[-1] if len(parts[-1].split()) > 1 else ""
            read = [
                (self.term_ids(f"{p} {head}") if head and head not in p.split() else ())
                or self.term_ids(p)
                for p in parts
            ]
            return tuple(dict.fromkeys(i for ids in read for i in ids)) if all(read) else ()
        ids = [found]
        for known in ids:  # grows as it goes: a broader entry's own broader ones count too
            skill = self.taxonomy.skills.get(known)
            for wider in skill.broader if skill else ():
                concept = self.concept_of(wider)
                if concept not in ids:
                    ids.append(concept)
        return tuple(ids)

    def _by_key(self) -> dict[tuple[str, ...], list[Skill]]:
        if self._keys is None:
            keys: dict[tuple[str, ...], list[Skill]] = {}
            for skill in self.taxonomy.skills.values():
                for term in self.taxonomy.terms(skill):
                    keys.setdefault(concept_key(term), []).append(skill)
            self._keys = keys
        return self._keys


# Skills whose names share a stem with another's but name other work: running production
# machines is not machining (a machinist's trade).
_OWN_CONCEPT = frozenset({"machine_operation", "machining"})

# The concept index of a taxonomy, built once per taxonomy object.
concept_index = once_per_taxonomy(ConceptIndex)


def supports(words: str, skill: Skill, taxonomy: Taxonomy) -> bool:
    """Whether the span's content words support linking it to ``skill``: for one of the skill's
    terms, the term's head (its last content word) is among the span's words, or every content
    word of a short term is, or two content words are shared. Generic words never count."""
    mine = set(content_stems(words))
    if not mine:
        return False
    specific = {s for s in mine if s not in _GENERIC_STEMS}
    for term in taxonomy.terms(skill):
        stems = content_stems(term)
        if not stems:
            continue
        shared = specific & set(stems)
        if not shared:
            continue
        head = stems[-1]
        if len(stems) >= 2 and shared == {head} and _own_word_before(words, head, set(stems)):
            # Only the head shared, and a word of the span's own before it: "read gauges" names
            # no plug gauge, "oil testing" is no soil testing.
            continue
        if head in mine and (head not in _GENERIC_STEMS or len(shared) >= 1):
            return True
        if len(shared) >= 2 or set(stems) <= mine:
            return True
    return False


_GENERIC_STEMS = frozenset(stem(w) for w in GENERIC_WORDS)


def _own_word_before(words: str, head: str, term: set[str]) -> bool:
    # A specific word of the span, not the term's, before the shared head ("oil" of "oil testing").
    order = content_stems(words)
    before = order[: order.index(head)] if head in order else []
    return any(s not in term and s not in _GENERIC_STEMS for s in before)


@lru_cache(maxsize=100_000)
def _specific_stems(words: str) -> frozenset[str]:
    return frozenset(s for s in content_stems(words) if s not in _GENERIC_STEMS)


def shares_specific_word(a: str, b: str) -> bool:
    """Whether two skill names share a word that says which skill ("forklift"), not only a
    generic one ("repair", "maintenance"); stems, so "welder" and "welding" share "weld"."""
    mine, theirs = _specific_stems(a), _specific_stems(b)
    if not mine or not theirs:
        return True  # nothing specific on one side: leave the letters to judge
    return bool(mine & theirs) or any(
        len(x) >= 4 and len(y) >= 4 and (x.startswith(y) or y.startswith(x))
        for x in mine
        for y in theirs
    )


def is_specific(words: str, known_tool: bool = False) -> bool:
    """Whether an unlinked span may stand as a free-text skill: two or more content words, the
    last one a thing or activity (not an adjective, a material or a generic word), not the name
    of an agency ("Transportation Security Administration (TSA)"); or a known tool."""
    if known_tool:
        return True
    found = [
        w for w in _WORD.findall(normalise_term(words)) if w not in _FUNCTION | _VAGUE_MODIFIERS
    ]
    if len(found) < 2 or is_generic(words):
        return False  # "associated equipment", "complex data": one word once the vague goes
    last = found[-1]
    if last in MATERIALS or last in _NOT_SKILL_HEADS or last.endswith(_ADJECTIVE_ENDINGS):
        return False  # "providing legislative", "particle board", "hot water"
    if last in _NOT_HEAD_WORDS or (last.endswith("ed") and not last.endswith("eed")):
        return False  # "interpret good", "prepare detailed", "helpers engaged": a cut clause
    if all(w in GENERIC_WORDS for w in found):
        return False  # "maintenance operations", "work procedures"
    if _CLAUSE_WORDS.intersection(found[1:]):
        return False  # "rules governing park usage", "areas noted above": a clause, not a name
    return not _AGENCY.search(words)


# Words that open a clause inside a noun phrase: what follows says what the thing is about.
_CLAUSE_WORDS = _word_set(
    """governing concerning pertaining relating regarding affecting involving noted above
    following while"""
)


# Heads that name people, places, organisations or outcomes, never what a person can do:
# "effective workforce", "chemical plants", "community organizations", "high voltage lines".
_NOT_SKILL_HEADS = _word_set(
    """
    workforce facilities facility organizations organization plants plant recommendations
    improvements innovations interrelationships complaints lines defects carpenters workers
    employees staff crews crew personnel regions advances industry agencies groups out hand
    councils partners engineers associations unions brokers communities office offices lakes
    vegetation assets
    """
)
# Modifiers that say nothing about which thing is meant ("various", "associated", "complex").
_VAGUE_MODIFIERS = _word_set(
    """various associated similar related relevant available necessary other major complex
    routine certain new applicable appropriate proper effective efficient such good existing
    potential pertinent subsequent concise different local"""
)
# Words that end a cut clause, not a skill's name: "maintain regular", "principles upon".
_NOT_HEAD_WORDS = _word_set(
    """good regular upon indoor outdoor citywide operate operates new necessary proper
    effective efficient detailed"""
)
_ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ary", "ful", "less", "able", "ible")
_AGENCY = re.compile(
    r"\([A-Z]{2,6}\)|(?:Administration|Department|Agency|Bureau|Commission|Office|Protection"
    r"|Council|Board|Authority|Association|Institute)"
)


def names_a_place(text: str, start: int, end: int) -> bool:
    """Whether capitalised words at start..end are a place: "Blue Springs" in "knowledge of
    Independence, Blue Springs and Raytown streets"."""
    words = text[start:end].split()
    if not words or not all(w[:1].isupper() for w in words):
        return False
    return _PLACE_AFTER.match(text, end) is not None


def evidence_of(mention: SkillMention) -> list[Evidence]:
    """Every span a mention was read from (its own span when it has no evidence list)."""
    return list(mention.evidence) or [Evidence(mention.text, mention.start, mention.end)]


def absorb(into: SkillMention, other: SkillMention) -> None:
    """``other`` folds into ``into``: its evidence and examples, and whether it is required or
    asked."""
    seen = {(e.start, e.end) for e in into.evidence}
    for evidence in evidence_of(other):
        if (evidence.start, evidence.end) not in seen:
            into.evidence.append(evidence)
            seen.add((evidence.start, evidence.end))
    into.evidence.sort(key=lambda e: (e.start, e.end))
    for example in other.examples:
        if example not in into.examples:
            into.examples.append(example)
    into.required = into.required or other.required
    into.asked = into.asked or other.asked


def _is_category(mention: SkillMention) -> bool:
    """A label ending in a category noun ("sound and surveillance systems"): an object a trade
    works on, not a skill of its own occupation."""
    words = _WORD.findall(normalise_term(mention.label))
    return bool(words) and words[-1] in _CATEGORY_HEADS


# Heads of knowledge that a list shares one modifier over: "safety principles, practices, rules
# and regulations" is safety principles, safety practices, safety rules and safety regulations.
_SHARED_HEADS = (
    r"principles|practices|procedures|precautions|rules|regulations|laws|standards|methods"
    r"|techniques|policies|guidelines|requirements"
)
_HEAD_END = re.compile(rf"(?:{_SHARED_HEADS})$", re.I)
_MORE_HEADS = re.compile(rf"(?:,?[ \t]+(?:and|or)|,)[ \t]+(?:{_SHARED_HEADS})\b", re.I)


def _with_shared_heads(mention: SkillMention, text: str) -> SkillMention:
    """The mention with its words run on over the heads that share its modifier ("safety
    principles[, practices, rules and regulations]"): the words it was read from name them all,
    and examples listed after the last ("... regulations, including Cal/OSHA") are its own."""
    if not _HEAD_END.search(mention.text) or text[mention.start : mention.end] != mention.text:
        return mention
    end = mention.end
    while (more := _MORE_HEADS.match(text, end)) is not None:
        end = more.end()
    if end == mention.end:
        return mention
    words = text[mention.start : end]
    evidence = [
        Evidence(words, e.start, end) if (e.start, e.end) == (mention.start, mention.end) else e
        for e in evidence_of(mention)
    ]
    return msgspec.structs.replace(mention, text=words, end=end, evidence=evidence)


def merge_mentions(
    mentions: Sequence[SkillMention], text: str, concepts: ConceptIndex | None = None
) -> list[SkillMention]:
    """One entry per concept, in text order, every evidence span kept (see the module doc).

    Idempotent: merging merged mentions changes nothing."""
    ordered = sorted(
        (_with_shared_heads(m, text) for m in mentions), key=lambda m: (m.start, m.end, m.label)
    )
    merged: list[SkillMention] = []
    by_key: dict[object, SkillMention] = {}
    for mention in ordered:
        copy = SkillMention(
            mention.id if concepts is None or mention.id is None
            else concepts.concept_of(mention.id),
            mention.label, mention.text, mention.start, mention.end, mention.required,
            mention.kind, mention.section, mention.asked, evidence_of(mention),
            list(mention.examples),
        )  # fmt: skip
        if concepts is not None and copy.id is not None and copy.id != mention.id:
            skill = concepts.taxonomy.skills.get(copy.id)
            if skill is not None:
                copy.label, copy.kind = skill.label, skill.kind
        keys: list[object] = [concept_key(copy.label) or copy.label]
        if copy.id is not None:
            keys.append(("id", copy.id))
        old = next((by_key[k] for k in keys if k in by_key), None)
        if old is not None:
            absorb(old, copy)
            for key in keys:
                by_key.setdefault(key, old)
            continue
        merged.append(copy)
        for key in keys:
            by_key[key] = copy
    return _fold_examples(merged, text)


def fold_repeats(
    mentions: list[SkillMention], link: Callable[[str], str | None]
) -> list[SkillMention]:
    """Free-text skills that name a taxonomy skill already listed fold into it, evidence kept
    (issue #15, one skill per concept): "preparing budgets" beside budgeting. ``link`` gives
    the skill id words link to; a doing ("preparing budgets") is also linked without its verb."""
    listed = {m.id: m for m in mentions if m.id is not None}
    kept = []
    for mention in mentions:
        into = None
        if mention.id is None:
            words = mention.label.split()
            tries = [mention.label]
            if len(words) > 1 and words[0].endswith("ing"):
                # The doing without its verb, then without each leading modifier down to two
                # words: "preparing comprehensive written reports" is report writing.
                tries += [" ".join(words[i:]) for i in range(1, max(2, len(words) - 1))]
            into = next((listed[i] for t in tries if (i := link(t)) in listed), None)
        if into is None:
            kept.append(mention)
        else:
            absorb(into, mention)
    return _fold_phrases_around(kept)


def _fold_phrases_around(mentions: list[SkillMention]) -> list[SkillMention]:
    """A free-text phrase read around a taxonomy skill's own words names that skill once more
    ("mechanical principles of [hydraulics]", "using independent [judgment]", "[rigging]
    equipment"): one concept, so the phrase folds into the skill, and its words, the fuller
    ones, become the skill's first evidence. A phrase that only spans the skill's words in a
    series of doings ("patching walls" read from "patch and paint walls") names another skill
    and stays."""
    linked = [m for m in mentions if m.id is not None]
    if not linked:
        return mentions
    kept: list[SkillMention] = []
    for mention in mentions:
        into = None
        if mention.id is None:
            stems = set(content_stems(mention.label))
            into = next((m for m in linked if _read_inside(m, mention, stems)), None)
        if into is None:
            kept.append(mention)
            continue
        absorb(into, mention)
        first = into.evidence[0]
        into.text, into.start, into.end = first.text, first.start, first.end
    return kept


def _read_inside(skill: SkillMention, phrase: SkillMention, stems: set[str]) -> bool:
    """Whether every span of ``skill`` lies inside a longer span of ``phrase`` and the phrase's
    label holds all the span's content words."""
    outers = evidence_of(phrase)
    return all(
        set(content_stems(inner.text)) <= stems
        and any(
            outer.start <= inner.start
            and inner.end <= outer.end
            and outer.end - outer.start > inner.end - inner.start
            for outer in outers
        )
        for inner in evidence_of(skill)
    )


def _fold_examples(mentions: list[SkillMention], text: str) -> list[SkillMention]:
    """Examples listed after a general skill ("hand tools such as hammers, screwdrivers", "personal
    care like bathing, dressing") become ``examples`` of it, their evidence kept with it: a
    mention all of whose spans lie in the list after another skill's span (LABELLING.md: the
    general skill once). A single name in parentheses is not a list of examples."""
    ranges: list[tuple[int, int, SkillMention]] = []
    for mention in mentions:
        for evidence in mention.evidence:
            # The general noun may run a word or two past the skill's words: "material
            # handling [equipment], such as forklifts".
            after = _NOUN_RUNS_ON.match(text, evidence.end)
            at = after.end() if after else evidence.end
            cue = _EXAMPLES_CUE.match(text, at)
            if cue and not _HEADING_CUE.match(text, at):
                stop = _SENTENCE_END.search(text, cue.end())
                end = stop.start() if stop else len(text)
                if cue.group().strip() == "(" and not _A_LIST.search(text, cue.end(), end):
                    continue  # "electronic health record (PointClickCare)": both stand
                ranges.append((evidence.end, end, mention))
    if not ranges:
        return mentions
    kept: list[SkillMention] = []
    for mention in mentions:
        # Each span in a list after the same general skill: a bulletin that repeats its
        # examination paragraph names the examples twice, each time after the general skill.
        general = next(
            (
                owner
                for _, _, owner in ranges
                if owner is not mention
                and all(
                    any(
                        o is owner and start <= e.start and e.end <= stop
                        for start, stop, o in ranges
                    )
                    for e in mention.evidence
                )
            ),
            None,
        )
        if general is None:
            kept.append(mention)
            continue
        if mention.label not in general.examples and mention.label != general.label:
            general.examples.append(mention.label)
        absorb(general, SkillMention(None, "", "", 0, 0, False, evidence=mention.evidence))
    return kept


_A_LIST = re.compile(r",|\b(?:and|or)\b", re.I)
# One or two more words of a noun phrase: no function word, verb of purpose, or punctuation.
_NOUN_RUNS_ON = re.compile(
    r"(?:\s+(?!(?:and|or|to|for|in|of|on|with|by|as|at|from|used|that|which|including|such|like)\b)"
    r"[A-Za-z][\w/-]*){1,2}(?=[\s,]*(?:\(|such\s+as\b|including\b|e\.g\.))",
    re.I,
)
# Where a list of examples ends: the sentence, or the words that say what the items are for
# ("software such as Microsoft Office sufficient to prepare reports and enter data").
_SENTENCE_END = re.compile(
    r"\)|\.(?:\s|$)|;|\n|\s(?:sufficient|to|in\s+order|for|which|that|when|where|while|as)\s",
    re.I,
)


@lru_cache(maxsize=4096)
def _stem_tuple(words: str) -> tuple[str, ...]:
    return tuple(content_stems(words))


def is_ambiguous(skill: Skill, words: str) -> bool:
    """Whether the words are one of the skill's ambiguous synonyms (its ``ambiguous`` field), a
    name that means this skill in one trade and something else in another: "refrigeration" is
    refrigeration repair to a mechanic and a code subject to a building inspector."""
    if not skill.ambiguous:
        return False
    # In any order: a duty's words ("maintenance of plants") name the term ("plant maintenance").
    mine = sorted(_loose(_stem_tuple(normalise_term(words))))
    return bool(mine) and any(
        sorted(_loose(_stem_tuple(normalise_term(t)))) == mine for t in skill.ambiguous
    )


def _loose(stems: tuple[str, ...]) -> tuple[str, ...]:
    # "cutting" stems to "cutt", "cut" to "cut": one final consonant for comparing.
    # "bakes" stems to "bake", "baking" to "bak": no final "e" either.
    return tuple(s[:-1] if len(s) > 3 and (s[-1] == s[-2] or s[-1] == "e") else s for s in stems)


def fits_context(
    skill: Skill, words: str, text: str, start: int, end: int, title: str | None = None
) -> bool:
    """Whether a mention of ``skill`` by ``words`` at ``text[start:end]`` may stand: always,
    unless the words are an ambiguous synonym of it; then only when the sentence around them, or
    the posting's title, says one of the skill's ``context`` words ("repair", "service",
    "troubleshoot" for refrigeration repair), so "inspects plumbing, heating and refrigeration"
    is not a repair skill. An inspector's sentence ("inspects", "witnesses", "for conformance")
    or title never supports one: the inspector checks that work, and does not do it; nor do
    the words when they only describe another noun ("pastry case", "patrol maps")."""
    if _names_a_code(skill, text, start, end):
        return False  # "Pressure Vessel Code": a code's name, not the thing or the trade
    if not is_ambiguous(skill, words):
        return True
    left, right = sentence_around(text, start, end)
    before = set(content_stems(text[left:start]))
    around = before | set(content_stems(text[end:right]))
    if _describes_another(skill, text, start, end) or _A_CODE_AFTER.match(text, end):
        return False  # "the Heating and Refrigeration Code": a code's subject, not the trade
    if title and not set(content_stems(title)) & _INSPECTION_STEMS:
        around |= set(content_stems(title))
    return any(all(_said(stem, around) for stem in _stem_tuple(word)) for word in skill.context)


# A code named after the words: "Heating and Refrigeration Code", "refrigeration codes".
_A_CODE_AFTER = re.compile(r"[ \t]+codes?\b", re.I)


def _names_a_code(skill: Skill, text: str, start: int, end: int) -> bool:
    # Capitalised words before "Code" name the code ("Heating and Refrigeration Code"): its
    # subject is knowledge of the code, not a trade's doing or a tool.
    named = text[start:end].split()
    return (
        skill.kind in ("hard_skill", "tool")
        and bool(named)
        and all(w[:1].isupper() for w in named)
        and _A_CODE_AFTER.match(text, end) is not None
    )


def _describes_another(skill: Skill, text: str, start: int, end: int) -> bool:
    # The words describe another noun ("pastry case"), or an inspector checks them, or they are
    # part of a product's or a firm's name ("Nortel Contact Center").
    return (
        _MODIFIES_NEXT.match(text, end) is not None
        or _checked_not_done(skill, text, start)
        or in_a_proper_name(text, start, end)
    )


# Nouns after a name that make it a text on the subject its words name.
_NAMES_A_TEXT = re.compile(
    r"[ \t]+(?:Handbook|Manual|Guide|Guidelines|Codes?|Standards?|Orders|Regulations)\b"
)
# A capitalised word right before, on the same line: "Nortel [Contact Center]".
_NAME_BEFORE = re.compile(r"(?<![.:;!?])\b[A-Z][\w&'-]*[ \t]+$")


def in_a_proper_name(text: str, start: int, end: int) -> bool:
    """Whether capitalised words at start..end continue a name begun by a capitalised word right
    before them ("Nortel Contact Center", "Acme Heavy Equipment"): a product's or a firm's
    name, not the work its words name elsewhere. The first word of a sentence or a line does not
    begin a name ("Call Center experience")."""
    words = text[start:end].split()
    if not words or not all(w[:1].isupper() for w in words):
        return False
    before = _NAME_BEFORE.search(text, max(0, start - 40), start)
    if before is None or _NAMES_A_TEXT.match(text, end):
        return False  # "Work Area Traffic Control Handbook": a text about the work
    left = sentence_around(text, start, end)[0]
    return before.start() > left


def _checked_not_done(skill: Skill, text: str, start: int) -> bool:
    # "inspects steam and other boilers ... regulating their design, fabrication": the sentence
    # checks the work named after its inspection word; an inspection skill is what it does.
    if "inspect" in skill.label:
        return False
    left = sentence_around(text, start, start)[0]
    return bool(set(content_stems(text[left:start])) & _INSPECTION_STEMS)


# Words of checking work that others do: an inspector "inspects", "witnesses" or checks "for
# conformance" to the codes "governing" it; the trade named after them is what is checked, not
# a skill of the job.
_INSPECTION_STEMS = frozenset(
    stem(w)
    for w in _word_set(
        """inspect inspects inspecting inspection inspections inspector inspectors witness
        witnesses witnessing conformance regulate regulates regulating govern governs governing"""
    )
)
# Nouns after a name that make it a description of another thing: "restock the pastry case",
# "Patrol Maps", "water treatment facilities", "traffic control markings", "dispatch networks".
_MODIFIES_NEXT = re.compile(
    r"[ \t]+(?:cases?|maps?|markings?|devices?|facilit(?:y|ies)|plants?|departments?"
    r"|compan(?:y|ies)|industr(?:y|ies)|courses?|classes|networks?|signs)\b",
    re.I,
)


# Nouns of equipment, goods, places, programs, clients and documents after words the posting did
# not support as the skill: the words only say what kind of thing that is ("outbound LTL
# shipments", "the sortation conveyor", "refrigeration trucks", "the HVAC division", "a
# landscaping client", "boiler readings"), and are no skill of their own. Only for words kept
# when unsupported: a supported synonym before one of them ("refrigeration equipment" a mechanic
# repairs) still names the skill. No noun that is also a verb's object of the trade ("hoist
# loads" is the work).
_NAMES_A_THING_AFTER = re.compile(
    r"[ \t]+(?:equipment|parts?|components?|vehicles?|trucks?|trailers?|vans?|conveyors?"
    r"|shipments?|freight|cargo|areas?|divisions?|units?|zones?|programs?|clients?"
    r"|customers?|accounts?|orders|readings?|reports?|logs?|tickets?|labels?)\b",
    re.I,
)


def _said(stem: str, around: set[str]) -> bool:
    # The stem, or a noun made from it: "impound" in "impoundment", "repair" in "repairer" (not
    # "mechanic" in "mechanical", "press" in "pressure").
    return stem in around or any(
        s.startswith(stem) and s[len(stem) :] in _NOUN_ENDINGS for s in around
    )


_NOUN_ENDINGS = frozenset({"ment", "ments", "er", "ers", "or", "ors", "ist", "ists"})


def names_its_object(
    skill: Skill, words: str, text: str = "", start: int = 0, end: int = 0
) -> bool:
    """Whether the words name what the skill works on or in: their head (last) word is a word of
    the skill's label ("refrigeration" of refrigeration repair, "special events" of event
    staffing), or names a kind of equipment ("surveillance systems"), a tool ("cranes") or a
    knowledge area ("schematics"). An ambiguous synonym the posting does not support then stands
    as those words, free text; one word that means something else ("timekeeping" in personnel
    rules is not payroll, "renovation" of electric equipment is not remodeling) is dropped. So
    are words that only describe another noun ("Patrol Maps"), a reading of a list rather than
    the posting's words, and a trade's work that an inspector checks ("inspects ... their design,
    fabrication"): the object inspected ("boilers") stays (issue #15)."""
    mine = _stem_tuple(normalise_term(words))
    if not mine or mine == _stem_tuple(normalise_term(skill.label)):
        return False  # the skill's own name ("storekeeping"), which the posting does not mean
    last = _WORD.findall(normalise_term(words))[-1]
    if text and normalise_term(text[start:end]) != normalise_term(words):
        return False  # a reading of a list ("heat, ... and wastewater treatment"), not words
    if text and (_MODIFIES_NEXT.match(text, end) or in_a_proper_name(text, start, end)):
        return False
    if text and _NAMES_A_THING_AFTER.match(text, end):
        return False  # "outbound LTL shipments", "the sortation conveyor": the next noun's kind
    if text and last.endswith(("ion", "ing")) and _checked_not_done(skill, text, start):
        return False
    if last in _CATEGORY_HEADS or skill.kind == "knowledge":
        return True  # "surveillance systems"; "schematics" of mechanical parts
    if len(mine) == 1 and skill.kind == "tool":
        return True  # "container cranes" a mechanic repairs
    head = mine[-1]
    return any(
        head == own
        or (min(len(head), len(own)) >= 4 and (head.startswith(own) or own.startswith(head)))
        for own in _stem_tuple(normalise_term(skill.label))
    )


def settle_unsupported(
    skills: dict[str, list[SkillMention]], unsupported: Iterable[tuple[SkillMention, SkillMention]]
) -> None:
    """Give back to its skill an ambiguous synonym that was kept as its own words (``words``, the
    free-text mention; ``linked``, the mention as first linked) when the posting supports that
    skill elsewhere: the skill is then what the posting means by the words too. ``skills`` holds
    the mentions by skill id or free-text label, as extraction collects them."""
    for words, linked in unsupported:
        bucket = skills.get(words.label)
        if linked.id is None or bucket is None:
            continue
        if not any(mention.id == linked.id for mention in skills.get(linked.id, ())):
            continue  # not supported elsewhere (the words' own label can be the id: "storekeeping")
        if not any(mention is words for mention in bucket):
            continue  # the words were not kept as free text either
        bucket[:] = [mention for mention in bucket if mention is not words]
        if not bucket:
            del skills[words.label]
        # setdefault: the words' own label can be the skill's id ("dispatching").
        skills.setdefault(linked.id, []).append(linked)


def coherent(
    mentions: Iterable[SkillMention],
    weak: set[int],
    taxonomy: Taxonomy,
    read_as: dict[int, Skill] | None = None,
) -> list[SkillMention]:
    """Drop weakly read skills from another occupation: a mention linked on one word (its
    position in ``weak``), or kept as its own words after an ambiguous synonym the posting did
    not support (``read_as``: the skill it was read as, by position), whose skill shares no
    domain with the posting's strongly read skills. A truck driver's "automatic transmissions"
    are not a mechanic's words. With no strong skill to judge by, everything stays; words kept
    from a name are judged only beside three strong skills or more."""
    listed = list(mentions)
    read_as = read_as or {}
    domains: Counter[str] = Counter()
    strong = 0
    for index, mention in enumerate(listed):
        if index in weak or mention.id is None:
            continue
        skill = taxonomy.skills.get(mention.id)
        if skill is not None:
            strong += 1
            domains.update(d for d in skill.domains if d != "general")
    if not domains:
        return listed
    if strong < _ENOUGH_TO_JUDGE:
        read_as = {}  # words kept from a name: too few skills to tell the occupation
    kept = []
    for index, mention in enumerate(listed):
        skill = read_as.get(index) or (taxonomy.skills.get(mention.id) if mention.id else None)
        if index in read_as and _is_category(mention):
            pass  # "intercom, sound and surveillance systems" an electrician repairs: an object
        elif (index in weak or index in read_as) and skill is not None:
            # Soft skills belong to every occupation ("tactfully", "judgment").
            own = {d for d in skill.domains if d != "general"}
            if skill.kind != "soft_skill" and own and not own & set(domains):
                continue
        kept.append(mention)
    return kept


# Strongly read skills needed before words kept from an ambiguous name are judged against the
# posting's occupation ("refrigeration" beside plumbing codes alone stays).
_ENOUGH_TO_JUDGE = 3


# Nouns naming a person's role: the words before them say whose job it is, not a skill of this
# one ("hand them to the forklift driver", "communicate with crane operators", "your line lead",
# "experience as a lifeguard", "Heating and Refrigeration Inspector").
_ROLE_NOUNS = _word_set(
    """
    operator operators driver drivers lead leads leader leaders inspector inspectors dispatcher
    dispatchers supervisor supervisors technician technicians lifeguard lifeguards officer
    officers clerk clerks foreman foremen attendant attendants electrician electricians plumber
    plumbers carpenter carpenters painter painters engineer engineers manager managers surveyor
    surveyors mechanic mechanics typist typists physician physicians nurse nurses programmer
    programmers machinist machinists custodian custodians gardener gardeners chemist chemists
    """
)
# Offices named like a person: "communicate with dispatch", "call security".
_OFFICES = _word_set("dispatch security")
_SOMEONE_BEFORE = re.compile(
    r"\b(?:the|your|our|their|a|an|with|to|from|by|assists?|assisting|helps?|helping"
    r"|supervision\s+of|direction\s+of)\s+$",
    re.I,
)
# A mention that is itself helping a role: "assists physicians", "helps the mechanics".
_HELPING = _word_set("assist assists assisting help helps helping")
_ROLE_ACRONYM = re.compile(
    r"\b(?:[A-Z][\w'-]*\s+){0,4}(?:"
    + "|".join(sorted(w.capitalize() for w in _ROLE_NOUNS))
    + r")\s*\($"
)
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][\w'-]*)")
_NAME_RUN = re.compile(r"(?:(?:[ \t]*/[ \t]*|[ \t]+)(?:[A-Z][\w'-]*|and|&|of))+")


# A class defined by its title: "An Elevator Mechanic does ...", "A Gardener performs ...".
_A_BEFORE = re.compile(r"(?:^|(?<=[\s>]))(?:A|An|The)\s+$")
_DEFINED = re.compile(r"[ \t]+(?:[a-z]+ly[ \t]+)?(?:does|performs|is|plans|assists|works|has)\b")
# The grades written after a title: "Programmer III", "Clerk Typist II".
_GRADES = _word_set("i ii iii iv v vi")


def names_a_role(text: str, start: int, end: int, title: str | None = None) -> bool:
    """Whether the words at ``text[start:end]`` are (part of) a person's role rather than a
    skill: they end in a role noun ("line lead", "lifeguard"), a role noun follows them ("crane
    operators"), or they begin a capitalised name that ends in one ("Plumbing Inspector",
    "Heating and Refrigeration Inspector"). The posting's own job is not another's role: every
    naming word of the role in its title keeps the words ("forklift operators" for a Forklift
    Operator)."""
    words = _WORD.findall(text[start:end].lower())
    if not words or "as" in words:
        return False  # "act as a lead": doing the role is the skill (lead worker)
    if "of" in words[:-1]:
        return False  # "the laws of mechanics": a field, not the people
    role: list[str] | None = None
    own = text[start:end].split()
    capitalised = own[0][:1].isupper()
    if (
        capitalised
        and words[-1] in _ROLE_NOUNS
        and _DEFINED.match(text, end)
        and _A_BEFORE.search(text, max(0, start - 4), start)
    ):
        return True  # "An Elevator Mechanic does skilled work": the class, not a skill
    if len(words) >= 2 and words[-1] in _GRADES and words[-2] in _ROLE_NOUNS:
        return True  # "Systems Programmer III": a title and its grade
    # A role in lower case is another person's after "the", "your", "with"...: "the forklift
    # driver"; "Forklift operators with experience" is whom the posting hires. A role written
    # as a name ("Clerk Typist", "Crane Operator") is a title wherever it stands.
    someone = _SOMEONE_BEFORE.search(text, max(0, start - 16), start) is not None
    if someone and len(words) == 1 and words[0] in _OFFICES:
        return True  # "communicate with dispatch": the office, not the skill
    if words[-1] in _ROLE_NOUNS and (
        someone or words[0] in _HELPING or (capitalised and own[-1][:1].isupper())
    ):
        role = words[1:] if words[0] in _HELPING else words
    else:
        after = _NEXT_WORD.match(text, end)
        if (
            after is not None
            and after.group(1).lower() in _ROLE_NOUNS
            and (someone or (capitalised and after.group(1)[:1].isupper()))
        ):
            role = [*words, after.group(1).lower()]
        elif capitalised and _ROLE_ACRONYM.search(text, max(0, start - 80), start):
            return True  # "Certified Risk Manager (CRM)": the letters of a title
        elif capitalised:
            run = _NAME_RUN.match(text, end)
            named = _WORD.findall(run.group(0).lower()) if run else []
            if named and named[-1] in _ROLE_NOUNS:
                role = [*words, *named]
    if role is None:
        return False
    mine = {s for s in content_stems(" ".join(role)) if s not in _GENERIC_STEMS}
    return not (title and mine <= set(content_stems(title)))


# "help the pitmaster", "work closely with the Curator", "report to the Lead Cook": a job title
# after helping or working with "the", "your" or "our" is someone the worker works beside; "run
# the MIG welder" is a tool, "an apprenticeship as a tile setter" the worker.
_ANOTHER_PERSON_BEFORE = re.compile(
    r"\b(?:help|helps|helping|assist|assists|assisting|support|supports|with|to|beside"
    r"|alongside|under)\s+(?:the|your|our)\s+$",
    re.I,
)


def names_another_person(
    taxonomy: Taxonomy, text: str, start: int, end: int, title: str | None = None
) -> bool:
    """Whether the words at ``text[start:end]`` are another person's job title ("help the
    pitmaster load the smoker"): a title the taxonomy knows, after "help the", "with our" and
    the like, that is not the posting's own."""
    if _ANOTHER_PERSON_BEFORE.search(text, max(0, start - 12), start) is None:
        return False
    if taxonomy.find_title(text[start:end]) is None:
        return False
    words = set(content_stems(text[start:end]))
    return not (title and words <= set(content_stems(title)))


# Names of an agency, a law or an association around capitalised words: "Department of
# Industrial Relations", "Department of Water and Power", "Assembly Bill AB717", "National
# Contracts Management Association". The words name the body, not a skill.
_AGENCY_BEFORE = re.compile(
    r"\b(?:Department|Bureau|Division|Office|Board|Council)\s+of\s+"
    r"(?:(?:[A-Z][\w&'-]*|and|of|the)\s+)*$"
)
_AGENCY_AFTER = re.compile(
    r"(?:[ \t]+(?:[A-Z][\w&'-]*|and|of|for))*[ \t]+(?:Association|Bill|Act|Ordinance"
    r"|Commission|Council|Department|Institute|Society|Agency|Board|Bureau)\b"
)


# "the California Electrical Safety Orders": a set of regulations named by its subject.
_ORDERS_AFTER = re.compile(r"[ \t]+Orders\b")


def in_an_agency_name(text: str, start: int, end: int) -> bool:
    """Whether capitalised words at start..end are inside the name of an agency, a law or an
    association ("Department of Industrial Relations", "Assembly Bill AB717", "Electrical
    Safety Orders")."""
    if not text[start:end][:1].isupper():
        return False
    return bool(
        _AGENCY_BEFORE.search(text, max(0, start - 80), start)
        or _AGENCY_AFTER.match(text, end)
        or _ORDERS_AFTER.match(text, end)
    )


# A law cited as the reason for a rule of the job: "Based on [Cal/OSHA regulations],
# Departmental regulations require ...", "[Cal/OSHA Regulations] require that all employees
# ... wear a SCBA", "as required by the [California Occupational Safety and Health
# Administration]". The rule is what is asked; the law is not a skill here.
_CITED_BEFORE = re.compile(
    r"\b(?:based\s+on|pursuant\s+to|in\s+accordance\s+with|(?:as\s+)?(?:required|mandated)"
    r"\s+by)\s+(?:the\s+)?$",
    re.I,
)
_REQUIRES_AFTER = re.compile(r"[ \t]+(?:require|requires|mandate|mandates)\b")


# One adjective of a quality ("innovative", "persuasive", "cooperative") before the noun it
# describes: "innovative strategies", "cooperative agreements" name things, not a worker's skill;
# "a persuasive manner" and "persuasive and informative presentations" still say how one works.
_QUALITY_ADJECTIVE = re.compile(r"[A-Za-z]+ive")
_THING_AFTER = re.compile(
    r"[ \t]+(?!(?:manner|way|ways|and|or|but|in|of|to|with|when|sufficient)\b)[a-z]"
)


def describes_a_thing(text: str, start: int, end: int) -> bool:
    """Whether the words are one quality adjective used before the noun it describes."""
    return bool(_QUALITY_ADJECTIVE.fullmatch(text, start, end) and _THING_AFTER.match(text, end))


def cited_as_a_reason(text: str, start: int, end: int) -> bool:
    """Whether the words are a law or rule cited as the reason for what the job asks (see
    above), not knowledge the job asks for."""
    return bool(
        _CITED_BEFORE.search(text, max(0, start - 30), start) or _REQUIRES_AFTER.match(text, end)
    )


# "Completion of a course in automotive mechanics, machine shop, welding, plumbing": what was
# studied, not the job's skill (LABELLING.md: education is not a skill).
_STUDIED = re.compile(
    r"\b(?:course|courses|coursework|classes|degree|units|diploma|school)\s+"
    r"(?:\w+\s+){0,2}?in\b[^;:]*$|\bcourse\s*\($",
    re.I,
)


def names_a_study(text: str, start: int) -> bool:
    """Whether the words at ``start`` name what someone studied: a list after "a course in",
    "units in", "a degree in" within the same sentence, or a course's name in parentheses."""
    left = sentence_around(text, start, start)[0]
    return _STUDIED.search(text, left, start) is not None


# A sentence about the employer: "Golden Wheat bakes bread and buns for grocery stores", "Our
# client builds HVAC units", "Midland Freight Solutions is a third-party logistics company that
# stores ... auto parts". What the firm makes or sells is not a skill of the job.
_FIRM_SENTENCE = re.compile(
    r"\s*(?:We\s+are\s+an?\b|Our\s+(?:client|company)\s+(?!is\s+(?:hiring|looking|seeking))"
    r"|(?!(?:A|An|The|This|Each)\s)(?:[A-Z][\w&'.-]*[ \t]+(?:&[ \t]+)?){2,5}"
    r"(?:is\s+an?\b|makes|bakes|builds|stores|ships"
    r"|installs|manufactures|produces|sells|distributes|supplies|does)\b)"
)
_WORKERS = re.compile(
    r"(?:worker|technician|handler|associate|operator|driver|helper|aide|cook|server|cashier"
    r"|mechanic|electrician|plumber|carpenter|painter|laborer|installer|cleaner|attendant|clerk"
    r"|caregiver|supervisor|inspector|engineer|officer|manager|analyst|specialist|assistant"
    r"|representative|director|coordinator|staff|team)s?\s+(?:is\s+an?|\w+)\s*$",
    re.I,
)


def about_the_employer(text: str, start: int, end: int) -> bool:
    """Whether the words stand in a sentence that says what the employer is or makes, not what
    the job does: it opens with the firm's name (two capitalised words or more), "We are a" or
    "Our client", and a verb of making, selling or being ("Golden Wheat bakes bread")."""
    left = sentence_around(text, start, end)[0]
    opening = _FIRM_SENTENCE.match(text, left, end)
    return opening is not None and not _WORKERS.search(text, left, opening.end())


def refused_here(text: str, start: int, end: int, title: str | None = None) -> bool:
    """Whether the words at ``text[start:end]``, whatever skill they name, are not a skill of
    this job where they stand: a person's role, the name of an agency or law, a subject
    studied, what the employer makes, or what it gives ("free tutoring"), the employer's own
    name, a device to own or apply with, the hiring process, or the size of a crew (issue #15:
    no skill from the wrong occupation)."""
    return (
        names_a_role(text, start, end, title)
        or in_an_agency_name(text, start, end)
        or cited_as_a_reason(text, start, end)
        or describes_a_thing(text, start, end)
        or names_a_study(text, start)
        or about_the_employer(text, start, end)
        or offered_not_asked(text, start, end)
        or in_the_firm_name(text, start, end)
        or device_to_have(text, start, end)
        or about_applying(text, start, end)
        or crew_size(text, start, end)
        or set_by(text, start, end)
    )


# Words of checking others' work against a rule: the trade named after them in the sentence is
# what is checked ("inspects ... electrical installations to secure conformance", "directs the
# enforcement of code provisions related to mechanical plumbing"), not the job's own doing.
# The words themselves, not their stems: "Internal Auditor IV" and "Housing Inspector" name a
# person, whose other duties are not checking.
_CHECKING_WORDS = _word_set(
    """inspect inspects inspecting inspection inspections witness witnesses witnessing
    conformance regulating governing enforce enforces enforcing enforcement compliance comply
    audit audits auditing"""
)
# Verbs of doing the work: a sentence that has one is about doing it ("inspect, test, repair
# and maintain pumps"), whatever else it checks.
_DOING_VERBS = _word_set(
    """install installs installing repair repairs repairing maintain maintains maintaining
    build builds construct constructs constructing fabricate fabricates fabricating perform
    performs performing overhaul overhauls overhauling clean cleans cleaning operate operates
    operating replace replaces replacing service services servicing assemble assembles
    assembling weld welds welding paint paints painting troubleshoot troubleshoots
    troubleshooting adjust adjusts adjusting calibrate calibrates calibrating does do doing
    make makes making fix fixes fixing conduct conducts conducting"""
)
# Words in a skill's label that say it is itself checking or knowing, not a trade's doing.
# So are the skills of running people ("supervision", "training"), which are no trade.
_CHECKING_LABEL = re.compile(
    r"inspect|code|enforce|audit|test|regulation|safety|complian|supervis|manag|train|lead", re.I
)


# Titles of jobs that check, design or audit trades' work rather than do it.
_CHECKER_TITLE = re.compile(
    r"\b(?:inspectors?|examiners?|auditors?|(?:mechanical|electrical|civil|structural|safety"
    r"|environmental|fire\s+protection|building\s+mechanical|transportation|traffic)\s+"
    r"engineer(?:s|ing)?)\b",
    re.I,
)
# The trades: skills whose domains are these are done with the hands on the work.
_TRADE_DOMAINS = frozenset(
    {"construction", "maintenance", "manufacturing", "welding", "auto_repair", "custodial"}
)


def checks_trades(title: str | None) -> bool:
    """Whether the posting's title names a job that checks or designs trades' work ("Electrical
    Inspector", "Building Mechanical Engineer", "Title Examiner")."""
    return bool(title) and _CHECKER_TITLE.search(title or "") is not None


def checked_not_done(
    skill: Skill, text: str, start: int, end: int, title: str | None = None
) -> bool:
    """Whether a trade's doing (a hard skill) is named where the job checks that work rather
    than doing it: after a checking word in the same sentence ("inspects", "enforcement",
    "for conformance", "audits", "witnesses"), in a sentence with no verb of doing the work
    ("install", "repair", "maintain", "operate"...). An inspector who "inspects electrical
    installations" knows wiring; a mechanic who "inspects and repairs pumps" repairs them."""
    if skill.kind != "hard_skill" or _CHECKING_LABEL.search(skill.label):
        return False
    if checks_trades(title) and set(skill.domains) & _TRADE_DOMAINS:
        return True  # an inspector's or engineer's trades are knowledge wherever named
    left, right = sentence_around(text, start, end)
    if not any(w in _CHECKING_WORDS for w in _WORD.findall(text[left:start].lower())):
        return False
    return not any(w in _DOING_VERBS for w in _WORD.findall(text[left:right].lower()))


def checked_subject(
    mention: SkillMention, skill: Skill, text: str, taxonomy: Taxonomy, title: str | None = None
) -> SkillMention | None:
    """What a checker's subject is read as, or None when the mention is the job's own doing (see
    ``checked_not_done``): the code knowledge of the trade when the taxonomy has one and the
    sentence speaks of codes ("plumbing codes"), else the posting's words as knowledge, free
    text ("electrical installations"), so the trade's skill id is not linked."""
    if not checked_not_done(skill, text, mention.start, mention.end, title):
        return None
    left, right = sentence_around(text, mention.start, mention.end)
    if "code" in text[left:right].lower():
        for name in (skill.label, mention.text):
            for suffix in (" codes", " code"):
                code = taxonomy.find(name + suffix)
                if code is not None and code.kind == "knowledge":
                    return msgspec.structs.replace(
                        mention, id=code.id, label=code.label, kind=code.kind
                    )
    words = " ".join(mention.text.lower().split())
    return msgspec.structs.replace(mention, id=None, label=words, kind="knowledge")


# What the employer gives, said of the words: "free tutoring available", "give free coffee and
# fountain drinks", "child-care help and a case manager", "your individual Education Budget".
# The words name a perk or a service the program offers, not a skill of the job.
_GIVEN_BEFORE = re.compile(
    r"\b(?:free|complimentary)\s+(?:[\w-]+\s+){0,2}$"
    r"|\byour\s+(?:own\s+|individual\s+|personal\s+|yearly\s+|annual\s+)?"
    r"(?:education|learning|training|development|wellness)\s+$",
    re.I,
)
_GIVEN_AFTER = re.compile(
    r"\s+(?:help|assistance|reimbursement|allowance|stipend)\b(?!\s+desk)"
    r"|\s+(?:is\s+|are\s+)?(?:available|offered)\s+(?:to\s+you|if|for\s+(?:you|participants|"
    r"employees|staff))\b",
    re.I,
)


def offered_not_asked(text: str, start: int, end: int) -> bool:
    """Whether the words at ``text[start:end]`` name something the employer gives ("free
    tutoring", "child-care help"), not a skill it asks for."""
    return bool(
        _GIVEN_BEFORE.search(text, max(0, start - 40), start) or _GIVEN_AFTER.match(text, end)
    )
