"""The workplace setting a posting describes, in the terms the supervision rules use.

The extractor flags words in the text ("bartender", "armed", "children"...); the employer's
industry and NAICS code and the job title add what the text may not say. Alcohol is split in two:
"primary" when selling or serving alcohol is the business or the job (bars, taprooms, breweries,
liquor stores, bartending), "incidental" when a workplace also serves it (a restaurant, a hotel,
a grocery store with a beer aisle).
"""

from __future__ import annotations

import re

import msgspec

from jobs.matching.inputs import PostingFacts, Requirements


class WorkplaceSetting(msgspec.Struct, frozen=True):
    """Settings that supervision conditions and licensing laws care about."""

    alcohol: str = "none"  # none | incidental | primary
    firearms: bool = False
    children: bool = False
    cash_handling: bool = False
    banking: bool = False
    health_care: bool = False
    home_health: bool = False
    adult_care: bool = False  # a nursing home, assisted living or adult day care
    airport_secured: bool = False
    commercial_driving: bool = False
    cannabis: bool = False
    computer: bool = False


# NAICS prefixes: 7224 drinking places, 4248 beer/wine/spirits wholesale, 445320 beer/wine/liquor
# stores (4453 before 2022), 31212/31213/31214 breweries, wineries, distilleries.
_ALCOHOL_NAICS = ("7224", "4248", "44532", "4453", "31212", "31213", "31214")
_ALCOHOL_PRIMARY_WORDS = re.compile(
    r"\b(bartend\w*|bar\s?backs?|barback|taproom|tap\s?room|brewer(?:y|ies)|brewpub|winer(?:y|ies)"
    r"|distiller(?:y|ies)|nightclub|tavern|saloon|liquor\s+store|package\s+store|cocktail\s+server"
    r"|bar\s+(?:server|manager|staff))\b",
    re.I,
)
_ALCOHOL_INDUSTRY = {"bar", "bars", "brewery", "winery", "distillery", "nightclub", "liquor_store"}
# 5221 depository credit intermediation (banks, savings institutions, credit unions).
_BANK_NAICS = ("5221",)
# 62 health care; 6216 home health care services; 6241 individual and family services (in-home).
_HEALTH_NAICS = ("621", "622", "623")
_HOME_HEALTH_NAICS = ("6216", "62412")
# 6231 nursing care facilities, 6233 continuing care and assisted living, 62412 adult day care.
_ADULT_CARE_NAICS = ("6231", "6233", "62412")
_ADULT_CARE_WORDS = re.compile(
    r"\b(nursing\s+(?:home|facility|center|centre)|assisted\s+living|long[-\s]term\s+care"
    r"|skilled\s+nursing|memory\s+care|adult\s+(?:care|day)|senior\s+living|retirement\s+home"
    r"|rehabilitation\s+(?:center|centre))",
    re.I,
)
_CHILD_NAICS = ("6244", "6111", "61161")  # child day care, elementary and secondary schools
_FIREARMS_NAICS = ("332994", "451110", "45911")  # small arms making; sporting goods/gun shops
_FIREARMS_TITLE = re.compile(r"\b(armed|firearms?|gun\s?smith|gun\s+(?:shop|store|range))\b", re.I)
_UNARMED = re.compile(r"\bunarmed\b", re.I)
_HOME_HEALTH_WORDS = re.compile(
    r"\b(home\s+health|in-home|home\s+care|home\s+visits?|personal\s+care\s+(?:aide|attendant)"
    r"|companion\s+caregiver|caregiver)\b",
    re.I,
)
_HEALTH_TITLE = re.compile(
    r"\b(CNA|nurs\w+|caregiver|patient|clinic\w*|hospital|medical|pharmacy|hospice)\b", re.I
)
_CHILD_TITLE = re.compile(r"\b(school|child\s?care|daycare|day\s?care|youth|camp|nanny)\b", re.I)
_AIRPORT_TITLE = re.compile(r"\b(airport|air\s+cargo|ramp\s+agent|airline|aircraft)\b", re.I)
_CDL_TITLE = re.compile(r"\b(CDL|tractor[- ]trailer|semi[- ]truck|class\s+A\b)", re.I)
_CDL_LABEL = re.compile(r"\bcdl\b|\bcommercial\s+driver", re.I)
_CANNABIS_WORDS = re.compile(r"\b(cannabis|marijuana|dispensary|budtender)\b", re.I)
# "Collections" is cash work as payment collection, not refuse, data or sample collection.
_CASH_TITLE = re.compile(
    r"\b(cashier|teller|cash\s+vault|money\s+services"
    r"|(?:cash|payment|bill|debt|account)s?\s+collections?"
    r"|collections?\s+(?:agent|representative|rep|specialist|clerk|officer))\b",
    re.I,
)
_BANK_TITLE = re.compile(r"\b(bank|teller|credit\s+union)\b", re.I)
_COMPUTER_SKILL = re.compile(
    r"\b(computer|microsoft|excel|word\s+processing|data\s+entry|email|e-mail|internet|software"
    r"|spreadsheet|typing|keyboarding|office\s+365|google\s+(?:docs|sheets|workspace))\b",
    re.I,
)


def cdl_optional(req: Requirements) -> bool:
    """Whether the posting lists its CDL and none as required ("CDL preferred", "some positions
    may require a Class B license"): then the commercial flag alone does not make it one."""
    listed = [c for c in req.credentials if _CDL_LABEL.search(c.label)]
    return bool(listed) and not any(c.required for c in listed)


def _has_prefix(code: str, prefixes: tuple[str, ...]) -> bool:
    return bool(code) and any(code.startswith(prefix) for prefix in prefixes)


def setting_of(posting: PostingFacts) -> WorkplaceSetting:
    """Combine the extractor's flags with the employer's industry/NAICS and the job title."""
    flags = {seen.flag for seen in posting.requirements.setting}
    policy = posting.policy
    naics, industry = policy.naics.strip(), policy.industry.strip().lower()
    title = posting.title
    words = f"{title} {posting.employer}"
    alcohol_primary = (
        "alcohol_primary" in flags
        or _has_prefix(naics, _ALCOHOL_NAICS)
        or industry in _ALCOHOL_INDUSTRY
        or bool(_ALCOHOL_PRIMARY_WORDS.search(title))
    )
    alcohol = (
        "primary" if alcohol_primary else "incidental" if "alcohol_service" in flags else "none"
    )
    firearms = (
        "firearms" in flags
        or _has_prefix(naics, _FIREARMS_NAICS)
        or bool(_FIREARMS_TITLE.search(title))
    ) and not (_UNARMED.search(title) and "firearms" not in flags)
    home_health = (
        "home_health" in flags
        or _has_prefix(naics, _HOME_HEALTH_NAICS)
        or industry == "home_health"
        or bool(_HOME_HEALTH_WORDS.search(title))
    )
    adult_care = _has_prefix(naics, _ADULT_CARE_NAICS) or bool(
        _ADULT_CARE_WORDS.search(f"{words} {industry.replace('_', ' ')}")
    )
    health = (
        home_health
        or adult_care
        or "health_care" in flags
        or _has_prefix(naics, _HEALTH_NAICS)
        or industry in {"health_care", "healthcare", "hospital"}
        or bool(_HEALTH_TITLE.search(title))
    )
    computer = any(
        skill.required and _COMPUTER_SKILL.search(skill.label)
        for skill in posting.requirements.skills
    )
    req = posting.requirements
    return WorkplaceSetting(
        alcohol=alcohol,
        firearms=firearms,
        children="children_or_schools" in flags
        or _has_prefix(naics, _CHILD_NAICS)
        or bool(_CHILD_TITLE.search(title)),
        cash_handling="cash_handling" in flags or bool(_CASH_TITLE.search(title)),
        banking="banking" in flags
        or _has_prefix(naics, _BANK_NAICS)
        or bool(_BANK_TITLE.search(words)),
        health_care=health,
        home_health=home_health,
        adult_care=adult_care,
        airport_secured="airport_secured_area" in flags or bool(_AIRPORT_TITLE.search(title)),
        commercial_driving="commercial_driving" in flags
        or (
            (req.commercial_license or (req.drivers_license_class or "").upper() in {"A", "B"})
            and not cdl_optional(req)
        )
        or bool(_CDL_TITLE.search(title)),
        cannabis="cannabis" in flags or bool(_CANNABIS_WORDS.search(words)),
        computer=computer,
    )
