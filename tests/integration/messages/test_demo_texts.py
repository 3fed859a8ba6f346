"""The issue's "done when", on the Kansas City demo through the CLI and a loopback Twilio: a
check due today texts the opted-in participant once and the opted-out one not at all, a YES
records a self-reported check the specialist confirms, and a STOP stops the next one."""

from __future__ import annotations

import asyncio
import json

from click.testing import CliRunner
from litestar.testing import TestClient
from sqlalchemy import select

from jobs.app import create_app
from jobs.cli import main
from jobs.runtime import Runtime
from jobs.services.sms_replies import confirm_self_report, twilio_signature
from jobs.services.web_sessions import Viewer
from jobs.settings import Settings
from jobs.store import Checkpoint, InboundMessage, User
from jobs.store.engine import create_engine, session_factory
from tests.support.demo_db import demo_env
from tests.support.twilio_loopback import fake_twilio

TOKEN = "demo-auth-token-0123456789"
PUBLIC = "https://jobs.example.org"
OPTED_IN = "+18165550106"  # KC-0006, hired at Riverbend on 2026-11-09: 30-day check 2026-12-09
OPTED_OUT = "+18165550110"  # KC-0010: a phone on file, no channel agreed to


def _send_due(env: dict[str, str], now: str) -> list[dict]:
    result = CliRunner().invoke(main, ["messages", "send-due", "--json", "--now", now], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _text(client: TestClient, sid: str, number: str, body: str) -> int:
    form = {"From": number, "To": "+18165550000", "Body": body, "MessageSid": sid}
    signature = twilio_signature(TOKEN, f"{PUBLIC}/hooks/sms/twilio", form)
    answer = client.post("/hooks/sms/twilio", data=form, headers={"X-Twilio-Signature": signature})
    return answer.status_code


async def _confirm_yes(settings: Settings) -> tuple[str, str]:
    runtime = Runtime.build(settings)
    engine = create_engine(settings.database, runtime.key_ring, runtime.audit_key)
    try:
        async with session_factory(engine)() as session, session.begin():
            reply = await session.scalar(select(InboundMessage).where(InboundMessage.kind == "yes"))
            assert reply is not None and reply.checkpoint_id is not None
            user = await session.scalar(select(User).where(User.email == "specialist@example.org"))
            viewer = Viewer(user_id=user.id, role="specialist", email=user.email, display_name="")
            check = await confirm_self_report(
                session, viewer, reply.participant_id, reply.id, today=_day("2026-12-09")
            )
            row = await session.get(Checkpoint, check.id)
            return row.kind, row.status
    finally:
        await engine.dispose()


def _day(text: str):
    from datetime import date

    return date.fromisoformat(text)


def test_demo_check_in_yes_and_stop(tmp_path):
    with fake_twilio() as twilio:
        env = {
            **demo_env(tmp_path),
            "JOBS_TWILIO_ACCOUNT_SID": "AC_demo",
            "JOBS_TWILIO_AUTH_TOKEN": TOKEN,
            "JOBS_TWILIO_FROM": "+18165550000",
            "JOBS_TWILIO_BASE_URL": twilio.base_url,
            "JOBS_PUBLIC_URL": PUBLIC,
        }
        settings = Settings.from_env(env)
        sent = _send_due(env, "2026-12-09T10:00")
        texts = [m for m in sent if m["channel"] == "sms"]
        assert [(m["to"], m["template"], m["status"]) for m in texts] == [
            (OPTED_IN, "check_in", "sent")
        ]
        assert [r.form["To"] for r in twilio.requests] == [OPTED_IN]
        assert "Are you still working at Riverbend" in twilio.requests[0].form["Body"]
        assert _send_due(env, "2026-12-09T10:05") == []  # nothing twice

        with TestClient(app=create_app(settings), base_url="http://testserver.local") as client:
            assert _text(client, "SMdemo1", OPTED_IN, "Yes") == 200
            assert _text(client, "SMdemo2", OPTED_IN, "STOP") == 200
            assert _text(client, "SMdemo3", OPTED_OUT, "hello") == 200
        assert asyncio.run(_confirm_yes(settings)) == ("30", "confirmed")

        after_stop = _send_due(env, "2026-12-09T10:10")
        assert [(m["to"], m["template"]) for m in after_stop] == [(OPTED_IN, "stop_confirmation")]
        # The 90-day check (2027-02-07) finds texts off: nothing goes to the number.
        assert [m for m in _send_due(env, "2027-02-07T10:00") if m["channel"] == "sms"] == []
        assert [r.form["To"] for r in twilio.requests] == [OPTED_IN, OPTED_IN]
        listed = CliRunner().invoke(
            main, ["messages", "list", "--status", "sent", "--json"], env=env
        )
        assert listed.exit_code == 0
        assert {m["template"] for m in json.loads(listed.stdout)} >= {
            "check_in",
            "stop_confirmation",
        }
