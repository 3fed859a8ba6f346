"""Fixture chain shared by every test: database URL → migrated engine → session → app → client.

``JOBS_TEST_DATABASE_URL`` switches the integration tests to PostgreSQL (each test gets an empty
``public`` schema); otherwise each test gets its own SQLite file. With ``JOBS_FAIL_ON_SKIP=1`` (CI)
any skipped test fails the run, so a suite that should have run cannot silently vanish.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine

from jobs.runtime import Runtime
from jobs.settings import DatabaseSettings, Settings
from jobs.store.engine import create_engine, session_factory
from jobs.store.migrate import upgrade

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
POSTGRES_URL = os.environ.get("JOBS_TEST_DATABASE_URL", "")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def _empty_postgres(url: str) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


# The PostgreSQL pass migrates one template database per run and gives each test that needs a
# migrated database a copy of it (CREATE DATABASE ... TEMPLATE): about 0.1 s a test instead of
# the 1.2-1.4 s that every migration again costs (333 tests took the ``engine`` fixture in
# December 2026). The test database itself is dropped and created again under its own name, so
# every URL a test hands on (CLI, served app) stays the same.
_postgres_template: list[str] = []


def _maintenance_url(url: str) -> str:
    """The same server's ``postgres`` database: where databases are dropped and created."""
    return make_url(url).set(database="postgres").render_as_string(hide_password=False)


async def _run_outside_transactions(url: str, *statements: str) -> None:
    # CREATE and DROP DATABASE refuse to run inside a transaction block.
    engine = create_async_engine(_maintenance_url(url), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            for statement in statements:
                await conn.execute(text(statement))
    finally:
        await engine.dispose()


async def _migrated_postgres(url: str) -> None:
    """Make ``url``'s database a fresh copy of this run's migrated template (built on first
    use; ``pytest_sessionfinish`` drops it)."""
    name = make_url(url).database
    if not _postgres_template:
        template = f"{name}_migrated_{os.getpid()}"
        template_url = make_url(url).set(database=template).render_as_string(hide_password=False)
        await _run_outside_transactions(
            url, f'DROP DATABASE IF EXISTS "{template}"', f'CREATE DATABASE "{template}"'
        )
        engine = create_engine(DatabaseSettings(url=template_url))
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()  # a template must have no connections when it is copied
        _postgres_template.append(template)
    await _run_outside_transactions(
        url,
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}" TEMPLATE "{_postgres_template[0]}"',
    )


def _drop_postgres_template() -> None:
    if POSTGRES_URL and _postgres_template:
        template = _postgres_template.pop()
        asyncio.run(
            _run_outside_transactions(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{template}"')
        )


@pytest.fixture
def database_url(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A URL for an empty database: PostgreSQL when configured, else a fresh SQLite file."""
    if POSTGRES_URL:
        # A test that takes ``engine`` gets the database made again from the migrated template
        # there, so emptying it first (0.2-0.4 s) would be thrown away.
        if "engine" not in request.fixturenames:
            asyncio.run(_empty_postgres(POSTGRES_URL))
        yield POSTGRES_URL
    else:
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """Settings for one test, built directly: no environment tricks (its key ring lives in its
    own data dir)."""
    return Settings.from_env(
        {
            "JOBS_DATA_DIR": str(tmp_path / "var"),
            "JOBS_DATABASE_URL": database_url,
            "JOBS_DEMO_PASSWORD": "amber lantern orchard drift",
            # Background work in-process on PostgreSQL too: the task queue has its own tests
            # (tests/integration/reliability/test_task_queue_faults.py).
            "JOBS_QUEUE": "in_process",
        }
    )


@pytest.fixture
def runtime(settings: Settings) -> Runtime:
    """The test's runtime, as the CLI builds one: what services are handed."""
    return Runtime.build(settings)


@pytest.fixture
def cli_env(settings: Settings) -> dict[str, str]:
    """Environment for running the CLI against this test's database."""
    return {
        "JOBS_DATA_DIR": str(settings.data_dir),
        "JOBS_DATABASE_URL": settings.database.url,
        "JOBS_DEMO_PASSWORD": settings.demo_password or "",
        "JOBS_QUEUE": settings.queue.backend,
    }


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the run's migrated SQLite file is kept (``engine`` writes it on first use)."""
    return tmp_path_factory.mktemp("migrated") / "schema.sqlite3"


async def _migrate_template(template: Path) -> None:
    """Migrate the run's SQLite template to the newest schema."""
    building = template.with_suffix(".building")
    engine = create_engine(sqlite_settings(building))
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()  # the last connection's close folds the WAL into the file
    building.rename(template)


def _exists(path: Path) -> bool:
    return path.exists()


def _copy_template(template: Path, new_file: Path) -> None:
    new_file.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, new_file)


def _new_sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL that does not exist yet, else None."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    path = Path(parsed.database)
    return None if parsed.database == ":memory:" or path.exists() else path


@pytest.fixture
async def engine(
    settings: Settings, runtime: Runtime, migrated_sqlite: Path
) -> AsyncIterator[AsyncEngine]:
    """A migrated engine for this test's database, sealing with the test runtime's key ring
    (a new SQLite file, or the PostgreSQL test database, starts as a copy of the run's migrated
    one)."""
    new_file = _new_sqlite_file(settings.database.url)
    if new_file is not None:
        # A copy of a file migrated once per run costs far less than every migration again, and
        # it is what ``upgrade`` would build: migrations create tables and triggers, never rows.
        if not _exists(migrated_sqlite):
            await _migrate_template(migrated_sqlite)
        _copy_template(migrated_sqlite, new_file)
    elif POSTGRES_URL and settings.database.url == POSTGRES_URL:
        await _migrated_postgres(POSTGRES_URL)
    engine = create_engine(settings.database, runtime.key_ring, runtime.audit_key)
    if new_file is None and settings.database.url != POSTGRES_URL:
        await upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
async def session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session on the migrated database; the test commits what it wants kept."""
    async with session_factory(engine)() as session:
        yield session


def sqlite_settings(path: Path) -> DatabaseSettings:
    """Database settings for a SQLite file (used where a test needs SQLite specifically)."""
    return DatabaseSettings(url=f"sqlite+aiosqlite:///{path}")


# Tests that start a PostgreSQL cluster of their own: the suite's database does not reach them, so
# the PostgreSQL pass of CI leaves them to the SQLite pass instead of running them a second time.
OWN_CLUSTER = (
    "tests/integration/reliability/test_task_queue_faults.py",
    "tests/integration/reliability/test_worker_metrics.py",
)


def _elsewhere() -> tuple[str, ...]:
    """The database-free test folders CI's other pass runs (``JOBS_TEST_ELSEWHERE``, commas
    between them; set only by .ci/run): the unit tests of the pure packages touch no database,
    so running them in both passes repeats them exactly."""
    prefixes = tuple(
        p.strip() for p in os.environ.get("JOBS_TEST_ELSEWHERE", "").split(",") if p.strip()
    )
    for prefix in prefixes:
        if not prefix.startswith("tests/unit/"):
            raise pytest.UsageError(
                f"JOBS_TEST_ELSEWHERE: {prefix!r} is not under tests/unit/; only the unit tests "
                "of the pure packages run in one pass alone"
            )
    return prefixes


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    elsewhere_folders = _elsewhere()
    if elsewhere_folders:
        other_pass = [item for item in items if item.nodeid.startswith(elsewhere_folders)]
        config.hook.pytest_deselected(items=other_pass)
        items[:] = [item for item in items if not item.nodeid.startswith(elsewhere_folders)]
    if not POSTGRES_URL:
        # Tests marked ``postgres`` check PostgreSQL's own behaviour (lock order, say): the SQLite
        # pass leaves them to the PostgreSQL pass rather than counting them as skipped.
        elsewhere = [item for item in items if item.get_closest_marker("postgres")]
        if elsewhere:
            config.hook.pytest_deselected(items=elsewhere)
            items[:] = [item for item in items if not item.get_closest_marker("postgres")]
        return
    # Tests marked ``sqlite`` check SQLite's own statements (its BEGIN DEFERRED, say): the
    # PostgreSQL pass leaves them to the SQLite pass rather than counting them as skipped. So
    # too the browser tests: their live app serves a SQLite file of its own whatever the pass
    # (tests/browser/conftest.py), so a second run would repeat the first exactly.
    once = [
        item
        for item in items
        if item.nodeid.startswith(OWN_CLUSTER)
        or item.get_closest_marker("sqlite")
        or item.get_closest_marker("browser")
    ]
    if once:
        config.hook.pytest_deselected(items=once)
        leave = set(once)
        items[:] = [item for item in items if item not in leave]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _drop_postgres_template()
    if os.environ.get("JOBS_FAIL_ON_SKIP") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"JOBS_FAIL_ON_SKIP: {len(skipped)} tests were skipped:", red=True)
        for report in skipped:
            reporter.write_line(f"  {report.nodeid}: {report.longrepr}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
