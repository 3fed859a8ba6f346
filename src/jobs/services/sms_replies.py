"""Texts people send back, through Twilio's inbound webhook.

The request must carry a valid ``X-Twilio-Signature``: base64 of HMAC-SHA1, keyed by the auth
token, over the full URL Twilio called followed by every POST parameter name and value, sorted by
name. Then, by the first word of the text:

- STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT: texts off at once for that number, one
  confirmation;
- START, UNSTOP: texts on again;
- HELP (INFO): the program's name and phone;
- YES / NO while a check-in question is pending: a self-reported check the specialist confirms;
- anything else: the specialist's inbox on the participant's page (and an email to them).

A number that matches no participant gets nothing back and nothing is kept but an audit line
without the number.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from datetime import date, datetime

import msgspec
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import InvalidInput, NotFound
from jobs.services import audit as audit_log
from jobs.services.message_events import tell_specialists
from jobs.services.outbox import enqueue
from jobs.services.placements import record_check
from jobs.services.visibility import audit, require_participant
from jobs.services.web_sessions import Viewer
from jobs.settings import Settings
from jobs.store import Checkpoint, InboundMessage, OutboxMessage, ParticipantContact
from jobs.store.base import utcnow
from jobs.store.column_reads import read_columns
from jobs.store.encryption import open_selected

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
START_WORDS = {"START", "UNSTOP"}
HELP_WORDS = {"HELP", "INFO"}
YES_WORDS = {"YES", "Y", "SI", "SÍ"}
NO_WORDS = {"NO", "N"}
SYSTEM = audit_log.Actor(label="sms")


def twilio_signature(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    """The signature Twilio sends for a POST to ``url`` with form ``params``."""
    payload = url + "".join(f"{name}{params[name]}" for name in sorted(params))
    mac = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(mac).decode()


def signature_valid(auth_token: str, url: str, params: Mapping[str, str], given: str) -> bool:
    if not auth_token or not given:
        return False
    return hmac.compare_digest(twilio_signature(auth_token, url, params), given.strip())


def first_word(body: str) -> str:
    words = body.strip().split()
    return words[0].strip(".!?,;:").upper() if words else ""


class ReplyOutcome(msgspec.Struct, kw_only=True):
    """What an inbound text did (for tests and the audit)."""

    known: bool
    kind: str = ""
    participant_id: int | None = None
    checkpoint_id: int | None = None
    answered: bool = False


async def find_by_phone(session: AsyncSession, phone: str) -> ParticipantContact | None:
    """The contact whose (sealed) phone is ``phone``: the stored numbers are opened and compared
    (a program has hundreds of participants, not millions)."""
    for row in await session.scalars(
        select(ParticipantContact).where(ParticipantContact.phone.is_not(None))
    ):
        if row.phone == phone:
            return row
    return None


async def _pending_check_in(
    session: AsyncSession, participant_id: int, now: datetime
) -> int | None:
    """The checkpoint of the newest check-in question texted to the participant that is still
    waiting for an answer (nothing recorded on the check, no YES/NO yet). No time limit: the
    specialist confirms the answer anyway."""
    rows = await session.execute(
        select(OutboxMessage.checkpoint_id, Checkpoint.status)
        .join(Checkpoint, Checkpoint.id == OutboxMessage.checkpoint_id)
        .where(
            OutboxMessage.participant_id == participant_id,
            OutboxMessage.template == "check_in",
            OutboxMessage.status.in_(("sent", "delivered")),
        )
        .order_by(OutboxMessage.sent_at.desc())
    )
    for checkpoint_id, status in rows:
        if status != "due":
            continue
        answered = await session.scalar(
            select(InboundMessage.id).where(
                InboundMessage.checkpoint_id == checkpoint_id,
                InboundMessage.kind.in_(("yes", "no")),
            )
        )
        if answered is None:
            return int(checkpoint_id)
    return None


async def receive_text(
    session: AsyncSession,
    settings: Settings,
    *,
    from_number: str,
    body: str,
    provider_id: str,
    now: datetime | None = None,
) -> ReplyOutcome:
    """Act on one inbound text (the signature was checked by the caller)."""
    now = now or utcnow()
    contact = await find_by_phone(session, from_number.strip())
    if contact is None:
        await audit_log.append(
            session, SYSTEM, "sms_from_unknown_number", "message", "", outcome="refused"
        )
        return ReplyOutcome(known=False)
    pid = contact.participant_id
    word = first_word(body)
    checkpoint_id = None
    if word in STOP_WORDS:
        kind = "stop"
    elif word in START_WORDS:
        kind = "start"
    elif word in HELP_WORDS:
        kind = "help"
    elif word in YES_WORDS | NO_WORDS:
        checkpoint_id = await _pending_check_in(session, pid, now)
        kind = ("yes" if word in YES_WORDS else "no") if checkpoint_id else "other"
    else:
        kind = "other"
    row = InboundMessage(
        participant_id=pid,
        checkpoint_id=checkpoint_id,
        provider_id=(provider_id or f"local-{now.timestamp()}")[:64],
        kind=kind,
        body=body[:1600],
        received_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:  # Twilio retried a webhook we already acted on
        return ReplyOutcome(known=True, kind="repeat", participant_id=pid)
    await audit_log.append(
        session,
        SYSTEM,
        "sms_received",
        "inbound_message",
        row.id,
        participant_id=pid,
        detail={"kind": kind, "checkpoint_id": checkpoint_id},
    )
    answer = None
    if kind == "stop":
        was_on = "sms" in (contact.channels or []) and contact.sms_stopped_at is None
        contact.channels = [c for c in contact.channels or [] if c != "sms"]
        contact.sms_stopped_at = now
        row.handled_at = now
        await audit_log.append(
            session, SYSTEM, "sms_consent_withdrawn", "participant", pid, participant_id=pid
        )
        # Confirm once: a second STOP from a number already off gets no answer.
        answer = "stop_confirmation" if was_on else None
    elif kind == "start":
        contact.channels = [c for c in ("sms", "email") if c == "sms" or c in contact.channels]
        contact.sms_stopped_at = None
        contact.consent_recorded_at = now
        contact.consent_recorded_by = "participant: texted START"
        row.handled_at = now
        await audit_log.append(
            session, SYSTEM, "sms_consent_given", "participant", pid, participant_id=pid
        )
        answer = "start_confirmation"
    elif kind == "help":
        row.handled_at = now
        answer = "help"
    else:
        await tell_specialists(session, settings, pid, "staff_reply", key=f"staff_reply:{row.id}")
    if answer is not None:
        await enqueue(
            session,
            settings,
            template=answer,
            channel="sms",
            to=from_number.strip(),
            key=f"{answer}:{row.id}",
            language=contact.language,
            fields={"phone": settings.program.help_phone or "your specialist"},
            participant_id=pid,
        )
    return ReplyOutcome(
        known=True,
        kind=kind,
        participant_id=pid,
        checkpoint_id=checkpoint_id,
        answered=answer is not None,
    )


# ---- the specialist's inbox ----------------------------------------------------------------------


class InboxEntry(msgspec.Struct, kw_only=True):
    id: int
    kind: str
    body: str | None
    received_at: datetime
    checkpoint_id: int | None
    handled: bool


async def inbox(session: AsyncSession, viewer: Viewer, participant_id: int) -> list[InboxEntry]:
    """Texts from the participant, newest first (for staff who may open the participant)."""
    await require_participant(session, viewer, participant_id, protected=False)
    # Columns, not entities: the page shows these, and only the body is opened.
    rows = await read_columns(session, _INBOX, {"participant_id": participant_id})
    return [
        InboxEntry(
            id=id_,
            kind=kind,
            body=open_selected(session, InboundMessage.body, id_, body),
            received_at=received_at,
            checkpoint_id=checkpoint_id,
            handled=handled_at is not None,
        )
        for id_, kind, body, received_at, checkpoint_id, handled_at in rows
    ]


_INBOX = (
    select(
        InboundMessage.id,
        InboundMessage.kind,
        InboundMessage.body,
        InboundMessage.received_at,
        InboundMessage.checkpoint_id,
        InboundMessage.handled_at,
    )
    .where(InboundMessage.participant_id == bindparam("participant_id"))
    .order_by(InboundMessage.received_at.desc())
    .limit(50)
)


async def confirm_self_report(
    session: AsyncSession, viewer: Viewer, participant_id: int, reply_id: int, *, today: date
) -> Checkpoint:
    """The specialist confirms a YES/NO answer: the check is recorded (YES: confirmed, NO:
    missed), noting it was self-reported by text."""
    await require_participant(session, viewer, participant_id, protected=False)
    reply = await session.get(InboundMessage, reply_id)
    if reply is None or reply.participant_id != participant_id:
        raise NotFound(f"no reply {reply_id}")
    if reply.kind not in ("yes", "no") or reply.checkpoint_id is None:
        raise InvalidInput("only a YES or NO to a check-in records a check")
    status = "confirmed" if reply.kind == "yes" else "missed"
    check = await record_check(
        session,
        reply.checkpoint_id,
        status,
        today=today,
        note=f"self-reported by text ({reply.kind.upper()}), confirmed by specialist",
    )
    reply.handled_at = utcnow()
    reply.handled_by = viewer.user_id
    await audit(
        session,
        viewer,
        "self_report_confirmed",
        "checkpoint",
        check.id,
        participant_id=participant_id,
        detail={"reply_id": reply.id, "answer": reply.kind},
    )
    return check
