"""A sender killed with SIGKILL between the provider's answer and the status write: the text went
out once, the row stays "sending", and no later run sends it again (it becomes failed, outcome
unknown, for a person to look at)."""

from __future__ import annotations

import os
import sys
from datetime import timedelta

import anyio
import httpx
import pytest

from jobs.services.outbox import send_due
from jobs.store.engine import session_factory
from tests.conftest import ROOT
from tests.integration.messages.test_outbox import MORNING, TOKEN, _messages, _people

pytestmark = pytest.mark.anyio


async def test_sigkill_after_the_provider_answered_never_resends(
    settings, engine, session, twilio, cli_env
):
    await _people(session)
    env = {
        **os.environ,
        **cli_env,
        "JOBS_TWILIO_ACCOUNT_SID": "AC_test",
        "JOBS_TWILIO_AUTH_TOKEN": TOKEN,
        "JOBS_TWILIO_FROM": "+18165550000",
        "JOBS_TWILIO_BASE_URL": twilio.base_url,
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
    }
    with anyio.fail_after(120):
        killed = await anyio.run_process(
            [sys.executable, "-m", "tests.support.outbox_crash", "--now", "2026-12-09T10:00"],
            cwd=ROOT,
            env=env,
            check=False,
        )
    assert killed.returncode == -9, killed.stderr.decode()[-2000:]
    assert len(twilio.requests) == 1  # the provider took it
    (row,) = await _messages(session)
    assert (row.status, row.attempts, row.provider_id) == ("sending", 1, "")
    factory = session_factory(engine)
    async with httpx.AsyncClient() as client:
        soon = await send_due(factory, settings, client, now=MORNING + timedelta(minutes=1))
        later = await send_due(factory, settings, client, now=MORNING + timedelta(minutes=15))
        after = await send_due(factory, settings, client, now=MORNING + timedelta(days=1))
    assert soon.sent == [] and after.sent == []
    assert [m.id for m in later.outcome_unknown] == [row.id]
    (row,) = await _messages(session)
    assert row.status == "failed" and row.error.startswith("outcome unknown")
    assert len(twilio.requests) == 1  # never sent twice
