"""Reading credentials: the certificates, licenses, cards, endorsements and designations a posting
asks for (LABELLING.md, "Credentials").

``extract`` finds candidate credentials (taxonomy terms, capitalised "... Certificate" names) and
asks this module which ones are credentials the job asks for:

- medical clearances, vaccinations and registry checks are screening, not credentials
  (``is_clearance``);
- the job's own title ("Certified Nursing Assistant (CNA)" on the first line, "hiring Registered
  Nurses") names people, not a credential asked for (``in_title_line``, ``names_people``);
- what the employer gives ("credentials you'll earn", "we certify you") is not asked for, unless
  the same sentence asks for it too ("may require forklift certification, which we provide")
  (``given_not_asked``).

It also finds the credentials bulletins name without the words "certificate" or "license" before a
capital: the proof of an apprenticeship to submit, "a license to operate a forklift or crane", and
professional designations with their initials ("Certified Public Accountant (CPA)")
(``find_more_credentials``), finishes names cut short ("Certificate of Competency to inspect
elevators", a grade before or after: ``complete_name``) and reads the items of a list that share
one noun ("First Aid and CPR or EMT-1 certificate": ``sharing_the_noun``). Pure functions over
the posting text: no spaCy, no database.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import chain

from jobs.skills.context import BENEFIT, is_preferred, sentence_around
from jobs.skills.requirements import Credential
from jobs.skills.taxonomy import normalise_term

# -- labels -----------------------------------------------------------------------------------

# "cert" and "certs" are how staffing ads write "certification".
_SHORT_FORMS = re.compile(r"\bcerts?\b\.?", re.I)
_SPACES = re.compile(r"\s+")
_CPR = re.compile(r"(?i)\bcardiopulmonary\s+resuscitation\b")
# Postings write the issuer out ("American Heart Association Healthcare Provider CPR card", once
# even "Associate"); people and the taxonomy write "AHA".
_AHA = re.compile(r"(?i)\bamerican\s+heart\s+associat(?:ion|e)\b")
_BLS = re.compile(r"(?i)\bbasic\s+life\s+support\b")


def normalise_label(label: str) -> str:
    """A credential label in plain words: Unicode folded, one space between words, "cert" written
    out ("Kansas HHA cert" -> "Kansas HHA certification"), the American Heart Association as
    "AHA" and Basic Life Support as "BLS". Case is kept: labels of named credentials keep the
    posting's capitals. Applying it twice changes nothing."""
    folded = unicodedata.normalize("NFKC", label).replace("’", "'")
    folded = _SHORT_FORMS.sub("certification", folded)
    folded = _CPR.sub("CPR", folded)
    folded = _AHA.sub("AHA", folded)
    folded = _BLS.sub("BLS", folded)
    return _SPACES.sub(" ", folded).strip()


_CREDENTIAL_WORDS = re.compile(r"[a-z0-9]+")
_GENERAL_CREDENTIAL_WORDS = frozenset(
    {"certificate", "certification", "license", "licence", "card", "valid", "registered",
     "class", "endorsement", "permit", "state", "registration", "cdl"}
)  # fmt: skip


# Roman grades as numbers: "Firefighter I" is not "Firefighter II", "Grade II" is "Grade 2".
_ROMAN_GRADES = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6"}


def stems(label: str) -> set[str]:
    """The naming words of a credential label (first 8 letters) and its numbers and grades ("OSHA
    10" is not "OSHA 30", "D4" not "D5", "Firefighter I" not "Firefighter II"), without the
    general words ("certificate", "license", "valid", ...): what tells two credentials apart."""
    words = _CREDENTIAL_WORDS.findall(label.lower().replace("apprentice ", "apprenticeship "))
    return {
        _ROMAN_GRADES.get(word, word)[:8]
        for word in words
        if (len(word) >= 3 or any(ch.isdigit() for ch in word) or word in _ROMAN_GRADES)
        and word not in _GENERAL_CREDENTIAL_WORDS
    }


def shares_a_word(general: str, named: str) -> bool:
    """Whether a named credential says every naming word of a general one ("registered
    apprenticeship" and "Apprenticeship Certificate"); one shared word is not enough
    ("Registration as a Mechanical Engineer" is not the professional engineer license)."""
    words = stems(general)
    return bool(words) and words <= stems(named)


_NOT_INITIALLED = frozenset(
    {"certificate", "certification", "license", "licence", "card", "valid", "permit",
     "registration", "endorsement", "a", "an", "the", "as", "of", "for", "with", "and"}
)  # fmt: skip


def _naming_words(label: str) -> list[str]:
    return [w for w in _CREDENTIAL_WORDS.findall(label.lower()) if w not in _NOT_INITIALLED]


def abbreviates(short: str, long: str) -> bool:
    """Whether one credential label is the other written by its initials: "PE license" and
    "Registration as a Professional Engineer", "EIT certification" and "engineer-in-training
    certificate", "RN license" and "registered nurse license"."""
    abbreviation, words = _naming_words(short), _naming_words(long)
    return (
        len(abbreviation) == 1
        and 2 <= len(abbreviation[0]) <= 5
        and len(words) >= 2
        and abbreviation[0] == "".join(word[0] for word in words)
    )


def _graded(words: set[str]) -> tuple[set[str], set[str]]:
    """The naming words without grades and numbers, and the grades and numbers."""
    grades = {w for w in words if any(ch.isdigit() for ch in w)}
    return words - grades, grades


# One-word US state names, as ``stems`` cuts them (eight letters): "Missouri Level I Medication
# Aide" and a later "Level I Medication Aide certificate" name one credential.
_STATES = frozenset(
    {"alabama", "alaska", "arizona", "arkansas", "californ", "colorado", "connecti", "delaware",
     "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky",
     "louisian", "maine", "maryland", "massachu", "michigan", "minnesot", "mississi", "missouri",
     "montana", "nebraska", "nevada", "ohio", "oklahoma", "oregon", "pennsylv", "tennesse",
     "texas", "utah", "vermont", "virginia", "washingt", "wisconsi", "wyoming"}
)  # fmt: skip


def _but_the_state(stems_a: set[str], stems_b: set[str]) -> bool:
    """Whether one label's naming words are the other's with a state's name added."""
    smaller, larger = sorted((stems_a, stems_b), key=len)
    extra = larger - smaller
    return bool(smaller) and smaller < larger and len(extra) == 1 and extra <= _STATES


def same_credential(a: Credential, b: Credential) -> bool:
    """Whether two readings name one credential: the same naming words, one the other's
    initials, or overlapping spans. A mention without a grade ("attach your Water Treatment
    Operator license") is the graded one named before ("a T2 Water Treatment Operator
    license")."""
    stems_a, stems_b = stems(a.label), stems(b.label)
    (core_a, grades_a), (core_b, grades_b) = _graded(stems_a), _graded(stems_b)
    same_words = bool(stems_a) and (
        stems_a == stems_b or (bool(core_a) and core_a == core_b and not (grades_a and grades_b))
    )
    return (
        same_words
        or _but_the_state(stems_a, stems_b)
        or abbreviates(a.label, b.label)
        or abbreviates(b.label, a.label)
        or (a.start < b.end and b.start < a.end and a.end > a.start)
    )


_PLAIN_DRIVERS_LICENSE = frozenset(
    {"drivers license", "driver license", "drivers licence", "driving licence"}
)


def is_plain_drivers_license(label: str) -> bool:
    """An ordinary driver's license, or the clean driving record that goes with it: the
    ``drivers_license`` field says it (with its status), never a credential."""
    term = normalise_term(label).replace("valid ", "")
    return term in _PLAIN_DRIVERS_LICENSE or term.endswith("driving record")


# "experience as a journey-level electrician" asks for experience, not the license.
EXPERIENCE_AS = re.compile(r"experience\s+(?:as|at\s+the\s+level\s+of)\s+(?:an?\s+)?[\w -]*$", re.I)


# -- what is not a credential -----------------------------------------------------------------

# Taxonomy entries of kind "credential" that LABELLING.md counts as screening or medical
# clearance: tests, vaccinations, registry and abuse checks, fingerprint clearances.
_CLEARANCE_IDS = frozenset(
    {"tb_test", "covid_19_vaccination", "hepatitis_b_vaccination", "family_care_safety_registry",
     "child_abuse_and_neglect_check", "fingerprint_clearance", "tsa_hazmat_threat_assessment"}
)  # fmt: skip
# An exam or a fit test is a clearance even where the entry is a card ("pass a DOT physical").
_EXAM_WORDS = re.compile(
    r"\b(?:physical|exam|examination|fit[- ]test\w*|medical\s+clearance|registry\s+checks?)\b",
    re.I,
)


def is_clearance(skill_id: str | None, words: str) -> bool:
    """Whether a credential reading is a medical clearance or a registry check (a TB test, a
    vaccine, "pass a DOT physical", the Family Care Safety Registry): screening, not a
    credential."""
    return skill_id in _CLEARANCE_IDS or bool(_EXAM_WORDS.search(words))


_TITLE_LINE_ASKS = re.compile(r"\b(?:must|required?|need|needed|preferred|plus)\b", re.I)


def in_title_line(text: str, start: int) -> bool:
    """Whether ``start`` is on the posting's first line and that line is a title ("Certified
    Nursing Assistant (CNA) - Nights"): titles are not labelled."""
    first_end = text.find("\n")
    if first_end < 0 or start >= first_end:
        return False
    line = text[:first_end]
    return len(line.split()) <= 14 and not _TITLE_LINE_ASKS.search(line)


# Credentials named after the person who holds them: the plural names the people hired.
_PERSON_NOUNS = frozenset(
    {"nurse", "assistant", "aide", "technician", "tech", "specialist", "counselor", "arborist",
     "electrician", "plumber", "officer", "guard", "paramedic", "operator", "manager", "auditor"}
)  # fmt: skip


def names_people(text: str, start: int, end: int, label: str) -> bool:
    """Whether a credential named after its holder is written in the plural ("hiring Certified
    Nursing Assistants", "registered nurses on the unit"): people, not a credential asked for."""
    words = label.lower().split()
    if not words or words[-1] not in _PERSON_NOUNS:
        return False
    written = text[start:end]
    plural_inside = len(written) > 2 and written.endswith("s") and written[-2].islower()
    plural_after = (
        end < len(text)
        and text[end] == "s"
        and (end + 1 == len(text) or not text[end + 1].isalnum())
    )
    return plural_inside or plural_after


# "report abnormal results to the RN": a licensed health title after "the" is the person.
_THE_BEFORE = re.compile(r"\b(?:the|your|our)\s+(?:charge\s+|supervising\s+|on-duty\s+)?$", re.I)
_HEALTH_TITLE = re.compile(r"(?:RN|LPN|LVN|CNA|CMA|nurse|registered\s+nurse|paramedic)", re.I)


def names_the_person(text: str, start: int, end: int) -> bool:
    """Whether a licensed health title names the person on duty ("tell the RN"), not a
    credential the applicant must hold."""
    return bool(_HEALTH_TITLE.fullmatch(text, start, end)) and bool(
        _THE_BEFORE.search(text, max(0, start - 30), start)
    )


# The employer gives it: "we certify you", "you'll test for AWS D1.1 at the end of the program",
# "we support ... PTCB certification", "earn your CDL at no cost".
_GIVEN = re.compile(
    r"\bwe(?:'ll|\s+will)?\s+(?:certify|train\s+and\s+certify|support|sponsor)\b"
    r"|\byou(?:'ll|\s+will)\s+(?:test\s+for|earn|get|receive|leave\s+with)\b"
    r"|\bearn\s+your\b|\bat\s+no\s+cost\b|\bend\s+of\s+the\s+program\b",
    re.I,
)
# ...but a sentence that also asks for it still asks: "some positions may require forklift
# certification, which we provide", "ServSafe within 30 days of hire (we pay)".
_ASKED = re.compile(
    r"\b(?:must|required?|requires|need(?:s|ed)?|preferred|a\s+plus|desired|only"
    r"|willing(?:ness)?\s+to|ability\s+to|able\s+to|within\s+(?:\d+|one|two|three|six|thirty)"
    r"|current|valid|active|hold|possess(?:ion)?)\b",
    re.I,
)
# A list headed by what the employer gives: "Credentials you'll earn", "What we provide".
_GIVEN_HEADING = re.compile(
    r"\b(?:you(?:'ll|\s+will)\s+(?:earn|get|receive|leave|learn)|we\s+(?:provide|offer)"
    r"|benefits|perks)\b",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[-•*·▪◦]|\d+[.)])\s*")


def given_not_asked(text: str, start: int, end: int) -> bool:
    """Whether the credential at ``text[start:end]`` is one the employer gives (in a list under
    "Credentials you'll earn", or "we certify you", "tuition help for CDL training") and the
    sentence does not also ask for it."""
    left, right = sentence_around(text, start, end)
    sentence = text[left:right]
    if _ASKED.search(sentence):
        return False
    if _GIVEN.search(sentence) or BENEFIT.search(sentence):
        return True
    return _heading_gives(text, left)


def _heading_gives(text: str, line_start: int) -> bool:
    """Whether the bullet at ``line_start`` sits in a list whose heading says the employer gives
    what it lists."""
    position = text.rfind("\n", 0, line_start)
    line = text[position + 1 : line_start]
    if not _BULLET.match(line) and line.strip():
        return False
    for _ in range(20):
        if position <= 0:
            return False
        above = text.rfind("\n", 0, position)
        line = text[above + 1 : position]
        position = above
        if not line.strip() or _BULLET.match(line):
            continue
        return len(line.split()) <= 8 and bool(_GIVEN_HEADING.search(line))
    return False


# "an Artist Certificate from an accredited conservatory, college or university": education.
_FROM_A_SCHOOL = re.compile(
    r"\s+from\s+(?:an?\s+|the\s+)?(?:accredited\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:conservatory|college|university|school)\b",
    re.I,
)


# "under the direction of a registered nurse": the person the worker reports to.
_UNDER_PERSON = re.compile(
    r"\b(?:under|by)\s+(?:the\s+)?(?:direction|supervision|guidance)\s+of\s+(?:an?\s+|the\s+)?$",
    re.I,
)
# "Completion of a CNA, PCT, EMT or medical assistant program": a program finished is education
# (LABELLING.md, "Credential forms"), not the credential.
_COMPLETION_BEFORE = re.compile(
    r"\b(?:completion|complete|completed|graduat\w*)\s+(?:of\s+|from\s+)?(?:an?\s+|the\s+)?"
    r"(?:[\w-]+\s*(?:,|/|\bor\b|\band\b)\s*){0,5}$",
    re.I,
)
_PROGRAM_AFTER = re.compile(
    r"(?:\s*(?:,|/|\bor\b|\band\b)\s*(?:[\w-]+\s+){0,2}?[\w-]+){0,5}\s+(?:training\s+)?"
    r"(?:program|programme|course|class)\b",
    re.I,
)


# "Kansas Nurse Aide Registry check": a registry check is screening (LABELLING.md).
# "certification as a nursing assistant on the Missouri Nurse Aide Registry" is a credential.
_REGISTRY_AFTER = re.compile(
    r"\s+(?:registry|registries)\s+(?:checks?|search\w*|screening|clearances?)\b", re.I
)
# "Experience with PGA permits": permits handled in the work, not held by the worker.
# A list item glued to the one before it ("...requirementsExperience with PGA permits") starts
# at the capital.
_HANDLED_BEFORE = re.compile(
    r"(?:\b|(?<=[a-z])(?-i:(?=[A-Z])))"
    r"(?:experience\s+(?:with|in)|understanding\s+of)\s+(?:(?:processing|obtaining|issuing)\s+)?$",
    re.I,
)
# "Trades Bridge KC runs a paid pre-apprenticeship": the employer's own program, not asked for.
_RUNS_BEFORE = re.compile(
    r"\b(?:runs|operates|sponsors)\s+(?:an?\s+|our\s+|its\s+)?(?:(?:paid|free|no-cost)\s+)?$",
    re.I,
)
# "A certification in Cisco or HP Networking (CCNA, CCDA, CCNP, HP ASE)": the parenthesis lists
# examples of the general credential before it, which is the one asked for (LABELLING.md, lists
# under a general skill).
_EXAMPLES_OPEN = re.compile(
    r"\b(?:certificat\w*|licen[cs]e\w*)(?:\(s\))?\s+(?:in|from)\s+[^()\n.;:]{1,60}\($",
    re.I,
)
# "send a Certificate of Foreign Equivalency with your transcript": a paper about schooling.
_EQUIVALENCY = re.compile(r"\bequivalen(?:cy|ce)\b", re.I)
_SCHOOLING = re.compile(r"\b(?:education|transcripts?|degree|diploma)\b", re.I)
# "Current CPR/BLS card": Basic Life Support is the health-care CPR course, one card.
_WITH_BLS = re.compile(r"\s*/\s*BLS\b", re.I)
_BLS_WITH = re.compile(r"\bBLS\s*/\s*$", re.I)
# "a valid mechanical license with Airframe and Power Plant ratings issued by the Federal Aviation
# Administration": an aircraft mechanic's certificate, not the building trades' HVAC license.
_AVIATION = re.compile(r"\b(?:airframe|power\s*plant|aviation|aircraft|FAA)\b", re.I)


# "by providing basic life support (BLS)", "administers first aid": care the job gives, a skill.
# "by providing basic life support (BLS)": the initials after the care name it too.
_GIVING_CARE_BEFORE = re.compile(
    r"\b(?:provid|perform|administer|giv|render|deliver)(?:es|s|ing)\s+"
    r"(?:(?:basic|emergency|immediate|advanced)\s+)?"
    r"(?:(?:(?!(?:of|an?|the|as|for|to)\b)[a-z][\w-]*\s+){1,3}\(\s*)?$",
    re.I,
)
_CREDENTIAL_NOUN = re.compile(r"(?i)certif|\bcards?\b|licen[cs]|permit|endorsement")
_CREDENTIAL_NOUN_AFTER = re.compile(
    r"\s*(?:\([A-Z]{2,6}\)\s*)?(?i:certif\w*|cards?\b|licen[cs]\w*|training|course|class)"
)


# "Mandt (or similar) crisis training": a course the worker takes, named without its card.
_TRAINING_AFTER = re.compile(
    r"\s*(?:\(\s*or\s+(?:similar|equivalent)\s*\)\s*)?(?:[a-z][\w-]*\s+){0,2}?"
    r"(?:training|class|course)\b(?!\s*(?:certif\w*|cards?|licen[cs]\w*)\b)",
    re.I,
)


def _training_only(text: str, start: int, end: int) -> bool:
    """Whether a credential's bare name is a course to take ("Mandt (or similar) crisis
    training"): education, unless a card or certificate is named with it."""
    return not _CREDENTIAL_NOUN.search(text, start, end) and bool(_TRAINING_AFTER.match(text, end))


def _care_given(text: str, start: int, end: int) -> bool:
    """Whether a credential's bare words name care the job gives ("providing basic life support
    (BLS)", "performs CPR"): a duty, not a card asked for."""
    return (
        bool(_GIVING_CARE_BEFORE.search(text, max(0, start - 60), start))
        and not _CREDENTIAL_NOUN.search(text, start, end)
        and not _CREDENTIAL_NOUN_AFTER.match(text, end)
    )


def _in_examples(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is one item of a parenthesised list after a general credential
    ("a certification in Cisco or HP Networking (CCNA, CCDA, CCNP)")."""
    line_start = text.rfind("\n", 0, start) + 1
    opening = text.rfind("(", line_start, start)
    if opening < 0 or ")" in text[opening:start]:
        return False
    closing = text.find(")", end)
    if closing < 0 or "\n" in text[end:closing] or "," not in text[opening:closing]:
        return False
    return bool(_EXAMPLES_OPEN.search(text, max(line_start, opening - 120), opening + 1))


def _names_schooling(text: str, start: int, end: int) -> bool:
    """Whether an equivalency certificate stands for education ("a Certificate of Foreign
    Equivalency with your transcript"): schooling, not a credential."""
    if not _EQUIVALENCY.search(text, start, end):
        return False
    left, right = sentence_around(text, start, end)
    return bool(_SCHOOLING.search(text, left, right))


def _one_card_with_bls(text: str, start: int, end: int, skill_id: str | None) -> bool:
    """Whether a CPR reading is written joined to BLS ("CPR/BLS card"): one card, read as BLS."""
    return skill_id == "cpr_certification" and bool(
        _WITH_BLS.match(text, end) or _BLS_WITH.search(text, max(0, start - 8), start)
    )


def _aviation_mechanic(text: str, start: int, end: int, skill_id: str | None) -> bool:
    """Whether the HVAC license's "mechanical license" is said of aircraft (its sentence names
    airframes, power plants or the FAA): another credential, read on its own words."""
    if skill_id != "hvac_license":
        return False
    left, right = sentence_around(text, start, end)
    return bool(_AVIATION.search(text, left, right))


# "shoring, including Competent Person requirements": the rules about it, known, not held.
_RULES_AFTER = re.compile(r"\s+(?:requirements|regulations|standards|rules|laws)\b", re.I)
_MEET_BEFORE = re.compile(r"\b(?:meet|meets|satisfy|satisfies|fulfil+s?)\b[^.;]*$", re.I)


def names_its_rules(text: str, start: int, end: int) -> bool:
    """Whether a credential's name is followed by its rules ("Competent Person requirements",
    "CDL regulations"): knowledge of them, not a credential held, unless the applicant must
    meet them ("must meet CDL requirements")."""
    return bool(_RULES_AFTER.match(text, end)) and not _MEET_BEFORE.search(
        text, max(0, start - 40), start
    )


def is_not_asked(text: str, start: int, end: int, skill_id: str | None, label: str) -> bool:
    """Whether a credential read at ``text[start:end]`` is not one the posting asks for: a
    clearance, the job's title, the people hired or supervising, a program finished, what the
    employer gives or runs, an example listed after a general credential, or a paper about
    schooling."""
    return (
        is_clearance(skill_id, text[start:end])
        or bool(_UNDER_PERSON.search(text, max(0, start - 40), start))
        or bool(_REGISTRY_AFTER.match(text, end))
        or names_its_rules(text, start, end)
        or bool(_HANDLED_BEFORE.search(text, max(0, start - 40), start))
        or bool(_RUNS_BEFORE.search(text, max(0, start - 40), start))
        or _in_examples(text, start, end)
        or _names_schooling(text, start, end)
        or _one_card_with_bls(text, start, end, skill_id)
        or _aviation_mechanic(text, start, end, skill_id)
        or _care_given(text, start, end)
        or _training_only(text, start, end)
        or (
            bool(_COMPLETION_BEFORE.search(text, max(0, start - 80), start))
            and bool(_PROGRAM_AFTER.match(text, end))
        )
        or bool(_FROM_A_SCHOOL.match(text, end))
        or in_title_line(text, start)
        or names_people(text, start, end, label)
        or names_the_person(text, start, end)
        or given_not_asked(text, start, end)
    )


# "Technician Certificate, in accordance with Section 608 of the Clean Air Act": the rule after a
# named certificate is the taxonomy's name for it (EPA 608).
_BY_ITS_RULE = re.compile(
    r"\s*,?\s*(?:in\s+accordance\s+with|pursuant\s+to|as\s+required\s+by)\s+(?:the\s+)?", re.I
)


def named_by_its_rule(text: str, named_end: int, rule_start: int) -> bool:
    """Whether the credential read at ``rule_start`` is the rule a named certificate ending at
    ``named_end`` is issued under ("Technician Certificate, in accordance with [Section 608]"):
    one credential, not two."""
    return rule_start >= named_end and bool(_BY_ITS_RULE.fullmatch(text, named_end, rule_start))


# -- credentials found here -------------------------------------------------------------------

# "must submit proof of completion of a recognized apprenticeship", "a copy of their roofer
# apprenticeship", "a certificate from a ... approved electrical apprenticeship program".
_APPRENTICESHIP_PROOF = re.compile(
    r"\b(?:proof\s+of\s+(?:completion|the\s+completion)|cop(?:y|ies)|certificate|verification"
    r"|documentation)\s+(?:\w+\s+){0,8}?apprenticeship\b",
    re.I,
)
# "a license to operate a forklift or crane", "certification to operate an aerial lift".
_MACHINE = r"[a-z][\w-]*(?:\s+(?:lift|truck|crane|loader|steer|platform|vehicle)s?)?"
_TO_OPERATE = re.compile(
    r"\b(licen[cs]e|certification|certificate|permit)\s+to\s+operate\s+(?:an?\s+|the\s+)?"
    rf"({_MACHINE})(?:\s+(?:or|and)\s+(?:an?\s+)?({_MACHINE}))?",
    re.I,
)
# "a certificate for Backflow Prevention Device Tester", "certification for Chief's Regulation
# #4 Certified Tester": what follows "for" in capitals names the credential.
_CREDENTIAL_FOR = re.compile(
    r"\b(?i:valid|current|a|an|the)\s+(?i:(certificate|certification|license|permit))\s+for\s+"
    r"((?:[A-Z][\w'’-]*|#?\d+)(?:[ \t]+(?:[A-Z][\w'’-]*|#?\d+|of|and)){1,7})"
)
# "a valid permit to perform locksmith work": the work names it ("locksmith permit").
_TO_PERFORM = re.compile(
    r"\b(?:valid|current|a|an)\s+(licen[cs]e|certificate|certification|permit)\s+to\s+"
    r"(?:perform|practice|do)\s+([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+work\b",
    re.I,
)
# "submit their certificate in cable installation and maintenance": the subject names it, when
# the sentence asks to hold or submit it (a course's certificate in a subject is otherwise
# schooling).
_CERTIFICATE_IN = re.compile(
    r"\b(?:their|your|a|an|the|valid|current)\s+(certificate|certification)\s+in\s+"
    r"([a-z][\w-]*(?:\s+(?:and\s+)?[a-z][\w-]*){0,4}?)(?=\s+(?:at|from|with|issued|by|to|prior)\b"
    r"|\s*[,;.)\n]|\s*$)"
)
# "A certification in Cisco or HP Networking (CCNA, CCDA, CCNP)": the general credential named in
# capitals before its examples (which are not read on their own, ``_in_examples``).
_CERTIFICATION_IN_NAMED = re.compile(
    r"\b(?i:(certificate|certification))(?:\(s\))?\s+in\s+"
    r"([A-Z][\w+&-]*(?:[ \t]+(?:or|and|[A-Z][\w+&-]*)){0,5})[ \t]*\([^()\n]*,[^()\n]*\)"
)
# "Certification(s) in Nortel Meridian Exchange (Option xx PBX), ..., or Nortel Messaging (Call
# Pilot)": products of one maker, each with its code; the maker's certification is asked for.
_CERTIFICATION_IN_PRODUCTS = re.compile(
    r"\b(?i:(certificate|certification))(?:\(s\)|s)?\s+in\s+"
    r"((?:[A-Z][\w+&-]*[ \t]+){1,5}\([^()\n]+\)(?:,?[ \t]+(?:or[ \t]+|and[ \t]+)?"
    r"(?:[A-Z][\w+&-]*[ \t]+){1,5}\([^()\n]+\)){1,8})"
)
# "a valid designation as an Authorized Person": a designation that stands for a qualification.
_DESIGNATION_AS = re.compile(
    r"\b(?i:valid|current|a|an)\s+(?i:designation)\s+as\s+(?:an?\s+)?"
    r"([A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,4})"
)
# "or a teaching credential", "with paramedic accreditation by the County": one plain word names
# the credential.
_PLAIN_CREDENTIAL = re.compile(
    r"\b(?i:a|an|valid|current|with)\s+([a-z][a-z-]+)\s+(credential|accreditation)\b"
)
# "possess health care provider certification": lower-case words after "possess" name it. The
# pattern opens with its literal word (no "\b"), which lets the engine skip to it.
_POSSESS_PLAIN = re.compile(
    r"possess(?:es|ion\s+of)?\s+(?:(?:an?|valid|current|active)\s+)*"
    r"([a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,3}?)\s+(certification|certificate)\b"
)
_NOT_A_NAMING_WORD = frozenset(
    {"the", "such", "this", "these", "that", "following", "appropriate", "required", "necessary",
     "applicable", "any", "all", "their", "his", "her", "its", "valid", "current", "professional",
     "equivalent", "similar", "other", "same", "college", "school", "program", "institutional",
     "regional", "national", "state", "proper", "relevant", "specified", "listed", "and", "or"}
)  # fmt: skip
_HOLD_OR_SUBMIT = re.compile(r"\b(?:submit|attach|possess\w*|hold|valid|current|required)\b", re.I)
# A list item that names a credential in plain words: "- Kansas or Missouri apprentice plumber
# registration", "- Insulin administration certificate a plus".
_ITEM_CREDENTIAL = re.compile(
    r"^[ \t]*(?:[-•*·▪◦][ \t]*|<li>)(?:(?:Current|Valid|Active)[ \t]+)?"
    r"((?:[A-Z][a-z]+[ \t]+or[ \t]+)?"
    r"(?!(?:Current|Valid|Active|Any|Required|Relevant|Applicable|Other|Industry|Professional)\b)"
    r"[A-Z][a-z][\w-]*(?:[ \t]+[a-z][\w-]*){0,3}?[ \t]+"
    r"(certificate|certification|registration))\b",
    re.M,
)
# "a valid certification from the International Code Council (ICC)": the body's initials name it.
_CREDENTIAL_FROM = re.compile(
    r"\b(?i:valid|current|a|an)\s+(?i:(certificate|certification|license))\s+from\s+(?:the\s+)?"
    r"(?:[A-Z][\w'’-]*[ \t]+(?:of[ \t]+|and[ \t]+|for[ \t]+)?){1,6}\(([A-Z]{2,6})\)"
)
# "a certificate from the State of California for intravenous therapy and blood withdrawal":
# what it is for, in plain words, names it.
_CREDENTIAL_FROM_FOR = re.compile(
    r"\b(?i:valid|current|a|an)\s+(?i:(certificate|certification|license|permit))\s+"
    r"(?i:issued\s+)?(?i:from|by)\s+(?i:the\s+)?(?:[A-Z][\w'’-]*[ \t]+(?:of[ \t]+)?){1,6}"
    r"for\s+([a-z][\w'’-]*(?:[ \t]+[a-z][\w'’-]*){0,5})(?=\s*(?:[;.,\n]|$))"
)
# "A current inspection authorization issued by the Federal Aviation Administration": plain words
# before the noun name it, with the agency's initials.
_ISSUED_BY_AGENCY = re.compile(
    r"\b(?i:valid|current|an?)\s+(?:(?i:valid|current|active)\s+)?"
    r"([a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,3}?)\s+(?i:(authorization|certificate|certification|license|licence))\s+issued\s+by\s+(?:the\s+)?"
    r"((?:[A-Z][a-z]+\s+){1,4}(?:Administration|Commission|Agency))\b"
)
# "State Certification of competency in the testing of construction materials": what the
# competency is in names it, in plain words.
_COMPETENCY_IN = re.compile(
    r"\b((?:State\s+)?(?i:certificat(?:e|ion))\s+of\s+(?i:competency|proficiency|qualification)"
    r"\s+(?:in|for)\s+(?:the\s+)?[a-z][\w-]*(?:\s+(?:of\s+|and\s+)?[a-z][\w-]*){0,5}?)"
    r"(?=\s*[.;,\n)]|\s+(?:at|from|by|issued|within|prior|before|after)\b)"
)
# "a license issued by the State of California as either:\na. a Qualified Applicator ...;\nb. an
# Agricultural Pest Control Advisor with ...": each item names a license by its holder.
_LICENSE_AS_EITHER = re.compile(
    r"\b(?i:licen[cs]e)[^.:;\n]{0,80}?\bas\s+(?:either|one\s+of\s+the\s+following)\s*:[ \t]*\n"
)
_HOLDER_ITEM = re.compile(
    r"[ \t]*\(?[a-z][.)][ \t]+(?:an?[ \t]+)?([A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){1,5})"
)
# "CPR and First Aid", "First Aid/CPR": the two cards, named together without a noun.
_CPR_AND_FIRST_AID = re.compile(
    r"\b(?:(CPR)\s*(?:and|&|/)\s*(First\s+Aid)|(First\s+Aid)\s*(?:and|&|/)\s*(CPR))\b", re.I
)
# "experience as a licensed general, masonry ... contractor": the experience asks for the license.
_LICENSED_CONTRACTOR = re.compile(
    r"\b(?:as|be)\s+an?\s+(licensed\s+(?:[\w-]+,?\s+){0,10}?contractor)s?\b", re.I
)
# "CURRENT CPR", "valid BLS": a card someone holds, named without "card" or "certification".
_CARDS = {
    "cpr": ("cpr_certification", "cpr certification"),
    "bls": ("bls_certification", "bls certification"),
    "first aid": ("first_aid_certification", "first aid certification"),
}
_CURRENT_CARD = re.compile(
    r"\b(?i:current|valid|active)\s+(CPR|BLS|(?i:first\s+aid))\b"
    r"(?!\s*(?:/|and|&)|\s+(?i:certif\w*|cards?|licen\w*|training|class|course|instructor))",
)
# "move material with a telehandler (certified operators only)": only those certified on the
# machine may run it, so the posting asks for that machine's certification.
_CERTIFIED_MACHINES = {
    "forklift": ("forklift_certification", "forklift certification"),
    "telehandler": ("telehandler_certification", "telehandler certification"),
    "pallet jack": ("pallet_jack_certification", "pallet jack certification"),
    "aerial lift": ("aerial_lift_certification", "aerial lift certification"),
    "scissor lift": ("scissor_lift_certification", "scissor lift certification"),
    "boom lift": ("boom_lift_certification", "boom lift certification"),
    "crane": ("crane_operator_certification", "crane operator certification"),
    "excavator": ("excavator_certification", "excavator certification"),
}
_CERTIFIED_OPERATORS_ONLY = re.compile(
    r"\b(?i:(forklift|telehandler|pallet\s+jack|aerial\s+lift|scissor\s+lift|boom\s+lift|crane"
    r"|excavator)s?)\s*\(\s*((?i:certified\s+(?:operators?|drivers?)\s+only))\s*\)"
)
# "Class B CDL with air brakes", "a CDL Class B with passenger (P) ... endorsements and air
# brakes": air brakes named with a commercial license are its endorsement, not brake repair.
_AIR_BRAKES = re.compile(
    r"\b(?:CDL|Class\s+[AB]\b)[^.;\n]{0,80}?\b(?:with|and|plus)\s+(air\s+brakes?)\b"
    r"(?!\s+(?:repair|systems?|adjust\w*|inspection))",
)
# "Associate in Risk Management (ARM)", "Certified Public Accountant (C.P.A.)": a capitalised name
# followed by its initials.
_DESIGNATION = re.compile(
    r"\b((?:[A-Z][\w'’-]*)(?:\s+(?:[A-Za-z][\w'’-]*|in|of|and|for)){1,6})\s*\(((?:[A-Z]\.?){2,6})\)"
)
_CERTIFIED_NAME = re.compile(
    r"\b((?:Certified|Chartered)\s+[A-Za-z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|in|of|and)){1,5})"
)
_DESIGNATION_CONTEXT = re.compile(
    r"\b(?:designations?|certifications?|certified|certificates?|licen[cs]es?|credentials?"
    r"|possession)\b",
    re.I,
)
_SMALL = frozenset({"in", "of", "and", "for", "the"})
_HOLDER_FIRST = frozenset(
    {"certified", "chartered", "registered", "associate", "fellow", "master", "licensed",
     "accredited"}
)  # fmt: skip
_HOLDER_LAST = frozenset(
    {"manager", "auditor", "accountant", "underwriter", "professional", "adjuster", "counselor",
     "practitioner", "examiner", "engineer", "officer", "buyer", "specialist", "inspector",
     "technician", "planner", "analyst", "architect", "administrator"}
)  # fmt: skip


def _names_a_holder(name: str) -> bool:
    """Whether a name is a designation its holder carries ("Certified Risk Manager", "Associate in
    Risk Management"), not an agency or a body ("International Code Council")."""
    words = name.lower().split()
    return words[0] in _HOLDER_FIRST or words[-1] in _HOLDER_LAST


def _initials(name: str) -> str:
    return "".join(w[0].upper() for w in re.split(r"[\s-]+", name) if w and w.lower() not in _SMALL)


def _trim_to_initials(name: str, initials: str) -> str | None:
    """The end of ``name`` whose capitals spell ``initials`` ("designation as a Certified Internal
    Auditor" for "CIA" gives "Certified Internal Auditor"), or None."""
    words = name.split()
    for first in range(len(words)):
        if words[first].lower() in _SMALL:
            continue
        part = " ".join(words[first:])
        if _initials(part) == initials:
            return part
    return None


# Cheap tests before the patterns below, each a part every match of its pattern holds, run on
# the lower-case copy: a pattern opening with a case-insensitive alternation of common words ("a",
# "an", "the") is tried at every character of a 1,500-word bulletin (0.3 to 0.9 ms each).
_CURRENT_CARD_GATE = re.compile(r"(?:current|valid|active)\s+(?:cpr|bls|first\s+aid)")
_FOR_GATE = re.compile(r"(?:certificat|licen[cs]e|permit)\w*\s+for\s")
_FROM_GATE = re.compile(r"(?:certificat|licen[cs]e|permit)\w*\s+(?:issued\s+)?(?:from|by)\s")
_CERTIFIED_ONLY_GATE = re.compile(r"certified\s+(?:operator|driver)s?\s+only")
_INITIALS_GATE = re.compile(r"\((?:[A-Z]\.?){2,6}\)")  # on the text: the initials are capitals


def find_more_credentials(text: str) -> list[Credential]:
    """Credentials named without a capitalised "... Certificate": the apprenticeship proof to
    submit, "a license to operate a forklift or crane", and designations with initials."""
    found: list[Credential] = []
    lower = text.lower()
    if "apprenticeship" in lower:
        for match in _APPRENTICESHIP_PROOF.finditer(text):
            left, right = sentence_around(text, match.start(), match.end())
            if not re.search(r"\b(?:submit|attach|provide|present)\w*", text[left:right], re.I):
                continue
            found.append(
                Credential("apprenticeship_certificate", "apprenticeship certificate",
                           match.group(0), not is_preferred(text[left:right]), match.start(),
                           match.end())
            )  # fmt: skip
    if "to operate" in lower:
        for match in _TO_OPERATE.finditer(text):
            kind = match.group(1).lower().replace("licence", "license")
            left, right = sentence_around(text, match.start(), match.end())
            required = not is_preferred(text[left:right])
            for group in (2, 3):
                if machine := match.group(group):
                    # Each machine keeps its own words: one span for both would make them one
                    # credential ("a license to operate a forklift or crane" names two).
                    start = match.start() if group == 2 else match.start(group)
                    found.append(
                        Credential(None, f"{machine.lower()} operator {kind}",
                                   text[start : match.end(group)], required, start,
                                   match.end(group))
                    )  # fmt: skip
    for match in _CURRENT_CARD.finditer(text) if _CURRENT_CARD_GATE.search(lower) else ():
        skill_id, label = _CARDS[_SPACES.sub(" ", match.group(1).lower())]
        left, right = sentence_around(text, match.start(), match.end())
        found.append(
            Credential(skill_id, label, match.group(0), not is_preferred(text[left:right]),
                       match.start(), match.end())
        )  # fmt: skip
    if "certific" in lower and " in " in lower:
        for match in _CERTIFICATE_IN.finditer(text):
            left, right = sentence_around(text, match.start(), match.end())
            if not _HOLD_OR_SUBMIT.search(text, left, right) or _FROM_A_SCHOOL.match(
                text, match.end()
            ):
                continue
            found.append(
                Credential(None, f"{match.group(2)} {match.group(1)}", match.group(0),
                           not is_preferred(text[left:right]), match.start(), match.end())
            )  # fmt: skip
    if "certification in" in lower or "certificate in" in lower or "(s) in" in lower:
        for match in _CERTIFICATION_IN_NAMED.finditer(text):
            what = re.sub(r"\s+(?:or|and)$", "", match.group(2))
            end = match.start(2) + len(what)
            left, right = sentence_around(text, match.start(), end)
            found.append(
                Credential(None, f"{what} {match.group(1).lower()}", text[match.start() : end],
                           not is_preferred(text[left:right]), match.start(), end)
            )  # fmt: skip
    for match in _CERTIFICATION_IN_PRODUCTS.finditer(text) if "(s) in" in lower else ():
        products = [
            item.split()[0]
            for item in re.split(r"\([^()]*\),?\s*(?:or\s+|and\s+)?", match.group(2))
            if item.strip()
        ]
        maker = products[0]
        if products.count(maker) < 2:
            continue  # not one maker's products
        left, right = sentence_around(text, match.start(), match.end())
        end = match.start(2) + len(maker)
        found.append(
            Credential(None, f"{maker} {match.group(1).lower()}", text[match.start() : end],
                       not is_preferred(text[left:right]), match.start(), end)
        )  # fmt: skip
    for match in _ISSUED_BY_AGENCY.finditer(text) if "issued by" in lower else ():
        words = match.group(1)
        if any(word in _NOT_A_NAMING_WORD for word in words.split()):
            continue
        agency = "".join(word[0] for word in match.group(3).split())
        left, right = sentence_around(text, match.start(), match.end())
        found.append(
            Credential(None, f"{agency} {words} {match.group(2).lower()}",
                       text[match.start(1) : match.end(2)], not is_preferred(text[left:right]),
                       match.start(1), match.end(2))
        )  # fmt: skip
    for match in _LICENSE_AS_EITHER.finditer(text) if " as either" in lower else ():
        position = match.end()
        for _ in range(6):
            item = _HOLDER_ITEM.match(text, position)
            if item is None:
                break
            left, right = sentence_around(text, item.start(1), item.end(1))
            found.append(
                Credential(None, f"{item.group(1)} license", item.group(1),
                           not is_preferred(text[left:right]), item.start(1), item.end(1))
            )  # fmt: skip
            line_end = text.find("\n", item.end())
            if line_end < 0:
                break
            position = line_end + 1
    for match in _COMPETENCY_IN.finditer(text) if " of competency" in lower else ():
        left, right = sentence_around(text, match.start(), match.end())
        found.append(
            Credential(None, match.group(1), match.group(1), not is_preferred(text[left:right]),
                       match.start(1), match.end(1))
        )  # fmt: skip
    for match in _CPR_AND_FIRST_AID.finditer(text) if "first aid" in lower else ():
        if _GIVING_CARE_BEFORE.search(text, max(0, match.start() - 60), match.start()) or (
            _CREDENTIAL_NOUN_AFTER.match(text, match.end())
            or _TRAINING_AFTER.match(text, match.end())
        ):
            continue  # care the job gives, a card named with its noun, or a course
        left, right = sentence_around(text, match.start(), match.end())
        for group in (1, 2, 3, 4):
            if match.group(group):
                skill_id, label = _CARDS[_SPACES.sub(" ", match.group(group).lower())]
                found.append(
                    Credential(skill_id, label, match.group(group),
                               not is_preferred(text[left:right]), match.start(group),
                               match.end(group))
                )  # fmt: skip
    for match in _LICENSED_CONTRACTOR.finditer(text) if "contractor" in lower else ():
        left, right = sentence_around(text, match.start(), match.end())
        found.append(
            Credential(None, "contractor license", match.group(1),
                       not is_preferred(text[left:right]), match.start(1), match.end(1))
        )  # fmt: skip
    if "designation as" in lower:
        for match in _DESIGNATION_AS.finditer(text):
            left, right = sentence_around(text, match.start(), match.end())
            found.append(
                Credential(None, f"{match.group(1)} designation", match.group(0),
                           not is_preferred(text[left:right]), match.start(), match.end())
            )  # fmt: skip
    plain_matches = chain(
        _PLAIN_CREDENTIAL.finditer(text)
        if " credential" in lower or " accreditation" in lower
        else (),
        _POSSESS_PLAIN.finditer(text) if "possess" in lower else (),
    )
    for match in plain_matches:
        words = match.group(1).split()
        if any(word in _NOT_A_NAMING_WORD for word in words) or (
            match.start() > 0 and text[match.start() - 1].isalpha()
        ):
            continue  # general words, or "repossess"
        left, right = sentence_around(text, match.start(), match.end())
        found.append(
            Credential(None, f"{match.group(1)} {match.group(2)}",
                       text[match.start(1) : match.end()], not is_preferred(text[left:right]),
                       match.start(1), match.end())
        )  # fmt: skip
    for match in _ITEM_CREDENTIAL.finditer(text):
        left, right = sentence_around(text, match.start(1), match.end(1))
        found.append(
            Credential(None, match.group(1), match.group(1), not is_preferred(text[left:right]),
                       match.start(1), match.end(1))
        )  # fmt: skip
    if " work" in lower:
        for match in _TO_PERFORM.finditer(text):
            kind = match.group(1).lower().replace("licence", "license")
            left, right = sentence_around(text, match.start(), match.end())
            found.append(
                Credential(None, f"{match.group(2).lower()} {kind}", match.group(0),
                           not is_preferred(text[left:right]), match.start(), match.end())
            )  # fmt: skip
    for match in _CREDENTIAL_FOR.finditer(text) if _FOR_GATE.search(lower) else ():
        # "a valid certification for Chief's Regulation #4 Certified Tester"
        what = re.sub(r"\s+(?:of|and)$", "", match.group(2))
        kind = match.group(1).lower()
        left, right = sentence_around(text, match.start(), match.end())
        end = match.start(2) + len(what)
        found.append(
            Credential(None, f"{what} {kind}", text[match.start() : end],
                       not is_preferred(text[left:right]), match.start(), end)
        )  # fmt: skip
    # "a valid certification from the International Code Council (ICC)"; "a certificate from
    # the State of California for intravenous therapy"
    from_matches = (
        chain(_CREDENTIAL_FROM.finditer(text), _CREDENTIAL_FROM_FOR.finditer(text))
        if _FROM_GATE.search(lower)
        else ()
    )
    for match in from_matches:
        kind = match.group(1).lower()
        left, right = sentence_around(text, match.start(), match.end())
        found.append(
            Credential(None, f"{match.group(2)} {kind}", match.group(0),
                       not is_preferred(text[left:right]), match.start(), match.end())
        )  # fmt: skip
    if _CERTIFIED_ONLY_GATE.search(lower):
        for match in _CERTIFIED_OPERATORS_ONLY.finditer(text):
            skill_id, label = _CERTIFIED_MACHINES[_SPACES.sub(" ", match.group(1).lower())]
            # The span is the parenthesis: the machine stays a skill too.
            found.append(
                Credential(skill_id, label, match.group(2), True, match.start(2), match.end(2))
            )
    if "following" in lower:
        found += _following_list(text)
    if "air brake" in lower:
        for match in _AIR_BRAKES.finditer(text):
            left, right = sentence_around(text, match.start(), match.end())
            found.append(
                Credential("cdl_air_brake_qualification", "cdl air brake qualification",
                           match.group(1), not is_preferred(text[left:right]), match.start(1),
                           match.end(1))
            )  # fmt: skip
    if _INITIALS_GATE.search(text):
        for match in _DESIGNATION.finditer(text):
            initials = match.group(2).replace(".", "")
            name = _trim_to_initials(match.group(1), initials)
            if name is None or len(name.split()) < 2 or not _names_a_holder(name):
                continue  # "International Code Council (ICC)" names a body, not a designation
            left, right = sentence_around(text, match.start(), match.end())
            if not _DESIGNATION_CONTEXT.search(text[left:right]):
                continue
            start = match.start(1) + match.group(1).rfind(name)
            found.append(
                Credential(None, name, name, not is_preferred(text[left:right]), start,
                           start + len(name))
            )  # fmt: skip
    if "Certified" in text or "Chartered" in text:
        for match in _CERTIFIED_NAME.finditer(text):
            name = match.group(1)
            name = re.sub(r"\s+(?:in|of|and)$", "", name)
            left, right = sentence_around(text, match.start(), match.end())
            if not re.search(r"\bdesignations?\b", text[left:right], re.I):
                continue
            if any(c.start <= match.start(1) < c.end for c in found):
                continue
            found.append(
                Credential(None, name, name, not is_preferred(text[left:right]), match.start(1),
                           match.start(1) + len(name))
            )  # fmt: skip
    return found


# -- named credentials made whole -------------------------------------------------------------

# "Certificate of Competency | to inspect boilers and pressure vessels | issued by ...",
# "Certificate of Qualification | as a journey-level plumber | issued by ...": what the
# certificate is for follows its name, up to where the issuer or the sentence's next part starts.
_FOR_WHAT = re.compile(
    r"\s+(?:as\s+an?|to\s+(?:inspect|operate|practice|act\s+as\s+an?)"
    r"|for\s+(?:the\s+)?operation\s+of)\s+"
    r"((?:[\w/&'’-]+\s+){0,6}?[\w/&'’-]+)"
    r"(?=\s+(?:issued|from|by|with|is|are|in|for|recognized|approved|may|must|within|prior|at|or)"
    r"\b|\s*[,;.:(]|\s*$)",
    re.I | re.M,
)
_GENERAL_NAME = re.compile(
    r"^(?:(?:certificate|certification|license|licence|registration)\s+(?:of|as)\b"
    r"|(?:grade|level)\s+\w+\s+(?:certificate|license|licence)$)",
    re.I,
)
# The grade of an operator's certificate, before or after its name: "a Grade 5 State of
# California Treatment Operator License", "Distribution Operator Certificate, level D3 or higher".
# "a valid T2 (or higher) Water Treatment Operator license": a grade code alone, "or higher".
_GRADE_BEFORE = re.compile(
    r"\b(?:(?:Grade|Level)\s+(?:[A-Z]-?\d|\d+|[IVX]+)|[A-Z]-?\d)\s+"
    r"(?:\((?i:or\s+(?:higher|above))\)\s+)?"
    r"(?:State\s+of\s+(?:California\s+)?|California\s+)?$"
)
_OR_HIGHER = re.compile(r"\s*\((?i:or\s+(?:higher|above))\)")
_GRADE_AFTER = re.compile(r",?\s+(?:(?i:level|grade)\s+)?([A-Z])-?(\d)\b")
# Two grades named at once: "a Grade 4 or 5 Wastewater Treatment Plant Operator Certificate",
# "Distribution Operator License D-4 or D-5": the name read from the second grade's number, and
# the other grade.
_GRADE_WORD = r"(?:[A-Z]-?\d|\d+|[IVX]+)"
_GRADE_OR_BEFORE = re.compile(rf"\b((?i:grade|level))\s+({_GRADE_WORD})\s+or\s+$")
_STARTS_WITH_GRADE = re.compile(rf"^{_GRADE_WORD}\s")
_OR_GRADE_AFTER = re.compile(r"\s+or\s+([A-Z])-?(\d)\b")
_HAS_GRADE = re.compile(r"(?i)\b(?:grade|level)\b|\b[A-Z]-?\d\b")
# "Competent Conveyance (Elevator) Mechanic": a capitalised name with a word in brackets.
_BRACKETED_AFTER = re.compile(r"\s*\([A-Z][\w ]*\)(?:\s+[A-Z][\w'’-]*)+")
_BRACKETED_BEFORE = re.compile(r"(?:[A-Z][\w'’-]*\s+)+\([A-Z][\w ]*\)\s+$")


def complete_name(text: str, credential: Credential) -> Credential:
    """A named credential with the words that finish its name: what a "Certificate of
    Competency" is for ("to inspect elevators"), and a capitalised name broken by a bracketed
    word ("Competent Conveyance (Elevator) Mechanic certification")."""
    start, end = credential.start, credential.end
    if end <= start:
        return credential
    label = credential.label
    before = _BRACKETED_BEFORE.search(text, max(0, start - 80), start)
    if before is not None:
        start = before.start()
        label = text[start:end]
    if _GENERAL_NAME.match(label):
        after = _BRACKETED_AFTER.match(text, end) or _FOR_WHAT.match(text, end)
        if after is not None:
            end = after.end(1) if after.re is _FOR_WHAT else after.end()
            label = text[start:end]
    two = _GRADE_OR_BEFORE.search(text, max(0, start - 20), start)
    if two is not None and _STARTS_WITH_GRADE.match(label):
        # "Grade 4 or [5 Wastewater ... Certificate]": the second grade's own name.
        label = f"{two.group(1)} {label}"
        return Credential(None, label, text[start:end], credential.required, start, end)
    if not _HAS_GRADE.search(label):
        grade = _GRADE_BEFORE.search(text, max(0, start - 40), start)
        if grade is not None:
            start = grade.start()
            label = _OR_HIGHER.sub("", text[start:end])
        elif grade_after := _GRADE_AFTER.match(text, end):
            # "D-3" and "D3" are one grade.
            label = f"{label} {grade_after.group(1)}{grade_after.group(2)}"
            return Credential(None, label, label, credential.required, start, end)
    if (start, end) == (credential.start, credential.end):
        return credential
    return Credential(None, label, text[start:end], credential.required, start, end)


def other_grade(text: str, credential: Credential) -> Credential | None:
    """The other grade of a credential named with two ("a Grade 4 or 5 ... Certificate" gives the
    Grade 4 one, "License D-4 or D-5" the D5 one), at the other grade's words, or None."""
    start, end = credential.start, credential.end
    if end <= start:
        return None
    two = _GRADE_OR_BEFORE.search(text, max(0, start - 20), start)
    words = credential.label.split()
    if two is not None and len(words) > 2 and words[0].lower() == two.group(1).lower():
        label = " ".join([words[0], two.group(2), *words[2:]])
        return Credential(None, label, text[two.start() : two.end(2)], credential.required,
                          two.start(), two.end(2))  # fmt: skip
    after = _GRADE_AFTER.match(text, end)
    if after is None or not credential.label.endswith(f"{after.group(1)}{after.group(2)}"):
        return None
    second = _OR_GRADE_AFTER.match(text, after.end())
    if second is None:
        return None
    base = credential.label.rsplit(" ", 1)[0]
    label = f"{base} {second.group(1)}{second.group(2)}"
    return Credential(None, label, second.group(0).strip().removeprefix("or").strip(),
                      credential.required, second.start(1), second.end(2))  # fmt: skip


def without_short_mentions(named: list[Credential]) -> list[Credential]:
    """Named credentials without the later mentions of one by the start of its name ("attach
    your Certificate of Qualification" after "Certificate of Qualification as a journey-level
    plumber")."""
    labels = [c.label.lower() for c in named]
    return [
        c
        for c, label in zip(named, labels, strict=True)
        if not any(other.startswith(label + " ") for other in labels)
    ]


# -- lists that share one noun ----------------------------------------------------------------

_NOUN_LAST = re.compile(
    r"(?i)^(?:certificates?|certifications?|licen[cs]es?|cards?|permits?|endorsements?|certs?)$"
)
# What separates the items of a list, read right to left: ", ", " and ", " or ", " and/or ", "/".
_SEPARATOR_BEFORE = re.compile(
    r"(?:\s*,\s*(?:(?:and/or|and|or)\s+)?|\s+(?:and/or|and|or)\s+|\s*/\s*)$"
)
_ITEM_WORD_BEFORE = re.compile(r"([A-Za-z0-9][\w'’+-]*)\s*$")
_NOT_AN_ITEM_WORD = frozenset(
    {"a", "an", "the", "valid", "current", "active", "any", "your", "their", "of", "in", "with",
     "must", "have", "has", "hold", "possess", "possession", "and", "or", "including", "such",
     "as", "to", "be", "is", "are", "required", "preferred", "either", "both", "other"}
)  # fmt: skip


def _singular(noun: str) -> str:
    # "endorsements" -> "endorsement", "licenses" -> "license", "certs" -> "cert".
    return noun[:-1] if noun.lower().endswith("s") else noun


def sharing_the_noun(text: str, start: int, end: int) -> list[tuple[list[str], int, int]]:
    """The items listed before the credential at ``text[start:end]`` that share its last noun
    ("A Standard First Aid and CPR or [EMT-1 certificate]", "a forklift and/or [crane operator's
    license]"): per item, the terms it may name (the item with the credential's words after its
    first, then the item with the noun alone), and the item's span. Nearest item first."""
    words = text[start:end].split()
    if len(words) < 2 or not _NOUN_LAST.match(words[-1]):
        return []
    # The taxonomy names one credential: "P and S endorsements" are the P endorsement and the S one.
    singular = [*words[1:-1], _singular(words[-1])]
    terms_after = [" ".join(words[1:]), " ".join(singular), words[-1], singular[-1]]
    found: list[tuple[list[str], int, int]] = []
    position = start
    for _ in range(6):
        separator = _SEPARATOR_BEFORE.search(text, max(0, position - 12), position)
        if separator is None or "\n" in separator.group(0):
            break
        item_end = separator.start()
        item_start = item_end
        item: list[str] = []
        while len(item) < 3:
            word = _ITEM_WORD_BEFORE.search(text, max(0, item_start - 40), item_start)
            if word is None or word.group(1).lower() in _NOT_AN_ITEM_WORD:
                break
            if "\n" in text[word.end(1) : item_start]:
                break
            item.insert(0, word.group(1))
            item_start = word.start(1)
        if not item:
            break
        terms = [
            f"{' '.join(item[first:])} {after}"
            for after in dict.fromkeys(terms_after)
            for first in range(len(item))
        ]
        found.append((terms, item_start, item_end))
        if len(item) == 3:
            break  # a longer phrase before the list: not a list item
        position = item_start
    return found


# "possess the following certifications: Firefighter I/II, HAZMAT Awareness, Operation, and CPR."
_FOLLOWING = re.compile(
    r"\bthe\s+following\s+(?i:certifications?|certificates?|licen[cs]es?|credentials)\b"
    r"[^:.;\n]{0,40}:[ \t]*([^;.\n]+)"
)
_ITEM_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|/")
_ITEM_TAIL = re.compile(r"\s*\(.*$|\s+(?:for|at|in|from)\s+.*$")
_ROMAN = re.compile(r"^[IVX]+$")


def _following_list(text: str) -> list[Credential]:
    """Each item of a list after "the following certifications:", as a credential. An item of
    one word after a longer one shares its first words ("HAZMAT Awareness, Operation" gives
    "HAZMAT Operation"; "Firefighter I/II" gives "Firefighter II")."""
    found: list[Credential] = []
    for match in _FOLLOWING.finditer(text):
        left, right = sentence_around(text, match.start(), match.end())
        required = not is_preferred(text[left:right])
        previous: list[str] = []
        position = match.start(1)
        for raw in _ITEM_SEPARATOR.split(match.group(1)):
            offset = text.find(raw, position)
            position = max(position, offset + len(raw)) if offset >= 0 else position
            item = _ITEM_TAIL.sub("", raw.strip().strip("()").strip()).strip()
            words = item.split()
            if not words or len(words) > 4 or not item[0].isupper():
                previous = []
                continue
            if (
                len(words) == 1
                and len(previous) >= 2
                and (_ROMAN.match(item) or not item.isupper())
            ):
                words = [*previous[:-1], item]
            label = " ".join(words)
            start = offset if offset >= 0 else match.start(1)
            found.append(Credential(None, label, raw.strip(), required, start, start + len(raw)))
            previous = words
    return found
