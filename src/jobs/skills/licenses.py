"""Driver's license (required / preferred / not mentioned, commercial class) and named "
"credentials."""

from __future__ import annotations

import re

import msgspec

from jobs.skills.completion import find_completion_certificates
from jobs.skills.context import is_benefit, is_negated, is_preferred, sentence_around
from jobs.skills.requirements import Credential, Evidence
from jobs.skills.scan import ScanText, scan_of

_LICENSE = re.compile(
    r"\b(?:(?:commercial\s+)?driv(?:er|ers|er'?s|ing)['’]?\s*licen[cs]es?"
    r"|\bCDL\b(?:[- ]?(?:class\s*)?[ABC]\b)?"
    r"|class\s+(?:[1-3]\s*/\s*)?[ABC]\s+(?:or\s+(?:[1-3]\s*/\s*)?[ABC]\s+)?"
    r"(?:commercial\s+)?(?:driv\w*\s+)?(?:licen[cs]e|CDL)"
    r"|\bD\.?L\.?\b(?= required)"
    r"|commercial\s+licen[cs]e"
    # A driving-record rule in plain words asks for a license: no license, no record to keep clean.
    r"|(?:clean|good|safe|acceptable|satisfactory|insurable)\s+(?:driving|motor\s+vehicle) record"
    r"|(?:clean|acceptable)\s+MVR)",
    re.I,
)
_LICENSE_WORDS = (
    "licen", "cdl", "dl required", "d.l required", "driving record", "vehicle record", "mvr"
)  # fmt: skip
# The class letter is read in capitals after "CDL " ("CDL a plus" is not class A) and never from
# an article before "CDL" ("a CDL"); quotes around it are common in bulletins (Class "B").
# California's old numbers may come first ("Class 1/A or 2/B").
_CLASS = re.compile(
    r"\b(?:CDL(?:-(?:class\s*)?([ABCabc])|\s*(?:class\s*)?(?-i:([ABC])))\b"
    r"|class\s*['\"‘’“”]*(?:[1-3]\s*/\s*)?([ABC])['\"‘’“”]*(?!\w)(?!\s*misdemeanor)"
    r"(?:\s*\(?\s*(?:and\s*/\s*)?or\s+(?:class\s+)?['\"‘’“”]*(?:[1-3]\s*/\s*)?([ABC])"
    r"['\"‘’“”]*(?!\w)\)?)?"
    r"|(?-i:([BC]))\s+(?:class\s+)?CDL)",
    re.I,
)
# Between two classes named as alternatives: "Class A or Class B", "Class C and/or Class B".
_EITHER_CLASS = re.compile(r"\s*,?\s*(?:and\s*/\s*)?or\s+", re.I)
_COMMERCIAL = re.compile(r"\b(CDL|commercial\s+driv\w*|commercial\s+(?:class|licen[cs]e))\b", re.I)
_NOT_NEEDED = re.compile(
    r"\bnon[- ]?CDL\b"
    r"|\b(?:no|not|don'?t|do not|does not|without)\b[^.;\n]{0,30}"
    r"(?:driv\w*['’]?s?\s+licen[cs]e|CDL)"
    r"|(?:driv\w*['’]?s?\s+licen[cs]e|CDL)[^.;\n]{0,20}\b(?:not (?:required|needed|necessary))",
    re.I,
)


_NON = re.compile(r"\bnon[- ]?$", re.I)


class ClassMention(msgspec.Struct, frozen=True):
    """A license class named in one sentence: whether that sentence requires it, and where."""

    letter: str
    required: bool
    evidence: Evidence
    # Every class the sentence names as alternatives with this one, itself included ("Class B
    # (or A)": A and B); empty when it is named alone.
    either: tuple[str, ...] = ()


class DriversLicense(msgspec.Struct):
    """What the posting says about driving licenses."""

    status: str = "not_mentioned"  # required | preferred | not_mentioned
    license_class: str | None = None  # "A", "B" or "C" when a class is named
    classes: list[str] = []  # every class named ("Class B (or A)"), in order A, B, C
    commercial: bool = False
    evidence: list[Evidence] = []
    # Each class as each sentence names it: "Class C is required; some positions may require
    # Class B" requires C, not B.
    class_mentions: list[ClassMention] = []


def find_drivers_license(text: str | ScanText) -> DriversLicense:
    """Read the driver's-license requirement; the strongest mention wins (required > preferred)."""
    scan = scan_of(text)
    text = scan.text
    result = DriversLicense()
    classes: list[str] = []
    easiest: list[str] = []
    for match in scan.finditer(_LICENSE, _LICENSE_WORDS, 80):
        if _NON.search(text, max(0, match.start() - 4), match.start()):
            continue  # "Non-CDL": the job needs no commercial license
        left, right = sentence_around(text, match.start(), match.end())
        sentence = text[left:right]
        if is_benefit(sentence):
            continue  # "tuition help for forklift and CDL training" offers, it does not ask
        preferred = is_preferred(sentence)
        if not preferred and (
            _NOT_NEEDED.search(sentence) or is_negated(text, match.start(), left)
        ):
            continue
        status = "preferred" if preferred else "required"
        evidence = Evidence(text[match.start() : match.end()], match.start(), match.end())
        result.evidence.append(evidence)
        if status == "required" or result.status == "not_mentioned":
            result.status = status
        for letters in _named_classes(sentence):
            classes += letters
            easiest.append(max(letters))  # of alternatives, the one easiest to hold
            either = tuple(sorted(set(letters))) if len(set(letters)) > 1 else ()
            result.class_mentions += [
                ClassMention(letter, status == "required", evidence, either) for letter in letters
            ]
        if _COMMERCIAL.search(sentence):
            result.commercial = True
    if classes:
        result.classes = sorted(set(classes))
        # Class A permits the most, so the strictest class named is the one to meet; of classes
        # named as alternatives ("Class B (or A)") the easiest is enough.
        result.license_class = min(easiest)
        result.commercial = result.commercial or result.license_class in ("A", "B")
    return result


def _named_classes(sentence: str) -> list[list[str]]:
    """The classes a sentence names, those named as alternatives together ("a valid Class A
    and/or Class B license": [["A", "B"]]; "Class B (or A)": [["B", "A"]])."""
    named: list[list[str]] = []
    end = -1
    for class_match in _CLASS.finditer(sentence):
        letters = [group.upper() for group in class_match.groups() if group]
        if named and _EITHER_CLASS.fullmatch(sentence, end, class_match.start()):
            named[-1] += letters
        else:
            named.append(letters)
        end = class_match.end()
    return named


class ClassChoice:
    """The commercial classes a posting requires only as alternatives ("Class B (or A)"):
    holding one of them is enough. Noted as each class credential is read; marked once every
    credential is listed."""

    def __init__(self) -> None:
        self._alone: set[str] = set()  # classes some sentence requires by themselves
        self._either: dict[str, set[str]] = {}  # a class: the letters it is an alternative with
        self._key_of: dict[str, str] = {}  # a letter: the key of its credential

    def note(self, key: str, mention: ClassMention, required: bool) -> None:
        """One sentence's mention of a class, read as the credential ``key``; ``required``
        when that sentence asks it of everyone."""
        self._key_of[mention.letter] = key
        if required and not mention.either:
            self._alone.add(key)
        elif required:
            self._either.setdefault(key, set()).update(mention.either)

    def mark(self, credentials: dict[str, Credential], every: list[Credential]) -> None:
        """Make the classes only ever required as alternatives one choice (``any_of``, numbered
        after the groups already marked), in place; when the posting also requires one of them by
        itself, the others are not asked of everyone."""
        choice = {key: credentials[key] for key in self._either.keys() - self._alone}
        alternatives = {self._key_of.get(letter) for letters in self._either.values()
                        for letter in letters}  # fmt: skip
        if alternatives & self._alone:
            for credential in choice.values():
                credential.required = False
            return
        if len(choice) < 2:
            return
        group = max((c.any_of for c in every), default=0) + 1
        joined = {c.any_of for c in choice.values() if c.any_of}
        for credential in every:
            if credential.any_of in joined or any(credential is c for c in choice.values()):
                credential.any_of = group
        # The easiest class first (B before A): of a choice still to make, a match names the first.
        places = [i for i, c in enumerate(every) if any(c is mine for mine in choice.values())]
        easiest_first = sorted(
            (every[i] for i in places), key=lambda c: c.label.lower(), reverse=True
        )
        for place, credential in zip(places, easiest_first, strict=True):
            every[place] = credential


# Named certificates and licenses outside the taxonomy: "Grade II Wastewater Treatment Operator
# Certificate", "Journey-level Plumber license", "Basic Life Support for Healthcare Provider CPR
# card"; "Hazwoper Site Worker training" stays a skill.
_CREDENTIAL = re.compile(
    r"\b((?:[A-Z0-9][\w/&'’-]*[ \t]+(?:for[ \t]+(?=[A-Z]))?){1,9})"
    r"((?i:certificate|certification|license|licence"
    r"|card|endorsement|permit))s?\b"
    # "the LAX Airport Certification Manual", "City permit ordinances": a book or a body.
    r"(?!\s+(?i:manual|council|board|commission|ordinances?)\b)"
)
_NOT_A_CREDENTIAL_START = re.compile(
    r"^(A|An|The|This|Valid|Current|Possession|Some|Of|Or|And|Any|All|Each|Such|To|In|For|With|Your"
    r"|Their|Must|Have|Obtain|Required|Requires)\b\s*",
)
_VAGUE = re.compile(
    r"^(?:(?:state|california|missouri|kansas|valid|current|appropriate|required|professional|"
    r"medical|the|a|an)\s*)*$|driv|\bDMV\b|social security|\bSS\b|birth|green|credit|\bid\b"
    r"|identification",
    re.I,
)


# "a valid LAX Restricted Area Driver Permit": an airport's permit to drive on its restricted
# grounds, a credential of its own (the driver's license is its own field).
_AIRPORT_DRIVING = re.compile(r"\b(?:restricted\s+area|airport|airfield|airside|AOA)\b", re.I)


_CREDENTIAL_OF = re.compile(
    r"\b((?i:certificate|certification|license|licence|registration)\s+(?i:of|as\s+an?)\s+"
    r"(?:[A-Z][\w'’-]*)(?:[ \t]+(?:[A-Z][\w'’-]*|of|and|in))*)"
)
_CREDENTIAL_WORDS = ("certificat", "licen", "card", "endorsement", "permit")
_CREDENTIAL_OF_WORDS = ("certificat", "licen", "registration")
_NOT_A_CREDENTIAL_NAME = re.compile(r"^(?:selective|special|required|following|these|such)\b", re.I)


def find_named_credentials(text: str | ScanText) -> list[Credential]:
    """Capitalised "... Certificate/License/Card" and "Certificate of ..." phrases, as free-text
    credentials. Headings in capitals ("SELECTIVE CERTIFICATION") are not credentials."""
    scan = scan_of(text)
    text = scan.text
    found: list[Credential] = find_completion_certificates(scan)
    for match in scan.finditer(_CREDENTIAL_OF, _CREDENTIAL_OF_WORDS, 300):
        phrase = match.group(1).rstrip()
        phrase = re.sub(r"\s+(?:of|and|in)$", "", phrase)
        if phrase.isupper() or phrase.lower().endswith("of completion"):
            continue  # a heading, or a certificate of completion (see completion.py)
        start, end = match.start(1), match.start(1) + len(phrase)
        left, right = sentence_around(text, start, end)
        found.append(
            Credential(None, phrase, phrase, not is_preferred(text[left:right]), start, end)
        )
    for match in scan.finditer(_CREDENTIAL, _CREDENTIAL_WORDS, 300):
        if match.group(0).isupper() or _NOT_A_CREDENTIAL_NAME.match(match.group(0)):
            continue
        name = match.group(1)
        start = match.start(1)
        while True:
            stripped = _NOT_A_CREDENTIAL_START.sub("", name, count=1)
            if stripped == name:
                break
            start += len(name) - len(stripped)
            name = stripped
        name = name.strip()
        if not name or (_VAGUE.search(name) and not _AIRPORT_DRIVING.search(name)):
            continue
        end = match.end()
        left, right = sentence_around(text, start, end)
        label = f"{name} {match.group(2).lower()}"
        found.append(
            Credential(
                id=None,
                label=label,
                text=text[start:end],
                required=not is_preferred(text[left:right]),
                start=start,
                end=end,
            )
        )
    return found
