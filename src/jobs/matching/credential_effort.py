"""What it takes to get a credential: quick (hours or a day, a small fee) or a regulated license.

A job is never excluded for a credential the participant can get on the way in: a quick one is a
to-do on an eligible job. Only a regulated license (a state or federal license to do the work:
CDL, nursing, a trade, armed guard; weeks to months of schooling, an exam, legal bars) the
participant lacks excludes. A credential not listed here is classed by its words: one that names
a license, a registered or journeyman standing, a CDL or a licensed health title is regulated;
any other (a card, certificate, certification, course) is one to check, never a bar by silence.

The list lives in matching, beside the rule that reads it, like ``licensing``'s licensed
occupations: it says what the participant must do, not what the posting says. Keys are taxonomy
ids (``jobs/skills/data/skills.jsonl``; a data test checks each is a credential there) with the
taxonomy label, which free-text credentials are matched on exactly.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

Effort = Literal["quick", "regulated"]
# How a credential the participant lacks counts: a to-do, a bar, or unknown (a check).
Kind = Literal["quick", "regulated", "unknown"]


class CredentialEffort(NamedTuple):
    """One credential: its taxonomy id and label, quick or regulated, and what getting it takes."""

    id: str
    label: str
    effort: Effort
    how: str  # plain words: "about 2 hours online"


def _quick(id: str, label: str, how: str) -> CredentialEffort:
    return CredentialEffort(id, label, "quick", how)


def _regulated(id: str, label: str) -> CredentialEffort:
    return CredentialEffort(id, label, "regulated", "a state license: weeks to months, with checks")


_FOOD = "about 2 hours online, a small fee"
_OSHA_10 = "10 hours of class or online, about 2 days"
_OSHA_30 = "30 hours of class or online, about 4 days"
_TRUCK = "a few hours of training and a driving test"
_FIRST_AID = "one class of a few hours"
_ALCOHOL = "a class of a few hours, often online"
_FOOD_MANAGER = "a day of class and a proctored exam"
_LIFE_SUPPORT = "a class of one or two days"
_SHORT_CLASS = "a class of a few hours"
_ONE_DAY = "a one-day class"
_LIFT = "a few hours of training and an evaluation"
_HAZWOPER = "a class of {} hours, often online"

CREDENTIAL_EFFORT: tuple[CredentialEffort, ...] = (
    _quick("food_handler_card", "food handler card", _FOOD),
    _quick("servsafe_food_handler", "servsafe food handler", _FOOD),
    _quick("osha_10", "osha 10", _OSHA_10),
    _quick("osha_10_construction", "osha 10 construction", _OSHA_10),
    _quick("osha_10_general_industry", "osha 10 general industry", _OSHA_10),
    _quick("osha_30", "osha 30", _OSHA_30),
    _quick("osha_30_construction", "osha 30 construction", _OSHA_30),
    _quick("osha_30_general_industry", "osha 30 general industry", _OSHA_30),
    # Powered industrial trucks: one OSHA training and evaluation, often given by the employer.
    _quick("forklift_certification", "forklift certification", _TRUCK),
    _quick("pallet_jack_certification", "pallet jack certification", _TRUCK),
    _quick("reach_truck_certification", "reach truck certification", _TRUCK),
    _quick("order_picker_certification", "order picker certification", _TRUCK),
    _quick("cpr_certification", "cpr certification", _FIRST_AID),
    _quick("first_aid_certification", "first aid certification", _FIRST_AID),
    _quick("aed_certification", "aed certification", _FIRST_AID),
    _quick(
        "bloodborne_pathogens_certification",
        "bloodborne pathogens certification",
        "about 1 hour online",
    ),
    _quick("haccp_certification", "haccp certification", "a course of one or two days"),
    _quick("flagger_certification", "flagger certification", "one class of about 4 hours"),
    _quick("alcohol_server_certification", "alcohol server certification", _ALCOHOL),
    _quick("tips_certification", "tips certification", _ALCOHOL),
    _quick("servsafe_alcohol", "servsafe alcohol", _ALCOHOL),
    _quick("tabc_certification", "tabc certification", _ALCOHOL),
    _quick("servsafe_manager", "servsafe manager", _FOOD_MANAGER),
    _quick("servsafe_certification", "servsafe certification", _FOOD_MANAGER),
    _quick("certified_food_protection_manager", "certified food protection manager", _FOOD_MANAGER),
    _quick("allergen_awareness_certification", "allergen awareness certification", _FOOD),
    # A DOT physical: an exam of about an hour at a clinic, the card given the same day.
    _quick(
        "dot_medical_certificate", "dot medical certificate", "a physical exam of about an hour"
    ),
    _quick("bls_certification", "bls certification", _FIRST_AID),
    _quick("acls_certification", "acls certification", _LIFE_SUPPORT),
    _quick("pals_certification", "pals certification", _LIFE_SUPPORT),
    _quick("pediatric_first_aid_and_cpr", "pediatric first aid and cpr", _FIRST_AID),
    _quick("mental_health_first_aid", "mental health first aid", "one class of about 8 hours"),
    _quick("crisis_prevention_certification", "crisis prevention certification", _ONE_DAY),
    _quick("tb_test", "tb test", "a skin test or blood draw: one or two short visits"),
    _quick("covid_19_vaccination", "covid-19 vaccination", "a shot at a clinic or pharmacy"),
    _quick(
        "hepatitis_b_vaccination",
        "hepatitis b vaccination",
        "a first shot at a clinic or pharmacy (the series takes months)",
    ),
    _quick("hazwoper_8_hour_refresher", "hazwoper 8 hour refresher", _HAZWOPER.format(8)),
    _quick("hazwoper_24_hour", "hazwoper 24 hour", _HAZWOPER.format(24)),
    _quick("hazwoper_40_hour", "hazwoper 40 hour", _HAZWOPER.format(40) + ", about a week"),
    _quick("confined_space_entry_certification", "confined space entry certification", _ONE_DAY),
    _quick("fall_protection_certification", "fall protection certification", _SHORT_CLASS),
    _quick("scaffold_certification", "scaffold certification", _SHORT_CLASS),
    _quick("aerial_lift_certification", "aerial lift certification", _LIFT),
    _quick("scissor_lift_certification", "scissor lift certification", _LIFT),
    _quick("boom_lift_certification", "boom lift certification", _LIFT),
    _quick("telehandler_certification", "telehandler certification", _LIFT),
    _quick("clamp_truck_certification", "clamp truck certification", _TRUCK),
    _quick("skid_steer_certification", "skid steer certification", _LIFT),
    _quick("lockout_tagout_training", "lockout tagout training", _SHORT_CLASS),
    _quick("silica_awareness_training", "silica awareness training", _SHORT_CLASS),
    _quick("hazard_communication_training", "hazard communication training", _SHORT_CLASS),
    _quick("hot_work_permit_training", "hot work permit training", _SHORT_CLASS),
    _quick("respirator_fit_test", "respirator fit test", "a fit test of under an hour"),
    _quick(
        "traffic_control_technician_certification",
        "traffic control technician certification",
        _ONE_DAY,
    ),
    _quick("lead_safe_renovator_certification", "lead-safe renovator certification", _ONE_DAY),
    _quick("dot_hazmat_training", "dot hazmat training", _SHORT_CLASS),
    _quick("defensive_driving_certificate", "defensive driving certificate", _ONE_DAY),
    _quick("passenger_assistance_certification", "passenger assistance certification", _ONE_DAY),
    _quick("epa_609_certification", "epa 609 certification", "an online course and test"),
    _quick("epa_608_type_i", "epa 608 type i", "an online open-book test"),
    _quick("lifeguard_certification", "lifeguard certification", "a course of about 25 hours"),
    _quick("crowd_manager_certification", "crowd manager certification", _SHORT_CLASS),
    _quick("taser_certification", "taser certification", _SHORT_CLASS),
    _quick("oc_spray_certification", "oc spray certification", _SHORT_CLASS),
    _quick("baton_certification", "baton certification", _SHORT_CLASS),
    _quick("handcuffing_certification", "handcuffing certification", _SHORT_CLASS),
    _quick(
        "national_career_readiness_certificate",
        "national career readiness certificate",
        "tests of a few hours at a job center",
    ),
    _regulated("commercial_drivers_license", "commercial driver's license"),
    _regulated("cdl_class_a", "cdl class a"),
    _regulated("cdl_class_b", "cdl class b"),
    _regulated("cdl_class_c", "cdl class c"),
    _regulated("certified_nursing_assistant", "certified nursing assistant"),
    _regulated("missouri_cna", "missouri cna"),
    _regulated("kansas_cna", "kansas cna"),
    _regulated("licensed_practical_nurse", "licensed practical nurse"),
    _regulated("registered_nurse_license", "registered nurse license"),
    _regulated("journeyman_electrician_license", "journeyman electrician license"),
    _regulated("master_electrician_license", "master electrician license"),
    _regulated("journeyman_plumber_license", "journeyman plumber license"),
    _regulated("master_plumber_license", "master plumber license"),
    _regulated("hvac_license", "hvac license"),
    _regulated("armed_guard_permit", "armed guard permit"),
    _regulated("security_guard_license", "security guard license"),
    _regulated("barber_license", "barber license"),
    _regulated("cosmetology_license", "cosmetology license"),
    # Licensed by the state without "license" in the name.
    _regulated("emt_certification", "emt certification"),
    _regulated("kcmo_private_officer_license", "kcmo private officer license"),
    # The state engineering board's: an engineering degree and its exams first.
    _regulated("engineer_in_training_certificate", "engineer-in-training certificate"),
    _regulated("professional_engineer_license", "professional engineer license"),
)

_NON_WORD = re.compile(r"[^0-9a-z]+")


def _words(label: str) -> str:
    return _NON_WORD.sub(" ", label.lower().replace("'", "").replace("’", "")).strip()


_BY_ID = {entry.id: entry for entry in CREDENTIAL_EFFORT}
_BY_LABEL = {_words(entry.label): entry for entry in CREDENTIAL_EFFORT}


def effort_of(id: str | None, label: str) -> CredentialEffort | None:
    """The listed credential a posting's credential is (by taxonomy id, else by its exact label),
    or None when it is not listed (``kind_of`` then classes it by its words)."""
    if id:
        found = _BY_ID.get(id)
        if found is not None:
            return found
    return _BY_LABEL.get(_words(label))


# Words that name a license to do the work: a state or federal license, a registered or
# journeyman standing, a commercial driver's license, a licensed health title. "Certified",
# "certificate", "card", "training" are not among them: they name something to check.
_REGULATED_WORDS = re.compile(
    r"\b(?:licen[cs](?:e|es|ed|ure)|registered|journey(?:man|men|\s+level|worker)"
    r"|state\s+board|cdl|commercial\s+drivers|rn|lpn|lvn|cna|emt|paramedic)\b"
)


def kind_of(id: str | None, label: str, text: str = "") -> Kind:
    """How a credential the participant lacks counts: listed quick or regulated, else regulated
    when its label or the posting's words name a license, else unknown (to check)."""
    listed = effort_of(id, label)
    if listed is not None:
        return listed.effort
    if _REGULATED_WORDS.search(_words(f"{label} {text}")):
        return "regulated"
    return "unknown"
