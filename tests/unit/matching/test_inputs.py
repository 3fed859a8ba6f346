"""The batch engine converts the extractor's and the transit planner's structs into ours."""

from __future__ import annotations

import datetime as dt

import msgspec

from jobs.matching import Reach, Requirements, assess
from jobs.skills.extract import Extraction
from jobs.skills.requirements import (
    Credential,
    Evidence,
    FairChance,
    Pay,
    SettingFlag,
    Shift,
    SkillMention,
)
from jobs.transit.journey import Journey, Leg
from jobs.transit.reach import ShiftReach
from tests.unit.matching.builders import TODAY, person, posting


def test_extraction_converts_to_requirements():
    extraction = Extraction(
        id="x",
        skills=[SkillMention("skill:forklift", "forklift operation", "forklifts", 0, 9, True)],
        credentials=[Credential(None, "OSHA 30", "OSHA 30", True, 1, 2)],
        drivers_license="required",
        drivers_license_class="A",
        commercial_license=True,
        shifts=[Shift("1st", "06:00", "14:30", ["mon"], Evidence("6-2:30", 0, 6))],
        fair_chance=FairChance("chosen_language", [Evidence("second chance", 0, 13)]),
        pay=Pay(18.0, None, "USD", "hour"),
        setting=[SettingFlag("alcohol_service", [Evidence("bar", 0, 3)])],
    )
    req = msgspec.convert(msgspec.to_builtins(extraction), Requirements)
    assert req.skills[0].id == "skill:forklift" and req.skills[0].required
    assert req.shifts[0].start == "06:00" and req.drivers_license_class == "A"
    assert req.fair_chance.stance == "chosen_language"
    assert [flag.flag for flag in req.setting] == ["alcohol_service"]
    found = assess(person(), posting(requirements=msgspec.to_builtins(req)), TODAY)
    texts = " ".join(r.text for r in found.reasons)
    assert "OSHA 30" in texts and "driver's license" in texts


def test_transit_shift_reach_converts_to_reach():
    day = dt.datetime(2026, 12, 1)
    ride = Leg(
        mode="transit",
        route="Prospect MAX",
        from_="A",
        to="B",
        depart=day.replace(hour=7, minute=5),
        arrive=day.replace(hour=7, minute=40),
    )
    there = Journey(
        reachable=True,
        minutes=45.0,
        depart=day.replace(hour=7),
        arrive=day.replace(hour=7, minute=45),
        transfers=0,
        walk_meters=350,
        legs=[ride],
    )
    found = ShiftReach(
        posting_id="P-1",
        reachable=True,
        minutes=45.0,
        transfers=0,
        walk_meters=350,
        leave_home=day.replace(hour=7),
        home_after_shift=True,
        home_minutes=50.0,
        wait_after_shift_minutes=5.0,
        home_arrive=day.replace(hour=17, minute=20),
        to_work=there,
        way_home=Journey.unreachable(),
    )
    reach = Reach.from_shift_reach(found)
    assert reach.to_work.routes == ["Prospect MAX"]
    assert reach.to_work.minutes == 45.0 and reach.home.arrive == day.replace(hour=17, minute=20)
    assert reach.home_after_shift is True
