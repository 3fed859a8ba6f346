"""No skill from the wrong occupation (issue #15): words that name another person's role, an
agency or a law, a subject studied, what the employer makes, what an inspector checks, or a
different noun are not read as the job's skill; the same words where they are the job's work
still are. Sentences are our own."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jobs.skills.extract import extract
from jobs.skills.linking import (
    _ROLE_NOUNS,
    about_the_employer,
    in_an_agency_name,
    names_a_role,
    names_a_study,
    settle_unsupported,
)
from jobs.skills.requirements import SkillMention


def _ids(text: str, title: str | None = None) -> set[str | None]:
    return {skill.id for skill in extract(text, title=title).skills}


def _labels(text: str, title: str | None = None) -> set[str]:
    return {skill.label for skill in extract(text, title=title).skills}


def _at(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_another_persons_role_is_not_a_skill():
    text = "Keep in touch with your line lead and hand full pallets to the forklift driver."
    assert names_a_role(text, *_at(text, "line lead"), title="Packaging Associate")
    assert names_a_role(text, *_at(text, "forklift"), title="Packaging Associate")
    ids = _ids(text, title="Packaging Associate")
    assert "forklift_operation" not in ids and "line_leading" not in ids


def test_the_role_the_posting_hires_for_stays_a_skill():
    hiring = "Forklift operators with a year of experience start at $19 an hour."
    assert not names_a_role(hiring, *_at(hiring, "Forklift"), title="General Warehouse")
    assert "forklift_operation" in _ids(hiring, title="General Warehouse")
    own = "Talk with the forklift operators on each shift."
    assert not names_a_role(own, *_at(own, "forklift"), title="Forklift Operator - Days")
    lead = "May act as a lead over two helpers."
    assert not names_a_role(lead, *_at(lead, "act as a lead"))


def test_a_role_written_as_a_name_is_a_title():
    text = "One year as a Plumbing Inspector or Heating and Refrigeration Inspector."
    assert names_a_role(text, *_at(text, "Heating"), title="Housing Inspector")
    assert names_a_role(text, *_at(text, "Plumbing Inspector"), title="Housing Inspector")
    surveyor = "Two years as a Crane/Derrick Surveyor."
    assert names_a_role(surveyor, *_at(surveyor, "Crane"), title="Safety Engineer")
    letters = "Certified Safety Manager (CSM) or an equal designation."
    assert names_a_role(letters, *_at(letters, "CSM"))
    past = "Prior experience as a lifeguard is a plus."
    assert names_a_role(past, *_at(past, "lifeguard"), title="Park Ranger")
    assert not names_a_role(past, *_at(past, "lifeguard"), title="Pool Lifeguard")


@given(st.sampled_from(sorted(_ROLE_NOUNS)))
def test_any_role_noun_after_the_words_makes_them_someone_elses_role(role):
    text = f"Send the daily count to the forklift {role} before noon."
    assert names_a_role(text, *_at(text, "forklift"), title="Order Picker")
    plain = "Send the daily count to the forklift before noon."
    assert not names_a_role(plain, *_at(plain, "forklift"), title="Order Picker")


def test_an_agency_or_a_law_is_not_a_skill():
    text = "A certificate issued by the Department of Industrial Relations is required."
    assert in_an_agency_name(text, *_at(text, "Industrial Relations"))
    assert "labor_relations" not in _ids(text)
    bill = "Certification under Assembly Bill 717 is required within two years."
    assert in_an_agency_name(bill, *_at(bill, "Assembly"))
    code = "Knowledge of the National Electrical Code and OSHA rules."
    assert not in_an_agency_name(code, *_at(code, "National Electrical Code"))
    assert "national_electrical_code" in _ids(code)


def test_a_subject_studied_is_not_a_skill():
    text = "Completion of a course in auto mechanics, machine shop, welding or plumbing."
    assert names_a_study(text, text.index("welding"))
    assert not {"welding", "plumbing"} & _ids(text, title="Mechanical Helper")
    duty = "Weld brackets and patch plumbing leaks in the shop."
    assert not names_a_study(duty, duty.index("plumbing"))


def test_what_the_employer_makes_is_not_the_jobs_skill():
    text = "Prairie Oven Works bakes bread and rolls for schools across three states."
    assert about_the_employer(text, *_at(text, "bakes bread"))
    assert "baking" not in _ids(text, title="Packaging Helper")
    client = "Our client builds HVAC units in a clean, air-conditioned plant."
    assert about_the_employer(client, *_at(client, "HVAC"))
    staff = "Night Shift Technicians install HVAC units in new homes."
    assert not about_the_employer(staff, *_at(staff, "HVAC"))
    assert "baking" in _ids("Bake bread and rolls from scratch every morning.", title="Baker")


def test_what_an_inspector_checks_is_not_the_inspectors_trade():
    text = (
        "Inspects boilers and pressure vessels for conformance to the codes governing their "
        "design, fabrication and installation."
    )
    read = extract(text, title="Boiler Inspector").skills
    assert "structural_fabrication" not in {s.id for s in read}
    assert "fabrication" not in {s.label for s in read}
    welder = "Metal fabrication and MIG welding of trailer frames."
    assert "structural_fabrication" in _ids(welder, title="Welder")


def test_words_that_describe_another_noun_are_not_a_skill():
    maps = "Read patrol maps and circuit diagrams to find street light outages."
    assert not {"patrol", "security patrol"} & _labels(maps, title="Street Light Electrician")
    guard = "Patrol the property on foot and check every door."
    assert "security_patrol" in _ids(guard, title="Security Officer")


def test_a_short_duty_phrase_needs_its_trade_in_the_sentence():
    washers = "Load and unload industrial washers and dryers."
    assert "loading_and_unloading_trucks" not in _ids(washers, title="Laundry Worker")
    trailers = "Load and unload trailers at the dock."
    assert "loading_and_unloading_trucks" in _ids(trailers, title="Dock Worker")
    pipe = (
        "Responsibilities\n- Dig trenches for drain lines\n- Cut and glue PVC, cut and thread pipe"
    )
    assert "painting" not in _ids(pipe, title="Plumber Helper")
    walls = "Responsibilities\n- Cut in and roll walls and ceilings with a brush and roller"
    assert "painting" in _ids(walls, title="Painter Helper")
    rules = "Personnel rules on timekeeping and leave for subordinate employees."
    assert "payroll_processing" not in _ids(rules, title="Carpenter Supervisor")
    assert "timekeeping" not in _labels(rules, title="Carpenter Supervisor")


def test_a_head_noun_of_another_trade_refuses_the_link():
    piping = "Read piping schematics and isometric drawings."
    assert "wiring_diagrams" not in _ids(piping, title="Pipefitter")
    wiring = "Read wiring schematics for motor control circuits."
    assert "wiring_diagrams" in _ids(wiring, title="Maintenance Electrician")


def test_words_given_back_to_a_skill_whose_id_is_their_own_label():
    # Free-text words "dispatching" share their key with the skill id "dispatching": giving
    # them back to the skill must not lose it (it once raised KeyError and lost the posting).
    # Only a link elsewhere in the posting supports the skill: the words' own key does not.
    words = SkillMention(None, "dispatching", "Dispatching", 0, 11, True)
    linked = SkillMention("dispatching", "dispatching", "Dispatching", 0, 11, True)
    skills = {"dispatching": [words]}
    settle_unsupported(skills, [(words, linked)])
    assert skills == {"dispatching": [words]}
    elsewhere = SkillMention("dispatching", "dispatching", "dispatch trucks", 40, 55, True)
    skills = {"dispatching": [words, elsewhere]}
    settle_unsupported(skills, [(words, linked)])
    assert skills == {"dispatching": [elsewhere, linked]}
