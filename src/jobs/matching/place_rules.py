"""Rules about where the job is: travel limits, the federal district, registration across the
state line, and restricted areas near the site."""

from __future__ import annotations

from jobs.matching.child_places import KIND_WORDS, ChildPlaces
from jobs.matching.places import WESTERN_DISTRICT_OF_MISSOURI, Place, county_label, metres_between
from jobs.matching.reasons import Reason
from jobs.matching.situation import Situation

STATE_WORDS = {"MO": "Missouri", "KS": "Kansas"}
KS_REGISTRATION_LAW = "K.S.A. 22-4905"
MO_SCHOOL_DISTANCE_LAW = "RSMo 566.149 (500 ft of a school)"
REGISTRANT_DISTANCE_M = 152.4  # 500 feet
WORTH_CONFIRMING_M = 304.8  # 1,000 feet: a listed place this close is worth a second look
FEET_PER_METRE = 1 / 0.3048


def state_word(state: str) -> str:
    """'KS' → 'Kansas'."""
    return STATE_WORDS.get(state, state or "an unknown state")


def _permit_covers(who: Situation, place: Place) -> bool:
    wanted = {place.state.lower(), state_word(place.state).lower()}
    if place.county:
        wanted |= {place.county, county_label(place.county).lower()}
    return any(permit in wanted or permit.split(",")[0].strip() in wanted for permit in who.permits)


def travel(who: Situation, place: Place) -> list[Reason]:
    """Travel limits of state supervision (Missouri P&P, Kansas DOC): a job outside the approved
    states or counties needs a travel permit; the federal district comes from `federal_district`."""
    if who.agency not in ("missouri_pp", "kansas_doc"):
        return []
    source = (
        "Missouri P&P travel conditions"
        if who.agency == "missouri_pp"
        else "Kansas DOC travel conditions"
    )
    if not place.state:
        return [
            Reason(
                "state_unknown",
                "eligible",
                "State of the job site is unknown: check it is inside the travel area",
                source,
                kind="check",
            )
        ]
    if _permit_covers(who, place):
        return [
            Reason(
                "standing_permit",
                "eligible",
                f"Job in {state_word(place.state)}: covered by a standing travel permit",
                source,
                kind="fit",
            )
        ]
    if place.state not in who.approved_states:
        return [
            Reason(
                "travel_permit_state",
                "needs_approval",
                f"Job is in {state_word(place.state)}: needs a travel permit before the start date",
                source,
            )
        ]
    if who.approved_counties:
        if not place.county:
            return [
                Reason(
                    "county_unknown",
                    "eligible",
                    "County of the job site is unknown: check it is an approved county",
                    source,
                    kind="check",
                )
            ]
        if place.county not in who.approved_counties:
            allowed = ", ".join(county_label(c) for c in sorted(who.approved_counties))
            return [
                Reason(
                    "travel_permit_county",
                    "needs_approval",
                    f"Job is in {county_label(place.county)}, outside {allowed}: needs a travel"
                    " permit",
                    source,
                )
            ]
    return []


def federal_district(who: Situation, place: Place) -> list[Reason]:
    """Federal supervised release: leaving the judicial district (here the Western District of
    Missouri, 28 U.S.C. 105(b)) needs the probation officer's permission."""
    if who.agency != "federal":
        return []
    source = "federal standard condition: stay in the judicial district"
    if not place.state:
        return [
            Reason(
                "state_unknown",
                "eligible",
                "State of the job site is unknown: check it is in the Western District of Missouri",
                source,
                kind="check",
            )
        ]
    if _permit_covers(who, place) or place.state in who.approved_states - {"MO"}:
        return [
            Reason(
                "standing_permit",
                "eligible",
                f"Job in {state_word(place.state)}: covered by a standing permission to travel",
                source,
                kind="fit",
            )
        ]
    if place.state != "MO":
        return [
            Reason(
                "federal_district",
                "needs_approval",
                f"Job is in {state_word(place.state)}, outside the Western District of Missouri:"
                " needs the probation officer's permission",
                source,
            )
        ]
    if not place.county:
        return [
            Reason(
                "county_unknown",
                "eligible",
                "County of the job site is unknown: check it is in the Western District",
                source,
                kind="check",
            )
        ]
    if place.county not in WESTERN_DISTRICT_OF_MISSOURI:
        return [
            Reason(
                "federal_district",
                "needs_approval",
                f"Job is in {county_label(place.county)}, in the Eastern District of Missouri:"
                " needs the probation officer's permission",
                source,
            )
        ]
    return []


def kansas_registration(who: Situation, place: Place) -> list[Reason]:
    """A registrant who works in Kansas must register there in person within three business
    days of starting (Kansas Offender Registration Act)."""
    if not who.registrant or place.state != "KS":
        return []
    return [
        Reason(
            "kansas_registration",
            "needs_approval",
            "Job is in Kansas: as a registrant, must register with the county sheriff within 3"
            " business days of starting",
            KS_REGISTRATION_LAW,
        )
    ]


def restricted_sites(who: Situation, place: Place) -> list[Reason]:
    """A job site inside a restricted area (a circle around a place the participant must avoid)."""
    sites = who.participant.supervision.restricted_sites
    if not sites:
        return []
    if place.lat is None or place.lon is None:
        return [
            Reason(
                "site_location_unknown",
                "eligible",
                "Job site has no map position: check it is outside the restricted areas",
                "conditions of supervision",
                kind="check",
            )
        ]
    reasons = []
    for site in sites:
        metres = metres_between(place.lat, place.lon, site.lat, site.lon)
        if metres <= site.radius_m:
            reasons.append(
                Reason(
                    "restricted_site",
                    "excluded",
                    f"Job site is {metres:,.0f} m from {site.label}, inside the"
                    f" {site.radius_m:,.0f} m restricted area",
                    "conditions of supervision",
                )
            )
    return reasons


def registrant_near_children(
    who: Situation, place: Place, children: ChildPlaces | None
) -> list[Reason]:
    """A registrant's job site within 500 feet (152.4 m) of a place for children.

    Missouri (RSMo 566.149) forbids listed offenders to be present in or within 500 feet of a
    school building or its grounds while children are there: a Missouri site that close to a
    school is excluded (the officer may judge a night shift, but we do not guess the hours). Near
    a child-care centre or other place for children, or outside Missouri, the officer decides:
    needs approval. The list is never complete, so a site that is not close says how far the
    nearest listed place is when it is within 1,000 feet and asks to confirm; with no list, or no
    map position, a check."""
    if not who.registrant:
        return []
    source = "registrant distance restrictions"
    if children is None or not len(children):
        return [
            Reason(
                "child_places_unknown",
                "eligible",
                "Registrant: no list of schools is loaded; check the job site is more than"
                " 500 ft from any school or child care",
                source,
                kind="check",
            )
        ]
    if place.lat is None or place.lon is None:
        return [
            Reason(
                "child_places_unknown",
                "eligible",
                "Registrant: job site has no map position; check it is more than 500 ft from any"
                " school or child care",
                source,
                kind="check",
            )
        ]
    found = children.around(place.lat, place.lon, REGISTRANT_DISTANCE_M)
    if not found:
        return []
    nearest, metres = found[0]
    if metres > WORTH_CONFIRMING_M:
        return []
    if metres > REGISTRANT_DISTANCE_M:
        return [
            Reason(
                "near_children_clear",
                "eligible",
                f"Registrant: nearest listed {KIND_WORDS[nearest.kind]} ({nearest.name}) is"
                f" {_away(metres)} away; the list may be incomplete, confirm none is within"
                " 500 ft",
                source,
                kind="check",
            )
        ]
    school = next(((p, m) for p, m in found if p.kind == "school"), None)
    if place.state == "MO" and school is not None:
        return [
            Reason(
                "registrant_near_school",
                "excluded",
                f"Job site is {_away(school[1])} from {school[0].name}: Missouri bars registrants"
                " within 500 ft of a school",
                MO_SCHOOL_DISTANCE_LAW,
            )
        ]
    return [
        Reason(
            "registrant_near_children",
            "needs_approval",
            f"Job site is {_away(metres)} from {nearest.name} ({KIND_WORDS[nearest.kind]}),"
            " within 500 ft: needs the officer's approval",
            f"{source}; conditions of supervision",
        )
    ]


def _away(metres: float) -> str:
    return f"{metres:,.0f} m ({metres * FEET_PER_METRE:,.0f} ft)"


PLACE_RULES = (travel, federal_district, kansas_registration, restricted_sites)
