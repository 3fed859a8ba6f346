"""Credentials by how they are had: a quick or after-hire credential the participant lacks is a
to-do on an eligible job; a regulated license (or one we do not know) still excludes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobs.matching import assess
from jobs.matching.credential_effort import CREDENTIAL_EFFORT, effort_of
from jobs.matching.reasons import reason_order
from tests.unit.matching.builders import TODAY, person, posting

NO_CARDS = {"credentials": []}


def _job(*credentials: dict[str, object], title: str = "Dishwasher") -> object:
    return posting(title=title, requirements={"credentials": list(credentials)})


def _codes(found):
    return [reason.code for reason in found.reasons]


def test_food_handler_card_within_30_days_of_hire_is_a_to_do():
    job = _job(
        {
            "id": "food_handler_card",
            "label": "food handler card",
            "text": "food handler card",
            "obtain": "after_hire",
            "obtain_by": "within 30 days of hire",
            "employer_pays": True,
        }
    )
    found = assess(person(**NO_CARDS), job, TODAY)
    assert found.tier == "eligible"
    (todo,) = [r for r in found.reasons if r.code == "credential_to_get"]
    assert todo.kind == "todo"
    assert todo.text == (
        "Get a food handler card within 30 days of hire — about 2 hours online, a small fee;"
        " the employer pays"
    )
    assert "credential_missing" not in _codes(found)


def test_forklift_certified_by_the_employer_is_a_to_do():
    job = _job(
        {
            "id": "forklift_certification",
            "label": "forklift certification",
            "text": "Forklift certification",
            "obtain": "after_hire",
            "obtain_by": "in your first week",
            "employer_trains": True,
        },
        title="Warehouse Associate",
    )
    found = assess(person(**NO_CARDS), job, TODAY)
    assert found.tier == "eligible"
    (todo,) = [r for r in found.reasons if r.code == "credential_to_get"]
    assert todo.text.startswith("Get Forklift certification in your first week")
    assert todo.text.endswith("the employer trains you for it")


def test_cdl_class_a_is_still_excluded():
    job = _job(
        {"id": "cdl_class_a", "label": "cdl class a", "text": "CDL Class A"},
        title="Truck Driver",
    )
    found = assess(person(drivers_license=True, **NO_CARDS), job, TODAY)
    assert found.tier == "excluded"
    assert "credential_missing" in _codes(found)
    assert "credential_to_get" not in _codes(found)


def test_osha_10_required_is_a_quick_to_do_before_applying():
    job = _job({"id": "osha_10", "label": "osha 10", "text": "OSHA 10"}, title="Laborer")
    found = assess(person(**NO_CARDS), job, TODAY)
    assert found.tier == "eligible"
    (todo,) = [r for r in found.reasons if r.code == "credential_to_get"]
    assert todo.text == "Get OSHA 10 before applying — 10 hours of class or online, about 2 days"


def test_held_credential_is_no_to_do():
    job = _job({"id": "osha_10", "label": "osha 10", "text": "OSHA 10"})
    found = assess(person(credentials=["osha 10"]), job, TODAY)
    assert "credential_to_get" not in _codes(found)


@pytest.mark.parametrize(
    "credential",
    [
        {"id": "certified_nursing_assistant", "label": "certified nursing assistant"},
        {"id": "journeyman_electrician_license", "label": "journeyman electrician license"},
        {"id": "hvac_license", "label": "hvac license"},
        {"id": "barber_license", "label": "barber license"},
        {"label": "Grade II Wastewater Treatment Operator certificate"},  # unknown: as before
        {"id": "servsafe_manager", "label": "servsafe manager"},  # not listed as quick
    ],
)
def test_regulated_or_unknown_credential_still_excludes(credential):
    found = assess(person(**NO_CARDS), _job(credential), TODAY)
    assert found.tier == "excluded"
    assert "credential_missing" in _codes(found)


def test_a_regulated_license_the_posting_lets_you_get_after_hire_is_a_to_do():
    # "CNA training provided: you must obtain your CNA within 4 months of hire" — a real offer.
    job = _job(
        {
            "id": "certified_nursing_assistant",
            "label": "certified nursing assistant",
            "obtain": "after_hire",
            "obtain_by": "within 4 months of hire",
            "employer_trains": True,
        }
    )
    found = assess(person(**NO_CARDS), job, TODAY)
    assert found.tier == "eligible"
    (todo,) = [r for r in found.reasons if r.code == "credential_to_get"]
    assert "weeks to months" in todo.text


def test_cdl_got_after_hire_is_not_brought_back_by_the_title():
    job = _job(
        {
            "id": "cdl_class_a",
            "label": "cdl class a",
            "text": "Class A CDL",
            "obtain": "after_hire",
            "obtain_by": "during paid training",
            "employer_trains": True,
        },
        title="CDL-A Driver Trainee",
    )
    found = assess(person(drivers_license=True, **NO_CARDS), job, TODAY)
    assert found.tier == "eligible"
    assert "credential_to_get" in _codes(found)


def test_to_do_reasons_come_after_fit_and_before_checks():
    job = _job({"id": "osha_10", "label": "osha 10"}, {"label": "airport badge"})
    found = assess(person(**NO_CARDS), job, TODAY)
    ordered = sorted(found.reasons, key=reason_order)
    kinds = [r.kind for r in ordered if r.kind in {"todo", "check"}]
    assert kinds.index("todo") < kinds.index("check")


def test_effort_table_lists_each_credential_once_and_matches_free_text_labels():
    ids = [entry.id for entry in CREDENTIAL_EFFORT]
    assert len(ids) == len(set(ids))
    assert effort_of(None, "OSHA 30").effort == "quick"
    assert effort_of(None, "Food Handler Card").effort == "quick"
    assert effort_of(None, "CDL Class A").effort == "regulated"
    assert effort_of(None, "CPR instructor certification") is None  # exact names only


def test_effort_table_names_taxonomy_credentials_by_their_labels():
    data = Path(__file__).resolve().parents[3] / "src" / "jobs" / "skills" / "data"
    with (data / "skills.jsonl").open(encoding="utf-8") as lines:
        taxonomy = {row["id"]: row for row in map(json.loads, lines)}
    for entry in CREDENTIAL_EFFORT:
        row = taxonomy.get(entry.id)
        assert row is not None and row["kind"] == "credential", entry.id
        assert row["label"] == entry.label, entry.id


def test_a_regulated_license_in_training_needs_approval_with_the_expected_date():
    job = _job({"label": "CDL Class A", "required": True}, title="Truck Driver")
    training = {"training": [{"credential": "CDL class A", "expected": "2027-03-15"}]}
    found = assess(person(**NO_CARDS, **training), job, TODAY)
    assert found.tier == "needs_approval"
    (reason,) = [r for r in found.reasons if r.code == "credential_in_training"]
    assert "expected 2027-03-15" in reason.text
    assert "credential_missing" not in _codes(found)
    # Training for something else does not help.
    other = {"training": [{"credential": "HVAC certification"}]}
    assert assess(person(**NO_CARDS, **other), job, TODAY).tier == "excluded"


def test_alternatives_are_met_by_one_and_a_quick_one_is_a_to_do():
    card = {"id": "food_handler_card", "label": "food handler card", "any_of": 1}
    servsafe = {"id": "servsafe_certification", "label": "servsafe certification", "any_of": 1}
    found = assess(person(**NO_CARDS), _job(card, servsafe, title="Line Cook"), TODAY)
    assert found.tier == "eligible"
    (todo,) = [r for r in found.reasons if r.code == "credential_to_get"]
    assert "food handler card" in todo.text
    holder = person(credentials=["servsafe certification"])
    assert "credential_to_get" not in _codes(assess(holder, _job(card, servsafe), TODAY))
    # Without the "or", ServSafe is asked on its own and still excludes.
    alone = {**servsafe, "any_of": 0}
    assert assess(person(**NO_CARDS), _job(card, alone), TODAY).tier == "excluded"


def test_a_non_cdl_driving_job_does_not_ask_for_a_cdl():
    job = posting(title="Route Delivery Driver (Non-CDL Box Truck)",
                  requirements={"drivers_license": "required"})  # fmt: skip
    found = assess(person(drivers_license=True), job, TODAY)
    assert found.tier == "eligible", found.reasons


def test_haccp_certification_is_quick():
    job = _job({"id": "haccp_certification", "label": "haccp certification"}, title="QA Tech")
    found = assess(person(**NO_CARDS), job, TODAY)
    assert found.tier == "eligible"
    assert "credential_to_get" in _codes(found)
