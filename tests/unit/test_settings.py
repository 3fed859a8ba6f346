import stat

import pytest

from jobs.errors import ConfigurationError
from jobs.settings import SECRET_FILE_NAME, Settings


def test_defaults_put_a_sqlite_file_in_the_data_dir(tmp_path):
    settings = Settings.from_env({"JOBS_DATA_DIR": str(tmp_path)})
    assert settings.env == "development"
    assert settings.database.is_sqlite
    assert settings.database.url == f"sqlite+aiosqlite:///{tmp_path / 'jobs.sqlite3'}"
    assert settings.server.port == 8000


def test_secret_is_generated_once_owner_only_and_reused(tmp_path):
    first = Settings.from_env({"JOBS_DATA_DIR": str(tmp_path)})
    path = tmp_path / SECRET_FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first.security.secret_key) >= 32
    assert not first.security.secret_from_env
    again = Settings.from_env({"JOBS_DATA_DIR": str(tmp_path)})
    assert again.security.secret_key == first.security.secret_key


def test_secret_from_the_environment_wins_and_writes_nothing(tmp_path):
    secret = "s" * 40
    settings = Settings.from_env({"JOBS_DATA_DIR": str(tmp_path), "JOBS_SECRET_KEY": secret})
    assert settings.security.secret_key == secret
    assert not (tmp_path / SECRET_FILE_NAME).exists()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"JOBS_ENV": "production"}, "needs JOBS_SECRET_KEY"),
        ({"JOBS_ENV": "production", "JOBS_SECRET_KEY": "k" * 40, "JOBS_DEBUG": "1"}, "JOBS_DEBUG"),
        ({"JOBS_ENV": "staging"}, "development or production"),
        ({"JOBS_SECRET_KEY": "short"}, "at least 32"),
        ({"JOBS_DEBUG": "perhaps"}, "true or false"),
        ({"JOBS_PORT": "eighty"}, "whole number"),
    ],
)
def test_unsafe_or_malformed_settings_are_refused(tmp_path, env, message):
    with pytest.raises(ConfigurationError, match=message):
        Settings.from_env({"JOBS_DATA_DIR": str(tmp_path), **env})


def test_production_with_secret_and_no_debug_starts(tmp_path):
    env = {"JOBS_DATA_DIR": str(tmp_path), "JOBS_ENV": "production", "JOBS_SECRET_KEY": "k" * 40}
    assert Settings.from_env(env).is_production


def test_trusted_proxies_are_a_comma_separated_list(tmp_path):
    env = {"JOBS_DATA_DIR": str(tmp_path)}
    assert Settings.from_env(env).server.trusted_proxies == ()
    env["JOBS_TRUSTED_PROXIES"] = " 10.0.0.5, 10.0.0.6 ,"
    assert Settings.from_env(env).server.trusted_proxies == ("10.0.0.5", "10.0.0.6")


def test_child_place_list_age_and_edge_margin(tmp_path):
    base = {"JOBS_DATA_DIR": str(tmp_path)}
    default = Settings.from_env(base).matching
    assert (default.child_places_max_age_years, default.child_places_edge_m) == (2, 100)
    changed = Settings.from_env(
        {**base, "JOBS_CHILD_PLACES_MAX_AGE_YEARS": "3", "JOBS_CHILD_PLACES_EDGE_M": "0"}
    ).matching
    assert (changed.child_places_max_age_years, changed.child_places_edge_m) == (3, 0)
    with pytest.raises(ConfigurationError, match="JOBS_CHILD_PLACES_MAX_AGE_YEARS must be from 1"):
        Settings.from_env({**base, "JOBS_CHILD_PLACES_MAX_AGE_YEARS": "0"})
    with pytest.raises(ConfigurationError, match="JOBS_CHILD_PLACES_EDGE_M"):
        Settings.from_env({**base, "JOBS_CHILD_PLACES_EDGE_M": "far"})


def test_matches_kept_per_tier(tmp_path):
    base = {"JOBS_DATA_DIR": str(tmp_path)}
    assert Settings.from_env(base).matching.kept_per_tier == 200
    changed = Settings.from_env({**base, "JOBS_MATCHES_KEPT_PER_TIER": "50"})
    assert changed.matching.kept_per_tier == 50
    with pytest.raises(ConfigurationError, match="JOBS_MATCHES_KEPT_PER_TIER must be from 1"):
        Settings.from_env({**base, "JOBS_MATCHES_KEPT_PER_TIER": "0"})


def test_the_task_queue_follows_the_database_unless_chosen(tmp_path):
    base = {"JOBS_DATA_DIR": str(tmp_path)}
    postgres = "postgresql+asyncpg://jobs@127.0.0.1:5432/jobs"
    assert Settings.from_env(base).queue.backend == "in_process"  # SQLite: `jobs serve` runs it
    on_postgres = Settings.from_env({**base, "JOBS_DATABASE_URL": postgres})
    assert on_postgres.queue.backend == "procrastinate"
    chosen = {**base, "JOBS_DATABASE_URL": postgres, "JOBS_QUEUE": "in-process"}
    assert Settings.from_env(chosen).queue.backend == "in_process"
    with pytest.raises(ConfigurationError, match="JOBS_QUEUE=procrastinate needs a PostgreSQL"):
        Settings.from_env({**base, "JOBS_QUEUE": "procrastinate"})
    with pytest.raises(ConfigurationError, match="JOBS_QUEUE must be"):
        Settings.from_env({**base, "JOBS_QUEUE": "celery"})
    # A worker must count as dead only after missing at least two heartbeats.
    with pytest.raises(ConfigurationError, match="JOBS_QUEUE_STALLED_SECONDS must be from 20"):
        Settings.from_env(
            {**base, "JOBS_QUEUE_HEARTBEAT_SECONDS": "10", "JOBS_QUEUE_STALLED_SECONDS": "15"}
        )
    assert Settings.from_env({**base, "JOBS_RETENTION_HOUR": "-1"}).queue.retention_hour == -1
