"""The Kansas City demo data set: counts, formats, codes and cross-references agree."""

import json
import math
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "src/jobs/demo"
TODAY = date(2026, 11, 28)

# The Kansas City metro, generously: everything in the demo must sit inside it.
LAT_RANGE = (38.7, 39.4)
LON_RANGE = (-95.0, -94.2)

DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
AGENCIES = {"none", "missouri_pp", "federal", "kansas_doc"}
CONDITIONS = {
    "no_alcohol_venues",
    "no_minors",
    "no_computer",
    "no_cash_handling",
    "occupational_restriction",
    "no_employment_without_approval",
}
OFFENSES = {
    "violent",
    "sex",
    "drug_possession",
    "drug_distribution",
    "theft_fraud",
    "dui",
    "weapons",
    "other",
}
INDUSTRIES = {
    "warehousing",
    "food_service",
    "manufacturing",
    "construction",
    "janitorial",
    "retail",
    "transportation",
    "home_health",
    "security",
}
SIZES = {"1-49", "50-249", "250-999", "1000+"}
EMPLOYMENT_TYPES = {"full_time", "part_time", "temporary", "contract", "seasonal"}
CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
POSTED_AT = re.compile(r"^2026-11-\d\dT\d\d:\d\d:\d\d-06:00$")
CLOSES_AT = re.compile(r"^2026-12-\d\dT\d\d:\d\d:\d\d-06:00$")

PARTICIPANT_FIELDS = {
    "external_ref",
    "name",
    "home",
    "skills",
    "credentials",
    "work_history",
    "desired_titles",
    "drivers_license",
    "has_vehicle",
    "max_commute_minutes",
    "min_hourly_wage",
    "availability",
    "supervision",
    "record",
}
SUPERVISION_FIELDS = {
    "agency",
    "approved_states",
    "approved_counties",
    "standing_permits",
    "curfew",
    "electronic_monitoring",
    "conditions",
    "restricted_sites",
    "obligations",
}
RECORD_FIELDS = {"felony", "offense_categories", "conviction_date", "release_date", "registrant"}
LOCATION_FIELDS = {"text", "city", "region", "postal_code", "country", "lat", "lon"}
POSTING_FIELDS = {
    "source_job_id",
    "employer",
    "title",
    "description",
    "locations",
    "workplace",
    "employment_types",
    "pay",
    "posted_at",
    "closes_at",
    "apply_url",
}
EMPLOYER_FIELDS = {
    "key",
    "name",
    "industry",
    "naics",
    "size",
    "website",
    "address",
    "fair_chance",
    "contact",
}


def load(name: str):
    return json.loads((DEMO / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def participants():
    return load("participants.json")


@pytest.fixture(scope="module")
def employers():
    return load("employers.json")


@pytest.fixture(scope="module")
def postings():
    return load("postings.json")


@pytest.fixture(scope="module")
def caseloads():
    return load("caseloads.json")


def places(participants, employers, postings):
    """Every (where, lat, lon) in the data set."""
    for p in participants:
        ref = p["external_ref"]
        yield f"{ref} home", p["home"]["lat"], p["home"]["lon"]
        for site in p["supervision"]["restricted_sites"]:
            yield f"{ref} restricted site {site['label']}", site["lat"], site["lon"]
        for ob in p["supervision"]["obligations"]:
            yield f"{ref} obligation {ob['label']}", ob["lat"], ob["lon"]
    for e in employers:
        yield f"employer {e['key']}", e["address"]["lat"], e["address"]["lon"]
    for job in postings:
        for i, where in enumerate(job["locations"]):
            yield f"{job['source_job_id']} location {i}", where["lat"], where["lon"]


def addresses(employers, postings):
    """Every full address (with ZIP and state) in the data set."""
    for e in employers:
        yield f"employer {e['key']}", e["address"]
    for job in postings:
        for i, where in enumerate(job["locations"]):
            yield f"{job['source_job_id']} location {i}", where


def state_of(postal_code: str) -> str:
    """Missouri ZIP codes start 63-65, Kansas ones 66-67."""
    return {"63": "MO", "64": "MO", "65": "MO", "66": "KS", "67": "KS"}[postal_code[:2]]


def is_clock(value) -> bool:
    return isinstance(value, str) and CLOCK.match(value) is not None


# --- counts and identity -------------------------------------------------------------------


def test_counts(participants, employers, postings, caseloads):
    assert len(participants) == 12
    assert len(employers) == 8
    assert 55 <= len(postings) <= 65
    assert [len(s["participants"]) for s in caseloads["specialists"]] == [8, 4]


def test_ids_are_unique_and_in_sequence(participants, employers, postings):
    refs = [p["external_ref"] for p in participants]
    assert refs == [f"KC-{n:04d}" for n in range(1, 13)]
    assert len({p["name"] for p in participants}) == len(participants)
    keys = [e["key"] for e in employers]
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", k) for k in keys)
    job_ids = [j["source_job_id"] for j in postings]
    assert job_ids == [f"DEMO-{n:03d}" for n in range(1, len(postings) + 1)]


# --- places ----------------------------------------------------------------------------------


def test_every_place_is_inside_the_kansas_city_metro(participants, employers, postings):
    outside = [
        (where, lat, lon)
        for where, lat, lon in places(participants, employers, postings)
        if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1])
    ]
    assert outside == []


def test_addresses_have_every_field_and_a_matching_state(employers, postings):
    for where, address in addresses(employers, postings):
        assert set(address) == LOCATION_FIELDS, where
        assert address["country"] == "US", where
        assert re.fullmatch(r"\d{5}", address["postal_code"]), where
        assert address["region"] == state_of(address["postal_code"]), where
        assert address["postal_code"] in address["text"], where
        assert f", {address['region']} " in address["text"], where
        assert address["city"] in address["text"], where


def test_coordinates_lie_near_the_centre_of_their_zip_code(participants, employers, postings):
    zipcodes = pytest.importorskip("zipcodes")
    located = [
        (f"{p['external_ref']} home", p["home"]["postal_code"], None, p["home"])
        for p in participants
    ] + [(w, a["postal_code"], a["region"], a) for w, a in addresses(employers, postings)]
    for where, postal_code, region, point in located:
        (known,) = zipcodes.matching(postal_code)
        if region is not None:
            assert known["state"] == region, where
        north_km = (point["lat"] - float(known["lat"])) * 111.2
        east_km = (point["lon"] - float(known["long"])) * 111.2 * math.cos(math.radians(39.05))
        assert math.hypot(north_km, east_km) < 8, f"{where} is far from ZIP {postal_code}"


# --- participants -----------------------------------------------------------------------------


def test_participants_have_exactly_the_design_fields(participants):
    for p in participants:
        ref = p["external_ref"]
        assert set(p) - {"contact"} == PARTICIPANT_FIELDS, ref  # contact is optional
        if "contact" in p:
            assert set(p["contact"]) <= {"phone", "email", "channels", "language"}, ref
        assert set(p["home"]) == {"address", "postal_code", "lat", "lon"}, ref
        assert p["home"]["address"].endswith(f", {state_of(p['home']['postal_code'])}"), ref
        assert set(p["record"]) == RECORD_FIELDS, ref
        sup = p["supervision"]
        restricted = "occupational_restriction" in sup["conditions"]
        expected = SUPERVISION_FIELDS | ({"restricted_occupations"} if restricted else set())
        assert set(sup) == expected, ref
        if restricted:
            assert sup["restricted_occupations"], ref
        for item in p["work_history"]:
            assert set(item) == {"title", "years"}, ref
            assert isinstance(item["years"], float) and 0 < item["years"] <= 40, ref
        for text in p["skills"] + p["credentials"] + p["desired_titles"]:
            assert text == text.strip().lower() and text, ref


def test_participant_values_are_in_range(participants):
    for p in participants:
        ref = p["external_ref"]
        assert isinstance(p["drivers_license"], bool) and isinstance(p["has_vehicle"], bool)
        assert not (p["has_vehicle"] and not p["drivers_license"]), ref
        assert isinstance(p["max_commute_minutes"], int), ref
        assert 45 <= p["max_commute_minutes"] <= 75, ref
        assert 13 <= p["min_hourly_wage"] <= 20, ref
        assert p["availability"], ref
        for window in p["availability"]:
            assert set(window) == {"days", "start", "end"}, ref
            assert window["days"] and set(window["days"]) <= DAYS, ref
            assert is_clock(window["start"]) and is_clock(window["end"]), ref
            assert window["start"] < window["end"], ref


def test_supervision_uses_allowed_codes_and_valid_times(participants):
    for p in participants:
        ref, sup = p["external_ref"], p["supervision"]
        assert sup["agency"] in AGENCIES, ref
        assert set(sup["conditions"]) <= CONDITIONS, ref
        assert len(set(sup["conditions"])) == len(sup["conditions"]), ref
        assert isinstance(sup["electronic_monitoring"], bool), ref
        assert all(re.fullmatch(r"[A-Z]{2}", s) for s in sup["approved_states"]), ref
        assert all(isinstance(s, str) and s for s in sup["standing_permits"]), ref
        if sup["curfew"] is not None:
            assert set(sup["curfew"]) == {"start", "end"}, ref
            assert is_clock(sup["curfew"]["start"]) and is_clock(sup["curfew"]["end"]), ref
        for site in sup["restricted_sites"]:
            assert set(site) == {"label", "lat", "lon", "radius_m"}, ref
            assert 100 <= site["radius_m"] <= 5000, ref
        for ob in sup["obligations"]:
            assert set(ob) == {"label", "days", "start", "end", "lat", "lon", "movable"}, ref
            assert ob["days"] and set(ob["days"]) <= DAYS, ref
            assert is_clock(ob["start"]) and is_clock(ob["end"]) and ob["start"] < ob["end"], ref
            assert isinstance(ob["movable"], bool), ref


def test_supervision_agrees_with_the_agency(participants):
    for p in participants:
        ref, sup = p["external_ref"], p["supervision"]
        if sup["agency"] == "none":
            assert sup["approved_states"] == [] and sup["curfew"] is None, ref
            assert sup["conditions"] == [] and sup["obligations"] == [], ref
            assert not sup["electronic_monitoring"], ref
        elif sup["agency"] == "kansas_doc":
            assert sup["approved_states"] == ["KS"], ref
            assert p["home"]["postal_code"].startswith("66"), ref
        else:
            assert sup["approved_states"] == ["MO"], ref
            assert sup["approved_counties"], ref
            assert not p["home"]["postal_code"].startswith("66"), ref


def test_records_use_allowed_codes_and_dates(participants):
    for p in participants:
        ref, rec = p["external_ref"], p["record"]
        assert rec["offense_categories"] and set(rec["offense_categories"]) <= OFFENSES, ref
        conviction = date.fromisoformat(rec["conviction_date"])
        release = date.fromisoformat(rec["release_date"])
        assert conviction < release <= TODAY, ref
        assert release.year in (2025, 2026), ref
        assert isinstance(rec["felony"], bool) and isinstance(rec["registrant"], bool), ref
        if rec["registrant"]:
            assert "sex" in rec["offense_categories"], ref


def test_the_caseload_has_the_variety_the_demo_shows(participants):
    agencies = Counter(p["supervision"]["agency"] for p in participants)
    assert agencies == {"missouri_pp": 5, "federal": 3, "kansas_doc": 1, "none": 3}
    sups = [p["supervision"] for p in participants]
    assert sum(s["electronic_monitoring"] for s in sups) == 2
    assert all(s["curfew"] for s in sups if s["electronic_monitoring"])
    assert sum(s["curfew"] is not None for s in sups) >= 3
    assert sum(bool(s["restricted_sites"]) for s in sups) >= 1
    obligations = [ob for s in sups for ob in s["obligations"]]
    assert any(ob["movable"] for ob in obligations)
    assert any(not ob["movable"] and ob["days"] == ["thu"] for ob in obligations)

    def who(test):
        return [p for p in participants if test(p["supervision"], p["record"], p)]

    assert who(lambda s, r, p: r["registrant"] and "no_minors" in s["conditions"])
    assert who(lambda s, r, p: "no_alcohol_venues" in s["conditions"])
    assert who(
        lambda s, r, p: (
            "theft_fraud" in r["offense_categories"] and "no_cash_handling" in s["conditions"]
        )
    )
    assert who(lambda s, r, p: "dui" in r["offense_categories"] and not p["drivers_license"])
    assert who(lambda s, r, p: s.get("restricted_occupations") == ["security", "33-9032"])
    assert len(who(lambda s, r, p: p["drivers_license"] and p["has_vehicle"])) >= 2
    assert len(who(lambda s, r, p: not p["drivers_license"])) >= 4


# --- employers --------------------------------------------------------------------------------


def test_employers_have_the_expected_shape(employers):
    for e in employers:
        key = e["key"]
        assert set(e) == EMPLOYER_FIELDS, key
        assert e["industry"] in INDUSTRIES, key
        assert re.fullmatch(r"\d{6}", e["naics"]), key
        assert e["size"] in SIZES, key
        assert re.fullmatch(r"https://[a-z0-9.-]+\.example", e["website"]), key
        fair = e["fair_chance"]
        assert set(fair) == {"verified", "pledge_signed", "kc_ordinance", "policy"}, key
        assert all(isinstance(fair[k], bool) for k in ("verified", "pledge_signed")), key
        assert 20 <= len(fair["policy"]) <= 300, key
        in_kcmo = e["address"]["city"] == "Kansas City" and e["address"]["region"] == "MO"
        assert fair["kc_ordinance"] is in_kcmo, key
        assert set(e["contact"]) == {"name", "email"}, key
        assert e["contact"]["email"].endswith("@example.com"), key


def test_employers_cover_the_stances_and_industries(employers, postings):
    stances = Counter(
        "verified"
        if e["fair_chance"]["verified"]
        else "pledge"
        if e["fair_chance"]["pledge_signed"]
        else "unknown"
        for e in employers
    )
    assert stances == {"verified": 3, "pledge": 2, "unknown": 3}
    industries = {e["industry"] for e in employers}
    assert {"security", "food_service", "home_health", "warehousing"} <= industries
    logistics = next(e["key"] for e in employers if e["industry"] == "warehousing")
    states = {w["region"] for j in postings if j["employer"] == logistics for w in j["locations"]}
    assert states == {"MO", "KS"}


# --- postings ---------------------------------------------------------------------------------


def test_postings_have_the_expected_shape(postings, employers):
    keys = {e["key"] for e in employers}
    for job in postings:
        job_id = job["source_job_id"]
        assert set(job) == POSTING_FIELDS, job_id
        assert job["employer"] in keys, job_id
        assert job["title"].strip() == job["title"] and job["title"], job_id
        assert job["workplace"] == "on_site", job_id
        assert job["locations"], job_id
        assert job["employment_types"], job_id
        assert set(job["employment_types"]) <= EMPLOYMENT_TYPES, job_id
        assert job["apply_url"] == f"https://jobs.{job['employer']}.example/apply/{job_id}"


def test_posting_descriptions_read_like_job_ads(postings):
    for job in postings:
        job_id, text = job["source_job_id"], job["description"]
        assert 120 <= len(text.split()) <= 400, job_id
        bullets = [line for line in text.splitlines() if line.startswith(("- ", "• "))]
        assert len(bullets) >= 3, job_id
        assert "<" not in text and "\t" not in text, job_id


def test_posting_pay_is_plausible(postings):
    for job in postings:
        job_id, pay = job["source_job_id"], job["pay"]
        if pay is None:
            continue
        assert set(pay) == {"min", "max", "currency", "unit"}, job_id
        assert pay["currency"] == "USD" and pay["unit"] in {"hour", "year"}, job_id
        assert pay["max"] is None or pay["min"] <= pay["max"], job_id
        low, high = (13, 32) if pay["unit"] == "hour" else (30_000, 120_000)
        assert low <= pay["min"] <= high, job_id
        assert pay["max"] is None or pay["max"] <= high, job_id
    units = Counter(j["pay"]["unit"] for j in postings if j["pay"])
    assert units["year"] >= 2


def test_posting_dates_are_open_now(postings):
    for job in postings:
        job_id = job["source_job_id"]
        assert POSTED_AT.match(job["posted_at"]), job_id
        posted = datetime.fromisoformat(job["posted_at"])
        assert posted.date() <= TODAY, job_id
        if job["closes_at"] is not None:
            assert CLOSES_AT.match(job["closes_at"]), job_id
            assert datetime.fromisoformat(job["closes_at"]) > posted, job_id


def test_postings_carry_the_signals_the_demo_needs(postings):
    text = "\n".join(j["description"].lower() for j in postings)
    for phrase in (
        "second chance employer",
        "we hire people with records",
        "will consider qualified applicants with arrest and conviction records",
        "no felony convictions in the last 7 years",
        "must carry a firearm",
        "cdl class a with clean mvr",
        "valid driver's license required",
        "must be able to lift 50 lbs",
        "forklift certification preferred",
        "must pass background check and drug screen",
        "weekends required",
        "overnight 10p-6:30a",
        "2nd shift, 3:00 pm - 11:30 pm",
        "sida badge",
        "dispensary",
        "school",
    ):
        assert phrase in text, phrase
    cities = {w["city"] for j in postings for w in j["locations"]}
    assert {"Kansas City", "North Kansas City", "Riverside", "Independence"} <= cities
    assert {"Lenexa", "Olathe", "Edgerton"} <= cities


# --- caseloads --------------------------------------------------------------------------------


def test_caseloads_refer_to_people_and_employers_that_exist(caseloads, participants, employers):
    assert set(caseloads) == {"specialists", "participant_account", "employer_account"}
    refs = {p["external_ref"] for p in participants}
    emails = [s["email"] for s in caseloads["specialists"]]
    assert emails == ["specialist@example.org", "specialist2@example.org"]
    assigned = [ref for s in caseloads["specialists"] for ref in s["participants"]]
    assert sorted(assigned) == sorted(refs), "every participant on exactly one caseload"
    for s in caseloads["specialists"]:
        assert set(s) == {"email", "name", "participants"} and s["name"]
    assert caseloads["participant_account"] in refs
    assert caseloads["employer_account"] in {e["key"] for e in employers}
