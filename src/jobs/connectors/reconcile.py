"""The pure sync decision: what to create, update, leave, close or reopen for one source."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import msgspec

from jobs.connectors.posting import Listing, PostingIn

Status = Literal["open", "closed"]
DEFAULT_MASS_CLOSE_RATIO = 0.5


class SyncPlan(msgspec.Struct, kw_only=True):
    """The writes one listing calls for; ``close_blocked`` says why nothing was closed."""

    creates: list[PostingIn] = msgspec.field(default_factory=list)
    updates: list[PostingIn] = msgspec.field(default_factory=list)
    unchanged: list[str] = msgspec.field(default_factory=list)
    closes: list[str] = msgspec.field(default_factory=list)
    reopens: list[PostingIn] = msgspec.field(default_factory=list)
    # Carried-over ids (raw unchanged, not normalised again) whose stored posting is closed.
    reopen_ids: list[str] = msgspec.field(default_factory=list)
    # Open postings that vanished but were kept open, and the reason.
    kept_open: list[str] = msgspec.field(default_factory=list)
    close_blocked: str | None = None


def plan_sync(
    stored: Mapping[str, tuple[str, Status]],
    listing: Listing,
    *,
    allow_mass_close: bool = False,
    mass_close_ratio: float = DEFAULT_MASS_CLOSE_RATIO,
) -> SyncPlan:
    """Decide the writes for one source.

    ``stored`` maps each stored posting's source job id to (content_hash, status). A posting
    closes only when it vanished from a complete listing; a quarantined record still exists
    upstream, so it never closes. An incomplete listing closes nothing. An empty listing, or
    one that would close more than ``mass_close_ratio`` of the source's postings (those listed
    plus those vanished), closes nothing unless ``allow_mass_close``. A closed posting that
    appears again reopens (with its new content).
    """
    plan = SyncPlan()
    seen: set[str] = set()
    for posting in listing.postings:
        seen.add(posting.source_job_id)
        before = stored.get(posting.source_job_id)
        if before is None:
            plan.creates.append(posting)
        elif before[1] == "closed":
            plan.reopens.append(posting)
        elif before[0] != posting.content_hash:
            plan.updates.append(posting)
        else:
            plan.unchanged.append(posting.source_job_id)
    for key in listing.carried:
        if key in seen:
            continue
        seen.add(key)
        before = stored.get(key)
        if before is not None and before[1] == "closed":
            plan.reopen_ids.append(key)
        elif before is not None:
            plan.unchanged.append(key)
    seen.update(q.source_job_id for q in listing.quarantined if q.source_job_id)
    open_ids = [key for key, (_, status) in stored.items() if status == "open"]
    vanished = [key for key in open_ids if key not in seen]
    if not vanished:
        return plan
    reason = None
    if not listing.complete:
        reason = "the listing was not read completely, so nothing is closed"
    elif not allow_mass_close:
        if not seen:
            reason = "the listing is empty; closing every posting needs --allow-mass-close"
        elif len(vanished) > mass_close_ratio * (len(vanished) + len(seen)):
            # Measured against what the source holds after this sync (the listing plus the
            # vanished), so a blocked run decides the same way when repeated.
            reason = (
                f"{len(vanished)} of {len(vanished) + len(seen)} postings would close (more "
                f"than {mass_close_ratio:.0%}); closing them needs --allow-mass-close"
            )
    if reason:
        plan.kept_open = vanished
        plan.close_blocked = reason
    else:
        plan.closes = vanished
    return plan


def apply_plan(
    stored: Mapping[str, tuple[str, Status]], plan: SyncPlan
) -> dict[str, tuple[str, Status]]:
    """What a store holds after carrying out a plan (the reference the sync service follows)."""
    result = dict(stored)
    for posting in [*plan.creates, *plan.updates, *plan.reopens]:
        result[posting.source_job_id] = (posting.content_hash, "open")
    for key in plan.reopen_ids:
        result[key] = (result[key][0], "open")
    for key in plan.closes:
        result[key] = (result[key][0], "closed")
    return result
