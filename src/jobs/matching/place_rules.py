"""Rules about where the job is: travel limits, the federal district, registration across the
state line, and restricted areas near the site."""

from __future__ import annotations

import datetime as dt

from jobs.matching.child_places import KIND_WORDS, UNCHECKED_MARGIN_M, ChildPlaces
from jobs.matching.places import WESTERN_DISTRICT_OF_MISSOURI, Place, county_label, metres_between
from jobs.matching.reasons import Reason
from jobs.matching.situation import Situation

STATE_WORDS = {"MO": "Missouri", "KS": "Kansas"}
KS_REGISTRATION_LAW = "K.S.A. 22-4905"
MO_SCHOOL_DISTANCE_LAW = "RSMo 566.149 (500 ft of a school)"
REGISTRANT_DISTANCE_M = 152.4  # 500 feet
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


# How far a site may be from its ZIP code's centre (a city ZIP spans a few kilometres).
ZIP_CENTRE_MARGIN_M = 3_000


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
        if place.precision == "zip_centroid":
            # The ZIP code's centre is not the site: it neither excludes nor clears it.
            if metres <= site.radius_m + ZIP_CENTRE_MARGIN_M:
                reasons.append(
                    Reason(
                        "restricted_site_unverified",
                        "eligible",
                        f"Job site is placed only at its ZIP code's centre, {metres:,.0f} m from"
                        f" {site.label}: check the address is outside the"
                        f" {site.radius_m:,.0f} m restricted area",
                        "conditions of supervision",
                        kind="check",
                    )
                )
            continue
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
    who: Situation, place: Place, children: ChildPlaces | None, today: dt.date
) -> list[Reason]:
    """A registrant's job site and the places for children around it (500 feet, 152.4 m).

    Missouri (RSMo 566.149) forbids listed offenders to be present in or within 500 feet of a
    school building or its grounds while children are there: a Missouri site that close to a
    listed school is excluded (the officer may judge a night shift, but we do not guess the
    hours). Near a child-care centre or other place for children, or outside Missouri, the officer
    decides: needs approval. So does a site just past the buffer (within the list's edge margin),
    since geocodes carry error, and a site near a place whose position nobody checked
    (``UNCHECKED_MARGIN_M``): its distance may be hundreds of metres out either way, so it
    neither excludes nor clears. The lists must reach the site: a county without a current school
    and child-care list, a site placed only at a ZIP centre, or one with no map position needs
    approval, never eligible by silence. The nearest listed place is always named."""
    if not who.registrant:
        return []
    source = "registrant distance restrictions"
    children = children if children is not None else ChildPlaces()
    if place.lat is None or place.lon is None:
        return [
            Reason(
                "child_places_unverified",
                "needs_approval",
                "School and child-care distances not verified: the job site has no map"
                " position; check it is more than 500 ft from any school or child care",
                source,
            )
        ]
    if place.precision == "zip_centroid":
        return [
            Reason(
                "child_places_unverified",
                "needs_approval",
                "School and child-care distances not verified: the job site is placed only at"
                " its ZIP code's centre, so its distance from schools and child care cannot be"
                " trusted; check it is more than 500 ft from any",
                source,
            )
        ]
    found = children.around(place.lat, place.lon, REGISTRANT_DISTANCE_M + UNCHECKED_MARGIN_M)
    reasons: list[Reason] = []
    if found:
        nearest, metres = found[0]
        reasons.append(
            Reason(
                "nearest_child_place",
                "eligible",
                f"Nearest listed {KIND_WORDS[nearest.kind]}: {nearest.name},"
                f" {_away(metres)} from the job site",
                source,
                kind="note",
            )
        )
        within = [(p, m) for p, m in found if m <= REGISTRANT_DISTANCE_M and p.position_checked]
        reach = REGISTRANT_DISTANCE_M + UNCHECKED_MARGIN_M
        unchecked = [(p, m) for p, m in found if not p.position_checked and m <= reach]
        school = next(((p, m) for p, m in within if p.kind == "school"), None)
        if place.state == "MO" and school is not None:
            return [
                Reason(
                    "registrant_near_school",
                    "excluded",
                    f"Job site is {_away(school[1])} from {school[0].name}: Missouri bars"
                    " registrants within 500 ft of a school",
                    MO_SCHOOL_DISTANCE_LAW,
                ),
                *reasons,
            ]
        if within:
            near, metres = within[0]
            reasons.append(
                Reason(
                    "registrant_near_children",
                    "needs_approval",
                    f"Job site is {_away(metres)} from {near.name}"
                    f" ({KIND_WORDS[near.kind]}), within 500 ft: needs the officer's approval",
                    f"{source}; conditions of supervision",
                )
            )
        elif unchecked:
            near, metres = unchecked[0]
            reasons.append(
                Reason(
                    "child_place_position_unchecked",
                    "needs_approval",
                    f"Job site is {_away(metres)} from {near.name} ({KIND_WORDS[near.kind]}) by"
                    " the list, but that position has not been checked against a second source:"
                    " the officer should confirm the job is more than 500 ft away",
                    source,
                )
            )
        elif metres <= REGISTRANT_DISTANCE_M + children.edge_margin_m:
            reasons.append(
                Reason(
                    "near_children_edge",
                    "needs_approval",
                    f"Job site is {_away(metres)} from {nearest.name}"
                    f" ({KIND_WORDS[nearest.kind]}), just past the 500 ft limit: map positions"
                    " carry error, so the officer should confirm",
                    source,
                )
            )
    gap = _coverage_gap(children, place, today)
    if gap:
        reasons.append(Reason("child_places_not_covered", "needs_approval", gap, source))
    return reasons


def registrant_site_unknown(who: Situation) -> list[Reason]:
    """A registrant's on-site job whose site is not given: its distance from schools and child
    care cannot be checked, so the officer decides."""
    if not who.registrant:
        return []
    return [
        Reason(
            "child_places_unverified",
            "needs_approval",
            "School and child-care distances not verified: the job site is not given; check it is"
            " more than 500 ft from any school or child care",
            "registrant distance restrictions",
        )
    ]


def _coverage_gap(children: ChildPlaces, place: Place, today: dt.date) -> str:
    """The sentence saying the lists do not reach the site's county ('' when they do)."""
    where = county_label(place.county) if place.county else "this county (not known)"
    cover = children.cover(place.state, place.county, today)
    if not cover.missing:
        return ""
    years = children.max_age_days / 365
    why = []
    for kind, state in cover.missing.items():
        words = "schools" if kind == "school" else KIND_WORDS[kind]
        if state.startswith("stale:"):
            why.append(f"{words}: list as of {state[6:]}, older than {years:g} years")
        elif state == "partial":
            why.append(f"{words}: only a partial list")
        else:
            why.append(f"{words}: none loaded")
    return (
        f"School and child-care distances not verified here: no current list for {where}"
        f" ({'; '.join(why)})"
    )


def _away(metres: float) -> str:
    return f"{metres:,.0f} m ({metres * FEET_PER_METRE:,.0f} ft)"


PLACE_RULES = (travel, federal_district, kansas_registration, restricted_sites)


def area_decides(who: Situation) -> bool:
    """Whether ``PLACE_RULES`` and ``registrant_near_children`` read nothing of a site but its
    state and county for this participant (no restricted areas, not a registrant): then two
    sites in one county get the same reasons, and ranking judges one per county. A new place
    rule that reads more of a site must say so here."""
    return not who.registrant and not who.participant.supervision.restricted_sites
