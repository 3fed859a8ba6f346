"""What matching reads about a posting and about the trip to it, as msgspec Structs.

``Requirements`` uses the names of ``jobs.skills.extract.Extraction`` so the batch engine converts
with ``msgspec.convert(msgspec.to_builtins(extraction), Requirements)``; fields the extractor does
not fill keep their "unknown" defaults, and unknowns become reasons, never silent passes.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import msgspec


class EmployerPolicy(msgspec.Struct, frozen=True):
    """The employer's own fair-chance facts (from the employer record, not the posting text)."""

    fair_chance_verified: bool = False
    pledge_signed: bool = False
    kc_ordinance: bool = False
    industry: str = ""
    naics: str = ""


class Location(msgspec.Struct, frozen=True):
    """A job site; `region` is the state (two letters); county and state may be derived."""

    text: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    county: str = ""
    country: str = "US"
    lat: float | None = None
    lon: float | None = None
    precision: str = ""  # how the position was found: given | address | zip_centroid | ""


class PostingPay(msgspec.Struct, frozen=True):
    """Pay as posted: a range or one figure per unit (hour, day, week, month, year)."""

    min: float | None = None
    max: float | None = None
    currency: str = "USD"
    unit: str | None = None


class Evidence(msgspec.Struct, frozen=True):
    """Words of the posting that support a finding."""

    text: str
    start: int = 0
    end: int = 0


class SkillAsked(msgspec.Struct, frozen=True):
    """A skill the posting asks for: a taxonomy id when known, else free text in `label`."""

    label: str
    id: str | None = None
    text: str = ""
    required: bool = True
    kind: str = "hard_skill"  # hard_skill | tool | knowledge | soft_skill
    asked: bool = True  # False: a duty the job involves, not a skill to bring
    # The examples the posting lists under this skill ("computer software such as Microsoft
    # Office"): a participant who has one of them has the skill.
    examples: tuple[str, ...] = ()


class CredentialAsked(msgspec.Struct, frozen=True):
    """A certificate, license or card the posting asks for, and how it is had: before applying,
    or after hire (`obtain_by` in the posting's words, "within 30 days of hire"; whether the
    employer pays for it or trains for it)."""

    label: str
    id: str | None = None
    text: str = ""
    required: bool = True
    obtain: str = "before_applying"  # before_applying | after_hire
    obtain_by: str = ""
    employer_pays: bool = False
    employer_trains: bool = False
    any_of: int = 0  # alternatives ("food handler card or ServSafe") share a number above 0
    some_positions: bool = False  # not required: asked for some positions only


class ShiftAsked(msgspec.Struct, frozen=True):
    """A working time: clock times "HH:MM" (end before start: ends the next day) and days."""

    label: str = ""
    start: str | None = None
    end: str | None = None
    days: list[str] = []


class PhysicalAsked(msgspec.Struct, frozen=True):
    """A physical demand (lifting, standing...), with pounds when stated."""

    kind: str
    text: str = ""
    pounds: int | None = None


class FairChanceWords(msgspec.Struct, frozen=True):
    """The posting's own stance: chosen_language | ordinance_boilerplate | unknown |
    background_check | exclusionary."""

    stance: str = "unknown"
    evidence: list[Evidence] = []


class SettingSeen(msgspec.Struct, frozen=True):
    """A workplace setting flag: alcohol_service, alcohol_primary, firearms, children_or_schools,
    cash_handling, banking, health_care, home_health, airport_secured_area, commercial_driving,
    cannabis."""

    flag: str
    evidence: list[Evidence] = []


class Requirements(msgspec.Struct, frozen=True):
    """What the posting asks for (DESIGN's extraction fields plus the setting flags)."""

    skills: list[SkillAsked] = []
    credentials: list[CredentialAsked] = []
    drivers_license: str = "not_mentioned"  # required | preferred | not_mentioned
    drivers_license_class: str | None = None  # A | B | C when a commercial class is named
    commercial_license: bool = False
    background_check: str = "not_mentioned"  # required | after_offer | not_mentioned
    exclusionary: bool = False
    drug_test: str = "not_mentioned"  # required | not_mentioned
    shifts: list[ShiftAsked] = []
    physical: list[PhysicalAsked] = []
    experience_years: float | None = None
    entry_level: bool = False  # "no experience needed", "we train": duties are taught
    education: str | None = None
    fair_chance: FairChanceWords = FairChanceWords()
    pay: PostingPay | None = None
    setting: list[SettingSeen] = []


class PostingFacts(msgspec.Struct, frozen=True):
    """One open posting as matching sees it."""

    id: str
    title: str
    employer: str = ""
    policy: EmployerPolicy = EmployerPolicy()
    locations: list[Location] = []
    workplace: str = "unknown"  # on_site | hybrid | remote | unknown
    employment_types: list[str] = []
    pay: PostingPay | None = None
    posted_at: dt.datetime | None = None
    soc: str | None = None  # SOC code of the title when the taxonomy knows it ("53-7051")
    requirements: Requirements = Requirements()


class TripToWork(msgspec.Struct, frozen=True):
    """The way to the shift: door-to-door minutes, transfers, walking and route names."""

    reachable: bool
    minutes: float | None = None
    transfers: int | None = None
    walk_meters: int | None = None
    routes: list[str] = []
    leave_home: dt.datetime | str | None = None  # door time ("HH:MM" or a datetime)


class TripHome(msgspec.Struct, frozen=True):
    """The first way home after the shift ends."""

    reachable: bool
    minutes: float | None = None
    arrive: dt.datetime | str | None = None  # "HH:MM" (may be the next day) or a datetime
    wait_minutes: float | None = None


class ShiftReachFields(Protocol):
    """The fields of ``jobs.transit.reach.ShiftReach`` that ``Reach.from_shift_reach`` needs."""

    @property
    def reachable(self) -> bool: ...
    @property
    def minutes(self) -> float | None: ...
    @property
    def transfers(self) -> int | None: ...
    @property
    def walk_meters(self) -> int | None: ...
    @property
    def home_after_shift(self) -> bool: ...


class Reach(msgspec.Struct, frozen=True):
    """Transit reach for one posting from the participant's home (None when not computed)."""

    to_work: TripToWork
    home: TripHome
    home_after_shift: bool

    @classmethod
    def from_shift_reach(cls, found: ShiftReachFields) -> Reach:
        """Build from ``jobs.transit.reach.ShiftReach`` (read by attribute, no import needed)."""
        journey = getattr(found, "to_work", None)
        routes: list[str] = []
        for leg in getattr(journey, "legs", None) or []:
            route = getattr(leg, "route", None)
            if getattr(leg, "mode", "") == "transit" and route and route not in routes:
                routes.append(route)
        return cls(
            to_work=TripToWork(
                reachable=bool(found.reachable),
                minutes=found.minutes,
                transfers=found.transfers,
                walk_meters=found.walk_meters,
                routes=routes,
                leave_home=getattr(found, "leave_home", None),
            ),
            home=TripHome(
                reachable=bool(found.home_after_shift),
                minutes=getattr(found, "home_minutes", None),
                arrive=getattr(found, "home_arrive", None),
                wait_minutes=getattr(found, "wait_after_shift_minutes", None),
            ),
            home_after_shift=bool(found.home_after_shift),
        )
