"""Background checks, drug tests and exclusionary criminal-record language."""

from __future__ import annotations

import re

import msgspec

from jobs.skills.context import sentence_around
from jobs.skills.requirements import Evidence
from jobs.skills.scan import ScanText, scan_of

_BACKGROUND = re.compile(
    r"\b(background\s+(?:check|checks|investigation|investigations|screening|screen|review|clearance)"
    r"|criminal\s+(?:background|history|record)\s+(?:check|checks|screening|review)"
    r"|(?:pass|clear|undergo)\w*\s+(?:a\s+)?(?:thorough\s+)?(?:criminal\s+)?background"
    r"|fingerprint(?:ing|ed)?\s+(?:check|clearance|background|and background)|live\s*scan"
    r"|level\s+(?:2|II)\s+(?:fingerprint\s+)?background|security\s+clearance"
    r"|background\s+(?:and|&)\s+(?:drug|reference)\w*"
    r"|preliminary\s+background\s+application|suitability\s+(?:determination|investigation))",
    re.I,
)
# Every match of the pattern above holds one of these words (see scan.py).
_BACKGROUND_WORDS = ("background", "criminal", "fingerprint", "scan", "clearance", "suitability")
_AFTER_OFFER = re.compile(
    r"\b(after\s+(?:a|an|the)?\s*(?:conditional|contingent|job|formal)?\s*(?:job\s+)?offer"
    r"|post[- ]offer|conditional\s+(?:job\s+|employment\s+)?offer|contingent\s+(?:job\s+)?offer"
    r"|offer\s+(?:is\s+)?contingent|once\s+an?\s+offer|upon\s+(?:an?\s+)?(?:conditional\s+)?offer)",
    re.I,
)
_NO_CHECK = re.compile(
    r"\bno\s+background\s+checks?\b|background\s+checks?\s+(?:is\s+|are\s+)?not\s+required"
    r"|without\s+(?:a\s+)?background\s+check",
    re.I,
)
_DRUG = re.compile(
    r"\b(drug\s*(?:and|&|/)?\s*(?:alcohol\s*[- ]?\s*)?(?:(?:mandatory|random|periodic"
    r"|pre-?employment|post-?accident|reasonable[- ]suspicion)\s+)?(?:test|tests|testing|screen"
    r"|screens|screening)"
    r"|(?:drug|alcohol)\s+and\s+(?:drug|alcohol)[- ]+(?:(?:mandatory|random|periodic"
    r"|pre-?employment)\s+)?(?:test|tests|testing|screen|screening)"
    r"|(?:test|tested|testing|screen|screened|screening)\s+for\s+(?:illegal\s+|illicit\s+)?"
    r"(?:drugs|alcohol|controlled\s+substances)"
    # Urinalysis alone is also a laboratory procedure a nurse performs: only "drug urinalysis".
    r"|(?:drug|pre-?employment)\s+urinalysis|drug[- ]screen\w*"
    r"|pre-?employment\s+(?:drug|substance)\s+\w+|substance\s+abuse\s+"
    r"(?:test|testing|screening)|DOT\s+drug|hair\s+follicle\s+test)",
    re.I,
)
_DRUG_WORDS = ("drug", "alcohol", "substance", "follicle")
_NO_DRUG = re.compile(
    r"\bno\s+drug\s+(?:test|testing|screen)\w*|drug\s+(?:test|testing|screen)\w*\s+(?:is\s+)?not\s+required",
    re.I,
)
_EXCLUSIONARY = re.compile(
    r"\b(no\s+felon(?:y|ies|s)\b|no\s+felony\s+convictions?|no\s+(?:prior\s+)?criminal\s+"
    r"(?:history|record|records|background|convictions?)|clean\s+(?:criminal\s+)?(?:record|background)"
    r"(?!\s+(?:of\s+)?driv)|felons?\s+need\s+not\s+apply|must\s+not\s+have\s+(?:a|any)\s+"
    r"(?:history\s+of\s+)?(?:criminal|felony|conviction)\w*|must\s+not\s+have\s+a\s+history\s+of\s+"
    r"criminal|(?:free\s+(?:of|from)|without)\s+(?:any\s+)?(?:felony|criminal)\s+convictions?"
    r"|never\s+(?:been\s+)?convicted|not\s+have\s+been\s+(?:found\s+guilty|convicted)"
    r"|have\s+not\s+been\s+found\s+guilty|including\s+any\s+felony\s+convictions"
    r"|(?:felony|criminal)\s+convictions?\s+(?:will\s+)?(?:disqualify|disqualifies|are\s+disqualifying)"
    r"|no\s+(?:violent|sex|drug)\s+(?:offenses|offences|crimes|felonies|convictions))",
    re.I,
)
_EXCLUSIONARY_WORDS = (
    "felon", "criminal", "clean", "convict", "guilty", "offens", "offenc", "crimes"
)  # fmt: skip
# "clean record" in a driving context is about the driving record, not criminal history.
_DRIVING_CONTEXT = re.compile(r"driv|MVR|motor\s+vehicle|DMV|moving\s+violation", re.I)


class Screening(msgspec.Struct):
    """Background check and drug test status, and exclusionary language, with evidence."""

    background_check: str = "not_mentioned"  # required | after_offer | not_mentioned
    background_evidence: list[Evidence] = []
    drug_test: str = "not_mentioned"  # required | not_mentioned
    drug_evidence: list[Evidence] = []
    exclusionary: bool = False
    exclusionary_evidence: list[Evidence] = []


def _evidence(text: str, match: re.Match[str]) -> Evidence:
    return Evidence(text[match.start() : match.end()], match.start(), match.end())


def find_screening(text: str | ScanText) -> Screening:
    """Read background-check, drug-test and exclusionary language from the posting text."""
    scan = scan_of(text)
    text = scan.text
    result = Screening()
    for match in scan.finditer(_BACKGROUND, _BACKGROUND_WORDS, 80):
        left, right = sentence_around(text, match.start(), match.end())
        sentence = text[left:right]
        if _NO_CHECK.search(sentence):
            continue
        result.background_evidence.append(_evidence(text, match))
        if _AFTER_OFFER.search(sentence):
            if result.background_check == "not_mentioned":
                result.background_check = "after_offer"
        else:
            result.background_check = "required"
    if result.background_check == "required" and any(
        _AFTER_OFFER.search(text[slice(*sentence_around(text, ev.start, ev.end))])
        for ev in result.background_evidence
    ):
        # One sentence says "after a conditional offer": the others describe the same check.
        result.background_check = "after_offer"
    for match in scan.finditer(_DRUG, _DRUG_WORDS, 60):
        left, right = sentence_around(text, match.start(), match.end())
        if _NO_DRUG.search(text[left:right]):
            continue
        result.drug_test = "required"
        result.drug_evidence.append(_evidence(text, match))
    for match in scan.finditer(_EXCLUSIONARY, _EXCLUSIONARY_WORDS, 80):
        left, right = sentence_around(text, match.start(), match.end())
        phrase = match.group(0).lower()
        if phrase.startswith("clean") and _DRIVING_CONTEXT.search(text[left:right]):
            continue
        result.exclusionary = True
        result.exclusionary_evidence.append(_evidence(text, match))
    return result
