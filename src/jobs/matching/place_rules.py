"""Rules about where the job is: travel limits, the federal district, registration across the
state line, and restricted areas near the site."""

from __future__ import annotations

from jobs.matching.places import WESTERN_DISTRICT_OF_MISSOURI, Place, county_label, metres_between
from jobs.matching.reasons import Reason
from jobs.matching.situation import Situation

STATE_WORDS = {"MO": "Missouri", "KS": "Kansas"}
KS_REGISTRATION_LAW = "K.S.A. 22-4905"


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


PLACE_RULES = (travel, federal_district, kansas_registration, restricted_sites)
