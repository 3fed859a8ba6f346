"""/metrics after the outbox sends a text (issue #19, operations): the send is timed as the
send_due_messages task and the outbox's counts by channel and status, read at scrape time,
follow the rows."""

from __future__ import annotations

import httpx
import pytest

from jobs.metrics import timed
from jobs.services.outbox import send_due
from jobs.store.engine import session_factory
from tests.integration.messages.test_outbox import MORNING, _people
from tests.integration.test_operations_metrics import scrape

pytestmark = pytest.mark.anyio


async def test_a_sent_check_in_moves_the_outbox_figures(settings, engine, session, twilio):
    await _people(session)
    before = await scrape(settings)
    assert before['jobs_outbox_messages{channel="sms",status="sent"}'] == 0.0
    async with httpx.AsyncClient() as client:
        # As the in-process runner sends (services.schedule.run_outbox), at a set morning.
        report = await timed(
            "send_due_messages",
            "messages",
            send_due(session_factory(engine), settings, client, now=MORNING),
        )
    assert len(report.sent) == 1 and len(twilio.requests) == 1

    after = await scrape(settings)
    assert after['jobs_outbox_messages{channel="sms",status="sent"}'] == 1.0
    assert after['jobs_outbox_messages{channel="sms",status="queued"}'] == 0.0
    assert after['jobs_outbox_messages{channel="email",status="sent"}'] == 0.0
    runs = 'jobs_task_duration_seconds_count{task="send_due_messages"}'
    assert after[runs] == before.get(runs, 0.0) + 1
