"""The posting's fair-chance stance: chosen language, ordinance boilerplate, screening, "
"exclusion."""

from __future__ import annotations

import re

from jobs.skills.requirements import Evidence, FairChance
from jobs.skills.scan import ScanText, scan_of
from jobs.skills.screening import Screening

# Words an employer chose: they say something about this job, not only what a local law requires.
_CHOSEN = re.compile(
    r"\b(second[- ]chance\s+(?:employer|hiring|employment|company|opportunit\w+|friendly)"
    r"|fair[- ]chance\s+(?:employer|hiring)|felon(?:y|s)?[- ]friendly|background[- ]friendly"
    r"|record[- ]friendly|justice[- ]involved|formerly\s+incarcerated|returning\s+citizens?"
    r"|re-?entry\s+(?:program|population|community|candidates|friendly)|(?:we|will)\s+hire\s+felons"
    r"|(?:hire|welcome|employ)\w*\s+(?:people|individuals|candidates|applicants)\s+with\s+"
    r"(?:criminal\s+)?(?:records|convictions|backgrounds|a\s+record)"
    r"|(?:criminal\s+)?(?:record|background|conviction)s?\s+(?:will|does|do)\s+not\s+automatically\s+"
    r"(?:disqualify|bar|exclude)|not\s+an?\s+automatic\s+(?:bar|disqualif\w+)"
    r"|all\s+backgrounds\s+(?:are\s+)?(?:considered|welcome)|ban\s+the\s+box"
    r"|removed\s+(?:questions|the\s+box)\s+about\s+criminal|(?:personal\s+)?experience\s+of\s+incarceration"
    r"|lived\s+experience\s+(?:including|with)\s+(?:justice|incarceration))",
    re.I,
)
_CHOSEN_WORDS = (
    "chance", "friendly", "justice", "incarcerat", "returning", "entry", "felon", "record",
    "conviction", "background", "automatic", "ban the box", "criminal",
)  # fmt: skip
# Text that local fair-chance laws make employers print (San Francisco, Los Angeles, NYC, ...).
_ORDINANCE = re.compile(
    r"\b(consider\s+(?:for\s+employment\s+)?(?:all\s+)?qualified\s+applicants\s*,?\s*(?:including\s+"
    r"those\s+)?with\s+(?:arrest\s+(?:and|or)\s+)?(?:conviction\s+records|criminal\s+histor\w+)"
    r"|fair\s+chance\s+(?:ordinance|act|initiative|law)"
    r"|individualized\s+assessment"
    r"|arrest\s+and\s+conviction\s+records)",
    re.I,
)
_ORDINANCE_WORDS = ("conviction", "criminal", "chance", "individualized")


def _all(
    pattern: re.Pattern[str], scan: ScanText, keywords: tuple[str, ...], reach: int
) -> list[Evidence]:
    return [
        Evidence(scan.text[m.start() : m.end()], m.start(), m.end())
        for m in scan.finditer(pattern, keywords, reach)
    ]


def find_fair_chance(text: str | ScanText, screening: Screening) -> FairChance:
    """Decide the stance from the text; evidence lists the spans behind it.

    Chosen fair-chance words outrank everything; explicit exclusion outranks ordinance boilerplate
    (a specific "no felonies" says more than a sentence the law requires); a background check alone
    is "background_check"; no relevant words at all is "unknown".
    """
    scan = scan_of(text)
    chosen = _all(_CHOSEN, scan, _CHOSEN_WORDS, 120)
    if chosen:
        return FairChance("chosen_language", chosen)
    if screening.exclusionary:
        return FairChance("exclusionary", list(screening.exclusionary_evidence))
    ordinance = _all(_ORDINANCE, scan, _ORDINANCE_WORDS, 160)
    if ordinance:
        return FairChance("ordinance_boilerplate", ordinance)
    if screening.background_check != "not_mentioned":
        return FairChance("background_check", list(screening.background_evidence))
    return FairChance("unknown", [])
