"""Where a job is: its state and county (given, or derived), distances, the federal district.

The state comes from the location's region; when that is missing, from its coordinates at the
Kansas City state line: south of the Missouri River the line is State Line Road (longitude
-94.6076), north of the Kansas River mouth (Kaw Point) the Missouri River is the line. The river
is drawn as a coarse polyline (good to about a hundred metres near the metro, coarser upriver),
and coordinates only decide between Kansas and Missouri inside the band of latitudes the two
states share; anywhere else the state stays unknown. The county comes from the location, else
from the postal code (the offline ``zipcodes`` table).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from itertools import pairwise

import msgspec

from jobs.matching.inputs import Location

STATE_LINE_LON = -94.6076
KAW_POINT_LAT = 39.1150
# The Missouri River upstream from Kaw Point, (lat, lon), south to north: Kansas lies west of it.
MISSOURI_RIVER = (
    (KAW_POINT_LAT, -94.6108),
    (39.1300, -94.6050),
    (39.1550, -94.6150),
    (39.1650, -94.6350),
    (39.1800, -94.6600),
    (39.1900, -94.6900),
    (39.2300, -94.7600),
    (39.3100, -94.9000),
    (39.5600, -95.1200),
    (40.0000, -95.3100),
)
SHARED_LATITUDES = (36.99, 40.0)

STATE_NAMES = {"missouri": "MO", "kansas": "KS", "mo": "MO", "ks": "KS"}

# 28 U.S.C. 105(b) and the court's own list (mow.uscourts.gov): the 66 counties of the Western
# District of Missouri, by division.
WESTERN_DISTRICT_OF_MISSOURI = frozenset(
    {
        # Western Division (Kansas City)
        "bates", "carroll", "cass", "clay", "henry", "jackson", "johnson", "lafayette", "ray",
        "st. clair", "saline",
        # Central Division (Jefferson City)
        "benton", "boone", "callaway", "camden", "cole", "cooper", "hickory", "howard", "miller",
        "moniteau", "morgan", "osage", "pettis",
        # Southern Division (Springfield)
        "cedar", "christian", "dade", "dallas", "douglas", "greene", "howell", "laclede", "oregon",
        "ozark", "polk", "pulaski", "taney", "texas", "webster", "wright",
        # St. Joseph Division
        "andrew", "atchison", "buchanan", "caldwell", "clinton", "daviess", "dekalb", "gentry",
        "grundy", "harrison", "holt", "livingston", "mercer", "nodaway", "platte", "putnam",
        "sullivan", "worth",
        # Southwestern Division (Joplin)
        "barry", "barton", "jasper", "lawrence", "mcdonald", "newton", "stone", "vernon",
    }
)  # fmt: skip


class Place(msgspec.Struct, frozen=True):
    """A job site resolved for the rules: state and county as known, where they came from."""

    state: str  # "MO", "KS", another code, or "" when unknown
    county: str  # normalised ("jackson", "st. clair"), "" when unknown
    lat: float | None
    lon: float | None
    label: str
    state_from: str = "region"  # region | coordinates | postal_code | unknown
    precision: str = ""  # of lat/lon: given | address | zip_centroid | "" (not said)


def county_key(name: str) -> str:
    """'Jackson County' / 'JACKSON' / 'Saint Clair County, MO' → 'jackson' / 'st. clair'."""
    text = name.split(",")[0].strip().lower()
    for suffix in (" county", " parish"):
        text = text.removesuffix(suffix)
    text = re.sub(r"^(saint|st)\.?\s+", "st. ", text).replace("de kalb", "dekalb")
    return " ".join(text.split())


def state_from_coordinates(lat: float, lon: float) -> str:
    """'KS' or 'MO' at the Kansas City state line, '' outside the latitudes the states share."""
    if not (SHARED_LATITUDES[0] <= lat <= SHARED_LATITUDES[1]):
        return ""
    if lat <= KAW_POINT_LAT:
        return "KS" if lon < STATE_LINE_LON else "MO"
    for (lat0, lon0), (lat1, lon1) in pairwise(MISSOURI_RIVER):
        if lat0 <= lat <= lat1:
            river_lon = lon0 + (lon1 - lon0) * (lat - lat0) / (lat1 - lat0)
            return "KS" if lon < river_lon else "MO"
    return ""


@lru_cache(maxsize=4096)
def postal_facts(postal_code: str) -> tuple[str, str]:
    """(state, county key) for a US ZIP code from the offline table; ('', '') when unknown."""
    code = postal_code.strip()[:5]
    if len(code) != 5 or not code.isdigit():
        return "", ""
    import zipcodes  # imported here: its table takes a moment to load

    try:
        found = zipcodes.matching(code)
    except (TypeError, ValueError):
        return "", ""
    if not found:
        return "", ""
    return found[0].get("state", "") or "", county_key(found[0].get("county", "") or "")


def place_of(location: Location) -> Place:
    """Resolve a location's state and county from what it gives, then coordinates, then ZIP."""
    region = location.region.strip()
    state = STATE_NAMES.get(region.lower(), region.upper() if len(region) == 2 else "")
    state_from = "region" if state else "unknown"
    if not state and location.lat is not None and location.lon is not None:
        state = state_from_coordinates(location.lat, location.lon)
        state_from = "coordinates" if state else "unknown"
    county = county_key(location.county) if location.county else ""
    if (not county or not state) and location.postal_code:
        zip_state, zip_county = postal_facts(location.postal_code)
        if not state and zip_state:
            state, state_from = zip_state, "postal_code"
        if not county and zip_state == state:
            county = zip_county
    label = location.text or ", ".join(p for p in (location.city, state) if p) or "the job site"
    return Place(state, county, location.lat, location.lon, label, state_from, location.precision)


def metres_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(min(1.0, h)))


def county_label(county: str) -> str:
    """'st. clair' → 'St. Clair County'."""
    return " ".join(word.capitalize() for word in county.split()) + " County"
