"""Outcomes: placements, retention checkpoints, employer incentives and the program report.

Pure: msgspec Structs in and out, no database, no web. ``today`` and the period are always
parameters, never the clock.
"""

from jobs.outcomes.checkpoints import (
    CHECKPOINT_LABELS,
    Outcome,
    checkpoint_label,
    federal_schedule,
    needs_check_in,
    outcome,
    retention_schedule,
)
from jobs.outcomes.incentives import (
    BondingCheck,
    Deadline,
    WotcCheck,
    WotcPolicy,
    check_bonding,
    check_wotc,
)
from jobs.outcomes.quarters import Quarter, quarter_after_exit, quarter_of
from jobs.outcomes.records import (
    CheckpointRecord,
    CustodyRecord,
    ParticipantRecord,
    Period,
    PlacementRecord,
    ProgramRecords,
    Projection,
    Specialist,
)
from jobs.outcomes.report import GroupRow, OutcomesReport, RetentionCount, program_report
from jobs.outcomes.timeline import TimelineEntry, timeline

__all__ = [
    "CHECKPOINT_LABELS",
    "BondingCheck",
    "CheckpointRecord",
    "CustodyRecord",
    "Deadline",
    "GroupRow",
    "Outcome",
    "OutcomesReport",
    "ParticipantRecord",
    "Period",
    "PlacementRecord",
    "ProgramRecords",
    "Projection",
    "Quarter",
    "RetentionCount",
    "Specialist",
    "TimelineEntry",
    "WotcCheck",
    "WotcPolicy",
    "check_bonding",
    "check_wotc",
    "checkpoint_label",
    "federal_schedule",
    "needs_check_in",
    "outcome",
    "program_report",
    "quarter_after_exit",
    "quarter_of",
    "retention_schedule",
    "timeline",
]
