"""Narrow skills split out of a broad taxonomy entry (issue #15, the taxonomy's grain): a named
product, practice or specialty is listed beside its broad skill when a posting asks for both, a
posting that only says the broad thing keeps it, and a participant who wrote the narrow term is
read into the narrow id."""

from __future__ import annotations

import pytest

from jobs.skills.extract import shipped_extractor
from jobs.skills.linking import concept_index
from jobs.skills.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def shipped():
    """The extractor over the shipped taxonomy."""
    return shipped_extractor()


def _ids(extractor, text: str) -> set[str | None]:
    return {s.id for s in extractor.extract(text).skills}


@pytest.mark.parametrize(
    ("text", "narrow", "broad"),
    [
        ("Duties\n- Enter patient notes in the electronic health record and in Cerner",
         "cerner", "electronic_health_records"),
        ("Duties\n- Plan public relations and community relations programs for the museum",
         "community_relations", "public_relations"),
        ("Duties\n- Build cabinets and install millwork in city offices; general woodworking",
         "millwork", "woodworking"),
        ("Duties\n- Establish master key systems for each building and rekey locks",
         "master_key_systems", "lock_changing"),
        ("Duties\n- Wash hands between residents following hand hygiene rules and infection "
         "control practices", "hand_hygiene", "infection_control"),
        ("Duties\n- Pull espresso shots and pour latte art for guests", "latte_art",
         "coffee_making"),
        ("Duties\n- Take vital signs and pulse oximetry readings every four hours",
         "pulse_oximetry", "vital_signs"),
        ("Duties\n- Float the slab and apply a broom finish; concrete finishing experience "
         "required", "broom_finish", "concrete_finishing"),
        ("Duties\n- Do oil changes, tire rotations and fluid checks on fleet vans",
         "fluid_checks", "oil_changes"),
        ("Duties\n- Diagnose charging systems and repair automotive electrical faults",
         "charging_systems", "automotive_electrical_repair"),
        ("Duties\n- Give injections and vaccinations to clinic patients", "vaccinations",
         "injections"),
        ("Requirements\n- Own drywall tools; a drywall lift is helpful", "drywall_lift",
         "drywall_tools"),
        ("Knowledge of: investigative techniques; fact finding; interviewing", "fact_finding",
         "investigations"),
    ],
)  # fmt: skip
def test_a_posting_asking_for_both_lists_both(shipped, text, narrow, broad):
    assert {narrow, broad} <= _ids(shipped, text)


@pytest.mark.parametrize(
    ("text", "narrow"),
    [
        ("Requirements\n- Comfortable with PointClickCare for resident charting",
         "pointclickcare"),
        ("Duties\n- Negotiate contract terms with suppliers", "negotiation"),
        ("Duties\n- Perform mold remediation in flooded basements", "mold_remediation"),
    ],
)  # fmt: skip
def test_the_narrow_skill_is_listed_by_its_own_id(shipped, text, narrow):
    assert narrow in _ids(shipped, text)


@pytest.mark.parametrize(
    ("both", "broad_only", "broad", "narrow"),
    [
        ("Duties\n- Enter patient notes in the electronic health record and in Cerner",
         "Duties\n- Record each visit in the electronic health record",
         "electronic_health_records", "cerner"),
        ("Requirements\n- Able to influence others and to negotiate with vendors",
         "Requirements\n- Able to influence others on the sales floor", "persuasion",
         "negotiation"),
        ("Knowledge of: investigative techniques; fact finding; interviewing",
         "Duties\n- Conduct investigations of tenant complaints", "investigations",
         "fact_finding"),
        ("Duties\n- Build cabinets and install millwork in city offices; general woodworking",
         "Duties\n- Operate the wood shop saws for woodworking projects", "woodworking",
         "millwork"),
        # LABELLING.md: an example after "such as" collapses into its general skill; the split
        # changes no list rule.
        ("Duties\n- Enter patient notes in the electronic health record and in Cerner",
         "Requirements\n- Experience with an electronic health record such as Cerner is a plus",
         "electronic_health_records", "cerner"),
    ],
)  # fmt: skip
def test_a_posting_saying_only_the_broad_thing_keeps_it(shipped, both, broad_only, broad, narrow):
    assert {broad, narrow} <= _ids(shipped, both)
    ids = _ids(shipped, broad_only)
    assert broad in ids
    assert narrow not in ids


@pytest.mark.parametrize(
    ("words", "concept"),
    [
        ("Cerner", "cerner"),
        ("PointClickCare", "pointclickcare"),
        ("negotiation", "negotiation"),
        ("fact finding", "fact_finding"),
        ("community relations", "community_relations"),
        ("cabinet making", "cabinetmaking"),
        ("millwork", "millwork"),
        ("master keying", "master_key_systems"),
        ("mold remediation", "mold_remediation"),
        ("hand hygiene", "hand_hygiene"),
        ("latte art", "latte_art"),
        ("pulse ox", "pulse_oximetry"),
        ("broom finish", "broom_finish"),
        ("fluid checks", "fluid_checks"),
        ("charging systems", "charging_systems"),
        ("immunizations", "vaccinations"),
        ("drywall lift", "drywall_lift"),
    ],
)
def test_a_participant_who_wrote_the_narrow_term_gets_its_id(words, concept):
    assert concept_index(load_taxonomy()).term_id(words) == concept


@pytest.mark.parametrize(
    ("broad_words", "broad", "narrow_words", "narrow"),
    [
        ("EHR", "electronic_health_records", "Cerner", "cerner"),
        ("persuasion", "persuasion", "negotiating", "negotiation"),
        ("woodworking", "woodworking", "cabinetry", "cabinetmaking"),
    ],
)
def test_the_broad_term_keeps_its_id_beside_the_narrow_one(
    broad_words, broad, narrow_words, narrow
):
    index = concept_index(load_taxonomy())
    assert (index.term_id(broad_words), index.term_id(narrow_words)) == (broad, narrow)


def test_the_safety_focus_competency_is_listed_beside_safety_knowledge(shipped):
    # LABELLING.md: "Job Knowledge, including knowledge of: ..." is a heading; the competency and
    # each knowledge item are labelled.
    text = (
        "Competencies: Teamwork, Safety Focus, Job Knowledge, including knowledge of: safety "
        "practices used in tree trimming"
    )
    assert {"safety_focus", "workplace_safety"} <= _ids(shipped, text)
    text = "Requirements\n- Follow safety procedures on the loading dock"
    assert "safety_focus" not in _ids(shipped, text)
