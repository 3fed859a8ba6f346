"""Credentials named in lists, in parts and in short forms (issue #15): lists sharing one noun,
"Certificate of Competency to inspect ...", air brakes after a CDL, EIT and PE, possessives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobs.skills.credentials import (
    complete_name,
    find_more_credentials,
    is_not_asked,
    names_its_rules,
    normalise_label,
    other_grade,
    same_credential,
    shares_a_word,
    sharing_the_noun,
    without_short_mentions,
)
from jobs.skills.extract import shipped_extractor
from jobs.skills.requirements import Credential


@pytest.fixture(scope="module")
def shipped():
    """The extractor over the shipped taxonomy."""
    return shipped_extractor()


def _named(text: str, words: str) -> Credential:
    start = text.index(words)
    return Credential(None, words, words, True, start, start + len(words))


def _labels(extraction) -> set[str]:
    return {c.label for c in extraction.credentials}


# -- pure functions ---------------------------------------------------------------------------


def test_sharing_the_noun_gives_each_listed_item_the_noun():
    text = "5. A Standard First Aid and CPR or EMT-1 certificate is desired."
    start = text.index("EMT-1")
    found = sharing_the_noun(text, start, start + len("EMT-1 certificate"))
    assert [terms[0] for terms, _, _ in found] == [
        "CPR certificate",
        "Standard First Aid certificate",
    ]
    assert "First Aid certificate" in found[1][0]  # leading words may be dropped to find it
    for _terms, item_start, item_end in found:
        assert text[item_start:item_end] in {"CPR", "Standard First Aid"}


def test_sharing_the_noun_keeps_the_words_after_the_first():
    text = "may require a forklift and/or crane operator's license."
    start = text.index("crane")
    found = sharing_the_noun(text, start, start + len("crane operator's license"))
    assert found[0][0][0] == "forklift operator's license"


def test_sharing_the_noun_needs_a_list_and_a_noun():
    text = "Must hold a current CPR certificate."
    start = text.index("CPR")
    assert sharing_the_noun(text, start, start + len("CPR certificate")) == []
    text = "Forklift and crane operation"
    assert sharing_the_noun(text, text.index("crane"), len(text)) == []


@given(st.text(max_size=80), st.integers(0, 80), st.integers(0, 80))
def test_sharing_the_noun_spans_lie_before_the_credential(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    for _terms, item_start, item_end in sharing_the_noun(text, start, end):
        assert 0 <= item_start < item_end <= start


def test_complete_name_reads_what_the_certificate_is_for():
    text = (
        "A valid Certificate of Competency to inspect boilers and pressure vessels issued by the"
        " State."
    )
    done = complete_name(text, _named(text, "Certificate of Competency"))
    assert done.label == "Certificate of Competency to inspect boilers and pressure vessels"
    assert text[done.start : done.end] == done.label
    text = "A valid Certificate of Qualification as a journey-level plumber issued by the City."
    done = complete_name(text, _named(text, "Certificate of Qualification"))
    assert done.label == "Certificate of Qualification as a journey-level plumber"


def test_complete_name_reads_a_name_broken_by_brackets():
    text = "A Certificate as a Competent Conveyance (Elevator) Mechanic issued by Cal/OSHA."
    done = complete_name(text, _named(text, "Certificate as a Competent Conveyance"))
    assert done.label == "Certificate as a Competent Conveyance (Elevator) Mechanic"
    text = "a Competent Conveyance (Elevator) Mechanic certification issued by the State"
    done = complete_name(text, _named(text, "Mechanic certification"))
    assert done.label == "Competent Conveyance (Elevator) Mechanic certification"


def test_complete_name_leaves_a_whole_name_alone():
    text = "A Grade II Wastewater Treatment Operator Certificate is required."
    named = _named(text, "Grade II Wastewater Treatment Operator Certificate")
    assert complete_name(text, named) is named


def test_a_grade_code_before_the_name_with_or_higher_is_part_of_it():
    text = "A valid T2 (or higher) Water Treatment Operator license is required at filing."
    done = complete_name(text, _named(text, "Water Treatment Operator license"))
    assert done.label == "T2 Water Treatment Operator license"
    assert text[done.start : done.end] == "T2 (or higher) Water Treatment Operator license"


@pytest.mark.parametrize(
    ("text", "words", "first", "second"),
    [
        ("May require a Grade 4 or 5 Wastewater Plant Operator Certificate.",
         "5 Wastewater Plant Operator Certificate",
         "Grade 5 Wastewater Plant Operator Certificate",
         "Grade 4 Wastewater Plant Operator Certificate"),
        ("A higher-level Distribution Operator License D-4 or D-5 will be required.",
         "Distribution Operator License", "Distribution Operator License D4",
         "Distribution Operator License D5"),
    ],
)  # fmt: skip
def test_two_grades_named_at_once_are_two_credentials(text, words, first, second):
    done = complete_name(text, _named(text, words))
    assert done.label == first
    other = other_grade(text, done)
    assert other is not None and other.label == second
    assert not same_credential(done, other)
    # One grade alone names no other.
    text = "A Grade 5 Wastewater Plant Operator Certificate."
    alone = complete_name(text, _named(text, "Grade 5 Wastewater Plant Operator Certificate"))
    assert other_grade(text, alone) is None


def test_a_mention_without_its_grade_is_the_graded_credential():
    graded = Credential(None, "T2 Water Treatment Operator license", "", True, 0, 10)
    plain = Credential(None, "Water Treatment Operator license", "", True, 50, 60)
    other_grade_ = Credential(None, "T3 Water Treatment Operator license", "", True, 80, 90)
    assert same_credential(graded, plain) and same_credential(plain, graded)
    assert not same_credential(graded, other_grade_)
    assert not same_credential(
        Credential(None, "OSHA 10 card", "", True, 0, 5),
        Credential(None, "OSHA 30 card", "", True, 9, 14),
    )


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Applicants must submit their certificate in cable installation and maintenance at the"
         " time of filing.", {"cable installation and maintenance certificate"}),
        ("A valid permit to perform locksmith work, issued by the Police Department.",
         {"locksmith permit"}),
        ("Must have a license to practice electrical work in Missouri.", {"electrical license"}),
        ("What you need:\n- Insulin administration certificate a plus\n- Kansas or Missouri"
         " apprentice plumber registration\n",
         {"Insulin administration certificate",
          "Kansas or Missouri apprentice plumber registration"}),
        # Schooling, general words and work done are not credentials.
        ("A certificate in accounting from an accredited college is required.", set()),
        ("Completion of a certificate in bookkeeping.", set()),
        ("- Current certification in CPR\n- Any certification welcome\n", set()),
        ("You will perform warehouse work.", set()),
    ],
)  # fmt: skip
def test_credentials_named_in_plain_words(text, labels):
    assert {c.label for c in find_more_credentials(text)} == labels


def test_later_short_mentions_are_dropped():
    text = "Certificate of Qualification as a plumber. Attach your Certificate of Qualification."
    whole = _named(text, "Certificate of Qualification as a plumber")
    short = Credential(None, "Certificate of Qualification", "", True, 60, 88)
    assert without_short_mentions([whole, short]) == [whole]


def test_a_named_credential_replaces_a_general_one_only_when_it_says_all_its_words():
    assert shares_a_word("registered apprenticeship", "Apprenticeship Certificate")
    assert not shares_a_word(
        "professional engineer license", "Registration as a Mechanical Engineer"
    )
    assert not shares_a_word("cdl class b", "cdl air brake qualification")
    pe = Credential(
        "professional_engineer_license", "professional engineer license", "", True, 0, 5
    )
    registered = Credential(None, "Registration as a Professional Engineer", "", True, 50, 90)
    assert same_credential(pe, registered)


def test_air_brakes_after_a_cdl_are_the_endorsement():
    found = find_more_credentials("- Class B CDL with air brakes (Class A welcome)")
    assert [(c.id, c.text) for c in found] == [("cdl_air_brake_qualification", "air brakes")]
    assert find_more_credentials("Inspect and repair air brakes on Class 8 trucks.") == []
    assert find_more_credentials("CDL holders service trucks with air brake systems.") == []


def test_a_license_to_operate_two_machines_gives_two_spans():
    text = "Some positions may require a license to operate a forklift or crane."
    found = find_more_credentials(text)
    assert [c.label for c in found] == ["forklift operator license", "crane operator license"]
    assert found[0].end <= found[1].start
    assert text[found[1].start : found[1].end] == "crane"


def test_current_cpr_is_the_card():
    found = find_more_credentials("REQUIREMENTS:\n-CURRENT CPR\n-Valid First Aid\n")
    assert [c.id for c in found] == ["cpr_certification", "first_aid_certification"]
    assert find_more_credentials("Current CPR certification required.") == []
    assert find_more_credentials("Perform CPR when needed.") == []


def test_the_supervising_person_and_a_finished_program_are_not_asked():
    text = "Under the direction of a registered nurse, the technician gives care."
    start = text.index("registered nurse")
    assert is_not_asked(text, start, start + 16, "registered_nurse_license", "registered nurse")
    text = "Completion of a CNA, PCT, EMT or medical assistant program - required"
    start = text.index("CNA")
    assert is_not_asked(text, start, start + 3, "certified_nursing_assistant", "cna")
    text = "Active CNA certification required"
    start = text.index("CNA")
    assert not is_not_asked(text, start, start + 17, "certified_nursing_assistant", "cna")


# -- the shipped extractor ----------------------------------------------------------------------


def test_eit_and_pe_are_credentials(shipped):
    text = (
        "Requirements\n"
        "1. Registration as a Professional Engineer with the State Board; or\n"
        "2. An Engineer-in-Training (EIT) certificate.\n"
        "Applicants must list their EIT certification number and PE license number.\n"
    )
    found = {c.id: c for c in shipped.extract(text).credentials}
    assert {"engineer_in_training_certificate", "professional_engineer_license"} <= set(found)
    assert len(found) == 2  # "EIT certification" and "PE license" later are the same two


def test_a_list_sharing_one_noun_gives_each_credential(shipped):
    text = "Requirements\n- A Standard First Aid and CPR or EMT-1 certificate is desired.\n"
    ids = {c.id for c in shipped.extract(text).credentials}
    assert {"cpr_certification", "first_aid_certification"} <= ids


def test_a_possessive_permit_is_read(shipped):
    text = "Requirements\n- Must get a food handler's permit within 30 days of hire.\n"
    assert "food handler card" in _labels(shipped.extract(text))


def test_air_brakes_after_a_cdl_are_read_with_the_cdl(shipped):
    text = "What we need:\n- Class B CDL with air brakes\n- Current DOT medical card\n"
    ids = {c.id for c in shipped.extract(text).credentials}
    assert {"cdl_class_b", "cdl_air_brake_qualification"} <= ids


def test_complete_name_reads_the_grade_before_or_after():
    text = "a Grade 5 State of California Treatment Operator License will be required."
    done = complete_name(text, _named(text, "California Treatment Operator License"))
    assert done.label == "Grade 5 State of California Treatment Operator License"
    text = "A Distribution Operator Certificate, level D-3 or higher, is required."
    done = complete_name(text, _named(text, "Distribution Operator Certificate"))
    assert done.label == "Distribution Operator Certificate D3"
    text = "Possession of a Grade 1 Certificate for Operation of Wastewater Treatment Plants issued"
    done = complete_name(text, _named(text, "Grade 1 Certificate"))
    assert done.label == "Grade 1 Certificate for Operation of Wastewater Treatment Plants"
    text = "A Grade II Wastewater Treatment Operator Certificate, level D3"
    named = _named(text, "Grade II Wastewater Treatment Operator Certificate")
    assert complete_name(text, named) is named  # the name says its grade already


def test_certification_for_and_from_a_named_body():
    text = (
        "5. A valid certification for Chief's Regulation #4 Certified Tester issued by the Fire"
        " Department may be required for some positions.\n"
        "6. A valid certification from the International Code Council (ICC) is required.\n"
    )
    found = {c.label: c for c in find_more_credentials(text)}
    assert set(found) == {
        "Chief's Regulation #4 Certified Tester certification",
        "ICC certification",
    }
    assert not found["Chief's Regulation #4 Certified Tester certification"].required
    assert found["ICC certification"].required
    assert find_more_credentials("a certificate for the class, from the City (LA)") == []


def test_a_named_first_aid_certificate_is_not_an_id_card():
    from jobs.skills.licenses import find_named_credentials

    text = "A current American Red Cross Standard First Aid Instructor Certificate is required."
    labels = [c.label for c in find_named_credentials(text)]
    assert labels == ["American Red Cross Standard First Aid Instructor certificate"]
    assert find_named_credentials("Bring a State ID card.") == []


def test_a_registry_check_and_permits_handled_are_not_asked():
    text = "must pass KBI background check and Kansas Nurse Aide Registry check."
    start = text.index("Kansas Nurse Aide")
    assert is_not_asked(text, start, start + 17, "kansas_cna", "kansas cna")
    text = "Current certification as a nursing assistant on the Missouri Nurse Aide Registry"
    start = text.index("Missouri Nurse Aide")
    assert not is_not_asked(text, start, start + 19, "missouri_cna", "missouri cna")
    text = "Experience with PGA permits, certifications, and compliance procedures"
    start = text.index("PGA permits")
    assert is_not_asked(text, start, start + 11, None, "PGA permit")


def test_the_following_certifications_are_each_a_credential():
    text = (
        "The incumbent must possess the following certifications: Firefighter I/II, Airport"
        " Firefighter (required at the airport only), HAZMAT Awareness, Operation, and CPR."
        " These certifications must be current."
    )
    labels = [c.label for c in find_more_credentials(text)]
    assert labels == [
        "Firefighter I",
        "Firefighter II",
        "Airport Firefighter",
        "HAZMAT Awareness",
        "HAZMAT Operation",
        "CPR",
    ]
    assert find_more_credentials("We offer the following benefits: dental, vision.") == []


def test_letter_endorsements_sharing_a_plural_noun_are_each_read(shipped):
    text = "School Bus Driver\nNice to have:\n- Current CDL with P and S endorsements\n"
    ids = {c.id for c in shipped.extract(text).credentials}
    assert {"cdl_passenger_endorsement", "cdl_school_bus_endorsement"} <= ids


def test_sharing_the_noun_also_offers_the_singular():
    text = "Hold First Aid and CPR certificates."
    start = text.index("CPR")
    (terms, _, _), *_ = sharing_the_noun(text, start, start + len("CPR certificates"))
    assert "First Aid certificate" in terms


@pytest.mark.parametrize(
    ("machine", "skill_id"),
    [("telehandler", "telehandler_certification"), ("forklifts", "forklift_certification")],
)
def test_a_machine_for_certified_operators_only_asks_for_its_certification(
    shipped, machine, skill_id
):
    text = (
        f"Electrical Helper\nMove material with a {machine} (certified operators only), clean up.\n"
    )
    extraction = shipped.extract(text)
    found = [c for c in extraction.credentials if c.id == skill_id]
    assert found and found[0].required
    # The machine is still a skill the job uses: the credential is read from the parenthesis.
    assert any(machine.rstrip("s") in s.text.lower() for s in extraction.skills)


def test_the_american_heart_association_is_written_aha(shipped):
    text = (
        "Occupational Health Nurse\nRequirements:\n"
        "3. Possession of a current, valid American Heart Association Healthcare Provider CPR"
        " card.\n"
    )
    labels = {c.label for c in shipped.extract(text).credentials}
    assert not any("American Heart" in label for label in labels)
    assert normalise_label("American Heart Associate CPR card") == "AHA CPR card"


def test_certification_as_an_arborist_is_the_certified_arborist(shipped):
    text = (
        "Street Tree Superintendent\nNotes:\n"
        "3. Certification as an Arborist with the International Society of Arboriculture is"
        " required prior to the end of probation.\n"
    )
    assert "certified_arborist" in {c.id for c in shipped.extract(text).credentials}


@pytest.mark.parametrize(
    "sentence",
    [
        "Applicants must submit a valid license with Airframe and Power Plant ratings issued by"
        " the Federal Aviation Administration.",
        "Must hold a current Airframe and Powerplant certificate.",
        "An FAA A&P license is required.",
    ],
)
def test_the_faa_airframe_and_powerplant_license(shipped, sentence):
    text = f"Helicopter Mechanic Supervisor\nRequirements:\n{sentence}\n"
    assert "faa_airframe_and_powerplant" in {c.id for c in shipped.extract(text).credentials}


def test_a_named_card_may_say_for_between_its_capitalised_words(shipped):
    text = (
        "Licensed Vocational Nurse\nRequirements:\n"
        "3. Possession of a current American Heart Association Basic Life Support for Healthcare"
        " Provider CPR card.\n"
    )
    labels = {c.label for c in shipped.extract(text).credentials}
    assert any(label.endswith("BLS for Healthcare Provider CPR card") for label in labels)
    assert normalise_label("Basic Life Support card") == "BLS card"


@pytest.mark.parametrize(
    ("text", "words", "rules"),
    [
        ("Knowledge of shoring, including Competent Person requirements and safety standards.",
         "Competent Person", True),
        ("Knowledge of CDL regulations.", "CDL", True),
        ("Must meet CDL requirements.", "CDL", False),
        ("Must have a Class A CDL.", "Class A CDL", False),
    ],
)  # fmt: skip
def test_a_credential_followed_by_its_rules_is_knowledge_not_held(text, words, rules):
    start = text.index(words)
    assert names_its_rules(text, start, start + len(words)) is rules


def test_a_credential_named_with_and_without_its_state_is_one():
    state = Credential("mo_pharmacy_tech", "missouri pharmacy technician registration", "", True)
    plain = Credential(None, "Pharmacy Technician registration", "", False, 10, 40)
    assert same_credential(state, plain) and same_credential(plain, state)
    other_state = Credential(None, "Kansas pharmacy technician registration", "", True, 50, 80)
    assert not same_credential(state, other_state)
    more = Credential(None, "Pharmacy Technician Trainee registration", "", True, 90, 120)
    assert not same_credential(state, more)


def test_an_airport_driving_permit_is_a_credential_and_a_drivers_license_is_not():
    from jobs.skills.licenses import find_named_credentials

    text = (
        "A valid California Driver License is required. A valid Airfield Restricted Area Driver"
        " Permit will be required as a condition of employment."
    )
    labels = [c.label for c in find_named_credentials(text)]
    assert "Airfield Restricted Area Driver permit" in labels
    assert not any("California Driver" in label for label in labels)


def test_roman_grades_tell_credentials_apart_and_match_their_numbers():
    one = Credential(None, "Firefighter I", "", True, 0, 13)
    two = Credential(None, "Firefighter II", "", True, 18, 32)
    assert not same_credential(one, two)
    roman = Credential(None, "Grade II operator certificate", "", True, 0, 20)
    number = Credential(None, "Grade 2 operator certificate", "", True, 40, 60)
    assert same_credential(roman, number)
