"""Credentials by how they are had: a quick or after-hire credential the participant lacks is a
to-do on an eligible job; one we do not know that names no license is a check on an eligible
job; only a regulated license excludes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.matching import assess
from jobs.matching.credential_effort import CREDENTIAL_EFFORT, effort_of, kind_of
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
        {"id": "armed_guard_permit", "label": "armed guard permit"},  # listed: not a "permit" check
        # Not listed: the words name a license.
        {"label": "pesticide applicator license"},
        {"label": "Licensed Vocational Nurse"},
        {"label": "Registered Nurse"},
        {"label": "journey-level plumber certificate"},
        {"label": "Grade II water operator", "text": "State Board water operator license"},
        # Named a license, though the posting's words say registration (an after-hire word).
        {
            "label": "professional engineer license",
            "text": "Registration as a Professional Engineer",
        },
    ],
)
def test_a_regulated_license_still_excludes(credential):
    found = assess(person(**NO_CARDS), _job(credential), TODAY)
    assert found.tier == "excluded"
    assert "credential_missing" in _codes(found)
    assert "credential_to_check" not in _codes(found)


@pytest.mark.parametrize(
    "credential",
    [
        {"label": "Grade II Wastewater Treatment Operator certificate"},
        {"label": "Water Safety Instructor Certificate"},
        {"id": "apprenticeship_certificate", "label": "apprenticeship certificate"},
        {"id": "aws_certified_welder", "label": "aws certified welder"},
        {"label": "NERC System Operator certification"},
    ],
)
def test_an_unknown_credential_that_names_no_license_is_a_check_not_a_bar(credential):
    found = assess(person(**NO_CARDS), _job(credential), TODAY)
    assert found.tier == "eligible", found.reasons
    (check,) = [r for r in found.reasons if r.code == "credential_to_check"]
    assert check.kind == "check"
    assert check.text.startswith("Asks for ")
    assert "ask what it takes to get" in check.text
    assert "or whether the employer hires without it" in check.text
    assert "credential_missing" not in _codes(found)


@pytest.mark.parametrize(
    ("id", "label"),
    [
        ("servsafe_manager", "servsafe manager"),
        ("dot_medical_certificate", "dot medical certificate"),
        ("bls_certification", "bls certification"),
        ("acls_certification", "acls certification"),
        ("hot_work_permit_training", "hot work permit training"),  # listed: "permit" is no check
        ("hazwoper_40_hour", "hazwoper 40 hour"),
    ],
)
def test_quick_credentials_added_to_the_list_are_to_dos(id, label):
    found = assess(person(**NO_CARDS), _job({"id": id, "label": label}), TODAY)
    assert found.tier == "eligible"
    (todo,) = [r for r in found.reasons if r.code == "credential_to_get"]
    assert " — " in todo.text  # says what getting it takes


def test_an_ordinary_drivers_license_credential_is_held_by_a_driver():
    job = _job({"id": "valid_drivers_license", "label": "valid driver's license"}, title="Courier")
    assert assess(person(drivers_license=True, **NO_CARDS), job, TODAY).tier == "eligible"
    assert assess(person(drivers_license=False, **NO_CARDS), job, TODAY).tier == "excluded"
    # A commercial class is not the ordinary license.
    class_b = _job(
        {"label": "Class B driver's license", "text": "California Class B driver's license"}
    )
    assert assess(person(drivers_license=True, **NO_CARDS), class_b, TODAY).tier == "excluded"


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
    assert kind_of(None, "CPR instructor certification") == "unknown"
    assert kind_of(None, "Structural Engineer License") == "regulated"
    assert kind_of(None, "Grade 1 Certificate") == "unknown"


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
    # Without the "or", each is asked on its own: two to-dos.
    alone = {**servsafe, "any_of": 0}
    found = assess(person(**NO_CARDS), _job(card, alone), TODAY)
    assert [r.code for r in found.reasons].count("credential_to_get") == 2


def test_of_alternatives_the_one_to_check_counts_before_a_license():
    license = {"label": "journeyman plumber license", "any_of": 1}
    certificate = {"label": "plumbing apprenticeship certificate", "any_of": 1}
    found = assess(person(**NO_CARDS), _job(license, certificate, title="Plumber"), TODAY)
    assert found.tier == "eligible"
    assert "credential_to_check" in _codes(found)


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


def _cdl_job(*credentials: dict[str, object], **requirements: object) -> object:
    return posting(
        title="Maintenance Laborer",
        requirements={"credentials": list(credentials), "commercial_license": True,
                      "drivers_license": "required", "drivers_license_class": "B",
                      **requirements},
    )  # fmt: skip


def test_a_cdl_the_posting_lists_as_not_required_is_a_check_not_a_bar():
    # "Some positions may require a valid Class B driver's license": listed, not required.
    maybe = {"id": "cdl_class_b", "label": "cdl class b", "required": False}
    found = assess(person(drivers_license=True, **NO_CARDS), _cdl_job(maybe), TODAY)
    assert found.tier == "eligible", found.reasons
    (check,) = [r for r in found.reasons if r.code == "cdl_some_positions"]
    assert check.kind == "check" and "CDL class B" in check.text
    # Held: nothing to ask.
    holder = person(drivers_license=True, credentials=["cdl class a"])
    assert "cdl_some_positions" not in _codes(assess(holder, _cdl_job(maybe), TODAY))


BACKFLOW = {"label": "Backflow Prevention Device Tester certificate",
            "text": "Backflow Prevention Device Tester certificate", "required": False,
            "some_positions": True}  # fmt: skip


def test_any_credential_asked_for_some_positions_is_a_check_to_ask_which():
    # "A certificate for Backflow Prevention Device Tester may be required for some positions."
    tester = {**BACKFLOW, "text": "Backflow Tester certificate"}
    regulated = {"label": "journeyman plumber license", "text": "journey-level plumber license",
                 "required": False, "some_positions": True}  # fmt: skip
    found = assess(person(**NO_CARDS), _job(tester, regulated, title="Plumber"), TODAY)
    assert found.tier == "eligible", found.reasons
    (check,) = [r for r in found.reasons if r.code == "credential_some_positions"]
    assert check.kind == "check"
    assert check.text == (
        "Some positions need Backflow Tester certificate or journey-level plumber license;"
        " ask which"
    )
    assert check.params.credentials == (
        "Backflow Tester certificate",
        "journey-level plumber license",
    )


def test_no_some_positions_check_for_a_held_preferred_or_required_credential():
    holder = person(credentials=["backflow prevention device tester certificate"])
    assert "credential_some_positions" not in _codes(assess(holder, _job(BACKFLOW), TODAY))
    preferred = {**BACKFLOW, "some_positions": False}  # "... preferred": nothing to ask
    assert "credential_some_positions" not in _codes(
        assess(person(**NO_CARDS), _job(preferred), TODAY)
    )
    required = {**BACKFLOW, "required": True}
    assert "credential_some_positions" not in _codes(
        assess(person(**NO_CARDS), _job(required), TODAY)
    )
    # A CDL says it its own way, once.
    cdl = {"id": "cdl_class_b", "label": "cdl class b", "required": False, "some_positions": True}
    codes = _codes(assess(person(drivers_license=True, **NO_CARDS), _cdl_job(cdl), TODAY))
    assert "cdl_some_positions" in codes and "credential_some_positions" not in codes


def test_a_required_or_unlisted_cdl_still_excludes():
    required = {"id": "cdl_class_b", "label": "cdl class b"}
    driver = person(drivers_license=True, **NO_CARDS)
    assert assess(driver, _cdl_job(required), TODAY).tier == "excluded"
    assert assess(driver, _cdl_job(), TODAY).tier == "excluded"  # the flag alone still counts
    # A title naming the class bars even when the listed one is not required.
    maybe = {"id": "cdl_class_b", "label": "cdl class b", "required": False}
    titled = posting(title="CDL-B Driver", requirements={"credentials": [maybe]})
    assert assess(driver, titled, TODAY).tier == "excluded"


_TAXONOMY_CREDENTIALS = sorted(
    row["label"]
    for row in map(
        json.loads,
        (Path(__file__).resolve().parents[3] / "src/jobs/skills/data/skills.jsonl")
        .read_text(encoding="utf-8")
        .splitlines(),
    )
    if row["kind"] == "credential"
)
_WORDS = ["card", "certificate", "certification", "license", "licensed", "registered", "permit",
          "training", "journeyman", "state", "board", "operator", "grade", "safety", "class", "b",
          "cdl", "nurse", "welding", "course", "of", "completion", "instructor", "10"]  # fmt: skip
_LABELS = st.one_of(
    st.sampled_from(_TAXONOMY_CREDENTIALS),
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(labels=st.lists(_LABELS, min_size=1, max_size=3), driver=st.booleans())
def test_a_job_is_never_excluded_by_a_credential_that_is_not_a_regulated_license(labels, driver):
    job = _job(*({"label": label} for label in labels), title="Helper")
    found = assess(person(drivers_license=driver, **NO_CARDS), job, TODAY)
    if found.tier == "excluded":
        assert any(kind_of(None, label) == "regulated" for label in labels), found.reasons
    for label in labels:
        listed = effort_of(None, label)
        if listed is not None and listed.effort == "regulated":
            assert found.tier == "excluded", (label, found.reasons)


def test_an_optional_cdl_brings_no_cdl_record_rules():
    # "CDL Class A preferred": a DUI that bars a CDL does not need approval for this job.
    maybe = {"id": "cdl_class_a", "label": "cdl class a", "required": False}
    record = {"felony": False, "offense_categories": ["dui"], "conviction_date": "2026-06-01"}
    who = person(drivers_license=True, record=record, **NO_CARDS)
    found = assess(who, _cdl_job(maybe), TODAY)
    assert found.tier == "eligible", found.reasons
    assert "cdl_dui_bar" not in _codes(found)
    required = {**maybe, "required": True}
    assert "cdl_dui_bar" in _codes(assess(who, _cdl_job(required), TODAY))


def test_a_credential_named_only_by_blank_words_is_a_to_do_by_its_label():
    job = _job(
        {"id": "food_handler_card", "label": "food handler card", "text": " \n "},
        title="Dishwasher",
    )
    found = assess(person(**NO_CARDS), job, TODAY)
    (todo,) = [r for r in found.reasons if r.code == "credential_to_get"]
    assert todo.text.startswith("Get a food handler card before applying")


def test_a_cdl_named_with_its_classes_is_one_missing_license():
    # "A valid Class B (or A) commercial driver's license": the license and its class choice.
    generic = {"id": "commercial_drivers_license", "label": "commercial driver's license"}
    class_b = {"id": "cdl_class_b", "label": "cdl class b", "any_of": 1}
    class_a = {"id": "cdl_class_a", "label": "cdl class a", "any_of": 1}
    found = assess(
        person(drivers_license=True, **NO_CARDS), _cdl_job(generic, class_b, class_a), TODAY
    )
    (missing,) = [r for r in found.reasons if r.code == "credential_missing"]
    assert missing.text == "Requires cdl class b: not on the participant's record"
    holder = person(drivers_license=True, credentials=["CDL Class A"])
    assert assess(holder, _cdl_job(generic, class_b, class_a), TODAY).tier == "eligible"


def test_an_endorsement_beside_a_cdl_class_is_still_its_own():
    endorsement = {"id": "cdl_air_brake_qualification", "label": "cdl air brake qualification"}
    class_b = {"id": "cdl_class_b", "label": "cdl class b"}
    found = assess(person(drivers_license=True, **NO_CARDS), _cdl_job(endorsement, class_b), TODAY)
    (missing,) = [r for r in found.reasons if r.code == "credential_missing"]
    assert "cdl air brake qualification" in missing.text and "cdl class b" in missing.text
