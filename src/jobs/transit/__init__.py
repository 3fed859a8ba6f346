"""Transit reach: GTFS loading, RAPTOR routing, walking, reach for matching, geocoding.

Pure: no database and no web framework; results are msgspec Structs.
"""

from jobs.transit.cache import cache_dir_in, demo_feed_path, load_timetable
from jobs.transit.errors import FeedError, QueryError, TransitError
from jobs.transit.info import FeedInfo, summarise
from jobs.transit.journey import Journey, Leg, Query
from jobs.transit.planner import Planner, parse_when
from jobs.transit.reach import (
    Accessibility,
    ReachCache,
    Shift,
    ShiftReach,
    accessibility,
    shift_reach,
)
from jobs.transit.timetable import Timetable
from jobs.transit.walking import WalkModel

__all__ = [
    "Accessibility",
    "FeedError",
    "FeedInfo",
    "Journey",
    "Leg",
    "Planner",
    "Query",
    "QueryError",
    "ReachCache",
    "Shift",
    "ShiftReach",
    "Timetable",
    "TransitError",
    "WalkModel",
    "accessibility",
    "cache_dir_in",
    "demo_feed_path",
    "load_timetable",
    "parse_when",
    "shift_reach",
    "summarise",
]
