"""Reading credentials (jobs.skills.credentials): what is a credential the posting asks for."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jobs.skills.credentials import (
    find_more_credentials,
    given_not_asked,
    in_title_line,
    is_clearance,
    is_not_asked,
    is_plain_drivers_license,
    names_people,
    normalise_label,
)


def test_normalise_label_writes_cert_out_and_spaces_once():
    assert normalise_label("Kansas  HHA cert") == "Kansas HHA certification"
    assert normalise_label("MO CMT CERT.") == "MO CMT certification"
    assert normalise_label("certificate of completion") == "certificate of completion"
    assert normalise_label("Cardiopulmonary Resuscitation card") == "CPR card"


@given(st.text(max_size=60))
def test_normalise_label_is_idempotent(label):
    once = normalise_label(label)
    assert normalise_label(once) == once


def test_plain_drivers_license_is_not_a_credential():
    assert is_plain_drivers_license("valid driver's license")
    assert is_plain_drivers_license("clean driving record")
    assert not is_plain_drivers_license("cdl class b")


def test_clearances_are_screening_not_credentials():
    assert is_clearance("tb_test", "TB test")
    assert is_clearance("family_care_safety_registry", "FCSR")
    assert is_clearance("dot_medical_certificate", "pass a DOT physical")
    assert not is_clearance("dot_medical_certificate", "DOT medical card")
    assert not is_clearance(None, "secret security clearance")


def test_title_line_and_plural_holders_name_people():
    text = "Certified Nursing Assistant (CNA) - Nights\nRequirements: Missouri CNA certification"
    assert in_title_line(text, 0)
    assert not in_title_line(text, text.index("Missouri"))
    hiring = "We are hiring Certified Nursing Assistants for nights."
    start = hiring.index("Certified")
    end = start + len("Certified Nursing Assistant")
    assert names_people(hiring, start, end, "certified nursing assistant")
    card = "Bring your CPR cards."
    assert not names_people(card, card.index("CPR"), card.index("CPR") + 8, "cpr card")


def _at(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_given_by_the_employer_unless_also_asked():
    given_text = "At the end of the program you'll test for an AWS D1.1 certification."
    assert given_not_asked(given_text, *_at(given_text, "AWS D1.1 certification"))
    listed = "Credentials you'll earn\n• OSHA 30 Construction card\n• Flagger certification\n"
    assert given_not_asked(listed, *_at(listed, "Flagger certification"))
    asked = "Some positions may require forklift certification, which we provide in-house."
    assert not given_not_asked(asked, *_at(asked, "forklift certification"))
    hedged = "ServSafe within 30 days of hire (we pay)."
    assert not given_not_asked(hedged, *_at(hedged, "ServSafe"))


def test_is_not_asked_keeps_an_ordinary_requirement():
    text = "Requirements\n- Current OSHA 10 card required\n"
    assert not is_not_asked(text, *_at(text, "OSHA 10 card"), "osha_10", "osha 10")


def test_a_certificate_from_a_school_is_education():
    text = "A Master's Degree or Artist Certificate from an accredited conservatory."
    assert is_not_asked(text, *_at(text, "Artist Certificate"), None, "Artist certificate")


def test_apprenticeship_proof_operate_licenses_and_designations():
    text = (
        "Applicants filing under Requirement #1 must submit proof of completion of a recognized"
        " apprenticeship program.\n"
        "Some positions may require a license to operate a forklift or crane.\n"
        "Possession of a valid Associate in Risk Management (ARM) or Certified Risk Manager (CRM)"
        " designation may be substituted for one year of experience. The International Code"
        " Council (ICC) certification is required.\n"
    )
    found = {c.label: c for c in find_more_credentials(text)}
    assert set(found) == {
        "apprenticeship certificate",
        "forklift operator license",
        "crane operator license",
        "Associate in Risk Management",
        "Certified Risk Manager",
    }
    assert found["apprenticeship certificate"].id == "apprenticeship_certificate"
    assert not found["forklift operator license"].required  # "some positions may require"
    for credential in found.values():
        assert 0 <= credential.start < credential.end <= len(text)


def test_nothing_found_in_a_posting_without_credentials():
    assert find_more_credentials("Stock shelves and help customers (FAQ) at the register.") == []


def test_numbers_tell_two_credentials_apart():
    from jobs.skills.extract import extract

    found = extract("Nice to have\n- OSHA 10 or OSHA 30\n- a forklift certification\n")
    labels = {c.label for c in found.credentials}
    assert {"osha 10", "osha 30"} <= labels


def test_a_certificate_from_a_body_for_a_subject_is_named_by_its_subject():
    text = "Possession of a certificate from the State of Missouri for wound care and blood draws;"
    labels = [c.label for c in find_more_credentials(text)]
    assert "wound care and blood draws certificate" in labels


def test_a_health_title_after_the_is_the_person_on_duty():
    text = "Take vital signs and tell the charge RN about any change. Must be an LPN."
    start = text.index("RN")
    assert is_not_asked(text, start, start + 2, "registered_nurse_license", "RN")
    start = text.index("LPN")
    assert not is_not_asked(text, start, start + 3, "licensed_practical_nurse", "LPN")


def test_examples_in_parentheses_after_a_general_credential_are_not_read_alone():
    text = (
        "Applicants need a certification in Juniper or Aruba Networking (JNCIA, JNCIS, ACMA), "
        "or two years of experience."
    )
    assert is_not_asked(text, *_at(text, "JNCIS"), "jncis", "jncis")
    assert is_not_asked(text, *_at(text, "ACMA"), None, "acma")
    general = [c for c in find_more_credentials(text) if "Networking" in c.label]
    assert [c.label for c in general] == ["Juniper or Aruba Networking certification"]
    # Initials after a credential's own name stay: "(CNA)" spells it, it lists no examples.
    named = "Requires an active Certified Nursing Assistant (CNA) card."
    initials = named.index("(CNA)") + 1
    assert not is_not_asked(named, initials, initials + 3, None, "cna")
    # A parenthesis of examples after a skill, not a credential, is not this rule's business.
    tools = "Experience with forklifts (sit-down, stand-up, reach) and OSHA 10 card."
    assert not is_not_asked(tools, *_at(tools, "OSHA 10 card"), "osha_10", "osha 10")


def test_what_the_program_teaches_or_the_employer_runs_is_not_asked():
    taught = "What you'll learn\n- Fall protection and hazard communication\n- Scaffold safety\n"
    assert is_not_asked(taught, *_at(taught, "hazard communication"), "hazcom", "hazcom")
    runs = "Build KC runs a paid pre-apprenticeship that prepares adults for the trades."
    assert is_not_asked(runs, *_at(runs, "pre-apprenticeship"), "pre_app", "pre-apprenticeship")
    asked = "Applicants must hold a pre-apprenticeship certificate from a program we accept."
    assert not is_not_asked(
        asked, *_at(asked, "pre-apprenticeship certificate"), None, "pre-apprenticeship"
    )


def test_permits_handled_in_a_glued_list_item_are_not_held():
    text = "Required: Active Customs Broker LicenseExperience with FDA permits and filings"
    assert is_not_asked(text, *_at(text, "FDA permits"), None, "FDA permit")
    assert not is_not_asked(text, *_at(text, "Customs Broker License"), None, "broker license")


def test_an_equivalency_certificate_for_schooling_is_not_a_credential():
    text = "If your degree is from abroad, send a Certificate of Equivalency with your transcript."
    assert is_not_asked(text, *_at(text, "Certificate of Equivalency"), None, "equivalency")
    trade = "A Certificate of Equivalency for the boiler operator license is accepted."
    assert not is_not_asked(trade, *_at(trade, "Certificate of Equivalency"), None, "equivalency")


def test_cpr_joined_to_bls_is_one_card():
    text = "Keep a current BLS/CPR card and a food handler card."
    assert is_not_asked(text, *_at(text, "CPR card"), "cpr_certification", "cpr certification")
    apart = "Keep a current CPR card and a BLS card."
    assert not is_not_asked(apart, *_at(apart, "CPR card"), "cpr_certification", "cpr card")


def test_a_mechanical_license_for_aircraft_is_not_the_hvac_license():
    text = "Submit your mechanical license with airframe ratings from the FAA when you apply."
    assert is_not_asked(text, *_at(text, "mechanical license"), "hvac_license", "hvac license")
    hvac = "A City mechanical license is required to install furnaces and ducts."
    assert not is_not_asked(hvac, *_at(hvac, "mechanical license"), "hvac_license", "hvac")


def _labels(text: str) -> list[str]:
    return [c.label for c in find_more_credentials(text)]


def test_designations_and_credentials_named_in_plain_words_are_read():
    assert "Qualified Electrical Worker designation" in _labels(
        "A current designation as a Qualified Electrical Worker is required before you start."
    )
    assert "substitute credential" in _labels("You need a degree or a substitute credential.")
    assert "paramedic accreditation" in _labels(
        "A paramedic license with paramedic accreditation by the county health office."
    )
    assert "wound care certification" in _labels("Nurses must possess wound care certification.")
    # General words are not a credential's name.
    assert _labels("Must possess the appropriate certification and a valid credential.") == []
    assert _labels("The program holds national accreditation from the board.") == []


def test_care_the_job_gives_is_a_duty_not_a_card():
    text = "You will respond to calls by providing basic life support (BLS) to patients."
    assert is_not_asked(text, *_at(text, "basic life support"), "bls_certification", "bls")
    assert is_not_asked(text, *_at(text, "BLS"), "bls_certification", "bls")
    duty = "Performs CPR and first aid when residents need it."
    assert is_not_asked(duty, *_at(duty, "CPR"), "cpr_certification", "cpr certification")
    card = "Must hold a current basic life support card; performs CPR certification checks."
    assert not is_not_asked(card, *_at(card, "basic life support card"), "bls_certification", "b")
    asked = "Providing care requires a current CPR certification."
    assert not is_not_asked(asked, *_at(asked, "CPR certification"), "cpr_certification", "c")


def test_a_duty_named_after_a_licensed_title_still_names_the_license():
    text = "Performs primary functions of a Registered Nurse in the clinic."
    assert not is_not_asked(text, *_at(text, "Registered Nurse"), "rn_license", "rn license")
