"""`jobs users`: passphrase rules when adding, and unlocking a locked account."""

import asyncio

import pytest
from click.testing import CliRunner

from jobs.cli import main
from jobs.cli.runtime import transaction
from jobs.runtime import Runtime
from jobs.services.sign_in import check_password
from tests.support.db import query


@pytest.fixture
def jobs(cli_env):
    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(main, list(args), env=cli_env, input=input)

    assert run("db", "upgrade").exit_code == 0
    return run


def test_users_add_refuses_a_program_word_passphrase_and_says_why(jobs):
    result = jobs(
        "users",
        "add",
        "--role",
        "specialist",
        "--email",
        "x@example.org",
        "--password-stdin",
        input="prospect corridor probation\n",
    )
    assert result.exit_code == 1 and "choose another passphrase" in result.output


def test_users_unlock_clears_the_lock(jobs, cli_env, settings):
    url = cli_env["JOBS_DATABASE_URL"]
    added = jobs(
        "users",
        "add",
        "--role",
        "participant",
        "--email",
        "pat@example.org",
        "--password-stdin",
        input="river stones and paper lanterns\n",
    )
    assert added.exit_code == 0, added.output

    async def fail_five_times():
        async with transaction(Runtime.build(settings)) as session:
            for _ in range(5):
                await check_password(session, "pat@example.org", "wrong", settings.security)

    asyncio.run(fail_five_times())
    assert query(url, "SELECT locked_at FROM users WHERE email = 'pat@example.org'") != [(None,)]
    result = jobs("users", "unlock", "PAT@example.org")
    assert result.exit_code == 0, result.output
    assert query(url, "SELECT locked_at FROM users WHERE email = 'pat@example.org'") == [(None,)]
    assert query(url, "SELECT action FROM audit_events WHERE action = 'account_unlocked'")
    missing = jobs("users", "unlock", "nobody@example.org")
    assert missing.exit_code != 0 and "no account" in missing.output
