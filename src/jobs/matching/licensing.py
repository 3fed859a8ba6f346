"""State occupational licenses and a record: ask the board before paying for training.

Missouri's Fresh Start Act (RSMo 324.012) lets a person with a criminal record petition a
licensing authority at any time, before any training, for a determination of whether the record
disqualifies them; the authority answers in writing. A conviction may only disqualify when it is
related to the occupation, and not for more than 5 years after conviction unless the offence was
violent or sexual. DESIGN puts "Missouri license needing a board petition" under needs approval:
possible after an action, not a bar. What we implement: a posting that needs a license on the
list below (from its required credentials, or a title that names the licensed trade), at a
Missouri site, for a participant with a conviction who does not hold that license, needs
approval (a petition) while the record could still count, and gets a check once the 5 years have
passed for a conviction that is neither violent nor sexual. Outside Missouri, a check that names
the state's own licensing office. Whether the missing license itself bars the job is the
credential rule's business.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from jobs.matching.inputs import PostingFacts
from jobs.matching.places import Place
from jobs.matching.reasons import Reason
from jobs.matching.situation import Situation

FRESH_START_LAW = "RSMo 324.012 (Fresh Start Act)"
LOOKBACK_YEARS = 5
ALWAYS_COUNTED = frozenset({"violent", "sex"})  # the 5-year limit does not cover these


class LicensedOccupation(NamedTuple):
    """A job that needs a state license, how postings name it, and who licenses it in Missouri."""

    key: str
    license: str  # "barber license"
    board: str  # the Missouri licensing authority
    words: re.Pattern[str]
    local: bool = False  # licensed by a city, not the state


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


LICENSED_OCCUPATIONS = (
    LicensedOccupation(
        "barber",
        "barber license",
        "Board of Cosmetology and Barber Examiners",
        _words(r"\bbarber"),
    ),
    LicensedOccupation(
        "cosmetology",
        "cosmetology license",
        "Board of Cosmetology and Barber Examiners",
        _words(r"\b(cosmetolog\w*|esthetician|nail\s+tech\w*|manicurist|hair\s?(stylist|dresser))"),
    ),
    LicensedOccupation(
        "nurse_aide",
        "CNA certification",
        "Department of Health and Senior Services",
        _words(r"\bCNAs?\b|\bcertified\s+nurs\w*\s+(aide|assistant)|\bnurse\s+aide"),
    ),
    LicensedOccupation(
        "pharmacy_technician",
        "pharmacy technician registration",
        "Board of Pharmacy",
        _words(r"\bpharmacy\s+tech"),
    ),
    LicensedOccupation(
        "massage",
        "massage therapy license",
        "Board of Therapeutic Massage",
        _words(r"\bmassage\s+therap"),
    ),
    LicensedOccupation(
        "real_estate",
        "real estate license",
        "Real Estate Commission",
        _words(r"\breal\s+estate\s+(licen\w+|agent|salesperson|broker)"),
    ),
    LicensedOccupation(
        "insurance",
        "insurance producer license",
        "Department of Commerce and Insurance",
        _words(r"\b(insurance|producer)\s+licen\w+|\blicensed\s+insurance"),
    ),
    LicensedOccupation(
        "security",
        "private security license",
        "city's private security licensing office (Kansas City: Board of Police Commissioners)",
        _words(r"\b(security|guard|private\s+officer)\s+(officer\s+|guard\s+)?licen\w+"),
        local=True,
    ),
)
_BY_KEY = {o.key: o for o in LICENSED_OCCUPATIONS}
STATE_OFFICES = {"KS": "the Kansas licensing agency"}


def licenses_of(posting: PostingFacts) -> tuple[str, ...]:
    """Keys of the licensed occupations a posting needs: named by a required credential, or by
    the title of a licensed trade."""
    texts = [f"{c.label} {c.text}" for c in posting.requirements.credentials if c.required]
    texts.append(posting.title)
    return tuple(o.key for o in LICENSED_OCCUPATIONS if any(o.words.search(t) for t in texts))


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def _holds(who: Situation, occupation: LicensedOccupation) -> bool:
    return any(occupation.words.search(have) for have in who.participant.credentials)


def license_petition(
    who: Situation, licenses: tuple[str, ...], place: Place | None, today: dt.date
) -> list[Reason]:
    """A license the participant must still get, with a record: petition the board first."""
    if not licenses or not (who.felony or who.offenses):
        return []
    needed = [_BY_KEY[key] for key in licenses if not _holds(who, _BY_KEY[key])]
    if not needed:
        return []
    names = " and ".join(o.license for o in needed)
    issued = "" if all(o.local for o in needed) else "Missouri "
    source = FRESH_START_LAW if issued else "city private security licensing"
    state = place.state if place is not None else "MO"
    if state != "MO":
        office = STATE_OFFICES.get(state, "the state licensing office")
        return [
            Reason(
                "license_record_check",
                "eligible",
                f"Needs a {names}: ask {office} whether the record matters before paying for"
                " training",
                "state licensing law",
                kind="check",
            )
        ]
    boards = " and the ".join(dict.fromkeys(o.board for o in needed))
    lapsed = (
        who.conviction_date is not None
        and not (who.offenses & ALWAYS_COUNTED)
        and today >= _add_years(who.conviction_date, LOOKBACK_YEARS)
    )
    if lapsed:
        return [
            Reason(
                "license_record_lapsed",
                "eligible",
                f"Needs a {issued}{names}: a conviction over {LOOKBACK_YEARS} years old that was"
                " neither violent nor sexual cannot bar it if there is no newer one; the"
                f" {boards} can confirm in writing",
                source,
                kind="check",
            )
        ]
    return [
        Reason(
            "license_petition",
            "needs_approval",
            f"Needs a {issued}{names}: petition the {boards} for a determination on the record"
            " before paying for training",
            source,
        )
    ]
