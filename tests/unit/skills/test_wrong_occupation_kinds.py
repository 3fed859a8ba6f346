"""The kinds of wrong-occupation skills a review found (issue #15), one test per kind, in our own
sentences: a checker's subject read as the trade's doing, a neighbouring or past job title read
as the job's skill, a perk read as a skill, words that name another trade's work in this one,
and an ambiguous name kept as words in a posting of another occupation."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jobs.skills.extract import extract, shipped_extractor
from jobs.skills.linking import (
    _DOING_VERBS,
    checked_not_done,
    checks_trades,
    coherent,
    in_a_proper_name,
    names_a_role,
    names_another_person,
    offered_not_asked,
)
from jobs.skills.requirements import SkillMention


def _skills(text: str, title: str | None = None) -> dict[str, str | None]:
    return {skill.label: skill.id for skill in extract(text, title=title).skills}


def _at(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


# --- a checker's subject is knowledge, not the trade's doing -----------------------------------


def test_what_an_inspector_inspects_is_not_the_trades_skill():
    text = "Inspects new and altered electrical installations for conformance to city rules."
    found = _skills(text, title="Electrical Inspector")
    assert "electrical_wiring" not in found.values()
    assert found.get("electrical installations", "absent") is None  # the words, as knowledge
    kinds = {s.label: s.kind for s in extract(text, title="Electrical Inspector").skills}
    assert kinds["electrical installations"] == "knowledge"


def test_a_trade_under_code_enforcement_is_read_as_its_code():
    text = "Directs the enforcement of code provisions for plumbing in new homes."
    found = _skills(text, title="Building Engineer")
    assert "plumbing" not in found.values()
    assert "plumbing_codes" in found.values()


def test_the_trade_stays_where_the_job_does_the_work():
    text = "Installs and repairs plumbing in new homes and inspects it for conformance to code."
    assert "plumbing" in _skills(text, title="Plumber").values()
    done = "Inspect, test and repair pumps, valves and pipe fabrication in the plant."
    assert "pipefitting" in _skills(done, title="Plant Mechanic").values()


@given(st.sampled_from(sorted(_DOING_VERBS)))
def test_any_doing_verb_in_the_sentence_keeps_the_trade(verb):
    skills = shipped_extractor().taxonomy.skills
    text = f"Crews inspect and {verb} pipe fabrication on the job."
    start, end = _at(text, "pipe fabrication")
    assert not checked_not_done(skills["pipefitting"], text, start, end)
    checked = "Crews inspect pipe fabrication on the job for conformance."
    start, end = _at(checked, "pipe fabrication")
    assert checked_not_done(skills["pipefitting"], checked, start, end)


def test_a_checking_persons_title_is_not_checking_work():
    # "Internal Auditor" names a person; supervising the staff is the job's own doing.
    skills = shipped_extractor().taxonomy.skills
    text = "Two years as an Internal Auditor, supervising professional audit staff."
    start, end = _at(text, "supervising")
    assert not checked_not_done(skills["supervision"], text, start, end)


# --- a neighbouring or past job title is not the job's skill -----------------------------------


def test_the_role_a_job_assists_is_not_its_skill():
    text = "Assists equipment mechanics with tire changes and oil changes."
    assert names_a_role(text, *_at(text, "equipment mechanics"), title="Fleet Service Worker")
    helping = "Under general supervision, assists physicians with patient care."
    assert names_a_role(helping, *_at(helping, "assists physicians"), title="Vocational Nurse")
    assert "medical_assisting" not in _skills(helping, title="Vocational Nurse").values()


def test_the_person_a_worker_helps_is_not_the_workers_skill():
    text = (
        "Grill Cook - Smokehouse\nWe need a grill cook for our BBQ counter. You will run the "
        "grill and fryers, slice brisket to order and clean your station at close. Some nights "
        "you will help the pitmaster load the smoker and split wood.\n"
    )
    taxonomy = shipped_extractor().taxonomy
    title = "Grill Cook - Smokehouse"
    assert names_another_person(taxonomy, text, *_at(text, "pitmaster"), title=title)
    evidence = [e.text for s in extract(text, title=title).skills for e in s.evidence]
    assert "BBQ" in evidence
    assert "pitmaster" not in evidence
    own = "Pitmaster\nWork beside the pitmaster crew and run the smoker."
    tool = "Welder\nRun the MIG welder on carbon steel."
    assert not names_another_person(taxonomy, tool, *_at(tool, "MIG welder"), title="Welder")
    assert not names_another_person(taxonomy, own, *_at(own, "pitmaster"), title="Pitmaster")


@given(st.sampled_from(["an apprenticeship as a", "experience as a", "hiring a", "run the"]))
def test_a_title_that_names_the_worker_is_not_another_person(before):
    text = f"Line Cook\nTwo years of {before} pitmaster at a smokehouse."
    taxonomy = shipped_extractor().taxonomy
    assert not names_another_person(taxonomy, text, *_at(text, "pitmaster"), title="Line Cook")


def test_a_qualifying_job_title_is_not_a_skill():
    text = "One year of experience at the level of Senior Clerk Typist with the county."
    assert names_a_role(text, *_at(text, "Typist"), title="Tax Compliance Aide")
    assert "typing" not in _skills(text, title="Tax Compliance Aide").values()
    assert not names_a_role(text, *_at(text, "Typist"), title="Clerk Typist")


def test_a_field_named_like_people_is_not_a_role():
    text = "Knowledge of the laws of mechanics as they apply to loads on beams."
    assert not names_a_role(text, *_at(text, "laws of mechanics"), title="Structural Engineer")


def test_an_office_spoken_to_is_not_the_skill():
    text = "Communicate with dispatch by radio about delays."
    assert names_a_role(text, *_at(text, "dispatch"), title="Route Driver")
    assert "dispatch" not in _skills(text, title="Route Driver")
    own = "Dispatch service technicians to customer calls."
    assert not names_a_role(own, *_at(own, "Dispatch"), title="Service Dispatcher")


# --- what the employer gives is not a skill -----------------------------------------------------


def test_a_perk_or_a_service_given_is_not_a_skill():
    text = "Math help: free tutoring available to every participant."
    assert offered_not_asked(text, *_at(text, "tutoring"))
    care = "Child-care help and a bus pass for each participant."
    assert offered_not_asked(care, *_at(care, "Child-care"))
    assert "child_care" not in _skills(care, title="Construction Pre-Apprentice").values()
    budget = "Spend your individual Education Budget on courses you choose."
    assert offered_not_asked(budget, *_at(budget, "Budget"))
    asked = "Provide tutoring in reading and math to students after school."
    assert not offered_not_asked(asked, *_at(asked, "tutoring"))
    assert "tutoring" in _skills(asked, title="Tutor").values()


# --- words that mean another trade's work in this one -------------------------------------------


def test_ones_own_work_schedule_is_not_scheduling_work():
    text = "This class may be required to work a variety of work schedules, weekends included."
    assert "work_scheduling" not in _skills(text, title="Senior Auditor").values()
    crew = "Plan and prepare work schedules for the crews."
    assert "work_scheduling" in _skills(crew, title="Grounds Supervisor").values()


def test_a_figure_of_speech_is_not_heavy_lifting():
    text = "Our software does the heavy lifting so brokers can focus on clients."
    assert "heavy_lifting" not in _skills(text, title="Customs Broker").values()
    lifting = "Heavy lifting of boxes up to 50 pounds throughout the shift."
    assert "heavy_lifting" in _skills(lifting, title="Warehouse Associate").values()


def test_an_ambiguous_name_the_posting_does_not_mean_is_dropped_not_kept_as_words():
    # "storekeeping" among a shop's safety standards: the skill's own name, which the posting
    # does not mean; kept as words it would still read as storekeeping.
    text = "Safety standards relating to tools, equipment, storekeeping and shop areas."
    assert "storekeeping" not in _skills(text, title="Auto Electrician")
    stores = "Supervises storekeeping in the stockroom: receiving, issuing and inventory."
    assert "storekeeping" in _skills(stores, title="Senior Storekeeper").values()


# --- the posting's occupation: an ambiguous name kept as words must fit it ----------------------


def test_words_kept_from_another_occupations_name_must_fit_the_postings_work():
    taxonomy = shipped_extractor().taxonomy
    driving = [
        SkillMention("tractor_trailer_driving", "tractor-trailer driving", "x", 0, 1, True),
        SkillMention("pre_trip_inspection", "pre-trip inspection", "x", 2, 3, True),
        SkillMention("defensive_driving", "defensive driving", "x", 3, 4, True),
        SkillMention(None, "transmissions", "transmissions", 4, 5, True),
    ]
    transmission = taxonomy.skills["transmission_repair"]
    kept = coherent(driving, set(), taxonomy, {3: transmission})
    assert "transmissions" not in [m.label for m in kept] and len(kept) == 3
    # Two strong skills are too few to tell the occupation: the words stay.
    assert len(coherent(driving[1:], set(), taxonomy, {2: transmission})) == 3
    repair = [
        SkillMention("brake_repair", "brake repair", "x", 0, 1, True),
        SkillMention(None, "transmissions", "transmissions", 4, 5, True),
    ]
    assert len(coherent(repair, set(), taxonomy, {1: transmission})) == 2


def test_a_driver_posting_does_not_list_its_trucks_parts():
    text = (
        "Responsibilities\n- Drive a tractor-trailer on regional routes\n"
        "- Complete pre-trip and post-trip inspections\n"
        "Equipment\nLate-model tractors with automatic transmissions and sleeper cabs."
    )
    assert "transmissions" not in _skills(text, title="CDL-A Regional Driver")


def test_a_trade_listed_before_codes_names_the_codes_not_the_trade():
    text = "Knowledge of the Building, Plumbing, and Mechanical Codes as they apply to homes."
    found = _skills(text, title="Housing Inspector")
    assert "plumbing_codes" in found.values()
    assert "plumbing" not in found.values()
    trade = "Plumbing, carpentry and painting repairs in vacant units."
    assert "plumbing" in _skills(trade, title="Maintenance Technician").values()


def test_a_products_name_is_not_the_work_its_words_name():
    text = "Configure the Avaya Contact Center (Elite) and the phone system."
    assert in_a_proper_name(text, *_at(text, "Contact Center"))
    assert "call_center_operations" not in _skills(text, title="Telecom Technician").values()
    agent = "Call Center experience answering inbound customer calls is a plus."
    assert not in_a_proper_name(agent, *_at(agent, "Call Center"))
    handbook = "Follow the Work Area Traffic Control Handbook when setting up lane closures."
    assert not in_a_proper_name(handbook, *_at(handbook, "Traffic Control"))


def test_an_inspectors_trades_are_knowledge_wherever_named():
    text = "Knowledge of building practices in carpentry and masonry."
    inspector = extract(text, title="Building Inspector").skills
    assert {s.label: (s.id, s.kind) for s in inspector}["carpentry"] == (None, "knowledge")
    assert "carpentry" in _skills(text, title="Carpenter Supervisor").values()
    assert checks_trades("SENIOR BUILDING INSPECTOR")
    assert checks_trades("Building Mechanical Engineer")
    assert not checks_trades("Stationary Engineer")
