"""The outbox: every text and email is a row first, written in the transaction of the event that
caused it, then sent by ``send_due`` (the scheduler inside `jobs serve`, or `jobs messages
send-due`).

Sending one message:

1. **claim** it in its own committed transaction: status ``sending``, ``attempts`` + 1, who and
   when. Another sender skips it; nothing is sent before the claim is durable.
2. call the provider (outside any transaction), with the message's idempotency key;
3. write the outcome in a second transaction: ``sent`` with the provider's id, or back to
   ``queued`` with a backoff when the provider surely did not take it (429, 5xx, no
   connection), or ``failed``.

A crash between 2 and 3 leaves the row in ``sending``. Such a row is **never sent again**: once
its claim is older than ``CLAIM_TIMEOUT`` it becomes ``failed`` with the error
``outcome unknown`` (audited, shown on the admin outbox page) — Twilio's create call is not
idempotent, so a resend could text a person twice, and a duplicate check-in question is worse than
a missing one a specialist can see and follow up. Twilio's delivery callback, which names our
message id in its URL, still moves such a row to ``sent``/``delivered`` if the text went out.

Messages to participants go only to a channel they agreed to (checked when queued and again when
sent) and wait out the quiet hours (JOBS_QUIET_HOURS, in the program's zone). Bodies are kept
``body_days`` (90) days, then only the metadata (``purge_bodies``).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

import httpx
import msgspec
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jobs.clock import program_today
from jobs.errors import InvalidInput, NotFound
from jobs.services import audit as audit_log
from jobs.services.message_providers import Outgoing, Provider, SendFailed, SmtpMail, TwilioSms
from jobs.services.message_templates import TEMPLATES, render
from jobs.settings import Settings
from jobs.store import OutboxMessage, ParticipantContact
from jobs.store.base import utcnow

log = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=10)
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
MAX_ATTEMPTS = len(BACKOFF) + 1
OUTCOME_UNKNOWN = "outcome unknown"
SYSTEM = audit_log.Actor(label="outbox")
# Templates answered to a text the person just sent: they go whatever the consent says
# (carriers require the STOP and HELP answers).
REPLY_TEMPLATES = ("stop_confirmation", "start_confirmation", "help")


class MessageView(msgspec.Struct, kw_only=True):
    """One message as `jobs messages list --json` and the outbox page show it."""

    id: int
    to: str
    channel: str
    template: str
    status: str
    due_at: datetime
    sent_at: datetime | None
    attempts: int = 0
    error: str = ""
    provider_id: str = ""
    participant_id: int | None = None
    user_id: int | None = None
    body: str | None = None


@dataclass(frozen=True, slots=True)
class Providers:
    """The providers that are configured (None: that channel's messages wait in the outbox)."""

    sms: Provider | None = None
    email: Provider | None = None

    def for_channel(self, channel: str) -> Provider | None:
        return self.sms if channel == "sms" else self.email


def providers_for(settings: Settings, client: httpx.AsyncClient | None) -> Providers:
    """Twilio when JOBS_TWILIO_* are set (and an HTTP client is at hand), SMTP when
    JOBS_SMTP_URL and JOBS_MAIL_FROM are."""
    m = settings.messaging
    sms = TwilioSms(m, client) if m.sms_configured and client is not None else None
    mail = SmtpMail(m, timeout=settings.http.timeout_seconds) if m.email_configured else None
    return Providers(sms=sms, email=mail)


# ---- quiet hours -----------------------------------------------------------------------------


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def quiet_until(moment: datetime, zone: tzinfo, quiet: tuple[str, str] | None) -> datetime | None:
    """When the quiet hours around ``moment`` end (UTC), or None when ``moment`` is not in them.
    ``quiet`` is (start, end) in the program's zone and may cross midnight."""
    if quiet is None:
        return None
    start, end = _clock(quiet[0]), _clock(quiet[1])
    local = moment.astimezone(zone)
    now = local.time()
    if start == end:
        return None
    inside = (start <= now or now < end) if start > end else (start <= now < end)
    if not inside:
        return None
    day = local.date()
    if start > end and now >= start:
        day = day + timedelta(days=1)
    wake = datetime.combine(day, end, tzinfo=zone)
    return wake.astimezone(moment.tzinfo or zone)


# ---- contact and consent ---------------------------------------------------------------------


async def contact_of(session: AsyncSession, participant_id: int) -> ParticipantContact | None:
    return await session.get(ParticipantContact, participant_id)


async def set_contact(
    session: AsyncSession,
    participant_id: int,
    *,
    phone: str | None,
    email: str | None,
    channels: Sequence[str],
    language: str,
    recorded_by: str,
    now: datetime | None = None,
) -> ParticipantContact:
    """Store a participant's contact details and the channels they agreed to; the agreement's
    date and recorder change only when the channels do."""
    now = now or utcnow()
    row = await session.get(ParticipantContact, participant_id)
    if row is None:
        row = ParticipantContact(participant_id=participant_id, channels=[])
        session.add(row)
    wanted = [c for c in ("sms", "email") if c in set(channels)]  # the format's own order
    if "sms" in wanted and not phone:
        raise InvalidInput("contact.channels: sms needs a phone number")
    if "email" in wanted and not email:
        raise InvalidInput("contact.channels: email needs an email address")
    if set(row.channels or []) != set(wanted) or row.consent_recorded_at is None:
        row.consent_recorded_at = now
        row.consent_recorded_by = recorded_by[:200]
        if "sms" in wanted:
            row.sms_stopped_at = None
    row.phone = phone or None
    row.email = email or None
    row.channels = wanted
    row.language = language if language in ("en", "es") else "en"
    await session.flush()
    return row


async def set_my_channels(
    session: AsyncSession, participant_id: int, channels: Sequence[str], *, actor: audit_log.Actor
) -> ParticipantContact | None:
    """A participant turns texts or email on or off on their own page (only channels with a
    phone or email on file can be turned on). None when nothing is on file."""
    row = await session.get(ParticipantContact, participant_id)
    if row is None or not (row.phone or row.email):
        return None
    wanted = [c for c in ("sms", "email") if c in channels and _address(row, c)]
    before = sorted(row.channels or [])
    await set_contact(
        session,
        participant_id,
        phone=row.phone,
        email=row.email,
        channels=wanted,
        language=row.language,
        recorded_by="participant, on their own page",
    )
    if before != sorted(wanted):
        await audit_log.append(
            session,
            actor,
            "contact_channels_changed",
            "participant",
            participant_id,
            participant_id=participant_id,
            detail={"before": before, "after": sorted(wanted)},
        )
    return row


def may_send(contact: ParticipantContact | None, channel: str) -> bool:
    """Whether the participant agreed to ``channel`` (and, for texts, has not said STOP)."""
    if contact is None or channel not in (contact.channels or []):
        return False
    if channel == "sms":
        return bool(contact.phone) and contact.sms_stopped_at is None
    return bool(contact.email)


def _address(contact: ParticipantContact, channel: str) -> str:
    return (contact.phone if channel == "sms" else contact.email) or ""


# ---- queueing ----------------------------------------------------------------------------------


async def enqueue(
    session: AsyncSession,
    settings: Settings,
    *,
    template: str,
    channel: str,
    to: str,
    key: str,
    language: str = "en",
    fields: dict[str, Any] | None = None,
    participant_id: int | None = None,
    user_id: int | None = None,
    checkpoint_id: int | None = None,
    due_at: datetime | None = None,
    subject: str | None = None,
    body: str | None = None,
) -> OutboxMessage | None:
    """Write one message to the outbox in the caller's transaction; None when a message with
    this idempotency key exists already (the same event never makes two messages). ``subject``
    and ``body`` replace the template's text when a caller wrote them already (the translated
    sign-in link emails)."""
    if channel not in ("sms", "email"):
        raise InvalidInput(f"channel: sms or email, not {channel!r}")
    existing = await session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key)
    )
    if existing is not None:
        return None
    if template not in TEMPLATES:
        raise InvalidInput(f"no message template {template!r}")
    if body is None:
        values = {"program": settings.messaging.program_name, **(fields or {})}
        subject, body = render(template, language, **values)
    now = utcnow()
    row = OutboxMessage(
        participant_id=participant_id,
        user_id=user_id,
        checkpoint_id=checkpoint_id,
        channel=channel,
        template=template,
        language=language,
        recipient=to,
        subject=subject or None,
        body=body,
        due_at=due_at or now,
        next_attempt_at=due_at or now,
        status="queued",
        attempts=0,
        claimed_by="",
        provider_id="",
        error="",
        idempotency_key=key[:160],
        created_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:  # a concurrent writer queued the same key first
        return None
    await audit_log.append(
        session,
        SYSTEM,
        "message_queued",
        "message",
        row.id,
        participant_id=participant_id,
        detail={"template": template, "channel": channel},
    )
    return row


async def queue_for_participant(
    session: AsyncSession,
    settings: Settings,
    participant_id: int,
    template: str,
    *,
    key: str,
    fields: dict[str, Any] | None = None,
    channels: Sequence[str] = ("sms", "email"),
    checkpoint_id: int | None = None,
    due_at: datetime | None = None,
) -> OutboxMessage | None:
    """Queue ``template`` to the participant on the first of ``channels`` they agreed to;
    None when they agreed to none of them (nothing is written)."""
    contact = await contact_of(session, participant_id)
    for channel in channels:
        if may_send(contact, channel):
            assert contact is not None
            return await enqueue(
                session,
                settings,
                template=template,
                channel=channel,
                to=_address(contact, channel),
                key=f"{key}:{channel}",
                language=contact.language,
                fields=fields,
                participant_id=participant_id,
                checkpoint_id=checkpoint_id,
                due_at=due_at,
            )
    return None


# ---- sending -----------------------------------------------------------------------------------


class SendReport(msgspec.Struct, kw_only=True):
    """What one ``send_due`` run did."""

    queued: int = 0
    sent: list[MessageView] = msgspec.field(default_factory=list)
    retrying: list[MessageView] = msgspec.field(default_factory=list)
    failed: list[MessageView] = msgspec.field(default_factory=list)
    cancelled: list[MessageView] = msgspec.field(default_factory=list)
    waiting_quiet_hours: int = 0
    waiting_no_provider: int = 0
    outcome_unknown: list[MessageView] = msgspec.field(default_factory=list)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def view(row: OutboxMessage, *, with_body: bool = False) -> MessageView:
    secret = TEMPLATES.get(row.template) is not None and TEMPLATES[row.template].secret
    return MessageView(
        id=row.id,
        to=row.recipient or "",
        channel=row.channel,
        template=row.template,
        status=row.status,
        due_at=row.due_at,
        sent_at=row.sent_at,
        attempts=row.attempts,
        error=row.error,
        provider_id=row.provider_id,
        participant_id=row.participant_id,
        user_id=row.user_id,
        body=("[sign-in link withheld]" if secret and row.body else row.body)
        if with_body
        else None,
    )


async def _give_up_on_stale_claims(session: AsyncSession, now: datetime) -> list[OutboxMessage]:
    """Rows left in ``sending`` by a sender that died: failed, outcome unknown, never resent."""
    stale = list(
        await session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.status == "sending", OutboxMessage.claimed_at < now - CLAIM_TIMEOUT
            )
        )
    )
    for row in stale:
        row.status = "failed"
        row.error = f"{OUTCOME_UNKNOWN}: the sender stopped after claiming it; not resent"
        await audit_log.append(
            session,
            SYSTEM,
            "message_outcome_unknown",
            "message",
            row.id,
            participant_id=row.participant_id,
            outcome="error",
            detail={"template": row.template, "channel": row.channel, "claimed_by": row.claimed_by},
        )
    return stale


async def _claim(
    session: AsyncSession,
    settings: Settings,
    providers: Providers,
    now: datetime,
    worker: str,
    report: SendReport,
    limit: int,
) -> list[tuple[int, Outgoing, str]]:
    """Claim the due messages this run can send; cancel what lost its consent; move what falls
    in the quiet hours to their end."""
    rows = list(
        await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == "queued", OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        )
    )
    wake = quiet_until(now, settings.clock.zone, settings.messaging.quiet_hours)
    claimed: list[tuple[int, Outgoing, str]] = []
    for row in rows:
        template = TEMPLATES.get(row.template)
        to = row.recipient or ""
        if row.participant_id is not None and row.template not in REPLY_TEMPLATES:
            contact = await contact_of(session, row.participant_id)
            if not may_send(contact, row.channel):
                row.status = "cancelled"
                row.error = f"no consent to {row.channel} any more"
                report.cancelled.append(view(row))
                await audit_log.append(
                    session,
                    SYSTEM,
                    "message_cancelled",
                    "message",
                    row.id,
                    participant_id=row.participant_id,
                    detail={"reason": "no consent", "channel": row.channel},
                )
                continue
            assert contact is not None
            to = _address(contact, row.channel)
            if wake is not None and (template is None or template.quiet):
                row.next_attempt_at = wake
                report.waiting_quiet_hours += 1
                continue
        provider = providers.for_channel(row.channel)
        if provider is None:
            report.waiting_no_provider += 1
            continue
        # The claim: only a row still queued is ours (another sender may have taken it).
        taken = await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id, OutboxMessage.status == "queued")
            .values(
                status="sending",
                claimed_at=now,
                claimed_by=worker,
                attempts=OutboxMessage.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        # An UPDATE answers a CursorResult, which has rowcount (Result's type does not say so).
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            continue
        callback = ""
        if row.channel == "sms" and settings.program.public_url:
            callback = f"{settings.program.public_url}/hooks/sms/twilio/status?message={row.id}"
        claimed.append(
            (
                row.id,
                Outgoing(
                    message_id=row.id,
                    to=to,
                    subject=row.subject or "",
                    body=row.body or "",
                    idempotency_key=row.idempotency_key,
                    status_callback=callback,
                ),
                row.channel,
            )
        )
    return claimed


async def record_outcome(
    session: AsyncSession,
    message_id: int,
    *,
    provider_id: str = "",
    failure: SendFailed | None = None,
    now: datetime,
) -> OutboxMessage:
    """Write what the provider said about one claimed message."""
    row = await session.get(OutboxMessage, message_id, populate_existing=True)
    if row is None:
        raise NotFound(f"no message {message_id}")
    detail: dict[str, Any] = {"template": row.template, "channel": row.channel}
    outcome: audit_log.Outcome
    if failure is None:
        row.status = "sent"
        row.sent_at = now
        row.provider_id = provider_id
        row.error = ""
        if TEMPLATES.get(row.template) is not None and TEMPLATES[row.template].secret:
            row.body = None  # a sign-in link is nobody's to read once it left
            row.body_purged_at = now
        action, outcome = "message_sent", "ok"
    elif failure.retry and row.attempts < MAX_ATTEMPTS:
        row.status = "queued"
        row.next_attempt_at = now + BACKOFF[min(row.attempts, len(BACKOFF)) - 1]
        row.error = failure.message[:300]
        action, outcome = "message_retry", "error"
        detail["error"] = row.error
    else:
        row.status = "failed"
        prefix = f"{OUTCOME_UNKNOWN}: " if failure.unknown else ""
        row.error = (prefix + failure.message)[:300]
        action, outcome = "message_failed", "error"
        detail["error"] = row.error
    await audit_log.append(
        session,
        SYSTEM,
        action,
        "message",
        row.id,
        participant_id=row.participant_id,
        outcome=outcome,
        detail=detail,
    )
    return row


async def send_due(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    client: httpx.AsyncClient | None,
    *,
    now: datetime | None = None,
    worker: str | None = None,
    limit: int = 200,
    providers: Providers | None = None,
) -> SendReport:
    """Queue what the calendar makes due (check-ins, reminders), then send every due message."""
    from jobs.services.message_events import queue_scheduled

    started = utcnow()
    now = now or started
    worker = worker or worker_id()
    providers = providers or providers_for(settings, client)
    report = SendReport()
    async with sessions() as session, session.begin():
        report.queued = await queue_scheduled(session, settings, now)
        for row in await _give_up_on_stale_claims(session, now):
            report.outcome_unknown.append(view(row))
        await purge_bodies(session, settings, now)
    async with sessions() as session, session.begin():
        claimed = await _claim(session, settings, providers, now, worker, report, limit)
    for message_id, outgoing, channel in claimed:
        provider = providers.for_channel(channel)
        assert provider is not None
        failure: SendFailed | None = None
        provider_id = ""
        try:
            provider_id = await provider.send(outgoing)
        except SendFailed as exc:
            failure = exc
        async with sessions() as session, session.begin():
            row = await record_outcome(
                session,
                message_id,
                provider_id=provider_id,
                failure=failure,
                now=now + (utcnow() - started),  # the run's clock (``now`` may be a rehearsal)
            )
            shown = view(row)
        if row.status == "sent":
            report.sent.append(shown)
        elif row.status == "queued":
            report.retrying.append(shown)
        else:
            report.failed.append(shown)
    return report


# ---- delivery callbacks, lists, keeping ---------------------------------------------------------

TWILIO_DELIVERED = {"delivered", "read"}
TWILIO_FAILED = {"failed", "undelivered"}
TWILIO_SENT = {"sent", "queued", "accepted", "sending"}


async def record_delivery(
    session: AsyncSession,
    *,
    message_id: int | None,
    provider_id: str,
    status: str,
    error_code: str = "",
    now: datetime | None = None,
) -> OutboxMessage | None:
    """Twilio's status callback: the message named in the callback URL (or by its sid) moves to
    sent, delivered or failed. A message we gave up on as "outcome unknown" learns here that it
    went out after all."""
    now = now or utcnow()
    row = None
    if message_id is not None:
        row = await session.get(OutboxMessage, message_id)
        if row is not None and row.provider_id and provider_id and row.provider_id != provider_id:
            row = None
    if row is None and provider_id:
        row = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.provider_id == provider_id)
        )
    if row is None or row.channel != "sms":
        return None
    status = status.lower()
    unknown = row.status == "failed" and row.error.startswith(OUTCOME_UNKNOWN)
    if status in TWILIO_DELIVERED:
        row.status, row.delivered_at = "delivered", now
        row.sent_at = row.sent_at or now
        row.error = ""
    elif status in TWILIO_FAILED:
        row.status = "failed"
        row.error = f"carrier: {status} {error_code}".strip()[:300]
    elif status in TWILIO_SENT and (row.status == "sending" or unknown):
        row.status, row.sent_at, row.error = "sent", row.sent_at or now, ""
    else:
        return row
    if provider_id and not row.provider_id:
        row.provider_id = provider_id[:64]
    await audit_log.append(
        session,
        SYSTEM,
        "message_status",
        "message",
        row.id,
        participant_id=row.participant_id,
        detail={"status": status, "error_code": error_code[:20]},
    )
    return row


async def list_messages(
    session: AsyncSession, *, status: str | None = None, limit: int = 500, with_body: bool = False
) -> list[MessageView]:
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status:
        query = query.where(OutboxMessage.status == status)
    return [view(row, with_body=with_body) for row in await session.scalars(query)]


async def purge_bodies(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """Remove bodies (and subjects) older than the keeping period; the metadata stays."""
    from jobs.store import InboundMessage

    cutoff = now - timedelta(days=settings.messaging.body_days)
    done = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.created_at < cutoff, OutboxMessage.body_purged_at.is_(None))
        .values(body=None, subject=None, body_purged_at=now)
        .execution_options(synchronize_session=False)
    )
    replies = await session.execute(
        update(InboundMessage)
        .where(InboundMessage.received_at < cutoff, InboundMessage.body_purged_at.is_(None))
        .values(body=None, body_purged_at=now)
        .execution_options(synchronize_session=False)
    )
    # UPDATEs answer CursorResults, which have rowcount (Result's type does not say so).
    count = int(done.rowcount or 0) + int(replies.rowcount or 0)  # type: ignore[attr-defined]
    if count:
        await audit_log.append(
            session, SYSTEM, "message_bodies_purged", "message", "", detail={"count": count}
        )
    return count


def today_in(settings: Settings, now: datetime) -> date:
    return program_today(settings.clock.zone, now)
