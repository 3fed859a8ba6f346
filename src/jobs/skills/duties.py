"""Skills named by the duties: "climbs, prunes, trims and removes trees" is tree climbing, pruning,
trimming and removal, though no cue such as "knowledge of" introduces them.

Each duty clause that opens with a list of verbs in the third person ("installs, maintains and
repairs water mains") gives one phrase per verb, made from the verb's "-ing" form and the first
thing it acts on ("installing water mains"); a clause that opens with one general verb ("does
gardening, landscape construction, and maintenance work") gives the things listed after it; kinds
listed before one examining noun ("physical and chemical analysis") give one phrase per kind. The
phrases go through the same taxonomy lookup and free-text filter as cued phrases.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jobs.skills.sections import Section


def _word_set(words: str) -> frozenset[str]:
    """The words of a whitespace-separated list, as a set."""
    return frozenset(words.split())


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
# Nor a word that only points elsewhere: "all of the following".
_NOT_THINGS = {
    "work force", "effective work", "workforce", "employees", "staff", "personnel",
    "following", "the following",
}  # fmt: skip
# Things only the nearest activity works on: "installation, splicing, removal, location of
# trouble" locates trouble, and installs no trouble (issue #15).
_NEAREST_ONLY = {"trouble", "troubles", "faults"}
MAX_OBJECT_WORDS = 4


class DutyPhrase:
    """A phrase read from the duties: label in plain words, span of the words it came from."""

    __slots__ = ("alone", "end", "label", "start")

    def __init__(self, label: str, start: int, end: int, alone: bool = False) -> None:
        self.label, self.start, self.end = label, start, end
        # An imperative duty verb with no object of its own ("Sweep, mop and vacuum"): the
        # activity alone is the skill.
        self.alone = alone


# A one-syllable verb after "re" or "un" keeps its stress, so its last consonant doubles too:
# "reset", "unjam", "unplug", "rerun" ("reckon", "reheat", "unload" do not match).
_STRESSED_LAST = re.compile(
    r"^(?:re|un)(?:[bcdfgjklmnprstvz]|[bcfgps][lr]|tr|dr|st|sp|sl|sh|wr)[aeiou][bdglmnprt]$"
)
# Verbs of two syllables stressed on the last, whose last consonant doubles.
_STRESSED_LAST_VERBS = _word_set(
    """
    admit commit compel control emit equip expel forget format input occur omit output patrol
    permit prefer program propel refer regret submit transfer transmit upset
    """
)


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
    if _STRESSED_LAST.match(base) or base in _STRESSED_LAST_VERBS:
        return base + base[-1] + "ing"  # "reset" -> "resetting", "patrol" -> "patrolling"
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
        if section.kind in _READ_FOR_ACTIVITIES:
            # "experience in the layout, installation and repair of irrigation systems"
            for clause, start in _clauses(text, section):
                phrases += _nominal_phrases(clause, start)
                # "experience operating scanners, card plotters", "staff engaged in ..."
                phrases += _engaged_in_phrases(clause, start, _EXPERIENCE_DOING)
                phrases += _engaged_in_phrases(clause, start)
                phrases += _shared_head_phrases(clause, start)
        if section.kind != "duties":
            continue
        for clause, start in _clauses(text, section):
            phrases += _clause_phrases(clause, start)
            phrases += _shared_head_phrases(clause, start)
            phrases += _engaged_in_phrases(clause, start)
            # "...; and may operate a dump truck": a duty in the base form after "may".
            for may in _MAY.finditer(clause):
                verb = may.group(1).split(maxsplit=1)[0]
                low = verb.lower()
                also = frozenset() if low in _NOT_AFTER_MAY or low.endswith("ly") else {verb}
                phrases += _imperative_clause(
                    text, start + may.start(1), start + len(clause), 1, also_verb=frozenset(also)
                )
    return [_without_owner(phrase) for phrase in phrases]


# The employer named as the owner of what a duty acts on: "cleaning City vehicles" is cleaning
# vehicles; the owner is no part of the skill (and reads as an organisation in free text).
_OWNER = re.compile(r"\s+(?-i:City|County|State)(?:-owned|['’]s)?(?=\s)")


def _without_owner(phrase: DutyPhrase) -> DutyPhrase:
    """The phrase with its label's owner words taken out ("inspecting City-owned helicopters" is
    "inspecting helicopters"); a label that opens with the owner is left as it is."""
    label = _OWNER.sub("", phrase.label)
    if label == phrase.label or len(label.split()) < 2:
        return phrase
    return DutyPhrase(label, phrase.start, phrase.end, phrase.alone)


def _clauses(text: str, section: Section) -> Iterator[tuple[str, int]]:
    """The section's clauses with where each starts in ``text``."""
    body = text[section.start : section.end]
    position = 0
    for clause in _CLAUSE_SPLIT.split(body):
        offset = body.find(clause, position)
        position = offset + len(clause)
        yield clause, section.start + offset


_MAY = re.compile(
    r"\bmay\s+(?:also\s+|occasionally\s+|sometimes\s+)?(?:be\s+required\s+to\s+)?"
    r"(?=[a-z])([a-z]+\b.*)",
    re.I,
)


# Words after "may" that say what the job involves or how, not a duty done to a thing: "may
# require", "may be", "may include". Any other word there is a verb in the base form ("may conduct
# field inspections"), so it opens the duty though it is not one of DUTY_VERBS.
_NOT_AFTER_MAY = _word_set(
    """
    be have need include require vary involve become differ apply occur contain qualify not
    also work perform do assist help serve act attend participate receive respond ensure follow
    supervise direct coordinate oversee manage plan organize lead assign review evaluate
    """
)


def _clause_phrases(clause: str, base: int) -> list[DutyPhrase]:
    return (
        _verb_phrases(clause, base) + _gerund_phrases(clause, base) + _nominal_phrases(clause, base)
    )


# Sections besides the duties where activities of one thing are read ("experience in the
# installation and repair of pumps"). Not the examination's knowledge lists: there "the design,
# installation and maintenance of pressure vessels" names one subject, the vessels (tuning split).
_READ_FOR_ACTIVITIES = {"requirements", "preferred"}
# Nouns that name an activity done to a thing: "the layout, installation and repair of plumbing".
_ACTION_NOUN_ENDINGS = ("tion", "sion", "ment", "ance", "ing")
_ACTION_NOUNS = _word_set(
    """
    repair repairs care layout design upkeep overhaul cleanup setup removal disposal renewal
    retrieval appraisal rental use control review analysis analyses support
    """
)
_NOT_ACTION_NOUNS = _word_set(
    """
    department management government equipment environment instruments attendance nothing
    something anything everything during including regarding according
    """
)


def _is_action_noun(word: str) -> bool:
    low = word.lower()
    if low in _NOT_ACTION_NOUNS or len(low) < 4:
        return False
    return low in _ACTION_NOUNS or low.endswith(_ACTION_NOUN_ENDINGS)


# "the maintenance, planting, and removal of trees": two or more activities of one thing.
_NOUN_LIST = re.compile(
    r"\b([a-z]+(?:(?:,\s+|,?\s+(?:and|or|and/or)\s+)(?:the\s+)?[a-z]+)+),?\s+of\s+"
)


def _nominal_phrases(clause: str, base: int) -> list[DutyPhrase]:
    phrases = []
    for found in _NOUN_LIST.finditer(clause):
        nouns = [
            word
            for word in re.finditer(r"[a-z]+", found.group(1))
            if word.group(0) not in ("and", "or", "the")
        ]
        if len(nouns) < 2 or not all(_is_action_noun(w.group(0)) for w in nouns):
            continue
        thing = _thing(clause[found.end() :])
        if thing is None:
            continue
        if thing.lower() in _NEAREST_ONLY:
            nouns = nouns[-1:]
        for word in nouns:
            at = base + found.start(1) + word.start()
            phrases.append(DutyPhrase(f"{word.group(0)} of {thing}", at, at + len(word.group(0))))
    return phrases


def _thing(text: str) -> str | None:
    """The first thing named in ``text``, in at most two words ("plumbing systems")."""
    end = _OBJECT_END.search(text)
    first = re.split(
        r",|\s(?:and|or)\s+(?:by|to|in|for|[a-z]+s)\b", text[: end.start()] if end else text
    )[0]
    # "blinds and hardware": the first thing only, not "blinds hardware" (but "sanitary and
    # industrial plumbing systems" share their noun).
    first = re.split(r"(?<=s)\s(?:and|or|and/or)\s", first)[0]
    words = [w for w in first.split() if w.lower() not in _JOINERS]
    if "of" in (w.lower() for w in words):
        # "any of a wide variety of electronics": the thing is after the last "of".
        words = words[len(words) - [w.lower() for w in words][::-1].index("of") :]
    words = words[-2:]
    thing = " ".join(words)
    if not words or thing.lower() in _NOT_THINGS or not re.search(r"[a-z]{3}", thing):
        return None
    return thing


# "supervises employees engaged in auditing financial records": the work of the unit, the main
# duty of a long supervisor's sentence whose own verbs (assigns, reviews) name no skill.
_ENGAGED_IN = re.compile(r"\b(?:engaged|involved)\s+in\s+", re.I)
_OF = re.compile(r"\s+of\b", re.I)
# "experience operating industrial scanners", "experience in purchasing services".
_EXPERIENCE_DOING = re.compile(r"\bexperience\s+(?:in\s+)?(?=[a-z]+ing\s)")


# A list going on with one word: ", compliance, operations, or program audits".
_ONE_WORD_NEXT = re.compile(r",\s*(?:and\s+|or\s+)?[A-Za-z-]+(?:,|\s+(?:and|or)\s)")


def _engaged_in_phrases(
    clause: str, base: int, lead_words: re.Pattern[str] = _ENGAGED_IN
) -> list[DutyPhrase]:
    """The activities listed after "engaged in": one "-ing" duty with its object ("auditing
    financial records") or a short activity noun phrase ("traffic direction", "fire
    suppression"). Lists of activities of one thing are left to the nominal and gerund readers."""
    phrases: list[DutyPhrase] = []
    for lead in lead_words.finditer(clause):
        rest = clause[lead.end() :]
        if _NOUN_LIST.match(rest) or _GERUND_LIST.match(rest) or re.match(r"(?:the|a|an)\s", rest):
            continue
        position = 0
        for piece in _ITEM_SPLIT.split(rest):
            offset = rest.find(piece, position)
            position = offset + len(piece)
            # A space before, so that a piece opening with "including" is cut where it starts.
            spaced = " " + piece
            cuts = [c.start() for c in (_OBJECT_END.search(spaced), _OF.search(spaced)) if c]
            cut = max(min(cuts) - 1, 0) if cuts else None
            item = piece[:cut] if cut is not None else piece
            words = item.split()
            if not words or len(words) > MAX_OBJECT_WORDS or not re.search(r"[a-z]{3}", item):
                break  # a clause, not a list of activities
            if any(w.lower() in _JOINERS for w in words) or _ARTICLE.match(" ".join(words[1:])):
                break  # "providing a variety of ...", "performing various duties": no thing named
            if words[0].lower() in _NOT_ACTION_NOUNS | {"involving", "concerning"}:
                break  # "experience involving responsibility for ...": a preposition
            if len(words) < 2 or not all(w.isalpha() for w in words):
                if cut is not None:
                    break
                continue  # a bare noun ("training") or verb ("directing and controlling ...")
            if (
                words[0].lower().endswith("ing")
                and cut is None
                and re.match(r"\s+(?:and|or)\s", rest[position:])
            ):
                break  # "taking black and white ... photographs": the object runs on
            if (
                words[0].lower().endswith("ing")
                and len(words) == 2
                and cut is None
                and not words[1].lower().endswith("s")
                and _ONE_WORD_NEXT.match(rest, position)
            ):
                # "conducting performance, compliance, or program audits", "preparing civil,
                # structural ... plans": one word of a list that shares its last noun.
                continue
            at = base + lead.end() + offset + piece.find(words[0])
            phrases.append(DutyPhrase(" ".join(words), at, at + len(item.strip())))
            if cut is not None:
                break  # what follows the cut is about this item ("of contractors, City ...")
    return phrases


# Kinds of one examining activity listed before its noun: "physical and chemical analysis",
# "procedural, financial and operational audits", "binder and emulsion testing"; and kinds of
# skills ("math and organization skills"). Each word of the list names one kind ("chemical
# analysis"), as coordination.py does for taxonomy terms.
_SHARED_HEAD = re.compile(
    r"\b((?:[A-Za-z][a-z-]+,\s+){0,6}[A-Za-z][a-z-]+,?\s+(?:and|or|and/or)\s+)"
    r"([A-Za-z][a-z-]+)\s+(analysis|analyses|audits|auditing|testing|tests|skills)\b"
)
# "drug and alcohol testing" is screening (its own field), never a skill.
_NOT_KINDS = _JOINERS | _word_set(
    "of in to for with by on at is are be all any other such drug alcohol"
)


def _shared_head_phrases(clause: str, base: int) -> list[DutyPhrase]:
    """One phrase per kind of an examining activity whose words share its noun ("physical and
    chemical analysis" gives "physical analysis" and "chemical analysis"); a list with a clause
    word or an "-ing" word in it ("reviewing and testing") is not a list of kinds."""
    phrases: list[DutyPhrase] = []
    for found in _SHARED_HEAD.finditer(clause):
        words = [
            w for w in re.finditer(r"[A-Za-z][a-z-]*", found.group(1))
            if w.group(0).lower() not in ("and", "or", "and/or")
        ]  # fmt: skip
        kinds = [(w.group(0), found.start(1) + w.start()) for w in words]
        kinds.append((found.group(2), found.start(2)))
        if any(k.lower() in _NOT_KINDS or k.lower().endswith("ing") for k, _ in kinds):
            continue
        head = found.group(3)
        for kind, at in kinds:
            phrases.append(DutyPhrase(f"{kind.lower()} {head}", base + at, base + at + len(kind)))
    return phrases


_HELP_WITH = re.compile(r"\b(?:help|helps|assist|assists)\s+(?:[a-z]+\s+){0,2}with\s+$", re.I)


def _gerund_phrases(clause: str, base: int) -> list[DutyPhrase]:
    phrases = []
    for found in _GERUND_LIST.finditer(clause):
        thing = _thing(clause[found.end() :])
        if thing is None:
            continue  # "building and maintaining an effective work force"
        gerunds = list(re.finditer(r"[a-z]+ing", found.group(1)))
        sharing = gerunds
        if thing.split()[0].lower().endswith("ing"):
            sharing = []  # "with bathing, dressing and eating": activities, no thing they act on
        elif not re.search(r"\b(?:and|or|and/or)\s+[a-z]+ing$", found.group(1)):
            # "patching, painting, replacing blinds": a run of activities, not one thing's; only
            # the last acts on what follows it.
            sharing = gerunds[-1:]
        # "help residents with bathing, dressing and eating": each is help with the activity
        helping = not sharing and _HELP_WITH.search(clause, 0, found.start()) is not None
        for word in gerunds:
            if word not in sharing:  # the activity alone ("bathing", "painting")
                at = base + found.start(1) + word.start()
                label = f"{word.group(0)} assistance" if helping else word.group(0)
                phrases.append(DutyPhrase(label, at, at + len(word.group(0))))
                continue
            at = base + found.start(1) + word.start()
            if _names_no_thing(thing.split(), _STOCK_WORDS):
                # "engaged in ordering, receiving, storing and issuing materials": each activity
                # is the skill, the materials name nothing in particular.
                phrases.append(DutyPhrase(word.group(0), at, at + len(word.group(0)), alone=True))
                continue
            label = f"{word.group(0)} {thing}"
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


# Verbs that open an imperative duty ("Clean and disinfect restrooms", "unload deliveries"): the
# work itself. Verbs of helping, following or being are left out: they name no skill.
DUTY_VERBS = _word_set(
    """
    answer arrange assemble audit bake bathe build bus caulk change check chop clean climb
    collect cook count cut deliver dice disinfect dispatch dress drive dust empty enter feed fill
    finish fix fold frame fry grill grind haul hang inspect install label lay load lock log
    maintain make measure mix monitor mop mount move mow operate order pack paint patch patrol
    pick plant polish pour prep prepare prune pull rake read record refill repair replace report
    restock rotate run sand saw scan schedule scrub seal serve shovel sort spray stack stage
    stock strip sweep tape test tie track train transport trim troubleshoot type unload
    vacuum wash water weld wipe wrap write ring sanitize sharpen sew staple clamp drill fabricate
    calibrate program process receive ship count reposition weigh document greet
    place carry set portion hook unhook connect remove tag price glue thread bag balance split
    secure slice steam bend grade compact crank extract sell explain reset refinish unjam
    scrape dig mount dismount adjust replenish spool chart mask tarp administer apply zone
    grease lubricate wax buff unpack
    """
)


def names_only_duties(words: str) -> bool:
    """Whether the words are two or more duty verbs listed alone, in any form ("load and
    unload", "Clean and disinfect"): they name activities but not what they are done to."""
    found = [w.lower() for w in re.findall(r"[A-Za-z]+", words)]
    verbs = [w for w in found if w not in _JOINERS]
    return (
        len(verbs) >= 2
        and len(found) > len(verbs)
        and all(_verb_base(w) in DUTY_VERBS for w in verbs)
    )


def _verb_base(word: str) -> str:
    """ "loading" -> "load", "repairs" -> "repair", "mopping" -> "mop", "sweep" -> "sweep"."""
    if word in DUTY_VERBS:
        return word
    for ending, added in (("ing", ""), ("ing", "e"), ("es", ""), ("s", "")):
        if word.endswith(ending) and word[: -len(ending)] + added in DUTY_VERBS:
            return word[: -len(ending)] + added
    if word.endswith("ing") and len(word) > 5 and word[-4] == word[-5]:
        return word[:-4]  # "mopping" -> "mop"
    return word


_BULLET_LINE = re.compile(r"^[ \t]*(?:[-•–*]|\d{1,2}[.)])[ \t]+(.+)$", re.M)
_CHUNK_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+|;\s*")
_IMPERATIVE_END = re.compile(
    r"\s+(?:in|on|at|to|for|from|with|within|under|over|by|as|so|when|where|which|that|using"
    r"|into|through|during|according|before|after|per|each|every|if|until|like|such|including"
    r"|inside|outside|onto|around|behind|across|beside|near)\b"
    r"|\s*[(:]",
    re.I,
)
_OBJECT_LEAD = re.compile(
    r"^(?:the|a|an|all|any|your|our|their|its|each|every|up|down|out)\s+", re.I
)
MAX_IMPERATIVE_OBJECT_WORDS = 3
_PEOPLE = {"you", "them", "him", "her", "us", "me", "yourself"}


def find_imperative_phrases(text: str, sections: list[Section]) -> list[DutyPhrase]:
    """Skill phrases from imperative duties ("• Clean and disinfect restrooms and restock
    supplies" gives "cleaning restrooms", "disinfecting restrooms", "restocking supplies"): the
    bullets of the duties sections, and lists of three or more imperative duties in prose
    ("clean guest rooms, make beds, replace linens") when no section is marked as duties."""
    phrases: list[DutyPhrase] = []
    has_duties = any(s.kind == "duties" for s in sections)
    for section in sections:
        bullets: list[tuple[int, int]] = []
        if section.kind == "duties":
            for line in _BULLET_LINE.finditer(text, section.start, section.end):
                if line.end(1) <= section.end:
                    bullets.append((line.start(), line.end()))
                    # "Keep the jobsite clean and safe; load and unload the trailer": each part
                    clause = line.start(1)
                    for part in re.finditer(r";|$", text[line.start(1) : line.end(1)]):
                        stop = line.start(1) + part.start()
                        phrases += _imperative_clause(text, clause, stop, 1)
                        phrases += _after_colon(text, clause, stop)
                        clause = stop + 1
        if section.kind == "duties" or (not has_duties and section.kind == "other"):
            position = section.start
            for end in re.finditer(r"[.!?\n;:]", text[section.start : section.end] + "\n"):
                stop = section.start + end.start()
                if not any(s <= position < e for s, e in bullets):
                    phrases += _prose_duties(text, position, stop)
                position = stop + 1
    return [_without_owner(phrase) for phrase in phrases]


# Who does the work, before the duties of a sentence: "You will", "In this job you'll also",
# "Our drivers will".
_WILL_LEAD = re.compile(
    r"[ \t]*(?:[\w'’-]+[ \t]+){0,5}?(?:you(?:'|’)ll|will)[ \t]+(?:also[ \t]+)?", re.I
)
# The first words of a sentence, to find a plural subject before a duty verb.
_LEADING_WORDS = re.compile(r"[ \t]*((?:[A-Za-z][\w'’-]*[ \t]+){1,4})")


def _after_subject(text: str, start: int, end: int) -> int | None:
    """Where the duties start after a plural subject of at most three words ("Package handlers
    load and unload trailers"), or None."""
    lead = _LEADING_WORDS.match(text, start, end)
    if lead is None:
        return None
    words = lead.group(1).split()
    for count in range(1, min(3, len(words) - 1) + 1):
        subject, verb = words[:count], words[count]
        if any(w.lower() in DUTY_VERBS for w in subject):
            return None
        if verb in DUTY_VERBS and subject[-1].lower().endswith("s"):
            return text.find(verb, lead.start(1) + len(" ".join(subject)))
    return None


_HEAD_COLON = re.compile(r"([^:]{2,40}):\s+(?=[a-z])")


def _after_colon(text: str, start: int, end: int) -> list[DutyPhrase]:
    """The duties after a bullet's own heading: "Basic HVAC: change filters, check thermostats"
    gives changing filters and checking thermostats; "Operate floor equipment: auto scrubbers and
    burnishers" gives operating auto scrubbers and operating burnishers."""
    head = _HEAD_COLON.match(text, start, end)
    if head is None:
        return []
    rest = head.end()
    if _first_verb(text[rest:end]):
        return _imperative_clause(text, rest, end, 1)
    verb = _first_verb(head.group(1))
    ing = ing_form(verb.lower() + "s") if verb else None
    if ing is None:
        return []
    phrases: list[DutyPhrase] = []
    for item, offset in _items(text[rest:end]):
        words = item.split()
        if len(words) > MAX_IMPERATIVE_OBJECT_WORDS or _first_verb(item) or _opens_other_duty(item):
            return phrases  # a duty of its own ("..., and pull bad product", "scrape, sand")
        at = rest + offset
        phrases.append(DutyPhrase(f"{ing} {item}", at, at + len(item)))
    return phrases


def _prose_duties(text: str, start: int, end: int) -> list[DutyPhrase]:
    """Imperative duties in one sentence of prose: three or more listed on their own ("clean
    guest rooms, make beds, replace linens"), or two or more after who does them ("You will
    drive the van, move furniture and ..."), or three or more after a plural subject ("Package
    handlers load and unload trailers, sort packages and scan every package")."""
    found = _imperative_clause(text, start, end, 3)
    if found:
        return found
    lead = _WILL_LEAD.match(text, start, end)
    if lead is not None:
        # "You will work on an assembly line with air tools, drive screws, install panels and
        # apply labels": a general opening, then three duties or more.
        return _imperative_clause(text, lead.end(), end, 2) or _imperative_clause(
            text, lead.end(), end, 3, from_first_verb=True
        )
    after = _after_subject(text, start, end)
    return [] if after is None else _imperative_clause(text, after, end, 3)


def _imperative_clause(
    text: str,
    start: int,
    end: int,
    least: int,
    from_first_verb: bool = False,
    also_verb: frozenset[str] = frozenset(),
) -> list[DutyPhrase]:
    """Duties listed in ``text[start:end]``, each chunk opening with a duty verb (or one of
    ``also_verb``, a verb the context marks as one)."""
    clause = text[start:end]
    chunks: list[tuple[str, int]] = []
    # Whether "and"/"or" joins each chunk to the one before: "count and bundle boxes" shares the
    # object, "vacuum, restock amenities" does not.
    joined: list[bool] = []
    position = 0
    for piece in _CHUNK_SPLIT.split(clause):
        offset = clause.find(piece, position)
        between = clause[position:offset]
        position = offset + len(piece)
        stripped = piece.strip()
        if stripped:
            chunks.append(_without_helping(stripped, start + offset + piece.find(stripped)))
            joined.append(re.search(r"\b(?:and|or)\b|&", between) is not None)
    verbs_at = [i for i, (chunk, _) in enumerate(chunks) if _first_verb(chunk, also_verb)]
    if from_first_verb and verbs_at:
        chunks, joined = chunks[verbs_at[0] :], joined[verbs_at[0] :]
        verbs_at = [i - verbs_at[0] for i in verbs_at]
    if not verbs_at or verbs_at[0] != 0 or len(verbs_at) < least:
        return []
    phrases: list[DutyPhrase] = []
    waiting: list[tuple[str, int]] = []  # verbs listed alone, waiting for their object
    # The verbs of the last object read, while what follows may still be more of its objects.
    acting: list[tuple[str, int]] = []
    examples = False  # after "including", "such as": the chunks are examples of a thing
    further = False  # the chunk before was one more object of the verbs before it
    in_brackets = False  # "(electric pallet jack, order picker)": examples, not duties
    for (chunk, at), and_before in zip(chunks, joined, strict=True):
        if in_brackets:
            in_brackets = ")" not in chunk
            continue
        in_brackets = chunk.count("(") > chunk.count(")")
        verb = _first_verb(chunk, also_verb)
        if verb is None and waiting and and_before and not examples:
            verb = _verb_after_and(chunk)  # "Pour and [spread] concrete": one object, two verbs
        if verb is not None and verb.lower() in _NOUNS_TOO and (examples or further):
            # "tilt skillets, steam kettles", "brushes, rollers and spray equipment": a thing
            # named with a verb's word, in a list of things.
            verb = None
        if verb is None:
            if examples:
                continue
            # another object of the verb before ("clean equipment, work surfaces and floors")
            more = _further_object(text, chunk, at, acting)
            further = bool(more)
            phrases += more
            if _IMPERATIVE_END.search(chunk) or _opens_other_duty(chunk):
                acting = []  # "diagnose no-heat and no-cool calls": not the cleaning's objects
            continue
        further = examples = False
        rest = chunk[len(verb) :].strip()
        if re.match(r"as\b", rest, re.I):
            acting, waiting = [], []
            continue  # "serve as the manager of a division": a role, not a duty done to a thing
        cut = _IMPERATIVE_END.search(rest)
        thing = rest[: cut.start()] if cut else rest
        lead = _OBJECT_LEAD.match(thing)
        while lead:
            thing = thing[lead.end() :]
            lead = _OBJECT_LEAD.match(thing)
        words = _object_words(thing.split())
        if cut is not None and _EXAMPLES_CUT.match(rest, cut.start()):
            examples = True
        if not words:
            waiting.append((verb, at))
            continue
        if words[0].lower() in _PEOPLE:
            waiting = []
            continue  # "train you", "greet them": who, not what
        if verb.lower() in _ALONE_ON_NO_THING and _names_no_thing(words):
            # "Pack finished parts", "Price items": the object names nothing, the activity is the
            # skill ("packing", "pricing").
            phrases += _alone([*waiting, (verb, at)])  # a verb waiting alone is alone either way
            sharing = [*waiting, (verb, at)] if and_before else [(verb, at)]
            acting = [] if cut else sharing  # "Stock products and shelves": shelves are a thing
            waiting = []
            continue
        if waiting and not and_before:
            phrases += _alone(waiting)  # "clean bathrooms, vacuum, restock amenities"
            waiting = []
        if len(words) == 1 and verb.lower() in ("dust", "steam") and words[0].lower() in DUTY_VERBS:
            # "dust mop": one activity named by two words, not dusting a mop
            ing = ing_form(words[0].lower() + "s")
            if ing is not None:
                phrases.append(DutyPhrase(f"{verb.lower()} {ing}", at, at + len(chunk)))
            acting, waiting = [], []
            continue
        thing = " ".join(words)
        # The span runs from the verb to the end of what it acts on, so that a taxonomy term
        # read inside it ("Run the MIG welder") stands for it.
        thing_end = text.find(words[-1], at + len(verb)) + len(words[-1])
        for alone, alone_at in [*waiting, (verb, at)]:
            label = _activity(alone, thing)
            if label is not None:
                phrases.append(DutyPhrase(label, alone_at, max(thing_end, alone_at)))
        # After a cut ("sort packages by zip, weight and size") the next words are not its objects.
        acting = [] if cut else [*waiting, (verb, at)]
        waiting = []
    return phrases + _alone(waiting)


# Duty verbs that are also nouns naming a thing ("steam kettles", "spray equipment").
_NOUNS_TOO = _word_set(
    """
    steam spray water dust seal weld prep bag saw tape frame
    """
)
_EXAMPLES_CUT = re.compile(r"\s*(?:including|such\b|like\b)", re.I)


def _object_words(words: list[str]) -> list[str]:
    """What a duty verb acts on, in at most MAX_IMPERATIVE_OBJECT_WORDS words: a longer "X of
    Y" is cut before "of" ("containers of loose tires" gives "containers", never "containers of
    loose")."""
    if len(words) > MAX_IMPERATIVE_OBJECT_WORDS:
        kept = [w.lower() for w in words[:MAX_IMPERATIVE_OBJECT_WORDS]]
        if "of" in kept:
            words = words[: kept.index("of")]
    return _tidy(words[:MAX_IMPERATIVE_OBJECT_WORDS])


# Duty verbs whose activity needs its object: "making", "setting" alone name no skill ("by year,
# make, model and VIN" lists no duty).
_NOTHING_ALONE = _word_set("make set run place change move fill finish check order")


def _alone(verbs: list[tuple[str, int]]) -> list[DutyPhrase]:
    """Duty verbs with no object of their own: "vacuum" alone, the activity is the skill."""
    phrases = []
    for alone, alone_at in verbs:
        if " " in alone or alone.lower() in _NOTHING_ALONE:
            continue  # "set up", "make" with nothing named: no activity a specialist lists
        ing = ing_form(alone.lower() + "s")
        if ing is not None:
            phrases.append(DutyPhrase(ing, alone_at, alone_at + len(alone), alone=True))
    return phrases


_TRAILING = {"including", "and", "or", "as", "well", "also", "daily", "weekly"}

# Words after "<duty verb> and" that describe or name a thing rather than a second verb ("Keep it
# clean and safe", "water and energy efficiency"), and endings of such words.
_NOT_A_SHARED_VERB = _word_set(
    """
    safe clean dry neat tidy hot cold warm fresh ready free light heavy large small major minor
    good great proper energy snow noise air food fire gas power sewer storm waste other all more
    then also
    """
)
_NOT_A_VERB_ENDING = (
    "ed", "ly", "al", "ous", "ful", "ive", "able", "ible", "ic", "less", "ary", "ing", "ent",
    "ant", "er", "or", "ion", "ity", "ness", "ment", "s",
)  # fmt: skip


# Objects that name no particular thing, and words that do not make them particular: the duty
# verb alone says what the work is ("Pack finished parts" is packing).
_NO_THING = _word_set("parts part items item work things stuff")
_NO_THING_MODIFIERS = _word_set(
    "finished completed incoming outgoing assigned new small large loose various other own daily"
)
# Duty verbs whose activity alone is a skill a specialist lists ("packing", "pricing"); not
# "remove parts" or "check work", which say nothing without their object.
_ALONE_ON_NO_THING = _word_set(
    "pack price clamp inspect sort label tag stock restock weigh count sand polish paint weld"
    " assemble glue fold wrap bag scan sew"
)


# What a list of store activities acts on ("ordering, receiving and issuing materials").
_STOCK_WORDS = _NO_THING | _word_set("materials supplies")


def _names_no_thing(words: list[str], heads: frozenset[str] = _NO_THING) -> bool:
    """Whether a duty's object names no particular thing: "finished parts", "items", "work"."""
    low = [w.lower().strip(",.") for w in words]
    return bool(low) and low[-1] in heads and all(w in _NO_THING_MODIFIERS for w in low[:-1])


def _verb_after_and(chunk: str) -> str | None:
    """The first word of a chunk joined by "and" to a duty verb that waits for its object,
    when it reads as a second verb acting on the same thing: "spread" in "Pour and spread
    concrete", "band" in "Build and band pallets"; None for a describing word or a noun
    ("clean and safe", "water and energy efficiency")."""
    words = chunk.split()
    if len(words) < 2:
        return None  # the verb needs an object after it
    word = words[0]
    if not word.isalpha() or not word.islower() or len(word) < 3:
        return None
    if word in _NOT_A_SHARED_VERB or word in _OTHER_VERBS or word.endswith(_NOT_A_VERB_ENDING):
        return None
    if words[1].lower().endswith("ing") or words[1].lower() in _JOINERS | {"to", "of"}:
        return None  # "water and snow surveying", "read and to": not a verb and its object
    return word if ing_form(word + "s") is not None else None


# Verbs in the base form that open a duty of their own after a list of things ("..., take
# payment"), though they name no skill of their own to read (not DUTY_VERBS).
_OTHER_VERBS = _word_set(
    """
    take put help update respond protect keep follow do give get use provide ensure assist
    communicate verify handle transfer bring call let see learn support lead spot go come stay
    show tell ask listen watch wear walk stand lift push sit bend reach diagnose
    clear complete spot pre-treat treat break top fit turn swap
    """
)


def _further_object(
    text: str, chunk: str, at: int, verbs: list[tuple[str, int]]
) -> list[DutyPhrase]:
    """The duties of ``verbs`` on one more thing listed after their first object: "floors" in
    "clean equipment, work surfaces and floors" is cleaning floors."""
    if not verbs or _IMPERATIVE_END.match(" " + chunk):
        return []  # "document care accurately and on time": how, not one more thing
    cut = _IMPERATIVE_END.search(chunk)
    thing = chunk[: cut.start()] if cut else chunk
    lead = _OBJECT_LEAD.match(thing)
    while lead:
        thing = thing[lead.end() :]
        lead = _OBJECT_LEAD.match(thing)
    words = thing.split()
    if not words or len(words) > MAX_IMPERATIVE_OBJECT_WORDS or words[0].lower() in _PEOPLE:
        return []
    if _opens_other_duty(thing) or words[0].lower().endswith("ing"):
        return []  # "take down tables", "transferring questions": a duty of its own, not a thing
    words = _tidy(words)
    if not words or not re.search(r"[a-z]{3}", " ".join(words)):
        return []
    thing = " ".join(words)
    start = text.find(words[0], at)
    end = text.find(words[-1], start) + len(words[-1])
    phrases = []
    # Of two verbs sharing a list of things ("Clean and maintain brushes, rollers and spray
    # equipment"), the first is read with every thing, the second with the first thing only:
    # one duty per thing, not every pairing (issue #15, one concept once).
    for verb, _ in verbs:
        label = _activity(verb, thing)
        if label is not None:
            phrases.append(DutyPhrase(label, start, end))
            break  # ("Start up, run and shut down ...": starting up names no duty, running does)
    return phrases


def _opens_other_duty(chunk: str) -> bool:
    """Whether the chunk opens with a verb in the base form that no duty verb acts on: "clear
    tables" after "serve dinners and buffets", "scrape" after "Prepare surfaces:"."""
    first = chunk.split(maxsplit=1)[0].lower() if chunk.split() else ""
    return first in _OTHER_VERBS


def _tidy(words: list[str]) -> list[str]:
    """The object's words without a manner or a cut list at its end: "call lights promptly",
    "kitchen equipment including"."""
    if words and words[-1].endswith(")") and "(" not in " ".join(words):
        words = [*words[:-1], words[-1].rstrip(")")]  # "(fixing flush valves)": the bracket
    while words and (words[-1].lower() in _TRAILING or words[-1].lower().endswith("ly")):
        words = words[:-1]
    return [w for w in words if w]


def _first_verb(chunk: str, also: frozenset[str] = frozenset()) -> str | None:
    """The duty verb opening the chunk, with its particle when the two name one activity
    ("Set up"), or None."""
    phrasal = _PHRASAL_VERB.match(chunk)
    if phrasal is not None and " ".join(phrasal.group(0).lower().split()) in PHRASAL_NOUNS:
        return phrasal.group(0)
    word = chunk.split(maxsplit=1)[0].rstrip(",;") if chunk.split() else ""
    return word if word.lower() in DUTY_VERBS or word in also else None


# A duty verb and its particle name the activity by one noun, as a specialist writes it: "set up
# tents" is tent setup, "break down cardboard" cardboard breakdown, "put away pallets" putaway.
# Starting up and shutting down are steps of running a machine, not skills of their own: "Start
# up, run and shut down bagging machines" names running them.
PHRASAL_NOUNS = {
    "set up": "setup", "break down": "breakdown", "clean up": "cleanup", "hook up": "hookup",
    "pick up": "pickup", "look up": "lookup", "put away": "putaway", "sign up": "signup",
    "tear down": "teardown", "change over": "changeover", "start up": "", "shut down": "",
}  # fmt: skip
_PHRASAL_VERB = re.compile(r"[A-Za-z]+[ \t]+(?:up|down|away|over)\b", re.I)


def _activity(verb: str, thing: str) -> str | None:
    """The activity of a duty verb done to a thing: "cleaning restrooms", or the particle's noun
    after the thing ("tent setup"); None when the word is no verb after all."""
    phrasal = PHRASAL_NOUNS.get(" ".join(verb.lower().split()))
    if phrasal is not None:
        return f"{_singular(thing)} {phrasal}" if phrasal else None
    ing = ing_form(verb.lower() + "s")
    return None if ing is None else f"{ing} {thing}"


def _singular(thing: str) -> str:
    """The thing with its last word in the singular, as a noun before another ("tent setup")."""
    *first, last = thing.split()
    low = last.lower()
    if low.endswith("ies") and len(low) > 4:
        last = last[:-3] + "y"
    elif low.endswith(("ches", "shes", "xes", "sses")):
        last = last[:-2]
    elif low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3:
        last = last[:-1]
    return " ".join([*first, last])


# Helping the crew do a duty is still the duty (LABELLING.md: duties count): "Help install
# water heaters" is installing water heaters.
_HELPING = re.compile(r"(?:help|assist)(?:\s+(?:to|with|in))?\s+(?=\w)", re.I)
_MANNER = re.compile(r"[A-Za-z]{3,}ly\s+(?=\w)")


def _without_helping(chunk: str, at: int) -> tuple[str, int]:
    """The chunk after a helping verb or a manner ("Safely operate a forklift") that comes before
    a duty verb, and its offset."""
    manner = _MANNER.match(chunk)
    if manner is not None and _first_verb(chunk[manner.end() :]) is not None:
        return chunk[manner.end() :], at + manner.end()
    lead = _HELPING.match(chunk)
    if lead is None or _first_verb(chunk[lead.end() :]) is None:
        return chunk, at
    return chunk[lead.end() :], at + lead.end()
