"""Reading rules of the sixth precision pass (issue #15): each acts on one sentence and leaves
alone another that looks like it."""

from __future__ import annotations

import pytest

from jobs.skills.extract import shipped_extractor
from jobs.skills.lone_examples import general_words
from jobs.skills.not_the_job import crew_size
from jobs.skills.open_skills import find_open_phrases, in_a_such_as_list
from jobs.skills.reading_what import object_read
from jobs.skills.safety_topic import topic_after

_COMPETENCIES = "In the interview, the following competencies may be evaluated: "


def test_a_competency_named_with_and_is_one_competency():
    # LABELLING.md, competency lists: one label per competency, in the posting's words.
    text = _COMPETENCIES + "Responsiveness and Follow-Up, Flexibility, and Job Knowledge."
    phrases = [p.text for p in find_open_phrases(text)]
    assert "Responsiveness and Follow-Up" in phrases
    assert "Follow-Up" not in phrases


def test_a_lower_case_competency_list_keeps_its_names_whole():
    text = _COMPETENCIES + "supervision, responsiveness and follow-up, teamwork."
    assert "responsiveness and follow-up" in [p.text for p in find_open_phrases(text)]


def test_an_adjective_before_and_still_shares_the_noun():
    # "Oral and Written Communication" names two competencies, as any list would.
    text = _COMPETENCIES + "Oral and Written Communication, Teamwork."
    phrases = [p.text for p in find_open_phrases(text)]
    assert "Oral and Written Communication" not in phrases
    assert "Written Communication" in phrases


def test_the_items_of_job_knowledge_split_as_any_list():
    # After "Job Knowledge, including ..." the items are knowledge, not competency names.
    text = (
        _COMPETENCIES
        + "Teamwork, and Job Knowledge, including structural, dynamic and static analysis."
    )
    phrases = [p.text for p in find_open_phrases(text)]
    assert "dynamic and static analysis" not in phrases
    assert "static analysis" in phrases


def test_a_list_that_is_not_of_competencies_splits_on_and():
    text = "Knowledge of: brazing and soldering."
    assert [p.text for p in find_open_phrases(text)] == ["brazing", "soldering"]


@pytest.fixture(scope="module")
def shipped():
    """The extractor over the shipped taxonomy."""
    return shipped_extractor()


def _safety_labels(extractor, text: str) -> list[str]:
    return [s.label for s in extractor.extract(text).skills if s.label.endswith("safety")]


@pytest.mark.parametrize(
    ("words", "label"),
    [
        ("safety practices for use of creosote", "creosote safety"),
        ("safety rules, policies, and procedures related to laboratory work", "laboratory safety"),
        ("safety precautions in a wastewater treatment plant", "wastewater treatment plant safety"),
        (
            "safety procedures and equipment required when working with or around automotive"
            " equipment",
            "automotive equipment safety",
        ),
    ],
)
def test_safety_is_named_by_what_it_covers(shipped, words, label):
    text = f"Candidates may be examined for knowledge of: {words}; and blueprint reading."
    assert _safety_labels(shipped, text) == [label]


@pytest.mark.parametrize(
    "words",
    [
        "safety practices",  # nothing said about what it covers
        "safety principles and practices related to the job",  # says nothing either
        "safety principles and practices related to the preparation and conduct of programs",
    ],
)
def test_safety_without_a_topic_keeps_its_label(shipped, words):
    text = f"Candidates may be examined for knowledge of: {words}; and blueprint reading."
    assert _safety_labels(shipped, text) == ["workplace safety"]


def test_the_topic_stops_at_a_clause():
    text = "safety principles and practices sufficient to implement and enforce safety regulations"
    assert topic_after(text, len("safety principles and practices")) is None
    text = "safety rules and practices applicable to landscape and horticultural work including"
    assert topic_after(text, len("safety rules and practices")) == "landscape"


def _reading(extractor, text: str) -> list[tuple[str, str | None]]:
    return [(s.label, s.id) for s in extractor.extract(text).skills if "read" in s.label]


def test_reading_a_kind_of_document_is_named_by_it(shipped):
    text = (
        "Requirements\n- Ability to read and understand written instructions and labels in English"
    )
    assert _reading(shipped, text) == [("reading written instructions", None)]


@pytest.mark.parametrize(
    "text",
    [
        "Requirements\n- Ability to read and understand written information",
        "Requirements\n- Ability to read and understand English",
        "Requirements\n- Must be able to read and understand.",
    ],
)
def test_reading_writing_in_general_stays_reading_comprehension(shipped, text):
    assert _reading(shipped, text) == [("reading comprehension", "reading_comprehension")]


def test_the_object_read_ends_with_its_list_item():
    text = "read and understand the construction plans, circuit, and wiring diagrams"
    assert object_read(text, len("read and understand")) == "construction plans"


def _labels(extractor, text: str) -> set[str]:
    return {s.label for s in extractor.extract(text).skills}


def test_the_second_of_two_verbs_is_read_with_the_first_thing_only(shipped):
    labels = _labels(
        shipped, "Responsibilities\n- Clean and maintain brushes, rollers and spray equipment"
    )
    assert {"cleaning brushes", "maintaining brushes", "cleaning rollers"} <= labels
    assert {"cleaning spray equipment"} <= labels
    assert not {"maintaining rollers", "maintaining spray equipment"} & labels


def test_one_verb_is_read_with_every_thing_it_acts_on(shipped):
    labels = _labels(shipped, "Responsibilities\n- Clean equipment, work surfaces and floors")
    assert {"cleaning equipment", "cleaning work surfaces", "cleaning floors"} <= labels


def test_a_step_of_running_leaves_the_things_to_running(shipped):
    text = "Duties\n- Start up, run and shut down bagging machines, twist-tie and clip machines"
    assert "running clip machines" in _labels(shipped, text)


@pytest.mark.parametrize(
    "line",
    ["Work in a team of 15 to 25 associates", "must work fast. work in teams of 2-3."],
)
def test_the_size_of_a_crew_is_not_teamwork(shipped, line):
    assert "teamwork" not in _labels(shipped, f"Duties\n- {line}")


def test_working_in_a_team_is_teamwork(shipped):
    assert "teamwork" in _labels(shipped, "Duties\n- Work in a team to load trucks")


def test_crew_size_reads_the_number_after_the_team():
    text = "work in a team of four and a team of people"
    assert crew_size(text, 0, len("work in a team"))
    assert not crew_size(text, text.rfind("a team"), text.rfind("a team") + len("a team"))


@pytest.mark.parametrize(
    ("text", "example"),
    [
        (
            "Candidates may be examined for the ability to: use tools such as electric drills,"
            " hammers, staplers, power nailers, and tin snips; and read blueprints.",
            "nail gun",
        ),
        (
            "Knowledge of: computers and office software (such as Microsoft Office Suite).",
            "microsoft office",
        ),
    ],
)
def test_a_taxonomy_skill_named_only_as_an_example_is_not_listed(shipped, text, example):
    assert example not in _labels(shipped, text)


def test_an_example_asked_on_its_own_too_is_listed(shipped):
    text = (
        "Knowledge of: office software (such as Microsoft Office Suite).\n"
        "Requirements\n- Two years of experience with Microsoft Office Suite"
    )
    assert "microsoft office" in _labels(shipped, text)


@pytest.mark.parametrize(
    ("text", "word", "listed"),
    [
        ("use tools such as electric drills, hammers, power nailers", "nailers", True),
        ("office software (such as Microsoft Office Suite)", "Microsoft", True),
        ("such as glassware and balances, in order to set up and calibrate", "calibrate", False),
        ("equipment such as forklifts. Operate the forklift", "forklift", False),
    ],
)
def test_an_item_of_a_such_as_list(text, word, listed):
    assert in_a_such_as_list(text, text.rfind(word)) is listed


def test_a_lone_example_is_listed_under_its_general_words(shipped):
    text = (
        "Installs and repairs communications equipment such as microwave radio, trunking two-way"
        " radio, VoIP telephony and SCADA."
    )
    skills = [s for s in shipped.extract(text).skills if s.label == "communications equipment"]
    assert len(skills) == 1
    assert skills[0].id is None
    assert skills[0].examples  # the linked skill, kept as the example (as merging keeps them)
    assert "two-way radio" in [e.text for e in skills[0].evidence]


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        (
            "Knows office rules and procedures such as payroll processing and employee scheduling.",
            "payroll processing",
        ),
        (
            "Applies federal rules and laws such as the Americans with Disabilities Act to hiring.",
            "ada requirements",
        ),
    ],
)
def test_examples_of_a_single_generic_word_stay_skills(shipped, text, skill):
    # "procedures" or "laws" alone would be a bare generic word standing for the skill.
    listed = shipped.extract(text).skills
    assert not [s for s in listed if s.id is None and s.label in ("procedures", "laws")]
    assert skill in [s.label for s in listed if s.id is not None]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("repairs communications equipment such as microwave radio", "communications equipment"),
        ("performing diagnostic testing such as EKGs", "diagnostic testing"),
        ("use tools such as electric drills", None),  # "tools" names nothing alone
    ],
)
def test_the_general_words_before_such_as(text, words):
    assert general_words(text, len(text) - 1) == words
