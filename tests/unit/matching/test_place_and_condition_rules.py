"""Travel limits, the federal district, registration in Kansas, restricted areas, supervision
conditions and required credentials."""

from __future__ import annotations

import math

import pytest

from jobs.matching import assess
from jobs.matching.condition_rules import holds
from jobs.matching.places import STATE_LINE_LON
from jobs.matching.situation import situation_of
from tests.unit.matching.builders import KCK, KCMO, TODAY, person, posting


def codes(found):
    return {reason.code for reason in found.reasons}


MO_PP = {
    "supervision": {
        "agency": "missouri_pp",
        "approved_states": ["MO"],
        "approved_counties": ["Jackson"],
    }
}
CLAY = {**KCMO, "text": "North Kansas City, MO", "county": "Clay", "postal_code": "64116"}
METRE = 1 / (111_320 * math.cos(math.radians(39.0)))


def test_missouri_supervision_and_a_job_in_kansas():
    found = assess(person(**MO_PP), posting(locations=[KCK]), TODAY)
    assert found.tier == "needs_approval"
    (reason,) = [r for r in found.reasons if r.code == "travel_permit_state"]
    assert reason.text == "Job is in Kansas: needs a travel permit before the start date"


def test_missouri_supervision_outside_the_approved_counties():
    found = assess(person(**MO_PP), posting(locations=[CLAY]), TODAY)
    assert found.tier == "needs_approval"
    assert "travel_permit_county" in codes(found)
    assert assess(person(**MO_PP), posting(), TODAY).tier == "eligible"


@pytest.mark.parametrize(
    ("lon", "tier"),
    [(STATE_LINE_LON - METRE, "needs_approval"), (STATE_LINE_LON + METRE, "eligible")],
)
def test_a_job_one_metre_over_the_state_line(lon, tier):
    site = {"text": "State Line Rd", "lat": 39.0, "lon": lon, "county": "Jackson"}
    who = person(supervision={"agency": "missouri_pp", "approved_states": ["MO"]})
    assert assess(who, posting(locations=[site]), TODAY).tier == tier


def test_standing_permit_covers_a_state():
    who = person(supervision={**MO_PP["supervision"], "standing_permits": ["Kansas"]})
    found = assess(who, posting(locations=[KCK]), TODAY)
    assert found.tier == "eligible"
    assert "standing_permit" in codes(found)


def test_best_site_is_chosen_and_named():
    found = assess(person(**MO_PP), posting(locations=[KCK, KCMO]), TODAY)
    assert found.tier == "eligible"
    assert found.place is not None and found.place.state == "MO"
    assert "best_site" in codes(found)


@pytest.mark.parametrize(
    ("site", "tier"),
    [
        (KCMO, "eligible"),
        (CLAY, "eligible"),  # Clay County is in the Western District
        (KCK, "needs_approval"),
        ({"text": "St. Louis", "region": "MO", "county": "St. Louis City"}, "needs_approval"),
    ],
)
def test_federal_supervision_and_the_western_district(site, tier):
    found = assess(person(supervision={"agency": "federal"}), posting(locations=[site]), TODAY)
    assert found.tier == tier


def test_kansas_supervision_and_a_job_in_missouri():
    who = person(supervision={"agency": "kansas_doc", "approved_states": ["KS"]})
    assert assess(who, posting(), TODAY).tier == "needs_approval"
    assert assess(who, posting(locations=[KCK]), TODAY).tier == "eligible"


def test_registrant_working_in_kansas_must_register():
    who = person(record={"felony": True, "offense_categories": ["sex"], "registrant": True})
    found = assess(who, posting(locations=[KCK]), TODAY)
    assert found.tier == "needs_approval"
    assert "kansas_registration" in codes(found)


@pytest.mark.parametrize(("radius", "tier"), [(800, "excluded"), (100, "eligible")])
def test_restricted_site_near_the_job(radius, tier):
    # KCMO site is about 300 m from this point.
    who = person(
        supervision={
            "restricted_sites": [
                {
                    "label": "victim residence area",
                    "lat": 39.0938,
                    "lon": -94.5812,
                    "radius_m": radius,
                }
            ]
        }
    )
    found = assess(who, posting(), TODAY)
    assert found.tier == tier


@pytest.mark.parametrize("radius", [800, 100, 2_500])
def test_a_site_placed_only_at_its_zip_centre_is_a_check_not_a_bar(radius):
    # The ZIP code's centre is not the site: inside or near the area, check the address.
    who = person(
        supervision={
            "restricted_sites": [
                {"label": "victim residence area", "lat": 39.0938, "lon": -94.5812,
                 "radius_m": radius}
            ]
        }
    )  # fmt: skip
    found = assess(who, posting(locations=[{**KCMO, "precision": "zip_centroid"}]), TODAY)
    assert found.tier == "eligible"
    (check,) = [r for r in found.reasons if r.code == "restricted_site_unverified"]
    assert check.kind == "check" and "ZIP code's centre" in check.text
    # Far from every restricted area: nothing to check.
    far = person(
        supervision={
            "restricted_sites": [{"label": "x", "lat": 39.3, "lon": -94.2, "radius_m": 500}]
        }
    )
    zip_only = posting(locations=[{**KCMO, "precision": "zip_centroid"}])
    assert "restricted_site_unverified" not in codes(assess(far, zip_only, TODAY))


def test_unknown_site_is_a_check():
    found = assess(person(**MO_PP), posting(locations=[]), TODAY)
    assert found.tier == "eligible"
    assert "site_unknown" in codes(found)


@pytest.mark.parametrize(
    ("condition", "changes", "tier"),
    [
        ("no_alcohol_venues", {"title": "Bartender"}, "excluded"),
        ("no_alcohol_venues", {"title": "Barback - Brewery Taproom"}, "excluded"),
        (
            "no_alcohol_venues",
            {"title": "Line Cook", "requirements": {"setting": [{"flag": "alcohol_service"}]}},
            "needs_approval",
        ),
        ("no_alcohol_venues", {"title": "Line Cook"}, "eligible"),
        ("no_minors", {"title": "Custodian - Elementary School"}, "excluded"),
        ("no_minors", {"title": "Custodian - Office Tower"}, "eligible"),
        ("no_cash_handling", {"title": "Cashier"}, "excluded"),
        ("no_cash_handling", {"title": "Cash Vault Processor"}, "excluded"),
        ("no_cash_handling", {"title": "Collections Agent"}, "excluded"),
        ("no_cash_handling", {"title": "Payment Collections Clerk"}, "excluded"),
        # Collecting refuse, data or samples is not handling cash.
        ("no_cash_handling", {"title": "Refuse Collection Truck Operator"}, "eligible"),
        ("no_cash_handling", {"title": "Data Collection Technician"}, "eligible"),
        (
            "no_computer",
            {"requirements": {"skills": [{"label": "Microsoft Excel", "required": True}]}},
            "excluded",
        ),
        (
            "no_computer",
            {"requirements": {"skills": [{"label": "forklift operation", "required": True}]}},
            "eligible",
        ),
        ("no_employment_without_approval", {}, "needs_approval"),
    ],
)
def test_conditions(condition, changes, tier):
    who = person(supervision={"conditions": [condition]})
    assert assess(who, posting(**changes), TODAY).tier == tier


@pytest.mark.parametrize(
    ("restricted", "changes", "tier"),
    [
        (["security"], {"title": "Unarmed Security Officer"}, "excluded"),
        (["33-9032"], {"title": "Guard", "soc": "33-9032"}, "excluded"),
        (["5616"], {"title": "Patrol", "policy": {"naics": "561612"}}, "excluded"),
        (["security"], {"title": "Warehouse Associate"}, "eligible"),
    ],
)
def test_occupational_restriction(restricted, changes, tier):
    who = person(
        supervision={
            "conditions": ["occupational_restriction"],
            "restricted_occupations": restricted,
        }
    )
    found = assess(who, posting(**changes), TODAY)
    assert found.tier == tier


def test_missing_required_credential_is_named():
    # A regulated license excludes; OSHA 30, a quick credential, is a to-do (tests/unit/matching/
    # test_credentials.py).
    job = posting(
        requirements={
            "credentials": [
                {"label": "Journeyman Electrician License", "required": True},
                {"label": "OSHA 30", "required": True},
                {"label": "Forklift Certification", "required": True},
                {"label": "ServSafe", "required": False},
            ]
        }
    )
    found = assess(person(credentials=["forklift certification"]), job, TODAY)
    assert found.tier == "excluded"
    (reason,) = [r for r in found.reasons if r.code == "credential_missing"]
    assert reason.text == "Requires Journeyman Electrician License: not on the participant's record"
    (todo,) = [r for r in found.reasons if r.code == "credential_to_get"]
    assert todo.text.startswith("Get OSHA 30 before applying")


@pytest.mark.parametrize(
    ("have", "wanted", "ok"),
    [
        (["CDL Class A"], "cdl class b", True),
        (["cdl class b"], "CDL Class A", False),
        (["commercial driver's license class a"], "CDL-A", True),
        (["osha 10"], "OSHA 10-hour card", True),
        (["osha 10"], "OSHA 30", False),
        ([], "OSHA 10", False),
        (["servsafe food handler"], "food handler card", True),
        (["forklift certification"], "food handler card", False),
    ],
)
def test_credential_matching(have, wanted, ok):
    assert holds(have, wanted) is ok


def test_cdl_job_without_a_cdl():
    job = posting(title="CDL-A Flatbed Driver")
    found = assess(person(drivers_license=True), job, TODAY)
    assert found.tier == "excluded"
    assert any("CDL class A" in r.text for r in found.reasons)
    assert assess(person(drivers_license=True, credentials=["cdl class a"]), job, TODAY).tier == (
        "eligible"
    )


def test_drivers_license_required():
    job = posting(requirements={"drivers_license": "required"})
    assert assess(person(drivers_license=False), job, TODAY).tier == "excluded"
    assert assess(person(drivers_license=True), job, TODAY).tier == "eligible"
    assert assess(person(), posting(requirements={"drivers_license": "preferred"}), TODAY).tier == (
        "eligible"
    )


def test_situation_defaults_missouri_approval_to_missouri():
    who = situation_of(person(supervision={"agency": "missouri_pp"}))
    assert who.approved_states == {"MO"}


def test_badges_issued_after_hire_are_a_check_not_a_bar():
    job = posting(requirements={"credentials": [{"label": "airport badge", "required": True}]})
    found = assess(person(), job, TODAY)
    assert found.tier == "eligible"
    assert "credential_after_hire" in codes(found)
