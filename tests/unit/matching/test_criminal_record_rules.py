"""Rules from the law that turn on the record: firearms, FDIC Section 19, airport badges, CDL,
cannabis, caregiver laws, registrants and children."""

from __future__ import annotations

import datetime as dt

import pytest

from jobs.matching import Constraints, assess
from jobs.matching.criminal_record_rules import add_years, section_19_lapses
from jobs.matching.situation import situation_of
from tests.unit.matching.builders import KCK, TODAY, person, posting


def codes(found):
    return {reason.code for reason in found.reasons}


def record(**facts):
    return {"record": {"felony": True, **facts}}


ARMED = {"title": "Armed Security Officer", "policy": {"industry": "security", "naics": "561612"}}


@pytest.mark.parametrize(
    ("who", "tier"),
    [
        (person(**record(offense_categories=["drug_possession"])), "excluded"),
        (person(record={"felony": False}, supervision={"agency": "missouri_pp"}), "needs_approval"),
        (person(record={"felony": False}), "eligible"),
    ],
)
def test_firearms(who, tier):
    assert assess(who, posting(**ARMED), TODAY).tier == tier


def test_unarmed_security_is_not_firearms_work():
    who = person(**record(offense_categories=["weapons"]))
    found = assess(who, posting(title="Unarmed Security Officer"), TODAY)
    assert "felony_firearms" not in codes(found)


def test_firearms_from_the_posting_words():
    job = posting(title="Sales Associate", requirements={"setting": [{"flag": "firearms"}]})
    assert assess(person(**record()), job, TODAY).tier == "excluded"


BANK = {"title": "Bank Teller", "policy": {"industry": "banking", "naics": "522110"}}


def test_section_19_lapses_on_the_earlier_date():
    who = situation_of(
        person(
            **record(
                offense_categories=["theft_fraud"],
                conviction_date="2020-03-01",
                release_date="2022-06-30",
            )
        )
    )
    # 7 years after conviction (2027-03-01) comes before 5 years after release (2027-06-30).
    assert section_19_lapses(who) == dt.date(2027, 3, 1)


@pytest.mark.parametrize(
    ("today", "tier", "code"),
    [
        (dt.date(2027, 2, 28), "needs_approval", "fdic_section_19"),
        (dt.date(2027, 3, 1), "eligible", "fdic_section_19_lapsed"),  # the day the bar lapses
    ],
)
def test_section_19_on_the_day_it_lapses(today, tier, code):
    who = person(**record(offense_categories=["theft_fraud"], conviction_date="2020-03-01"))
    found = assess(who, posting(**BANK), today)
    assert found.tier == tier
    assert code in codes(found)


def test_section_19_reason_gives_the_date():
    who = person(
        **record(
            offense_categories=["theft_fraud"],
            conviction_date="2024-04-09",
            release_date="2026-05-22",
        )
    )
    (reason,) = [
        r for r in assess(who, posting(**BANK), TODAY).reasons if r.code == "fdic_section_19"
    ]
    assert "until 2031-04-09" in reason.text
    assert "12 U.S.C. 1829" in reason.source


def test_section_19_only_for_dishonesty():
    who = person(**record(offense_categories=["drug_possession"], conviction_date="2024-01-01"))
    assert "fdic_section_19" not in codes(assess(who, posting(**BANK), TODAY))


def test_section_19_undated_still_needs_consent():
    who = person(**record(offense_categories=["theft_fraud"]))
    assert assess(who, posting(**BANK), TODAY).tier == "needs_approval"


def test_leap_day_anniversary_moves_later():
    assert add_years(dt.date(2024, 2, 29), 7) == dt.date(2031, 3, 1)


AIRPORT = {"title": "Air Cargo Handler"}


@pytest.mark.parametrize(
    ("offenses", "convicted", "tier"),
    [
        (["theft_fraud"], "2017-11-28", "needs_approval"),  # bar runs to 2027-11-28
        (["theft_fraud"], "2016-11-28", "eligible"),  # ten years passed today
        (["theft_fraud"], "2016-11-29", "needs_approval"),  # one day short
        (["dui"], "2024-01-01", "eligible"),  # DUI is not a disqualifying crime
        (["drug_distribution"], "2020-01-14", "needs_approval"),
    ],
)
def test_airport_badge_ten_years(offenses, convicted, tier):
    who = person(**record(offense_categories=offenses, conviction_date=convicted))
    found = assess(who, posting(**AIRPORT), TODAY)
    assert found.tier == tier


def test_airport_badge_reason_says_when():
    who = person(**record(offense_categories=["violent"], conviction_date="2024-11-18"))
    (reason,) = [
        r for r in assess(who, posting(**AIRPORT), TODAY).reasons if r.code == "airport_badge_bar"
    ]
    assert reason.text.endswith("eligible after 2034-11-18")


CDL_JOB = {
    "title": "CDL-A Local Driver",
    "requirements": {"commercial_license": True, "drivers_license_class": "A"},
}


@pytest.mark.parametrize(
    ("felony", "convicted", "tier"),
    [
        (False, "2026-01-10", "needs_approval"),  # first DUI: one year
        (False, "2025-11-28", "eligible"),  # one year passed today
        (True, "2020-01-10", "needs_approval"),  # felony DWI: repeat offence, ten years
    ],
)
def test_cdl_after_dui(felony, convicted, tier):
    who = person(
        credentials=["CDL Class A"],
        drivers_license=True,
        record={"felony": felony, "offense_categories": ["dui"], "conviction_date": convicted},
    )
    assert assess(who, posting(**CDL_JOB), TODAY).tier == tier


def test_cannabis_under_federal_supervision_is_excluded():
    job = posting(title="Unarmed Security Officer - Dispensary")
    federal = person(supervision={"agency": "federal"})
    state = person(supervision={"agency": "missouri_pp", "approved_states": ["MO"]})
    assert assess(federal, job, TODAY).tier == "excluded"
    assert assess(state, job, TODAY).tier == "needs_approval"
    assert assess(person(), job, TODAY).tier == "eligible"


HOME_HEALTH = {
    "title": "Home Health Aide",
    "policy": {"industry": "home_health", "naics": "621610"},
}


@pytest.mark.parametrize(
    ("offenses", "registrant", "where", "tier"),
    [
        (["sex"], True, None, "excluded"),
        (["violent"], False, None, "needs_approval"),  # Missouri good-cause waiver
        (["violent"], False, KCK, "excluded"),  # Kansas prohibited offence
        (["drug_possession"], False, None, "eligible"),
        (["drug_distribution"], False, None, "needs_approval"),  # OIG exclusion list
    ],
)
def test_caregiver_laws(offenses, registrant, where, tier):
    who = person(**record(offense_categories=offenses, registrant=registrant))
    job = posting(**HOME_HEALTH, **({"locations": [where]} if where else {}))
    assert assess(who, job, TODAY).tier == tier


def test_registrant_and_a_school():
    who = person(**record(offense_categories=["sex"], registrant=True))
    job = posting(title="Custodian - Elementary School Cafeteria")
    found = assess(who, job, TODAY)
    assert found.tier == "excluded"
    (reason,) = [r for r in found.reasons if r.code == "registrant_school"]
    assert "500 ft" in reason.text


@pytest.mark.parametrize(
    ("job", "tier"),
    [
        # K.S.A. 39-970 and 65-5117 bind adult care homes and home health agencies.
        ({"title": "Dietary Aide", "policy": {"industry": "", "naics": "623110"}}, "excluded"),
        ({"title": "Housekeeper - Assisted Living"}, "excluded"),
        (HOME_HEALTH, "excluded"),
        # A clinic, or a cleaning contractor's crew at one, is checked, not barred.
        (
            {"title": "Environmental Services Aide - Clinic",
             "policy": {"industry": "facility_services", "naics": "561720"},
             "requirements": {"setting": [{"flag": "health_care"}]}},
            "eligible",
        ),
    ],
)  # fmt: skip
def test_the_kansas_caregiver_list_binds_adult_care_and_home_health(job, tier):
    who = person(**record(offense_categories=["violent"]))
    found = assess(who, posting(**{**job, "locations": [KCK]}), TODAY)
    assert found.tier == tier, found.reasons
    if tier == "eligible":
        (check,) = [r for r in found.reasons if r.code == "health_care_check"]
        assert "adult care homes and home health agencies" in check.text


def test_one_participant_judges_a_clinic_and_a_home_health_job_in_kansas_apart():
    # The per-state cache must not hand the clinic's answer to the home health job.
    who = Constraints(person(**record(offense_categories=["violent"])), TODAY)
    clinic = posting(title="Environmental Services Aide - Clinic", locations=[KCK],
                     requirements={"setting": [{"flag": "health_care"}]})  # fmt: skip
    assert who.assess(clinic).tier == "eligible"
    assert who.assess(posting(**HOME_HEALTH, locations=[KCK])).tier == "excluded"
