"""Matching: each posting for a participant in a tier (eligible, needs approval, excluded) with
its reasons, scored and ranked. Pure: msgspec Structs in and out, no database, no web."""

from jobs.matching.child_places import (
    ChildPlace,
    ChildPlaceList,
    ChildPlaces,
    ListCoverage,
    parse_child_place_list,
    parse_child_places,
)
from jobs.matching.constraints import Assessment, Constraints, assess
from jobs.matching.inputs import (
    CredentialAsked,
    EmployerPolicy,
    Location,
    PostingFacts,
    PostingPay,
    Reach,
    Requirements,
    SettingSeen,
    ShiftAsked,
    SkillAsked,
    TripHome,
    TripToWork,
)
from jobs.matching.rank import Components, MatchResult, PostingBook, TransitSummary, rank
from jobs.matching.reasons import TIERS, Reason, Tier
from jobs.matching.score import InvalidWeight, ScoreWeights, score_weights

__all__ = [
    "TIERS",
    "Assessment",
    "ChildPlace",
    "ChildPlaceList",
    "ChildPlaces",
    "Components",
    "Constraints",
    "CredentialAsked",
    "EmployerPolicy",
    "InvalidWeight",
    "ListCoverage",
    "Location",
    "MatchResult",
    "PostingBook",
    "PostingFacts",
    "PostingPay",
    "Reach",
    "Reason",
    "Requirements",
    "ScoreWeights",
    "SettingSeen",
    "ShiftAsked",
    "SkillAsked",
    "Tier",
    "TransitSummary",
    "TripHome",
    "TripToWork",
    "assess",
    "parse_child_place_list",
    "parse_child_places",
    "rank",
    "score_weights",
]
