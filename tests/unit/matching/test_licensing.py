"""Missouri occupational licenses and a record (RSMo 324.012): petition the board before
training; a check once the 5-year limit has passed, or outside Missouri."""

import pytest

from jobs.matching import assess
from jobs.matching.licensing import licenses_of
from tests.unit.matching.builders import KCK, TODAY, person, posting

RECORD = {
    "felony": True,
    "offense_categories": ["drug_possession"],
    "conviction_date": "2023-05-16",
}


def licensed(title="Barber", credentials=(), **changes):
    return posting(
        title=title,
        requirements={"credentials": [{"label": c, "required": True} for c in credentials]},
        **changes,
    )


@pytest.mark.parametrize(("title", "credentials", "keys"), [
    ("Barber", [], ("barber",)),
    ("Salon Assistant", ["Missouri cosmetology license"], ("cosmetology",)),
    ("Certified Nursing Assistant (CNA)", [], ("nurse_aide",)),
    ("Pharmacy Technician", [], ("pharmacy_technician",)),
    ("Leasing Agent", ["real estate license"], ("real_estate",)),
    ("Unarmed Security Officer", ["security guard license"], ("security",)),
    ("Warehouse Associate", ["forklift certification"], ()),
])  # fmt: skip
def test_which_postings_need_a_license(title, credentials, keys):
    assert licenses_of(licensed(title, credentials)) == keys


def test_a_conviction_needs_a_board_petition_before_training():
    found = assess(person(record=RECORD, credentials=[]), licensed(), TODAY)
    assert found.tier == "needs_approval"
    (reason,) = [r for r in found.reasons if r.code == "license_petition"]
    assert reason.text == (
        "Needs a Missouri barber license: petition the Board of Cosmetology and Barber Examiners"
        " for a determination on the record before paying for training"
    )
    assert reason.source == "RSMo 324.012 (Fresh Start Act)"


@pytest.mark.parametrize(("conviction", "offenses", "code"), [
    ("2021-11-29", ["drug_possession"], "license_petition"),  # 5 years tomorrow
    ("2021-11-28", ["drug_possession"], "license_record_lapsed"),  # 5 years today
    ("2015-01-01", ["violent"], "license_petition"),  # violent: no time limit
    (None, ["theft_fraud"], "license_petition"),  # undated: cannot tell
])  # fmt: skip
def test_the_five_year_limit(conviction, offenses, code):
    record = {"felony": True, "offense_categories": offenses, "conviction_date": conviction}
    found = assess(person(record=record), licensed(), TODAY)
    assert code in {r.code for r in found.reasons}
    assert found.tier == ("eligible" if code == "license_record_lapsed" else "needs_approval")


def test_no_record_or_a_license_held_or_kansas():
    assert assess(person(), licensed(), TODAY).tier == "eligible"
    holder = person(record=RECORD, credentials=["Missouri barber license"])
    assert "license_petition" not in {r.code for r in assess(holder, licensed(), TODAY).reasons}
    kansas = assess(person(record=RECORD), licensed(locations=[KCK]), TODAY)
    (reason,) = [r for r in kansas.reasons if r.code == "license_record_check"]
    assert reason.tier == "eligible" and "Kansas licensing agency" in reason.text


def test_a_missing_required_license_still_excludes():
    job = licensed("Barber", ["barber license"])
    found = assess(person(record=RECORD), job, TODAY)
    assert found.tier == "excluded"
    assert {"credential_missing", "license_petition"} <= {r.code for r in found.reasons}


def test_a_remote_licensed_job_is_judged_as_in_missouri():
    job = licensed("Licensed Insurance Agent", workplace="remote", locations=[])
    found = assess(person(record=RECORD), job, TODAY)
    assert "license_petition" in {r.code for r in found.reasons}


def test_a_city_security_license_is_not_called_a_missouri_one():
    job = licensed("Unarmed Security Officer", ["KCMO private officer license"])
    found = assess(person(record=RECORD, credentials=["KCMO private officer license"]), job, TODAY)
    assert "license_petition" not in {r.code for r in found.reasons}  # already held
    found = assess(person(record=RECORD), job, TODAY)
    (reason,) = [r for r in found.reasons if r.code == "license_petition"]
    assert reason.text.startswith("Needs a private security license: petition the city's")
    assert reason.source == "city private security licensing"
