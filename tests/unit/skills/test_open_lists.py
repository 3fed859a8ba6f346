"""Civil-service lists read item by item, single listed nouns, free-text noise, certificates of
completion and the general credentials and skills added to the taxonomy (2026.11.5)."""

from __future__ import annotations

import pytest

from jobs.skills.completion import find_completion_certificates
from jobs.skills.extract import shipped_extractor
from jobs.skills.licenses import find_named_credentials
from jobs.skills.open_skills import find_open_phrases, is_free_text_skill, is_listed_word


@pytest.fixture(scope="module")
def shipped():
    """The extractor over the shipped taxonomy."""
    return shipped_extractor()


@pytest.fixture
def readers(shipped, monkeypatch):
    """The shipped extractor without its keep model (jobs.skills.keep): what the readers find."""
    monkeypatch.setattr(shipped, "keep_model", None)
    return shipped


def test_a_semicolon_list_without_a_colon_is_read_item_by_item():
    text = "Tests cover knowledge of pump overhaul; valve packing; and pipe threading methods."
    phrases = [p.text for p in find_open_phrases(text)]
    assert {"pump overhaul", "valve packing", "pipe threading methods"} <= set(phrases)
    assert all(p.listed for p in find_open_phrases(text))


def test_a_cue_without_a_list_still_stops_at_the_clause():
    phrases = find_open_phrases("Some knowledge of boiler tending - a plus. Weekends; nights.")
    assert [p.text for p in phrases] == ["boiler tending"]
    assert not phrases[0].listed


@pytest.mark.parametrize(
    ("word", "kept"),
    [
        ("sealants", True),
        ("gaskets", True),
        ("techniques", False),  # too general on its own
        ("standards", False),
        ("internal", False),  # an adjective whose noun went with the next item
        ("seasonal", False),
        ("state", False),  # "local, state and federal laws"
        ("private", False),
        ("quickly", False),
        ("saturday", False),
        ("vendors", False),  # people
        ("pipe", False),  # too short to tell
    ],
)
def test_listed_words(word, kept):
    assert is_listed_word(word) is kept


def test_single_listed_nouns_are_skills_but_ability_verbs_are_not(readers):
    text = (
        "Candidates may be examined for knowledge of: sealants, gaskets and grommets; "
        "and the ability to: inspect, adjust and overhaul winches."
    )
    skills = readers.extract(text).skills
    words = {s.text for s in skills} | {s.label for s in skills}
    assert "sealants" in words  # a taxonomy synonym
    # One unknown lower-case word alone is not specific enough to stand as a free-text skill
    # (issue 15: bare words cut out of lists were a third of the wrong skills).
    assert not {"gaskets", "grommets"} & {s.label for s in skills if s.id is None}
    # A listed verb alone is no skill; it shares the thing the last verb acts on.
    labels = {s.label for s in skills}
    assert not {"inspect", "adjust"} & labels
    assert {"inspect winches", "adjust winches"} <= labels
    evidence = {s.label: s.text for s in skills}
    assert evidence["adjust winches"] == "adjust"  # the span is the posting's own word


def test_verbs_of_an_ability_list_share_the_first_longer_part(shipped):
    text = "Ability to plan, organize and coordinate guide services, special events and tours."
    labels = {s.label for s in shipped.extract(text).skills}
    assert {"plan guide services", "organize guide services"} <= labels
    assert "organize" not in labels


@pytest.mark.parametrize(
    "phrase",
    [
        "design comprehensive",  # an adjective that lost its noun
        "draft financial",
        "crew involved",
        "local stakeholders",  # people
        "neighborhood residents",
        "Federal",  # an adjective written as a name
        "three years of full-time",  # experience, not a skill
        "office of the treasurer",  # an organisation
        "including: safety hazards",  # the seam of a list
        "inventory control is desired",  # a clause
        "reliable internet connection",  # what the applicant needs at home
        "around heavy vehicles",
    ],
)
def test_free_text_noise_is_dropped(phrase):
    assert not is_free_text_skill(phrase)


def test_free_text_skills_still_kept():
    assert is_free_text_skill("boiler tending")
    assert is_free_text_skill("fiber optic splicing")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "Applicants must attach a certificate of completion of the Pipefitting Program.",
            "Pipefitting Program certificate of completion",
        ),
        (
            "Those using a 12-month or longer welding technology program must attach a "
            "certificate of completion to the application.",
            "welding technology program certificate of completion",
        ),
        (
            "Certificate of completion for the Basic Rigging Course offered by a trade school.",
            "Basic Rigging Course certificate of completion",
        ),
        (
            "Certificate of completion of the Heavy Equipment (HEO) program at a college.",
            "Heavy Equipment (HEO) program certificate of completion",
        ),
    ],
)
def test_certificates_of_completion_name_their_program(text, label):
    assert [c.label for c in find_completion_certificates(text)] == [label]


def test_a_bare_certificate_of_completion_is_no_credential():
    text = "Attach your Certificate of Completion to the application."
    assert find_completion_certificates(text) == []
    assert find_named_credentials(text) == []


def test_a_hedged_certificate_of_completion_is_not_required():
    text = "A certificate of completion of a forklift safety course is preferred."
    (credential,) = find_completion_certificates(text)
    assert credential.label == "forklift safety course certificate of completion"
    assert not credential.required


def test_network_certificates_are_credentials(shipped):
    text = "Requires a CCNA, CCNP or CompTIA Network+ certification; CCIE a plus."
    ids = {c.id for c in shipped.extract(text).credentials}
    assert {"ccna", "ccnp", "comptia_network_plus", "ccie"} <= ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Duties include soldering and brazing, and support for collective bargaining.",
            {"soldering", "brazing", "collective_bargaining"},
        ),
        (
            "Runs gas chromatography and spectrophotometry; handles public relations and "
            "FAA rules.",
            {"chromatography", "spectroscopy", "public_relations", "faa_regulations"},
        ),
    ],
)
def test_skills_added_to_the_taxonomy(shipped, text, expected):
    ids = {s.id for s in shipped.extract(text).skills}
    assert expected <= ids


def test_an_ability_item_that_names_a_skill_is_kept_as_free_text(shipped):
    text = "Candidates may be tested for the ability to: splice mooring hawsers; read tide tables."
    labels = {s.label for s in shipped.extract(text).skills}
    assert "splice mooring hawsers" in labels


def test_equipment_named_after_such_as_are_examples_not_skills(readers):
    # LABELLING.md, "Lists under a general skill": the examples of a general noun are not
    # labels of their own unless asked for on their own; a taxonomy skill among them stays.
    text = (
        "Installs and repairs communications equipment such as microwave radio, trunking two-way "
        "radio, VoIP telephony and SCADA."
    )
    skills = readers.extract(text).skills
    words = {s.text.lower() for s in skills} | {s.label.lower() for s in skills}
    assert not {"microwave radio", "voip telephony"} & words
    assert "two-way radio" in words  # read by the taxonomy matcher
    alone = "Knowledge of: microwave radio; VoIP telephony; SCADA."
    skills = readers.extract(alone).skills
    words = {s.text.lower() for s in skills} | {s.label.lower() for s in skills}
    assert {"microwave radio", "voip telephony"} <= words


def test_hyphenated_competency_names_are_skills(shipped):
    text = (
        "In the interview, the following competencies may be evaluated: Self-Management; Teamwork."
    )
    labels = {s.label.lower() for s in shipped.extract(text).skills}
    assert "self-management" in labels


@pytest.mark.parametrize(
    ("written", "named"),
    [
        ("available reference books", "reference books"),
        ("relevant software programs", "software programs"),
        ("the pertinent sample matrix", "sample matrix"),
        ("more difficult audits", "audits"),
    ],
)
def test_words_that_judge_or_count_a_thing_are_not_its_name(written, named):
    phrases = [p.text for p in find_open_phrases(f"Tests cover knowledge of {written}; typing.")]
    assert phrases == [named, "typing"]


def test_a_named_skill_keeps_a_word_that_is_part_of_its_name():
    # "Safe", "basic" and the like are stripped already; a judging word inside a name stays.
    phrases = [p.text for p in find_open_phrases("Knowledge of refuse collection efficiency.")]
    assert phrases == ["refuse collection efficiency"]


@pytest.mark.parametrize(
    "phrase",
    [
        "fulfill equal employment opportunity",
        "civil service selection procedures",
        "appointing authority",
        "manual of operations",
        "Manual of Operation",
    ],
)
def test_the_employers_own_rules_and_hiring_are_not_free_text_skills(phrase):
    assert not is_free_text_skill(phrase)


@pytest.mark.parametrize("competency", ["Industry Knowledge", "Job Knowledge"])
def test_catch_all_competencies_name_no_skill(competency):
    text = f"The following competencies may be evaluated: Teamwork, {competency}, Initiative."
    assert competency.lower() not in [p.text.lower() for p in find_open_phrases(text)]
