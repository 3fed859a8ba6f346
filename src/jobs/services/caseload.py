"""The specialist's caseload dashboard: each participant with new matches, pending approvals,
open referrals and the placement checks coming due."""

from __future__ import annotations

from datetime import date, timedelta

import msgspec
from sqlalchemy import case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import PermissionDenied
from jobs.matching.reasons import TIERS
from jobs.outcomes import CheckpointRecord, PlacementRecord, checkpoint_label, needs_check_in
from jobs.services.visibility import audit, visible_participant_ids
from jobs.services.web_sessions import Viewer
from jobs.store import (
    Checkpoint,
    Interest,
    Match,
    MatchSummary,
    Participant,
    Placement,
    Posting,
    Referral,
)
from jobs.store.column_reads import read_columns
from jobs.store.encryption import open_selected

CHECK_HORIZON_DAYS = 30  # the dashboard shows checks overdue or due within this many days


class DueCheck(msgspec.Struct, kw_only=True):
    """A placement check on the dashboard: what, for which job, when, and how late."""

    label: str
    job_title: str
    due_on: date
    days_overdue: int = 0


class CaseloadRow(msgspec.Struct, kw_only=True):
    """One participant on the dashboard."""

    id: int
    external_ref: str
    name: str
    new_eligible: int = 0
    new_needs_approval: int = 0
    interested: int = 0
    referrals_open: int = 0
    checkpoints_due: list[DueCheck] = []


NEW_TIERS = TIERS[:2]  # eligible and needs approval: the tiers whose new jobs are counted


async def new_matches(
    session: AsyncSession, participant_ids: list[int]
) -> dict[int, tuple[int, int]]:
    """Per participant, how many open jobs of the eligible and the needs-approval tiers nobody
    has reviewed yet: every one, not only the rows kept.

    Only the best ``kept_per_tier`` matches of a tier are stored as rows; the participant's
    last whole ranking counts the rest (``MatchSummary``), and nobody has acted on those (a
    match someone acted on is always kept). So a tier's new matches are its unreviewed rows plus
    the postings of the ranking that have no row. A job first seen after the ranking (matched
    since, by a rematch of new postings) is not in its counts: its row counts as a row only.
    Without a summary, the rows are all there is.
    """
    unreviewed = func.sum(case((Match.review_status == "new", 1), else_=0))
    in_ranking = func.sum(
        case(
            (
                or_(
                    MatchSummary.computed_at.is_(None),
                    Posting.first_seen_at <= MatchSummary.computed_at,
                ),
                1,
            ),
            else_=0,
        )
    )
    listed: dict[tuple[int, str], tuple[int, int]] = {}  # (person, tier) -> ranked rows, new
    for pid, tier, rows, new in await read_columns(
        session,
        select(Match.participant_id, Match.tier, in_ranking, unreviewed)
        .join(Posting, Posting.id == Match.posting_id)
        .outerjoin(MatchSummary, MatchSummary.participant_id == Match.participant_id)
        .where(
            Match.participant_id.in_(participant_ids),
            Match.tier.in_(NEW_TIERS),
            Posting.status == "open",
            Posting.duplicate_of.is_(None),
        )
        .group_by(Match.participant_id, Match.tier),
    ):
        listed[(pid, tier)] = (int(rows or 0), int(new or 0))
    ranked: dict[tuple[int, str], int] = {}
    for pid, tiers in await read_columns(
        session,
        select(MatchSummary.participant_id, MatchSummary.tiers).where(
            MatchSummary.participant_id.in_(participant_ids)
        ),
    ):
        opened = open_selected(session, MatchSummary.tiers, pid, tiers) or {}
        for tier in NEW_TIERS:
            document = opened.get(tier) or {}
            ranked[(pid, tier)] = int(document.get("postings", 0))
    found: dict[int, tuple[int, int]] = {}
    for pid in participant_ids:
        counts = []
        for tier in NEW_TIERS:
            rows, new = listed.get((pid, tier), (0, 0))
            counts.append(new + max(0, ranked.get((pid, tier), 0) - rows))
        if any(counts):
            found[pid] = (counts[0], counts[1])
    return found


async def dashboard(session: AsyncSession, viewer: Viewer, today: date) -> list[CaseloadRow]:
    """Each visible participant with new matches, pending approvals and upcoming checkpoints."""
    if not viewer.is_staff:
        raise PermissionDenied("the caseload is for program staff")
    ids = visible_participant_ids(viewer)
    # Each one's interests and open referrals counted in the same statement.
    interested = (
        select(func.count())
        .where(Interest.participant_id == Participant.id)
        .correlate(Participant)
        .scalar_subquery()
    )
    referrals_open = (
        select(func.count())
        .where(
            Referral.participant_id == Participant.id,
            Referral.status.in_(("referred", "interviewing", "offered")),
        )
        .correlate(Participant)
        .scalar_subquery()
    )
    # Names are encrypted at rest: opened, then sorted here.
    participants = sorted(
        (
            (pid, ref, open_selected(session, Participant.name, pid, name), liked, referred)
            for pid, ref, name, liked, referred in await read_columns(
                session,
                select(
                    Participant.id,
                    Participant.external_ref,
                    Participant.name,
                    interested,
                    referrals_open,
                )
                .where(Participant.id.in_(ids))
                .order_by(Participant.id),
            )
        ),
        key=lambda row: (row[2].casefold(), row[0]),
    )
    rows = {
        pid: CaseloadRow(
            id=pid,
            external_ref=ref,
            name=name,
            interested=int(liked or 0),
            referrals_open=int(referred or 0),
        )
        for pid, ref, name, liked, referred in participants
    }
    if not rows:
        return []
    for pid, (eligible, needs_approval) in (await new_matches(session, list(rows))).items():
        rows[pid].new_eligible, rows[pid].new_needs_approval = eligible, needs_approval
    for pid, kind, due, title, start, separated in await read_columns(
        session,
        select(
            Placement.participant_id,
            Checkpoint.kind,
            Checkpoint.due_on,
            Placement.job_title,
            Placement.start_date,
            Placement.separated_on,
        )
        .join(Checkpoint, Checkpoint.placement_id == Placement.id)
        .where(
            Placement.participant_id.in_(ids),
            Checkpoint.status == "due",
            Checkpoint.due_on <= today + timedelta(days=CHECK_HORIZON_DAYS),
        )
        .order_by(Checkpoint.due_on, Checkpoint.id),
    ):
        check = CheckpointRecord(kind=kind, due_on=due, status="due")
        job = PlacementRecord(
            id=0,
            participant_id=pid,
            employer_id=0,
            start_date=start,
            hourly_wage=0,
            hours_per_week=1,
            separated_on=separated,
        )
        if needs_check_in(check, job):  # a job that ended before the check needs no call
            rows[pid].checkpoints_due.append(
                DueCheck(
                    label=checkpoint_label(kind),
                    job_title=title,
                    due_on=due,
                    days_overdue=max(0, (today - due).days),
                )
            )
    await audit(session, viewer, "read_caseload", "caseload", viewer.user_id)
    return list(rows.values())
