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
