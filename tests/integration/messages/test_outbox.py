"""The outbox end to end against a loopback Twilio and a real SMTP server (aiosmtpd): consent,
quiet hours, retries without double sends, outcome-unknown rows never resent, STOP/START/HELP,
YES to a check-in, signatures."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from jobs.app import create_app
from jobs.participant_format import ContactIn, ParticipantIn
from jobs.services.outbox import quiet_until, send_due
from jobs.services.participants import import_participants
from jobs.services.sms_replies import twilio_signature
from jobs.settings import Settings
from jobs.store import (
    Checkpoint,
    Employer,
    InboundMessage,
    OutboxMessage,
    Participant,
    ParticipantContact,
    Placement,
)
from jobs.store.engine import session_factory
from tests.support.served import free_port

pytestmark = pytest.mark.anyio

ZONE = ZoneInfo("America/Chicago")
TOKEN = "test-auth-token-0123456789"
# 10:00 in Kansas City on the day the checks fall due.
MORNING = datetime(2026, 12, 9, 10, 0, tzinfo=ZONE).astimezone(UTC)
DUE = date(2026, 12, 9)


async def _people(session) -> dict[str, int]:
    """Two hired participants whose 30-day check falls due on DUE: one agreed to texts, one
    did not."""
    items = [
        ParticipantIn(
            external_ref="T-1",
            name="Ana Opted In",
            contact=ContactIn(phone="+18165550123", channels=["sms"], language="en"),
        ),
        ParticipantIn(
            external_ref="T-2",
            name="Ben Opted Out",
            contact=ContactIn(phone="+18165550124", channels=[], language="es"),
        ),
    ]
    await import_participants(session, items, recorded_by="test")
    employer = Employer(key="riverbend", name="Riverbend Logistics", name_key="riverbend logistics")
    session.add(employer)
    await session.flush()
    ids = {}
    for ref in ("T-1", "T-2"):
        pid = await session.scalar(select(Participant.id).where(Participant.external_ref == ref))
        job = Placement(
            participant_id=pid,
            employer_id=employer.id,
            job_title="Warehouse associate",
            start_date=DUE - timedelta(days=30),
            hourly_wage=17.0,
            hours_per_week=40,
        )
        job.checkpoints = [Checkpoint(kind="30", due_on=DUE)]
        session.add(job)
        ids[ref] = pid
    await session.commit()
    return ids


async def _messages(session) -> list[OutboxMessage]:
    """The outbox, read in a transaction that ends at once (SQLite: no lock left held)."""
    session.expire_all()
    rows = list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    session.expunge_all()
    await session.rollback()
    return rows


async def test_check_in_goes_once_to_the_opted_in_participant_only(
    settings, engine, session, twilio
):
    ids = await _people(session)
    factory = session_factory(engine)
    async with httpx.AsyncClient() as client:
        first = await send_due(factory, settings, client, now=MORNING)
        again = await send_due(factory, settings, client, now=MORNING + timedelta(minutes=5))
    assert [m.to for m in first.sent] == ["+18165550123"]
    assert again.sent == [] and again.queued == 0
    rows = await _messages(session)
    assert [(r.participant_id, r.template, r.status) for r in rows] == [
        (ids["T-1"], "check_in", "sent")
    ]
    assert len(twilio.requests) == 1
    sent = twilio.requests[0]
    assert sent.path == "/2010-04-01/Accounts/AC_test/Messages.json"
    assert sent.user == "AC_test"
    assert sent.form["To"] == "+18165550123" and sent.form["From"] == "+18165550000"
    assert "Are you still working at Riverbend Logistics? Reply YES or NO" in sent.form["Body"]
    assert sent.form["StatusCallback"] == (
        f"https://jobs.example.org/hooks/sms/twilio/status?message={rows[0].id}"
    )
    assert sent.headers["idempotency-key"] == rows[0].idempotency_key


async def test_body_and_phone_are_sealed_at_rest(settings, engine, session):
    await _people(session)
    async with httpx.AsyncClient() as client:
        await send_due(session_factory(engine), settings, client, now=MORNING)
    async with engine.connect() as conn:
        raw = (await conn.exec_driver_sql("SELECT phone FROM participant_contacts")).all()
        bodies = (await conn.exec_driver_sql("SELECT body, recipient FROM outbox_messages")).all()
    assert all(not str(v).startswith("+1") for (v,) in raw)
    assert all("Riverbend" not in str(b) and "+1816" not in str(r) for b, r in bodies)


async def test_quiet_hours_hold_texts_until_morning(settings, engine, session, twilio):
    await _people(session)
    night = datetime(2026, 12, 9, 22, 30, tzinfo=ZONE).astimezone(UTC)
    factory = session_factory(engine)
    async with httpx.AsyncClient() as client:
        report = await send_due(factory, settings, client, now=night)
        assert report.sent == [] and report.waiting_quiet_hours == 1
        assert twilio.requests == []
        (row,) = await _messages(session)
        assert row.status == "queued"
        assert row.next_attempt_at == datetime(2026, 12, 10, 8, 0, tzinfo=ZONE).astimezone(UTC)
        early = await send_due(factory, settings, client, now=night + timedelta(hours=9))
        assert early.sent == []  # 07:30: still quiet
        morning = await send_due(factory, settings, client, now=night + timedelta(hours=10))
    assert len(morning.sent) == 1 and len(twilio.requests) == 1


def test_quiet_until_crosses_midnight():
    quiet = ("21:00", "08:00")
    at = lambda h, m=0: datetime(2026, 12, 9, h, m, tzinfo=ZONE)  # noqa: E731
    assert quiet_until(at(20, 59), ZONE, quiet) is None
    assert quiet_until(at(21), ZONE, quiet) == datetime(2026, 12, 10, 8, tzinfo=ZONE)
    assert quiet_until(at(3), ZONE, quiet) == datetime(2026, 12, 9, 8, tzinfo=ZONE)
    assert quiet_until(at(8), ZONE, quiet) is None
    assert quiet_until(at(3), ZONE, None) is None


async def test_provider_errors_are_retried_without_a_double_send(settings, engine, session, twilio):
    await _people(session)
    twilio.script = [500, 429]
    factory = session_factory(engine)
    async with httpx.AsyncClient() as client:
        one = await send_due(factory, settings, client, now=MORNING)
        assert one.sent == [] and len(one.retrying) == 1
        soon = await send_due(factory, settings, client, now=MORNING + timedelta(seconds=30))
        assert soon.sent == [] and soon.retrying == []  # backing off: not tried again yet
        two = await send_due(factory, settings, client, now=MORNING + timedelta(minutes=2))
        assert len(two.retrying) == 1  # the 429
        three = await send_due(factory, settings, client, now=MORNING + timedelta(minutes=10))
        four = await send_due(factory, settings, client, now=MORNING + timedelta(hours=1))
    assert len(three.sent) == 1 and four.sent == []
    (row,) = await _messages(session)
    assert (row.status, row.attempts) == ("sent", 3)
    assert len(twilio.requests) == 3
    assert len({r.headers["idempotency-key"] for r in twilio.requests}) == 1


async def test_no_answer_means_outcome_unknown_and_no_resend(tmp_path, database_url, twilio):
    settings = Settings.from_env(
        {
            "JOBS_DATA_DIR": str(tmp_path / "var"),
            "JOBS_DATABASE_URL": database_url,
            "JOBS_TWILIO_ACCOUNT_SID": "AC_test",
            "JOBS_TWILIO_AUTH_TOKEN": TOKEN,
            "JOBS_TWILIO_FROM": "+18165550000",
            "JOBS_TWILIO_BASE_URL": twilio.base_url,
        }
    )
    from jobs.runtime import Runtime
    from jobs.store.engine import create_engine
    from jobs.store.migrate import upgrade

    runtime = Runtime.build(settings)
    engine = create_engine(settings.database, runtime.key_ring, runtime.audit_key)
    await upgrade(engine)
    try:
        async with session_factory(engine)() as session:
            await _people(session)
        twilio.script = ["hang"]
        twilio.hang_seconds = 2
        factory = session_factory(engine)
        async with httpx.AsyncClient(timeout=httpx.Timeout(0.5)) as client:
            report = await send_due(factory, settings, client, now=MORNING)
            later = await send_due(factory, settings, client, now=MORNING + timedelta(hours=3))
        assert len(report.failed) == 1 and later.sent == []
        async with session_factory(engine)() as session:
            (row,) = await _messages(session)
        assert row.status == "failed" and row.error.startswith("outcome unknown")
        assert len(twilio.requests) == 1
    finally:
        await engine.dispose()


async def test_a_withdrawn_consent_cancels_a_queued_text(settings, engine, session, twilio):
    await _people(session)
    night = datetime(2026, 12, 9, 23, 0, tzinfo=ZONE).astimezone(UTC)
    factory = session_factory(engine)
    async with httpx.AsyncClient() as client:
        await send_due(factory, settings, client, now=night)  # queued, waiting for morning
        contact = await session.scalar(
            select(ParticipantContact).join(Participant).where(Participant.external_ref == "T-1")
        )
        contact.channels = []
        await session.commit()
        report = await send_due(factory, settings, client, now=night + timedelta(hours=10))
    assert len(report.cancelled) == 1 and twilio.requests == []


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


async def test_staff_email_goes_through_a_real_smtp_server(tmp_path, database_url, world_free):
    inbox = _Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings = Settings.from_env(
            {
                "JOBS_DATA_DIR": str(tmp_path / "var"),
                "JOBS_DATABASE_URL": database_url,
                "JOBS_SMTP_URL": f"smtp://127.0.0.1:{port}",
                "JOBS_MAIL_FROM": "jobs@example.org",
            }
        )
        from jobs.runtime import Runtime
        from jobs.services.outbox import enqueue
        from jobs.store.engine import create_engine
        from jobs.store.migrate import upgrade

        runtime = Runtime.build(settings)
        engine = create_engine(settings.database, runtime.key_ring, runtime.audit_key)
        await upgrade(engine)
        try:
            factory = session_factory(engine)
            async with factory() as session, session.begin():
                await enqueue(
                    session,
                    settings,
                    template="staff_reply",
                    channel="email",
                    to="specialist@example.org",
                    key="test:1",
                    fields={"url": "https://jobs.example.org/participants/1"},
                )
            night = datetime(2026, 12, 9, 23, 0, tzinfo=ZONE).astimezone(UTC)
            report = await send_due(factory, settings, None, now=night)  # staff mail: no quiet
            again = await send_due(factory, settings, None, now=night + timedelta(hours=1))
        finally:
            await engine.dispose()
    finally:
        controller.stop()
    assert len(report.sent) == 1 and again.sent == []
    ((sender, to, content),) = inbox.messages
    assert sender == "jobs@example.org" and to == ["specialist@example.org"]
    assert (
        b"Message-ID: <test.1.sms@" not in content
        and b"Message-ID: <test.1@example.org>" in content
    )
    assert b"sent a text that needs you" in content


@pytest.fixture
def world_free():
    return None


# ---- inbound texts --------------------------------------------------------------------------

HOOK = "https://jobs.example.org/hooks/sms/twilio"


def _signed(form: dict[str, str], url: str = HOOK, token: str = TOKEN) -> dict[str, str]:
    return {"X-Twilio-Signature": twilio_signature(token, url, form)}


async def _text(client, sid: str, number: str, body: str, *, token: str = TOKEN):
    form = {"From": number, "To": "+18165550000", "Body": body, "MessageSid": sid}
    return await client.post("/hooks/sms/twilio", data=form, headers=_signed(form, token=token))


async def test_replies_stop_start_help_yes_and_signatures(settings, engine, session, twilio):
    from litestar.testing import AsyncTestClient

    ids = await _people(session)
    factory = session_factory(engine)
    async with httpx.AsyncClient() as http:
        await send_due(factory, settings, http, now=MORNING)  # the check-in question goes out
    app = create_app(settings)
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as client:
        # A bad signature changes nothing.
        form = {"From": "+18165550123", "Body": "STOP", "MessageSid": "SMbad"}
        refused = await client.post(
            "/hooks/sms/twilio", data=form, headers=_signed(form, token="wrong-token")
        )
        assert refused.status_code == 403
        unsigned = await client.post("/hooks/sms/twilio", data=form)
        assert unsigned.status_code == 403
        assert (await _text(client, "SM1", "+18165550123", "yes")).status_code == 200
        assert (
            await _text(client, "SM2", "+18165550123", "Can I switch to nights?")
        ).status_code == 200
        assert (await _text(client, "SM3", "+18165550123", "HELP")).status_code == 200
        assert (await _text(client, "SM4", "+18165550123", "STOP")).status_code == 200
        assert (await _text(client, "SM5", "+18165550123", "stop")).status_code == 200
        assert (await _text(client, "SM5", "+18165550123", "stop")).status_code == 200  # retry
        assert (await _text(client, "SM6", "+19135550100", "HELP")).status_code == 200
    session.expire_all()
    replies = list(await session.scalars(select(InboundMessage).order_by(InboundMessage.id)))
    assert [(r.provider_id, r.kind) for r in replies] == [
        ("SM1", "yes"),
        ("SM2", "other"),
        ("SM3", "help"),
        ("SM4", "stop"),
        ("SM5", "stop"),
    ]
    check = await session.scalar(
        select(Checkpoint).join(Placement).where(Placement.participant_id == ids["T-1"])
    )
    assert replies[0].checkpoint_id == check.id and check.status == "due"  # staff confirm it
    contact = await session.get(ParticipantContact, ids["T-1"])
    assert "sms" not in contact.channels and contact.sms_stopped_at is not None
    answers = [(m.template, m.status) for m in await _messages(session)][1:]
    assert answers == [("help", "queued"), ("stop_confirmation", "queued")]  # one confirmation
    help_row = (await _messages(session))[1]
    assert "816-555-0199" in help_row.body and "Second Start" in help_row.body
    # The answers go out (quiet hours do not hold an answer); nothing more to the number after.
    night = datetime(2026, 12, 9, 23, 0, tzinfo=ZONE).astimezone(UTC)
    async with httpx.AsyncClient() as http:
        report = await send_due(factory, settings, http, now=night)
    assert sorted(m.template for m in report.sent) == ["help", "stop_confirmation"]
    assert [r.form["To"] for r in twilio.requests] == ["+18165550123"] * 3
    # START turns texts back on.
    async with AsyncTestClient(
        app=create_app(settings), base_url="http://testserver.local"
    ) as client:
        assert (await _text(client, "SM7", "+18165550123", "START")).status_code == 200
    session.expire_all()
    contact = await session.get(ParticipantContact, ids["T-1"])
    assert "sms" in contact.channels and contact.sms_stopped_at is None


async def test_delivery_callback_marks_the_message_delivered(settings, engine, session, twilio):
    from litestar.testing import AsyncTestClient

    await _people(session)
    async with httpx.AsyncClient() as http:
        await send_due(session_factory(engine), settings, http, now=MORNING)
    (row,) = await _messages(session)
    url = f"https://jobs.example.org/hooks/sms/twilio/status?message={row.id}"
    form = {"MessageSid": row.provider_id, "MessageStatus": "delivered"}
    async with AsyncTestClient(
        app=create_app(settings), base_url="http://testserver.local"
    ) as client:
        bad = await client.post(f"/hooks/sms/twilio/status?message={row.id}", data=form)
        assert bad.status_code == 403
        ok = await client.post(
            f"/hooks/sms/twilio/status?message={row.id}", data=form, headers=_signed(form, url)
        )
        assert ok.status_code == 200
    (row,) = await _messages(session)
    assert row.status == "delivered" and row.delivered_at is not None


async def test_new_matches_digest_at_most_daily_and_only_when_new(
    settings, engine, session, twilio
):
    from jobs.store import Match, Posting, Source

    ids = await _people(session)
    source = Source(name="board", kind="csv", config={})
    session.add(source)
    await session.flush()

    def job(n: int, seen: datetime) -> Posting:
        return Posting(
            source_id=source.id,
            source_job_id=f"J{n}",
            title=f"Packer {n}",
            employer_name="Riverbend",
            content_hash=f"c{n}",
            raw_hash=f"r{n}",
            first_seen_at=seen,
        )

    fresh = [job(1, MORNING - timedelta(hours=3)), job(2, MORNING - timedelta(hours=2))]
    old = job(3, MORNING - timedelta(days=20))
    session.add_all([*fresh, old])
    await session.flush()
    for posting in [*fresh, old]:
        session.add(
            Match(participant_id=ids["T-1"], posting_id=posting.id, tier="eligible", score=80)
        )
        session.add(
            Match(participant_id=ids["T-2"], posting_id=posting.id, tier="eligible", score=80)
        )
    await session.commit()
    factory = session_factory(engine)
    async with httpx.AsyncClient() as client:
        await send_due(factory, settings, client, now=MORNING)
        await send_due(factory, settings, client, now=MORNING + timedelta(hours=4))
        nothing_new = await send_due(factory, settings, client, now=MORNING + timedelta(days=1))
    digests = [r for r in await _messages(session) if r.template == "new_matches"]
    assert [(r.participant_id, r.status) for r in digests] == [(ids["T-1"], "sent")]
    assert "2 new job(s) match you" in digests[0].body
    assert nothing_new.queued == 0


async def test_every_send_and_reply_is_audited_and_bodies_go_after_90_days(
    settings, engine, session, twilio
):
    from jobs.store import AuditEvent

    await _people(session)
    factory = session_factory(engine)
    async with httpx.AsyncClient() as client:
        await send_due(factory, settings, client, now=MORNING)
        (row,) = await _messages(session)
        assert row.body is not None
        # Bodies older than 90 days (by when they were written) go at the next run.
        later = max(MORNING, datetime.now(UTC)) + timedelta(days=91)
        await send_due(factory, settings, client, now=later)
    (row,) = await _messages(session)
    assert row.body is None and row.subject is None and row.body_purged_at is not None
    assert (row.template, row.status, row.recipient) == ("check_in", "sent", "+18165550123")
    actions = set(await session.scalars(select(AuditEvent.action)))
    assert {"message_queued", "message_sent", "message_bodies_purged"} <= actions


async def test_interview_reminders_the_day_before_and_two_hours_before(
    settings, engine, session, twilio
):
    from jobs.store import ApplicationStep, Posting, Source

    ids = await _people(session)
    source = Source(name="board", kind="csv", config={})
    session.add(source)
    await session.flush()
    posting = Posting(
        source_id=source.id,
        source_job_id="J1",
        title="Packer",
        employer_name="Kaw Valley Fabrication",
        content_hash="c",
        raw_hash="r",
    )
    session.add(posting)
    await session.flush()
    for person in ("T-1", "T-2"):
        session.add(
            ApplicationStep(
                participant_id=ids[person],
                posting_id=posting.id,
                step="interview_booked",
                happened_on=DUE + timedelta(days=1),
                time_of_day="09:30",
            )
        )
    await session.commit()
    factory = session_factory(engine)
    early = datetime(2026, 12, 10, 7, 45, tzinfo=ZONE).astimezone(UTC)
    async with httpx.AsyncClient() as client:
        day_before = await send_due(factory, settings, client, now=MORNING)
        held = await send_due(factory, settings, client, now=early)  # 2 h before, but quiet
        soon = await send_due(factory, settings, client, now=early + timedelta(minutes=16))
        after = await send_due(factory, settings, client, now=early + timedelta(hours=3))
    assert [m.template for m in day_before.sent] == ["check_in", "interview_reminder_day"]
    assert held.sent == [] and held.waiting_quiet_hours == 1
    assert [m.template for m in soon.sent] == ["interview_reminder_soon"]
    assert after.sent == [] and after.queued == 0
    bodies = [r.form["Body"] for r in twilio.requests]
    assert "interview with Kaw Valley Fabrication tomorrow, 09:30" in bodies[1]
    assert "is at 09:30" in bodies[2]
    assert {r.form["To"] for r in twilio.requests} == {"+18165550123"}  # T-2 agreed to nothing


async def test_the_serve_schedule_sends_due_messages(settings, engine, session, twilio):
    """`jobs serve` runs the outbox beside the sync schedule: a queued message goes out."""
    import asyncio

    from jobs.services.outbox import enqueue
    from jobs.services.schedule import run_outbox

    async with session.begin():
        await enqueue(
            session,
            settings,
            template="help",
            channel="sms",
            to="+18165550123",
            key="test:help",
            fields={"phone": "816-555-0199"},
        )
    stop = asyncio.Event()
    async with httpx.AsyncClient() as client:
        task = asyncio.create_task(
            run_outbox(session_factory(engine), settings, client, stop, every_seconds=0.05)
        )
        for _ in range(200):
            if twilio.requests:
                break
            await asyncio.sleep(0.05)
        stop.set()
        await task
    assert [r.form["To"] for r in twilio.requests] == ["+18165550123"]
    assert "816-555-0199" in twilio.requests[0].form["Body"]
