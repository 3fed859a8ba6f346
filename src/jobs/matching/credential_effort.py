"""What it takes to get a credential: quick (hours or a day, a small fee) or a regulated license.

A job is never excluded for a quick credential the participant lacks: it is a to-do on an eligible
job. A regulated license (weeks to months of schooling, a state exam, legal bars) the participant
lacks still excludes, and so does any credential not listed here: an unknown credential is never
made eligible by silence.

The list lives in matching, beside the rule that reads it, like ``licensing``'s licensed
occupations: it says what the participant must do, not what the posting says. Keys are taxonomy
ids (``jobs/skills/data/skills.jsonl``; a data test checks each is a credential there) with the
taxonomy label, which free-text credentials are matched on exactly.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

Effort = Literal["quick", "regulated"]


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
)

_NON_WORD = re.compile(r"[^0-9a-z]+")


def _words(label: str) -> str:
    return _NON_WORD.sub(" ", label.lower().replace("'", "").replace("’", "")).strip()


_BY_ID = {entry.id: entry for entry in CREDENTIAL_EFFORT}
_BY_LABEL = {_words(entry.label): entry for entry in CREDENTIAL_EFFORT}


def effort_of(id: str | None, label: str) -> CredentialEffort | None:
    """The listed credential a posting's credential is (by taxonomy id, else by its exact label),
    or None when it is not listed: then it counts as a credential to hold before applying."""
    if id:
        found = _BY_ID.get(id)
        if found is not None:
            return found
    return _BY_LABEL.get(_words(label))
