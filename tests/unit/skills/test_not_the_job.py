"""The employer's own name and a device to apply with are not skills of the job (issue #15):
"Prairie Dog Plumbing & Drain" does not make plumbing a skill of every job the firm posts, and
needing a phone for the time clock is not knowing how to use one. Postings are our own."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jobs.skills.not_the_job import about_applying, device_to_have, firm_names, in_the_firm_name
from tests.unit.skills.readings import ids_of, span_of

_HEADER = (
    "Shop Helper\n"
    "Prairie Dog Plumbing & Drain · Lenexa, KS · Full-time · $18/hr\n"
    "About the job\n"
    "Prairie Dog Plumbing & Drain is a family shop. You will load the van, sweep the shop and "
    "keep the parts shelves stocked.\n"
)


def test_the_firm_named_on_the_header_line_is_found():
    assert firm_names(_HEADER) == ("Prairie Dog Plumbing & Drain",)
    dash = "Line Cook\nBlue Heron Smokehouse BBQ - Olathe, KS 66061\nCook sides and run the pit."
    assert firm_names(dash) == ("Blue Heron Smokehouse BBQ",)


def test_a_word_in_the_firm_name_is_not_a_skill_wherever_the_name_is_written():
    first = _HEADER.index("Plumbing")
    second = _HEADER.index("Plumbing", first + 1)
    assert in_the_firm_name(_HEADER, first, first + len("Plumbing"))
    assert in_the_firm_name(_HEADER, second, second + len("Plumbing"))
    assert "plumbing" not in ids_of(_HEADER, title="Shop Helper")


def test_the_same_word_as_the_jobs_own_work_is_still_a_skill():
    text = _HEADER + "Help the plumbers with residential plumbing repair on service calls.\n"
    start, end = span_of(text, "plumbing repair")
    assert not in_the_firm_name(text, start, end)
    assert "plumbing" in ids_of(text, title="Shop Helper")


def test_one_capitalised_word_before_a_place_is_not_taken_for_a_firm():
    assert firm_names("Welding - Kansas City, KS\nWeld frames with MIG.") == ()


def test_a_phone_the_applicant_must_have_is_not_a_skill():
    text = "Drive to a new store each week. Smartphone required for the clock-in app."
    assert device_to_have(text, *span_of(text, "Smartphone"))
    assert "smartphone_and_app_use" not in ids_of(text)
    have = "You must have a working cell phone."
    assert device_to_have(have, *span_of(have, "cell phone"))


def test_an_interview_taken_on_a_tablet_is_not_a_skill():
    text = (
        "Candidates may take the interview on an electronic device (for example a computer, "
        "mobile device or tablet) using a video call program such as Zoom."
    )
    assert device_to_have(text, *span_of(text, "tablet"))
    ids = ids_of(text)
    assert "tablet" not in ids and "smartphone_and_app_use" not in ids


def test_skills_with_a_device_stay_skills():
    for text, words in (
        ("Computer skills required.", "Computer skills"),
        ("Must have computer experience and typing speed of 40 wpm.", "computer experience"),
        ("Scan totes with a handheld tablet and update counts in the app.", "tablet"),
    ):
        assert not device_to_have(text, *span_of(text, words)), text


@given(st.sampled_from(["Smartphone", "Cell phone", "Mobile phone", "Tablet", "Laptop"]),
       st.sampled_from(["required", "is required", "needed", "a must"]))  # fmt: skip
def test_any_device_said_to_be_required_is_something_to_have(device, needed):
    text = f"{device} {needed} for scheduling."
    assert device_to_have(text, 0, len(device))


# The hiring process, in our own words: how to file, what to attach, how the candidates' list
# is made, a course the employer has new hires finish before probation ends.
_APPLYING_POSTING = (
    "Lab Aide\n"
    "Duties: wash glassware, log samples and keep the bench clean.\n"
    "Applicants may speed up review by attaching transcripts listing chemistry or biology "
    "courses to the on-line application.\n"
    "The Staffing Office may answer questions and resolve problems before the eligible list is "
    "set.\n"
    "New hires must pass a first aid and CPR course before completing probation.\n"
)


def test_the_hiring_process_is_not_a_skill_of_the_job():
    for words in ("chemistry", "resolve problems", "first aid"):
        start, end = span_of(_APPLYING_POSTING, words)
        assert about_applying(_APPLYING_POSTING, start, end)
    ids = ids_of(_APPLYING_POSTING, title="Lab Aide")
    assert not {"chemistry", "problem_solving"} & set(ids)


def test_the_same_words_in_the_work_stay_skills():
    text = "Lab Aide\nDuties: resolve problems with chemistry glassware and log samples.\n"
    start, end = span_of(text, "chemistry")
    assert not about_applying(text, start, end)
    assert "problem_solving" in ids_of(text, title="Lab Aide")


@given(
    st.sampled_from(
        [
            "the eligible list",
            "your transcripts",
            "the application process",
            "the city application",
            "completing probation",
        ]
    )
)
def test_any_sentence_naming_the_hiring_process_is_about_applying(words):
    text = f"Plan to resolve problems with {words} early."
    start, end = span_of(text, "resolve problems")
    assert about_applying(text, start, end)
