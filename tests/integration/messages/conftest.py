"""Shared by the messaging tests: a loopback Twilio, settings that point at it, and the
portal's small world and its test client."""

import pytest

from jobs.settings import Settings
from tests.support.portal_fixtures import client, world  # noqa: F401
from tests.support.twilio_loopback import fake_twilio

TOKEN = "test-auth-token-0123456789"


@pytest.fixture
def twilio():
    with fake_twilio() as server:
        yield server


@pytest.fixture
def settings(tmp_path, database_url, twilio) -> Settings:
    return Settings.from_env(
        {
            "JOBS_DATA_DIR": str(tmp_path / "var"),
            "JOBS_DATABASE_URL": database_url,
            "JOBS_TWILIO_ACCOUNT_SID": "AC_test",
            "JOBS_TWILIO_AUTH_TOKEN": TOKEN,
            "JOBS_TWILIO_FROM": "+18165550000",
            "JOBS_TWILIO_BASE_URL": twilio.base_url,
            "JOBS_HELP_PHONE": "816-555-0199",
            "JOBS_PROGRAM_NAME": "Second Start",
            "JOBS_PUBLIC_URL": "https://jobs.example.org",
        }
    )
