"""Workplace settings the supervision rules need: alcohol, firearms, children, cash, banking..."""

from __future__ import annotations

import re
from collections.abc import Sequence

from jobs.skills.context import is_benefit, sentence_around
from jobs.skills.requirements import Evidence, SettingFlag
from jobs.skills.scan import ScanText, scan_of

_PATTERNS: dict[str, re.Pattern[str]] = {
    "alcohol_service": re.compile(
        r"\b(bartend\w*|bar\s?backs?|barback|serv(?:e|es|ing)\s+(?:of\s+)?(?:alcohol|alcoholic|liquor|beer"
        r"|wine|spirits)\w*|alcoholic\s+beverages?|liquor\s+(?:store|license)|tap\s?(?:house|room)s?"
        r"|brewer(?:y|ies)|brewpub|winer(?:y|ies)|nightclubs?|cocktails?|(?:sports|wine|cocktail|hotel)"
        r"\s+bar|behind\s+the\s+bar|TIPS\s+certif\w+|beer\s+and\s+wine|package\s+store|saloon|tavern)\b",
        re.I,
    ),
    "alcohol_primary": re.compile(
        r"\b(bartend\w*|bar\s?backs?|barback|liquor\s+stores?|package\s+stores?|tap\s?(?:house|room)s?"
        r"|brewer(?:y|ies)|brewpub|winer(?:y|ies)|distiller(?:y|ies)|nightclubs?|night\s+clubs?"
        r"|(?:sports|wine|cocktail|dive)\s+bars?|saloons?|taverns?|pubs?|cocktail\s+lounges?)\b",
        re.I,
    ),
    "firearms": re.compile(
        r"(?<!un)\b(armed\s+(?:security|guard|officer|patrol|position|response)\w*|carry\s+(?:a\s+)?"
        r"(?:loaded\s+)?(?:firearm|weapon|gun|handgun)s?|firearms?|handguns?|ammunition|gun\s+(?:store|shop"
        r"|range|counter)s?|weapons?\s+(?:qualification|permit|training)|sworn\s+peace\s+officer"
        r"|exposed\s+firearm\s+permit)\b",
        re.I,
    ),
    "children_or_schools": re.compile(
        r"\b((?:elementary|middle|primary|public|charter|private|pre-?)\s?schools?|school\s+(?:district|"
        r"campus|bus|cafeteria|building|grounds|setting|nurse|age|year|children)|k-12|child\s?care"
        r"|day\s?care|daycare|children|childrens|kids|youth|minors|juveniles?|camp\s+counsel\w*"
        # Students are the setting only when the job works with them: "a good fit for students"
        # or "high school students welcome" speak of who may apply.
        r"|(?:with|serv\w*|teach\w*|tutor\w*|supervis\w*|mentor\w*|transport\w*|monitor\w*)"
        r"\s+(?:\w+\s+){0,2}?students"
        r"|after-?school|infants?|toddlers?)\b",
        re.I,
    ),
    "cash_handling": re.compile(
        r"\b(cash\s+handling|handl(?:e|es|ing)\s+(?:of\s+)?(?:cash|money|currency)|cash\s+registers?"
        r"|cashiers?|cash\s+(?:drawer|drawers|office|receipts?|transactions?)|counting\s+(?:cash|money)"
        r"|money\s+handling|point[- ]of[- ]sale|POS\s+(?:system|terminal)s?|collect(?:s|ing)?\s+"
        r"(?:cash|fees|payments?|money)|petty\s+cash|deposits?\s+of\s+(?:cash|money)|balanc\w+\s+"
        r"(?:the\s+)?(?:cash\s+)?drawers?)\b",
        re.I,
    ),
    "banking": re.compile(
        r"\b(FDIC(?:-insured)?|bank\s+(?:teller|branch|branches|customers?)|tellers?|credit\s+unions?"
        r"|banking\s+(?:center|institution|industry|services)|financial\s+institutions?"
        r"|Section\s+19)\b",
        re.I,
    ),
    "health_care": re.compile(
        r"\b(hospitals?|patients?|home\s+health|caregiv\w+|nursing\s+(?:home|facility|facilities|"
        r"assistant|care)|clinics?|clinical|long[- ]term\s+care|assisted\s+living|health\s?care\s+"
        r"(?:facility|facilities|setting|provider|providers|worker|workers|environment|aide)"
        r"|CNA|certified\s+nursing|medical\s+(?:center|office|facility|facilities|assistant)"
        r"|pharmac(?:y|ies)|hospice|medication\s+(?:administration|aide)|behavioral\s+health)\b",
        re.I,
    ),
    "home_health": re.compile(
        r"\b(home\s+health|home\s+care|in-home|in\s+(?:the\s+)?(?:clients?|patients?)['’]?s?\s+homes?"
        r"|personal\s+care\s+(?:aide|attendant)s?|home\s+health\s+aides?|private\s+duty)\b",
        re.I,
    ),
    "airport_secured_area": re.compile(
        r"\b(airports?|SIDA|secured\s+areas?|TSA|airside|air\s+operations\s+area|ramp\s+agents?"
        r"|flight\s+line|airfield|aircraft|airlines?|security\s+identification\s+display\s+area)\b",
        re.I,
    ),
    "commercial_driving": re.compile(
        r"\b(CDL|commercial\s+driv\w+|class\s+[AB]\s+(?:\w+\s+){0,2}licen[cs]e|DOT\s+(?:physical|medical"
        r"|card|regulations)|tractor[- ]trailers?|semi[- ]trucks?|OTR|18[- ]wheelers?|commercial\s+"
        r"vehicles?|heavy\s+trucks?|dump\s+trucks?|buses)\b",
        re.I,
    ),
    "cannabis": re.compile(
        r"\b(cannabis|marijuana|dispensar(?:y|ies)|budtenders?|THC|hemp|CBD)\b",
        re.I,
    ),
}

# "children" in a benefits line ("dependent children", "child care assistance") is not the setting.
_BENEFIT_CONTEXT = re.compile(r"dependents?|benefit|insurance|assistance|leave|paid|tuition", re.I)


# Every match of a flag's pattern holds one of its words (lower case), so the pattern only runs
# near them (scan.py): most postings mention none of these.
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "alcohol_service": (
        "bar",
        "alcohol",
        "liquor",
        "beer",
        "wine",
        "spirit",
        "tap",
        "brew",
        "club",
        "cocktail",
        "tips",
        "saloon",
        "tavern",
        "package store",
    ),
    "alcohol_primary": (
        "bar",
        "liquor",
        "package store",
        "tap",
        "brew",
        "winer",
        "distill",
        "club",
        "saloon",
        "tavern",
        "pub",
        "lounge",
    ),
    "home_health": ("home", "personal care", "private duty"),
    "firearms": ("arm", "gun", "weapon", "ammunition", "peace officer"),
    "children_or_schools": (
        "school",
        "child",
        "care",
        "kid",
        "youth",
        "minor",
        "juvenile",
        "student",
        "k-12",
        "camp",
        "infant",
        "toddler",
    ),
    "cash_handling": ("cash", "money", "currency", "point", "pos ", "collect", "drawer"),
    "banking": ("fdic", "bank", "teller", "credit union", "financial institution", "section 19"),
    "health_care": (
        "hospital",
        "patient",
        "health",
        "caregiv",
        "nursing",
        "clinic",
        "care",
        "cna",
        "medical",
        "pharmac",
        "hospice",
        "medication",
        "assisted living",
    ),
    "airport_secured_area": (
        "airport",
        "sida",
        "secured area",
        "tsa",
        "airside",
        "air operations",
        "ramp agent",
        "flight line",
        "airfield",
        "aircraft",
        "airline",
        "security identification",
    ),
    "commercial_driving": (
        "cdl",
        "commercial",
        "class a",
        "class b",
        "dot ",
        "trailer",
        "semi",
        "otr",
        "wheeler",
        "truck",
        "buses",
    ),
    "cannabis": ("cannabis", "marijuana", "dispensar", "budtender", "thc", "hemp", "cbd"),
}


_NO_CDL_BEFORE = re.compile(r"\b(?:non|no|without(?:\s+an?)?)[\s-]*$", re.I)
# A workplace that bans weapons is not a job with access to them: "no firearms allowed on site",
# "firearms are prohibited", "a weapons-free workplace", "this is not an armed position".
_BANNED_BEFORE = re.compile(
    r"\b(?:no|not|never|without|prohibit\w*|ban\w*|free\s+of)\s+(?:an?\s+)?(?:\w+\s+)?$", re.I
)
_BANNED_AFTER = re.compile(
    r"^[\s,]*(?:(?:and|or)\s+\w+\s+)?(?:(?:are|is)\s+)?(?:(?:strictly|not)\s+)*"
    r"(?:not\s+(?:permitted|allowed)|prohibited|banned|forbidden|free)\b|^-free\b",
    re.I,
)
_NEAR_BEFORE = re.compile(
    r"\b(?:near|close\s+to|next\s+to|minutes\s+from|by|off|outside)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.I,
)


def find_setting(
    text: str | ScanText, excluded_ranges: Sequence[tuple[int, int]] = ()
) -> list[SettingFlag]:
    """One flag per setting seen, each with up to five evidence spans; ``excluded_ranges`` (such as
    benefits sections) are skipped."""
    scan = scan_of(text)
    text = scan.text
    flags: list[SettingFlag] = []
    for flag, pattern in _PATTERNS.items():
        evidence: list[Evidence] = []
        for match in scan.finditer(pattern, _TRIGGERS[flag], 60):
            if any(start <= match.start() < end for start, end in excluded_ranges):
                continue
            if flag == "commercial_driving" and is_benefit(
                text[slice(*sentence_around(text, match.start(), match.end()))]
            ):
                continue  # "tuition help for CDL training" is a benefit, not the job's driving
            before = text[max(0, match.start() - 30) : match.start()]
            if flag == "commercial_driving" and _NO_CDL_BEFORE.search(before):
                continue  # "non-CDL box truck", "no CDL needed"
            if flag == "firearms" and (
                _BANNED_BEFORE.search(before)
                or _BANNED_AFTER.search(text[match.end() : match.end() + 40])
            ):
                continue  # a ban on weapons at work, not a job carrying one
            if flag == "airport_secured_area" and _NEAR_BEFORE.search(before):
                continue  # "an office park near the airport" is not the airport
            if flag == "children_or_schools":
                window = text[max(0, match.start() - 40) : match.end() + 40]
                if _BENEFIT_CONTEXT.search(window):
                    continue
            evidence.append(Evidence(text[match.start() : match.end()], match.start(), match.end()))
            if len(evidence) == 5:
                break
        if evidence:
            flags.append(SettingFlag(flag, evidence))
    return flags
