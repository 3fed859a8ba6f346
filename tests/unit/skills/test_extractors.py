"""Each rule extractor on our own hand-written posting snippets."""

from __future__ import annotations

import pytest

from jobs.skills.education import find_age_minimum, find_education, find_experience_years
from jobs.skills.fair_chance import find_fair_chance
from jobs.skills.licenses import find_drivers_license, find_named_credentials
from jobs.skills.pay import find_pay
from jobs.skills.physical import find_physical
from jobs.skills.screening import find_screening
from jobs.skills.sections import SectionIndex, find_sections
from jobs.skills.shifts import find_days, find_shifts
from jobs.skills.workplace_setting import find_setting


@pytest.mark.parametrize(
    ("text", "status", "license_class", "commercial"),
    [
        ("A valid driver's license is required.", "required", None, False),
        ("Must have a valid drivers license and reliable transportation.", "required", None, False),
        ("Driver's license preferred but not required.", "preferred", None, False),
        ("Some positions may require a valid Class B driver's license.", "preferred", "B", True),
        ("CDL-A with 1+ year experience.", "required", "A", True),
        ("Class A CDL required; hazmat endorsement a plus.", "required", "A", True),
        ("No driver's license needed: the job is on the bus line.", "not_mentioned", None, False),
        ("Stock shelves and help customers.", "not_mentioned", None, False),
    ],
)
def test_drivers_license(text, status, license_class, commercial):
    license = find_drivers_license(text)
    assert (license.status, license.license_class, license.commercial) == (
        status,
        license_class,
        commercial,
    )
    for evidence in license.evidence:
        assert text[evidence.start : evidence.end] == evidence.text


def test_named_credentials():
    text = (
        "Requires a Grade II Wastewater Treatment Operator Certificate."
        " Forklift certification preferred."
    )
    found = {c.label: c for c in find_named_credentials(text)}
    assert found["Grade II Wastewater Treatment Operator certificate"].required
    assert found["Forklift certification"].required is False
    assert not find_named_credentials("A valid California Driver License is needed.")


@pytest.mark.parametrize(
    ("text", "background", "drug", "exclusionary"),
    [
        ("Must pass a background check and drug screen.", "required", "required", False),
        (
            "Background checks are conducted only after a conditional offer is made.",
            "after_offer",
            "not_mentioned",
            False,
        ),
        (
            "You must not have a history of criminal or improper conduct including any felony"
            " convictions.",
            "not_mentioned",
            "not_mentioned",
            True,
        ),
        ("No felonies. Clean criminal record required.", "not_mentioned", "not_mentioned", True),
        ("Clean driving record required.", "not_mentioned", "not_mentioned", False),
        (
            "You may be required to undergo mandatory drug and alcohol testing prior to "
            "employment.",
            "not_mentioned",
            "required",
            False,
        ),
        ("No drug test. No background check.", "not_mentioned", "not_mentioned", False),
    ],
)
def test_screening(text, background, drug, exclusionary):
    screening = find_screening(text)
    assert (screening.background_check, screening.drug_test, screening.exclusionary) == (
        background,
        drug,
        exclusionary,
    )


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("We are a second chance employer and welcome returning citizens.", "chosen_language"),
        ("We are felony-friendly. Must be able to lift 50+ lbs.", "chosen_language"),
        (
            "Pursuant to the San Francisco Fair Chance Ordinance, we will consider for employment"
            " qualified applicants with arrest and conviction records.",
            "ordinance_boilerplate",
        ),
        ("Offer contingent on passing a background check.", "background_check"),
        ("No felonies. Must pass background check.", "exclusionary"),
        ("Sweep floors and empty trash.", "unknown"),
    ],
)
def test_fair_chance_stance(text, stance):
    result = find_fair_chance(text, find_screening(text))
    assert result.stance == stance
    assert all(text[e.start : e.end] == e.text for e in result.evidence)
    assert bool(result.evidence) == (stance != "unknown")


@pytest.mark.parametrize(
    ("text", "label", "start", "end", "days"),
    [
        ("2nd shift, 3:00 PM to 11:30 PM, Monday-Friday", "2nd shift", "15:00", "23:30",
         ["mon", "tue", "wed", "thu", "fri"]),
        ("Hours: 3p-11:30p", "15:00-23:30", "15:00", "23:30", []),
        ("Overnight shift 10pm-6:30am Sun-Thu", "overnight", "22:00", "06:30",
         ["mon", "tue", "wed", "thu", "sun"]),
        ("Schedule: 7-3:30pm M-F", "07:00-15:30", "07:00", "15:30",
         ["mon", "tue", "wed", "thu", "fri"]),
        ("Weekends required.", "weekends", None, None, ["sat", "sun"]),
        ("Shift: 0600-1430, Tuesday through Saturday", "06:00-14:30", "06:00", "14:30",
         ["tue", "wed", "thu", "fri", "sat"]),
    ],
)  # fmt: skip
def test_shifts(text, label, start, end, days):
    shifts = find_shifts(text)
    assert len(shifts) == 1
    shift = shifts[0]
    assert (shift.label, shift.start, shift.end, shift.days) == (label, start, end, days)
    assert text[shift.evidence.start : shift.evidence.end] == shift.evidence.text


def test_numbers_that_are_not_shifts():
    assert find_shifts("Pay $15-18 per hour. 2-3 years of experience. Call 555-1234.") == []
    assert find_shifts("Applications close Monday, May 24.") == []
    assert find_days("Mon, Wed and Fri") == ["mon", "wed", "fri"]


@pytest.mark.parametrize(
    ("text", "low", "high", "unit", "doe"),
    [
        ("Pay: $18.00 - $20.50 per hour", 18.0, 20.5, "hour", False),
        ("$17/hr plus tips", 17.0, 17.0, "hour", False),
        ("ANNUAL SALARY\n$45,309 to $66,231", 45309.0, 66231.0, "year", False),
        ("Salary: $40k-$45k DOE", 40000.0, 45000.0, "year", True),
        ("Pay depends on experience.", None, None, None, True),
    ],
)
def test_pay(text, low, high, unit, doe):
    pay = find_pay(text)
    assert (pay.min, pay.max, pay.unit, pay.depends_on_experience) == (low, high, unit, doe)
    assert text[pay.evidence.start : pay.evidence.end] == pay.evidence.text


def test_no_pay_and_bonus_is_not_pay():
    assert find_pay("Great team, great benefits.") is None
    assert find_pay("$500 sign-on bonus! $19 an hour").min == 19.0


def test_physical_demands():
    text = ("Must be able to lift up to 50 lbs and carry 25 pounds; stand for long periods; "
            "climb ladders; bend and kneel; work outdoors in all weather.")  # fmt: skip
    kinds = {(d.kind, d.pounds) for d in find_physical(text)}
    assert {("lifting", 50), ("lifting", 25), ("standing", None), ("heights", None),
            ("bending", None), ("outdoors", None)} <= kinds  # fmt: skip


def test_education_experience_age():
    text = (
        "High school diploma or GED required. Bachelor's degree preferred."
        " 2+ years of warehouse experience. Must be 18 years of age."
    )
    assert find_education(text) == "high_school"
    assert find_education("A Bachelor's degree in engineering.") == "bachelor"
    assert find_education("Completion of a recognized apprenticeship as a Plumber.") == (
        "vocational_or_apprenticeship"
    )
    assert find_education("Stock shelves.") is None
    assert find_experience_years(text) == 2.0
    assert find_experience_years("Six months of experience in food service.") == 0.5
    assert find_experience_years("No experience necessary, we will train.") == 0.0
    assert find_age_minimum(text) == 18
    assert find_age_minimum("Must be 21 or older to serve alcohol.") == 21


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Good fit for students or anyone who wants weekend hours.", False),
        ("High school and college students welcome to apply.", False),
        ("You will supervise elementary students at recess.", True),
        ("Tutor students in reading after school.", True),
        ("Work with middle school students in the cafeteria.", True),
    ],
)
def test_students_are_the_setting_only_when_the_job_works_with_them(text, flagged):
    flags = {f.flag for f in find_setting(text)}
    assert ("children_or_schools" in flags) is flagged, text


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("We are a weapons-free workplace: no firearms allowed on company property.", False),
        ("Firearms are strictly prohibited on the premises.", False),
        ("Firearms and ammunition are not permitted at any site.", False),
        ("This is not an armed position.", False),
        ("Warehouse associate. No weapons training needed.", False),
        ("Armed guard: carry a firearm on patrol; ammunition is issued.", True),
        ("Sales associate at our gun counter; knowledge of firearms a plus.", True),
        ("Must complete firearms qualification twice a year.", True),
    ],
)
def test_a_ban_on_weapons_is_not_a_job_with_access_to_them(text, flagged):
    flags = {f.flag for f in find_setting(text)}
    assert ("firearms" in flags) is flagged, text


def test_setting_flags():
    cases = {
        "Bartender at our sports bar; must serve alcohol responsibly.": "alcohol_service",
        "Armed security officer; must carry a firearm.": "firearms",
        "Custodian at an elementary school.": "children_or_schools",
        "Cashier: cash handling and balancing the drawer.": "cash_handling",
        "Teller at an FDIC-insured bank branch.": "banking",
        "Home health aide visiting patients.": "health_care",
        "Ramp agent at the airport; must obtain a SIDA badge.": "airport_secured_area",
        "Drive a tractor-trailer; CDL required.": "commercial_driving",
        "Budtender at a licensed cannabis dispensary.": "cannabis",
    }
    for text, flag in cases.items():
        flags = {f.flag: f for f in find_setting(text)}
        assert flag in flags, text
        assert all(text[e.start : e.end] == e.text for e in flags[flag].evidence)
    assert find_setting("Unarmed security guard. High school diploma required.") == []
    bar = {f.flag for f in find_setting("Barback at a busy sports bar downtown.")}
    assert {"alcohol_service", "alcohol_primary"} <= bar
    restaurant = {
        f.flag for f in find_setting("Server at a family restaurant; serve beer and wine.")
    }
    assert "alcohol_service" in restaurant and "alcohol_primary" not in restaurant
    home = {f.flag for f in find_setting("Home health aide visiting patients in their homes.")}
    assert {"home_health", "health_care"} <= home


def test_sections():
    text = (
        "Warehouse Associate\n\nResponsibilities:\nPick orders.\n\nRequirements\nLift 50 lbs.\n\n"
        "Preferred Qualifications:\nForklift.\n\nBenefits\nFree CPR class.\n"
    )
    sections = find_sections(text)
    assert [s.kind for s in sections] == [
        "other",
        "duties",
        "requirements",
        "preferred",
        "benefits",
    ]
    index = SectionIndex(sections)
    assert index.kind_at(text.index("Pick")) == "duties"
    assert index.kind_at(text.index("Forklift.")) == "preferred"
    assert index.kind_at(text.index("CPR")) == "benefits"


def test_credentials_named_with_of():
    text = "A valid Certificate of Competency to inspect boilers is required at filing."
    labels = [c.label for c in find_named_credentials(text)]
    assert labels == ["Certificate of Competency"]
    assert find_named_credentials("SELECTIVE CERTIFICATION\nSome positions need it.") == []


def test_application_sections_are_their_own_kind():
    text = "DUTIES\nSweep floors.\n\nWHERE TO APPLY\nApply online during the filing period.\n"
    kinds = [section.kind for section in find_sections(text)]
    assert kinds == ["duties", "application"]


def test_near_the_airport_and_non_cdl_are_not_settings():
    from jobs.skills.workplace_setting import find_setting

    assert not find_setting("Evening office cleaning in a business park near the airport.")
    assert not find_setting("Drive a 16-foot box truck (non-CDL) to hotels.")
    flags = {f.flag for f in find_setting("Ramp agent at the airport; SIDA badge required.")}
    assert flags == {"airport_secured_area"}
