"""Credentials bulletins and ads name without a capitalised "... Certificate" (issue #15): what a
rule can tell apart, and what it must not read as a credential."""

from __future__ import annotations

import pytest

from jobs.skills.extract import shipped_extractor


@pytest.fixture(scope="module")
def shipped():
    """The extractor over the shipped taxonomy."""
    return shipped_extractor()


def _credentials(shipped, text: str) -> dict[str, bool]:
    return {c.label: c.required for c in shipped.extract(text).credentials}


def test_a_certificate_named_by_its_rule_is_one_credential(shipped):
    found = _credentials(
        shipped,
        "REQUIREMENTS\nA valid Environmental Protection Agency approved Technician Certificate, in"
        " accordance with Section 608 of the Clean Air Act, is required.\n",
    )
    assert list(found) == ["epa 608 certification"]


def test_a_named_course_to_take_is_not_a_credential(shipped):
    text = "REQUIREMENTS\n- Willingness to complete our paid training, including {}\n"
    assert "crisis prevention certification" not in _credentials(
        shipped, text.format("Mandt (or similar) crisis training")
    )
    assert "crisis prevention certification" in _credentials(
        shipped, "REQUIREMENTS\n- Current Mandt certification\n"
    )


def test_an_authorization_issued_by_an_agency(shipped):
    found = _credentials(
        shipped,
        "REQUIREMENTS\nA current inspection authorization issued by the Federal Aviation"
        " Administration is required prior to appointment.\n",
    )
    assert found == {"FAA inspection authorization": True}


def test_cpr_and_first_aid_named_bare_are_the_two_cards(shipped):
    found = _credentials(
        shipped, "REQUIREMENTS\n- Willingness to complete our paid training: CPR and First Aid\n"
    )
    assert {"cpr certification", "first aid certification"} <= set(found)
    duty = _credentials(shipped, "DUTIES\nAdministers CPR and first aid to injured patrons.\n")
    assert not {"cpr certification", "first aid certification"} & set(duty)


def test_experience_as_a_licensed_contractor_is_one_way_to_qualify(shipped):
    found = _credentials(
        shipped,
        "REQUIREMENTS\n1. Four years of full-time paid experience as a building inspector; or\n"
        "2. Four years of full-time paid experience as a licensed general, masonry or framing"
        " contractor engaged in building construction work.\n",
    )
    assert found == {"contractor license": False}


def test_a_certificate_of_completion_for_a_requirement_names_its_course(shipped):
    found = _credentials(
        shipped,
        "REQUIREMENTS/MINIMUM QUALIFICATIONS\n1. One year of full-time paid experience in the"
        " operation of motor sweepers; or\n2. Satisfactory completion of either:\na. a Motor"
        " Sweeper Operator course from a technical or trade school; or\nb. the Motor Sweeper"
        " Operator course given by a trade college.\n\nPROCESS NOTES\n1. Applicants filing under"
        " Requirement #2 must submit a certificate of completion along with the application.\n",
    )
    # One way to qualify: experience is the other, so it is not asked of everyone.
    assert found == {"Motor Sweeper Operator course certificate of completion": False}


def test_a_state_certification_of_competency_in_plain_words(shipped):
    found = _credentials(
        shipped,
        "NOTES\nIn some positions, employees may be required to complete an on-the-job training"
        " program for the purpose of obtaining State Certification of competency in the testing"
        " of construction materials.\n",
    )
    assert found == {
        "State Certification of competency in the testing of construction materials": False
    }


def test_an_emt_named_at_its_level(shipped):
    found = _credentials(
        shipped,
        "REQUIREMENTS\nMust possess National Registry Emergency Medical Technician-Basic.\n",
    )
    assert found == {"emt certification": True}


def test_a_credential_a_duty_names_is_had_when_the_requirements_say(shipped):
    found = shipped.extract(
        "<h3>What you'll do</h3><ul><li>Administer medications as a certified Level I Medication"
        " Aide, and document each pass</li></ul><h3>Requirements</h3><ul><li>Willingness to"
        " complete our paid 2-week training, including Level I Medication Aide</li></ul>"
    )
    (aide,) = [c for c in found.credentials if "medication aide" in c.label.lower()]
    assert aide.obtain == "after_hire"


def test_a_license_as_either_of_the_holders_listed(shipped):
    found = _credentials(
        shipped,
        "NOTES\nThe following are desired but not required of candidates for this class:\n"
        "1. Possession of a license issued by the State of California as either:\n"
        "a. a Qualified Applicator for pest control activities; and/or\n"
        "b. an Agricultural Pest Control Advisor with certification for control of weeds.\n"
        "2. Applicants who lack six months of experience may file.\n",
    )
    assert found == {
        "pesticide applicator license": False,
        "Agricultural Pest Control Advisor license": False,
    }


def test_a_certification_in_one_makers_products_is_the_makers(shipped):
    found = _credentials(
        shipped,
        "SELECTIVE CERTIFICATION\nc. Certification(s) in Nortel Meridian Exchange (Option xx"
        " PBX), Multimedia Communication Server (MCS 5100), or Nortel Messaging (Call Pilot"
        " Voice Mail); or\n",
    )
    assert "Nortel certification" in found
    assert not any("Multimedia" in label for label in found)
