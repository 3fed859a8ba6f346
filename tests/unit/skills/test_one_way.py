"""Credentials asked of some applicants only: one way of several to qualify, for some positions,
or got after hire. Our own sentences, in the shapes civil-service and job-board postings use."""

from __future__ import annotations

import msgspec
import pytest

from jobs.matching import Requirements, assess
from jobs.skills.credentials import abbreviates
from jobs.skills.extract import extract
from jobs.skills.one_way import is_for_some_positions, is_one_way_to_qualify
from tests.unit.matching.builders import TODAY, person, posting


def _at(text: str, words: str) -> tuple[str, int, int]:
    start = text.index(words)
    return text, start, start + len(words)


DEGREE_OR_CERTIFICATE = (
    "MINIMUM QUALIFICATIONS\n"
    "1. A bachelor's degree in civil engineering from an accredited school; or\n"
    "2. A current Surveyor in Training certificate from the state board.\n"
)
EXPERIENCE_AND_LICENSE = (
    "MINIMUM QUALIFICATIONS\n"
    "1. Three years of paid experience as a pipe fitter; and\n"
    "2. A current journeyman plumber license.\n"
)
LICENSED_EXPERIENCE_OR_LICENSE = (
    "1. Four years of experience as a licensed electrician; or\n"
    "2. A journeyman electrician license.\n"
)
LONE_OR_LINE = "1. Two years of experience driving a dump truck\nor\n2. A Class B license\n"


@pytest.mark.parametrize(
    ("text", "words", "one_way"),
    [
        (DEGREE_OR_CERTIFICATE, "Surveyor in Training certificate", True),
        (EXPERIENCE_AND_LICENSE, "journeyman plumber license", False),
        # The other way asks for a license too: the license is still needed.
        (LICENSED_EXPERIENCE_OR_LICENSE, "journeyman electrician license", False),
        (LONE_OR_LINE, "Class B license", True),
        ("A boiler operator license or three years of experience running boilers.",
         "boiler operator license", True),
        ("Five years of experience as an electrician, or a master electrician license.",
         "master electrician license", True),
        ("A welding certificate or equivalent work experience.", "welding certificate", True),
        ("Graduation from a university with a major in biology, or a teaching credential.",
         "teaching credential", True),
        ("A degree from a community college, and a valid pesticide applicator license.",
         "pesticide applicator license", False),
        ("A Grade II operator certificate may be substituted for one year of experience.",
         "Grade II operator certificate", True),
        # Credentials offered as alternatives to each other stay required.
        ("A CNA certificate or an LPN license is required.", "LPN license", False),
        ("CDL Class A or B and one year of driving experience.", "CDL Class A", False),
        ("A valid CDL Class A is required.", "CDL Class A", False),
    ],
)  # fmt: skip
def test_one_way_to_qualify(text, words, one_way):
    assert is_one_way_to_qualify(*_at(text, words)) is one_way


PATHS = (
    "MINIMUM QUALIFICATIONS\n"
    "1. Completion of a four-year apprenticeship as a pipe fitter; or\n"
    "2. A journeyman plumber license from the city; or\n"
    "3. Five years of experience as a plumber's helper.\n"
    "\n"
    "NOTES\n"
    "1. Applicants filing under Requirement #2 must list their journeyman plumber license"
    " number.\n"
    "2. Applicants filing under Requirement #1 or #3 must hold a journeyman plumber license"
    " before starting work.\n"
)


def test_a_note_on_one_way_keeps_it_one_way_and_a_note_on_the_others_asks_them_for_it():
    first = PATHS.index("journeyman plumber license number")
    second = PATHS.index("journeyman plumber license", PATHS.index("#1 or #3"))
    label = "journeyman plumber license"
    assert is_one_way_to_qualify(PATHS, first, first + len(label), label)
    assert not is_one_way_to_qualify(PATHS, second, second + len(label), label)


def test_a_note_names_its_requirement_by_initials():
    text = (
        "REQUIREMENTS\n1. A degree in engineering; or\n"
        "2. Registration as a Professional Engineer with the state board.\n\nNOTES\n"
        "1. Applicants qualifying under Requirement #2 must list their PE license number.\n"
    )
    assert is_one_way_to_qualify(*_at(text, "PE license"), "PE license")


@pytest.mark.parametrize(
    ("text", "words", "heading", "some"),
    [
        ("A radio operator license is required before starting for some of the positions in"
         " this class.", "radio operator license", "", True),
        ("A Class B license is required for positions in Street Sweeping Operations.",
         "Class B license", "",
         True),
        ("A Class B license is required for all positions in this class.", "Class B license", "",
         False),
        ("Some positions may require a Class C license; or a Class A license and a medical"
         " card.", "Class A license", "", True),
        ("1. A valid backflow tester certificate.", "backflow tester certificate",
         "SELECTIVE CERTIFICATION", True),
        ("The following are desired but not required:\n1. A pesticide applicator license;"
         " and/or\n2. A tree worker certificate.", "pesticide applicator license", "", True),
        ("You must have the following:\n1. A pesticide applicator license.",
         "pesticide applicator license", "", False),
    ],
)  # fmt: skip
def test_for_some_positions(text, words, heading, some):
    assert is_for_some_positions(*_at(text, words), heading) is some


def _credential(text: str, id: str):
    return next(c for c in extract(text).credentials if c.id == id)


def test_a_class_named_only_in_a_hedged_sentence_is_not_required():
    text = (
        "A valid Class C driver's license is required. Some positions may require a valid"
        " Class A driver's license before starting."
    )
    assert not _credential(text, "cdl_class_a").required


def test_a_class_required_by_the_end_of_probation_is_got_after_hire():
    text = (
        "Some positions may require a Class B driver's license. For all positions, a Class B"
        " driver's license will be required prior to completion of probation."
    )
    cdl = _credential(text, "cdl_class_b")
    assert (cdl.required, cdl.obtain, cdl.obtain_by) == (
        True,
        "after_hire",
        "prior to completion of probation",
    )


def test_a_class_required_at_filing_and_after_hire_elsewhere_is_needed_before_applying():
    text = (
        "A valid Class B driver's license is required at the time of filing. A Class B"
        " driver's license must be kept by the end of probation."
    )
    assert _credential(text, "cdl_class_b").obtain == "before_applying"


def _tier(text: str, title: str):
    requirements = msgspec.convert(msgspec.to_builtins(extract(text)), Requirements)
    job = posting(title=title, requirements=msgspec.to_builtins(requirements))
    found = assess(person(credentials=[], drivers_license=True), job, TODAY)
    return found.tier, {reason.code for reason in found.reasons}


@pytest.mark.parametrize(
    "text",
    [
        "Yard Helper. Must obtain a CDL Class B within 6 months of hire; we pay for the school.",
        "Yard Helper. A valid CDL must be obtained within 90 days of hire.",
        "Yard Helper. You must obtain a Class B commercial driver's license by the end of the"
        " probationary period.",
    ],
)
def test_a_cdl_got_after_hire_is_a_to_do_on_an_eligible_job(text):
    tier, codes = _tier(text, "Yard Helper")
    assert tier == "eligible"
    assert "credential_to_get" in codes
    assert "credential_missing" not in codes


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("Maintenance Worker. Requirements: a journeyman plumber license or four years of"
         " experience as a plumber.", "eligible"),
        ("Maintenance Worker. Requirements: four years of experience as a plumber, and a valid"
         " journeyman plumber license.", "excluded"),
        ("Maintenance Worker. Some positions may require a journeyman plumber license.",
         "eligible"),
        ("Maintenance Worker. A journeyman plumber license is required at the time of filing.",
         "excluded"),
    ],
)  # fmt: skip
def test_only_a_license_asked_of_everyone_before_hire_excludes(text, tier):
    assert _tier(text, "Maintenance Worker")[0] == tier


@pytest.mark.parametrize(
    ("short", "long", "same"),
    [
        ("PE license", "Registration as a Professional Engineer", True),
        ("EIT certification", "engineer-in-training certificate", True),
        ("RN license", "registered nurse license", True),
        ("CDL", "commercial driver's license", False),
        ("PE license", "pesticide applicator license", False),
        ("osha 10", "occupational safety and health", False),
    ],
)
def test_a_credential_written_by_its_initials_is_the_same_credential(short, long, same):
    assert abbreviates(short, long) is same


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Must have experience with pallet jacks or forklifts and a valid CDL Class A.",
         "CDL Class A"),
        ("CDL Class A and 2 years of experience, or 1 year of experience with a tanker"
         " endorsement.", "CDL Class A"),
        ("A Class A CDL is required in place of a standard license.", "Class A CDL"),
    ],
)  # fmt: skip
def test_an_or_elsewhere_in_the_sentence_leaves_the_credential_required(text, words):
    assert not is_one_way_to_qualify(*_at(text, words))


@pytest.mark.parametrize(
    "text",
    [
        "A Class A CDL is required for positions in Kansas City and Lenexa.",
        "A valid CDL is required to drive between specific locations.",
    ],
)
def test_where_the_job_is_is_not_some_positions(text):
    assert not is_for_some_positions(*_at(text, "CDL"))
