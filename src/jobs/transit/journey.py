"""What a trip planner answers: a door-to-door journey made of walk and transit legs."""

from __future__ import annotations

import datetime as dt

import msgspec


class Leg(msgspec.Struct, kw_only=True):
    """One part of a journey: a walk, or a ride on one route from one stop to another."""

    mode: str  # "walk" | "transit"
    route: str | None
    from_: str = msgspec.field(name="from")
    to: str
    depart: dt.datetime
    arrive: dt.datetime
    from_stop: str | None = None
    to_stop: str | None = None
    meters: int | None = None  # walking distance of a walk leg


class Journey(msgspec.Struct, kw_only=True):
    """DESIGN's transit reach fields: door times, minutes, transfers, walking metres and legs."""

    reachable: bool
    minutes: float | None
    depart: dt.datetime | None
    arrive: dt.datetime | None
    transfers: int | None
    walk_meters: int | None
    legs: list[Leg] = msgspec.field(default_factory=list)

    @classmethod
    def unreachable(cls) -> Journey:
        """No journey within the search window."""
        return cls(
            reachable=False,
            minutes=None,
            depart=None,
            arrive=None,
            transfers=None,
            walk_meters=None,
        )


class Query(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """One travel question: from and to (lat, lon), leaving at or arriving by a local time."""

    id: str | int | None = None
    origin: tuple[float, float] = msgspec.field(name="from")
    destination: tuple[float, float] = msgspec.field(name="to")
    depart_at: dt.datetime | None = None
    arrive_by: dt.datetime | None = None
