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
    cited_as_a_reason,
    describes_a_thing,
    in_an_agency_name,
    names_a_role,
    names_a_study,
    settle_unsupported,
)
from jobs.skills.requirements import SkillMention
from tests.unit.skills.readings import ids_of, labels_of, span_of


def test_another_persons_role_is_not_a_skill():
    text = "Keep in touch with your line lead and hand full pallets to the forklift driver."
    assert names_a_role(text, *span_of(text, "line lead"), title="Packaging Associate")
    assert names_a_role(text, *span_of(text, "forklift"), title="Packaging Associate")
    ids = ids_of(text, title="Packaging Associate")
    assert "forklift_operation" not in ids and "line_leading" not in ids


def test_the_role_the_posting_hires_for_stays_a_skill():
    hiring = "Forklift operators with a year of experience start at $19 an hour."
    assert not names_a_role(hiring, *span_of(hiring, "Forklift"), title="General Warehouse")
    assert "forklift_operation" in ids_of(hiring, title="General Warehouse")
    own = "Talk with the forklift operators on each shift."
    assert not names_a_role(own, *span_of(own, "forklift"), title="Forklift Operator - Days")
    lead = "May act as a lead over two helpers."
    assert not names_a_role(lead, *span_of(lead, "act as a lead"))


def test_a_role_written_as_a_name_is_a_title():
    text = "One year as a Plumbing Inspector or Heating and Refrigeration Inspector."
    assert names_a_role(text, *span_of(text, "Heating"), title="Housing Inspector")
    assert names_a_role(text, *span_of(text, "Plumbing Inspector"), title="Housing Inspector")
    surveyor = "Two years as a Crane/Derrick Surveyor."
    assert names_a_role(surveyor, *span_of(surveyor, "Crane"), title="Safety Engineer")
    letters = "Certified Safety Manager (CSM) or an equal designation."
    assert names_a_role(letters, *span_of(letters, "CSM"))
    past = "Prior experience as a lifeguard is a plus."
    assert names_a_role(past, *span_of(past, "lifeguard"), title="Park Ranger")
    assert not names_a_role(past, *span_of(past, "lifeguard"), title="Pool Lifeguard")


@given(st.sampled_from(sorted(_ROLE_NOUNS)))
def test_any_role_noun_after_the_words_makes_them_someone_elses_role(role):
    text = f"Send the daily count to the forklift {role} before noon."
    assert names_a_role(text, *span_of(text, "forklift"), title="Order Picker")
    plain = "Send the daily count to the forklift before noon."
    assert not names_a_role(plain, *span_of(plain, "forklift"), title="Order Picker")


def test_an_agency_or_a_law_is_not_a_skill():
    text = "A certificate issued by the Department of Industrial Relations is required."
    assert in_an_agency_name(text, *span_of(text, "Industrial Relations"))
    assert "labor_relations" not in ids_of(text)
    bill = "Certification under Assembly Bill 717 is required within two years."
    assert in_an_agency_name(bill, *span_of(bill, "Assembly"))
    code = "Knowledge of the National Electrical Code and OSHA rules."
    assert not in_an_agency_name(code, *span_of(code, "National Electrical Code"))
    assert "national_electrical_code" in ids_of(code)
    orders = "A line clearance tree trimmer is defined per the Electrical Safety Orders, Section 9."
    assert in_an_agency_name(orders, *span_of(orders, "Electrical Safety"))
    assert "electrical_safety" not in ids_of(orders)


def test_a_law_cited_as_the_reason_for_a_rule_is_not_a_skill():
    text = "Cal/OSHA Regulations require that every operator wear a breathing apparatus."
    assert cited_as_a_reason(text, *span_of(text, "Cal/OSHA Regulations"))
    assert "cal_osha_regulations" not in ids_of(text)
    based = "Based on Cal/OSHA regulations, our rules require a clean-shaven face."
    assert cited_as_a_reason(based, *span_of(based, "Cal/OSHA regulations"))
    asked = "Knowledge of Cal/OSHA regulations and safe work practices."
    assert not cited_as_a_reason(asked, *span_of(asked, "Cal/OSHA regulations"))
    assert "cal_osha_regulations" in ids_of(asked)


def test_a_subject_studied_is_not_a_skill():
    text = "Completion of a course in auto mechanics, machine shop, welding or plumbing."
    assert names_a_study(text, text.index("welding"))
    assert not {"welding", "plumbing"} & ids_of(text, title="Mechanical Helper")
    duty = "Weld brackets and patch plumbing leaks in the shop."
    assert not names_a_study(duty, duty.index("plumbing"))


def test_what_the_employer_makes_is_not_the_jobs_skill():
    text = "Prairie Oven Works bakes bread and rolls for schools across three states."
    assert about_the_employer(text, *span_of(text, "bakes bread"))
    assert "baking" not in ids_of(text, title="Packaging Helper")
    client = "Our client builds HVAC units in a clean, air-conditioned plant."
    assert about_the_employer(client, *span_of(client, "HVAC"))
    staff = "Night Shift Technicians install HVAC units in new homes."
    assert not about_the_employer(staff, *span_of(staff, "HVAC"))
    assert "baking" in ids_of("Bake bread and rolls from scratch every morning.", title="Baker")


def test_what_an_inspector_checks_is_not_the_inspectors_trade():
    text = (
        "Inspects boilers and pressure vessels for conformance to the codes governing their "
        "design, fabrication and installation."
    )
    read = extract(text, title="Boiler Inspector").skills
    assert "structural_fabrication" not in {s.id for s in read}
    assert "fabrication" not in {s.label for s in read}
    welder = "Metal fabrication and MIG welding of trailer frames."
    assert "structural_fabrication" in ids_of(welder, title="Welder")


def test_words_that_describe_another_noun_are_not_a_skill():
    maps = "Read patrol maps and circuit diagrams to find street light outages."
    assert not {"patrol", "security patrol"} & labels_of(maps, title="Street Light Electrician")
    guard = "Patrol the property on foot and check every door."
    assert "security_patrol" in ids_of(guard, title="Security Officer")


def test_a_short_duty_phrase_needs_its_trade_in_the_sentence():
    washers = "Load and unload industrial washers and dryers."
    assert "loading_and_unloading_trucks" not in ids_of(washers, title="Laundry Worker")
    trailers = "Load and unload trailers at the dock."
    assert "loading_and_unloading_trucks" in ids_of(trailers, title="Dock Worker")
    pipe = (
        "Responsibilities\n- Dig trenches for drain lines\n- Cut and glue PVC, cut and thread pipe"
    )
    assert "painting" not in ids_of(pipe, title="Plumber Helper")
    walls = "Responsibilities\n- Cut in and roll walls and ceilings with a brush and roller"
    assert "painting" in ids_of(walls, title="Painter Helper")
    rules = "Personnel rules on timekeeping and leave for subordinate employees."
    assert "payroll_processing" not in ids_of(rules, title="Carpenter Supervisor")
    assert "timekeeping" not in labels_of(rules, title="Carpenter Supervisor")


def test_a_head_noun_of_another_trade_refuses_the_link():
    piping = "Read piping schematics and isometric drawings."
    assert "wiring_diagrams" not in ids_of(piping, title="Pipefitter")
    wiring = "Read wiring schematics for motor control circuits."
    assert "wiring_diagrams" in ids_of(wiring, title="Maintenance Electrician")


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


def test_a_quality_adjective_before_its_noun_describes_a_thing():
    text = "Develop and implement innovative strategies to raise productivity."
    assert describes_a_thing(text, *span_of(text, "innovative"))
    assert "creativity" not in ids_of(text)
    manner = "Communicate in a clear and persuasive manner; be innovative."
    assert not describes_a_thing(manner, *span_of(manner, "persuasive"))
    assert not describes_a_thing(manner, *span_of(manner, "innovative"))


def test_eyesight_asked_as_a_medical_standard_is_not_a_skill():
    assert "color_vision" not in ids_of("Normal depth perception and color vision is required.")
