"""Rules from the law that turn on the participant's record and the kind of work.

Each rule returns the reasons it finds (none when it does not apply). Sources are named in each
reason; the details we implement, and what we leave to a person, are stated beside each rule.
"""

from __future__ import annotations

import datetime as dt

from jobs.matching.places import Place
from jobs.matching.reasons import Reason
from jobs.matching.setting import WorkplaceSetting
from jobs.matching.situation import Situation

FIREARMS_LAW = "18 U.S.C. 922(g)(1)"
SECTION_19 = "FDI Act Section 19 (12 U.S.C. 1829); FCU Act 205(d) (12 U.S.C. 1785(d))"
SIDA_RULE = "49 CFR 1542.209(d)"
CDL_RULE = "49 CFR 383.51"
OIG_RULE = "42 U.S.C. 1320a-7(a)"
MO_CAREGIVER_LAW = "RSMo 192.2495"
KS_CAREGIVER_LAW = "K.S.A. 39-970 and 65-5117"
MO_REGISTRANT_LAW = "RSMo 566.148, 566.149"
CHILD_CARE_LAW = "42 U.S.C. 9858f (CCDBG background checks)"

OFFENSE_WORDS = {
    "violent": "violent offence",
    "sex": "sex offence",
    "drug_possession": "drug possession",
    "drug_distribution": "drug distribution",
    "theft_fraud": "theft/fraud",
    "dui": "DUI",
    "weapons": "weapons offence",
    "other": "offence",
}


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later; 29 February moves to 1 March (the later date)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def long_date(day: dt.date) -> str:
    """'2027-05-16' style: the format case managers and officers exchange."""
    return day.isoformat()


def firearms(who: Situation, setting: WorkplaceSetting) -> list[Reason]:
    """A felony bars possessing firearms or ammunition for life unless rights are restored
    (18 U.S.C. 922(g)(1)); supervision conditions forbid weapons for anyone under supervision."""
    if not setting.firearms:
        return []
    if who.felony:
        return [
            Reason(
                "felony_firearms",
                "excluded",
                "Job involves firearms or ammunition: not allowed with a felony conviction",
                FIREARMS_LAW,
            )
        ]
    if who.supervised:
        return [
            Reason(
                "supervision_firearms",
                "needs_approval",
                "Job involves firearms: supervision conditions usually forbid weapons;"
                " ask the officer",
                "conditions of supervision",
            )
        ]
    return []


# Section 19 as amended by the Fair Hiring in Banking Act (Pub. L. 117-263 s. 5705, 2022) and the
# FDIC's rule at 12 CFR 303 subpart L. What we implement: a dishonesty or breach-of-trust
# conviction (our offense category theft_fraud) needs FDIC consent (NCUA for credit unions) to work
# at an insured institution until the EARLIER of (a) 7 years after the offence and (b) 5 years
# after release from incarceration. The offence date is not in the record, so we count from the
# conviction date, which is never earlier than the offence: the date we give is never too early.
# The bar ends ON that date (eligible that day). Not decided here, said instead: the de minimis
# exceptions (small-dollar simple theft and similar, 12 CFR 303.227), the under-21 rule (30 months
# after sentencing), and the bank crimes the time limits never cover (18 U.S.C. 215, 656, 657,
# 1005-1007, 1014, 1344, 1956, 1957 and others).
def section_19_lapses(who: Situation) -> dt.date | None:
    """The day Section 19 stops applying to a theft/fraud conviction (None when undated)."""
    dates = []
    if who.conviction_date is not None:
        dates.append(add_years(who.conviction_date, 7))
    if who.release_date is not None:
        dates.append(add_years(who.release_date, 5))
    return min(dates) if dates else None


def bank_section_19(who: Situation, setting: WorkplaceSetting, today: dt.date) -> list[Reason]:
    """FDIC Section 19 consent for dishonesty or breach-of-trust convictions at a bank."""
    if not setting.banking or "theft_fraud" not in who.offenses:
        return []
    lapses = section_19_lapses(who)
    if lapses is None:
        return [
            Reason(
                "fdic_section_19",
                "needs_approval",
                "Bank job: theft/fraud conviction needs FDIC Section 19 consent (conviction date"
                " unknown, so the time limits cannot be checked)",
                SECTION_19,
            )
        ]
    if today < lapses:
        return [
            Reason(
                "fdic_section_19",
                "needs_approval",
                f"Bank job: theft/fraud conviction needs FDIC Section 19 consent until"
                f" {long_date(lapses)} (the bank applies; small-dollar offences may be exempt)",
                SECTION_19,
            )
        ]
    return [
        Reason(
            "fdic_section_19_lapsed",
            "eligible",
            f"Bank job: Section 19 time limit passed on {long_date(lapses)}; no FDIC consent needed"
            " unless the conviction was a listed bank crime",
            SECTION_19,
            kind="check",
        )
    ]


# 49 CFR 1542.209(d): a conviction for a listed crime in the 10 years before applying disqualifies
# from unescorted access to an airport's secured area (SIDA badge). Listed crimes cover violence,
# sexual abuse, weapons, drug distribution, felony drug possession, theft, dishonesty and fraud;
# DUI is not listed. We count 10 years from the conviction date (eligible on the anniversary).
_SIDA_DISQUALIFYING = {"violent", "sex", "weapons", "drug_distribution", "theft_fraud"}


def airport_badge(who: Situation, setting: WorkplaceSetting, today: dt.date) -> list[Reason]:
    """Airport secured-area badge: 10-year lookback for disqualifying crimes."""
    if not setting.airport_secured:
        return []
    listed = set(who.offenses & _SIDA_DISQUALIFYING)
    if who.felony and "drug_possession" in who.offenses:
        listed.add("drug_possession")
    if not listed:
        if "other" in who.offenses:
            return [
                Reason(
                    "airport_badge_check",
                    "eligible",
                    "Airport secured area: check the conviction against the SIDA badge list",
                    SIDA_RULE,
                    kind="check",
                )
            ]
        return []
    words = ", ".join(OFFENSE_WORDS[o] for o in sorted(listed))
    if who.conviction_date is None:
        return [
            Reason(
                "airport_badge_bar",
                "needs_approval",
                f"Airport secured area: {words} conviction within 10 years bars a SIDA badge;"
                " conviction date unknown",
                SIDA_RULE,
            )
        ]
    after = add_years(who.conviction_date, 10)
    if today >= after:
        return []
    return [
        Reason(
            "airport_badge_bar",
            "needs_approval",
            f"Airport secured area: {words} conviction bars a SIDA badge for 10 years; eligible"
            f" after {long_date(after)}",
            SIDA_RULE,
        )
    ]


def commercial_driving(who: Situation, setting: WorkplaceSetting, today: dt.date) -> list[Reason]:
    """CDL disqualification after DUI (49 CFR 383.51 table 1): one year for a first offence; two
    offences disqualify for life with reinstatement possible after 10 years. A felony DWI in
    Missouri or Kansas means earlier offences, so we date it 10 years from conviction. Using a
    commercial vehicle in a drug felony is a lifetime bar: a check, since the record
    does not say."""
    if not setting.commercial_driving:
        return []
    reasons = []
    if "dui" in who.offenses:
        years = 10 if who.felony else 1
        if who.conviction_date is None:
            reasons.append(
                Reason(
                    "cdl_dui_bar",
                    "needs_approval",
                    "Commercial driving: a DUI conviction disqualifies from a CDL; date unknown",
                    CDL_RULE,
                )
            )
        else:
            after = add_years(who.conviction_date, years)
            if today < after:
                why = "felony DWI (repeat offence)" if who.felony else "DUI"
                reasons.append(
                    Reason(
                        "cdl_dui_bar",
                        "needs_approval",
                        f"Commercial driving: {why} disqualifies from a CDL; eligible after"
                        f" {long_date(after)}",
                        CDL_RULE,
                    )
                )
    if "drug_distribution" in who.offenses and who.felony:
        reasons.append(
            Reason(
                "cdl_drug_felony_check",
                "eligible",
                "Commercial driving: a drug felony involving a commercial vehicle is a lifetime"
                " CDL bar; confirm no vehicle was involved",
                CDL_RULE,
                kind="check",
            )
        )
    return reasons


def cannabis(who: Situation, setting: WorkplaceSetting) -> list[Reason]:
    """Marijuana is still a controlled substance federally: federal supervision forbids the work;
    state supervision leaves it to the officer."""
    if not setting.cannabis:
        return []
    if who.agency == "federal":
        return [
            Reason(
                "cannabis_federal",
                "excluded",
                "Cannabis business: federal supervision forbids places where marijuana is sold",
                "21 U.S.C. 812; federal conditions of supervision",
            )
        ]
    if who.supervised:
        return [
            Reason(
                "cannabis_approval",
                "needs_approval",
                "Cannabis business: needs the officer's approval",
                "conditions of supervision",
            )
        ]
    return []


def health_care(who: Situation, setting: WorkplaceSetting, place: Place) -> list[Reason]:
    """Caregiver background-check laws (Missouri and Kansas) and the federal health-program
    exclusion for felony drug distribution.

    Missouri (RSMo 192.2495 and the Family Care Safety Registry): providers may not knowingly
    employ people with listed offences against persons, sex offences or stealing, unless the
    Department of Health and Senior Services grants a good-cause waiver; a registered sex offender
    cannot get one. Kansas (K.S.A. 39-970, 65-5117): adult care homes and home health agencies may
    not employ people with prohibited offences (violent and sex crimes); we exclude those there,
    and check them at any other health care employer (a clinic, a cleaning contractor) and the
    rest of the Kansas list anywhere. Federal (42 U.S.C. 1320a-7(a)(4)): a felony drug
    distribution conviction brings a mandatory exclusion (at least 5 years) from Medicare and
    Medicaid-paid work; the exclusion list must be checked."""
    if not setting.health_care:
        return []
    reasons = []
    state = place.state
    sex = "sex" in who.offenses or who.registrant
    if state == "MO":
        if sex:
            reasons.append(
                Reason(
                    "health_care_bar",
                    "excluded",
                    "Health care job in Missouri: sex offences bar caregiver work (no waiver)",
                    MO_CAREGIVER_LAW,
                )
            )
        elif who.offenses & {"violent", "theft_fraud"}:
            words = " and ".join(
                OFFENSE_WORDS[o] for o in sorted(who.offenses & {"violent", "theft_fraud"})
            )
            reasons.append(
                Reason(
                    "health_care_waiver",
                    "needs_approval",
                    f"Health care job in Missouri: {words} needs a good-cause waiver (DHSS)",
                    MO_CAREGIVER_LAW,
                )
            )
    elif state == "KS":
        # The Kansas list binds adult care homes and home health agencies, not every clinic.
        covered = setting.home_health or setting.adult_care
        if (sex or "violent" in who.offenses) and covered:
            reasons.append(
                Reason(
                    "health_care_bar",
                    "excluded",
                    "Health care job in Kansas: violent and sex offences are prohibited offences"
                    " for caregivers",
                    KS_CAREGIVER_LAW,
                )
            )
        elif sex or "violent" in who.offenses:
            reasons.append(
                Reason(
                    "health_care_check",
                    "eligible",
                    "Health care job in Kansas: violent and sex offences bar work in adult care"
                    " homes and home health agencies; check the employer is neither",
                    KS_CAREGIVER_LAW,
                    kind="check",
                )
            )
        elif who.felony:
            reasons.append(
                Reason(
                    "health_care_check",
                    "eligible",
                    "Health care job in Kansas: check the conviction against the prohibited"
                    " offence list",
                    KS_CAREGIVER_LAW,
                    kind="check",
                )
            )
    if "drug_distribution" in who.offenses and who.felony:
        reasons.append(
            Reason(
                "health_program_exclusion",
                "needs_approval",
                "Health care job: felony drug distribution may mean exclusion from Medicare and"
                " Medicaid work; check the OIG exclusion list",
                OIG_RULE,
            )
        )
    return reasons


def registrant_children(who: Situation, setting: WorkplaceSetting, place: Place) -> list[Reason]:
    """Registrants and places for children: Missouri forbids being present in or within 500 feet
    of a school or child-care facility while children are there; federal child-care funding bars
    registrants from child-care staff anywhere."""
    if not (who.registrant and setting.children):
        return []
    if place.state == "MO":
        return [
            Reason(
                "registrant_school",
                "excluded",
                "Registrant: Missouri law bars being at or within 500 ft of a school or child care",
                MO_REGISTRANT_LAW,
            )
        ]
    return [
        Reason(
            "registrant_children",
            "excluded",
            "Registrant: work around children or child care is barred",
            CHILD_CARE_LAW,
        )
    ]
