"""Record, supervision, name, address and TOTP fields are encrypted at rest: canaries never
reach the database files, ciphertext cannot be moved between rows, and keys rotate and retire."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text, update
from sqlalchemy.orm import selectinload

from jobs.cli import main
from jobs.crypto import SealBroken, token_key_id
from jobs.errors import ConfigurationError, Conflict
from jobs.services import keys as key_service
from jobs.store import CriminalRecord, Participant, Supervision, User
from jobs.store.encryption import key_ring_for
from jobs.store.engine import create_engine, session_factory
from jobs.store.migrate import downgrade, upgrade
from tests.conftest import FIXTURES, sqlite_settings

pytestmark = pytest.mark.anyio

CANARIES = ("CANARY-OFFENCE-7731", "CANARY-COND-55", "CANARY-OCCUPATION-901", "CANARY-KS-3")


def _person(ref: str = "canary-1") -> Participant:
    person = Participant(external_ref=ref, name="Visible Name-4417")
    person.supervision = Supervision(
        agency="kansas_doc",
        approved_counties=["CANARY-KS-3"],
        curfew_start="21:00",
        curfew_end="06:00",
        electronic_monitoring=True,
        conditions=["CANARY-COND-55"],
        restricted_occupations=["CANARY-OCCUPATION-901"],
        obligations=[{"label": "Treatment group", "days": ["tue"], "start": "18:00"}],
    )
    person.record = CriminalRecord(
        felony=True,
        offense_categories=["CANARY-OFFENCE-7731"],
        conviction_date=date(2015, 3, 4),
        release_date=date(2024, 9, 30),
        registrant=False,
    )
    return person


async def _load(session, ref: str = "canary-1") -> Participant:
    return await session.scalar(
        select(Participant)
        .where(Participant.external_ref == ref)
        .options(selectinload(Participant.supervision), selectinload(Participant.record))
        .execution_options(populate_existing=True)
    )


def _assert_person(person: Participant) -> None:
    assert person.record.felony is True
    assert person.record.offense_categories == ["CANARY-OFFENCE-7731"]
    assert person.record.conviction_date == date(2015, 3, 4)
    assert person.record.release_date == date(2024, 9, 30)
    assert person.record.registrant is False
    sup = person.supervision
    assert sup.agency == "kansas_doc"
    assert sup.conditions == ["CANARY-COND-55"]
    assert sup.approved_counties == ["CANARY-KS-3"]
    assert (sup.curfew_start, sup.curfew_end) == ("21:00", "06:00")
    assert sup.electronic_monitoring is True
    assert sup.obligations[0]["label"] == "Treatment group"


def _bytes_on_disk(db_file: Path) -> dict[str, bytes]:
    """The database file and, when present, its WAL and rollback journal, byte for byte."""
    found = {}
    for suffix in ("", "-wal", "-journal"):
        path = db_file.with_name(db_file.name + suffix)
        if path.exists():
            found[path.name] = path.read_bytes()
    return found


async def test_canaries_never_reach_the_sqlite_file_or_its_wal(tmp_path: Path, runtime):
    db_file = tmp_path / "canary.sqlite3"
    engine = create_engine(sqlite_settings(db_file), runtime.key_ring, runtime.audit_key)
    try:
        await upgrade(engine)
        async with session_factory(engine)() as session, session.begin():
            session.add(_person())
        files = _bytes_on_disk(db_file)
        assert "canary.sqlite3-wal" in files  # still open: the write sits in the WAL
        # The unencrypted reference is there (the check can see plaintext) ...
        assert b"canary-1" in b"".join(files.values())
        for name, raw in files.items():
            for canary in CANARIES:
                assert canary.encode() not in raw, (name, canary)
        # ... and the canaries come back through the app.
        async with session_factory(engine)() as session:
            _assert_person(await _load(session))
    finally:
        await engine.dispose()  # checkpoints the WAL into the main file
    files = _bytes_on_disk(db_file)
    assert b"canary-1" in files["canary.sqlite3"]
    for name, raw in files.items():
        for canary in CANARIES:
            assert canary.encode() not in raw, (name, canary)


async def test_raw_columns_hold_only_ciphertext(session, runtime):
    session.add(_person())
    await session.commit()
    ring = runtime.key_ring.current()
    rows = (
        await session.execute(
            text(
                "SELECT r.felony, r.offense_categories, r.conviction_date, s.agency, s.conditions,"
                " s.curfew_start FROM participant_records r JOIN participant_supervision s"
                " ON s.participant_id = r.participant_id"
            )
        )
    ).all()
    assert len(rows) == 1
    for value in rows[0]:
        assert isinstance(value, str) and token_key_id(value) == ring.active.id
        for canary in (*CANARIES, "kansas_doc", "2015-03-04", "21:00"):
            assert canary not in value
    _assert_person(await _load(session))


async def test_ciphertext_moved_to_another_row_does_not_open(session):
    session.add_all([_person("canary-1"), _person("canary-2")])
    await session.commit()
    first, second = [
        p.id for p in await session.scalars(select(Participant).order_by(Participant.external_ref))
    ]
    token = (
        await session.execute(
            text("SELECT offense_categories FROM participant_records WHERE participant_id = :p"),
            {"p": first},
        )
    ).scalar_one()
    await session.execute(
        text("UPDATE participant_records SET offense_categories = :t WHERE participant_id = :p"),
        {"t": token, "p": second},
    )
    await session.commit()
    with pytest.raises(SealBroken):
        await _load(session, "canary-2")


async def test_unsealed_writes_are_refused(session):
    session.add(_person())
    await session.commit()
    with pytest.raises(Exception, match="unsealed"):
        await session.execute(update(Supervision).values(conditions=["plain"]))
    await session.rollback()


async def test_totp_secret_is_sealed_even_when_set_at_creation(session):
    user = User(
        email="sealed@example.org",
        role="specialist",
        password_hash="x",
        totp_secret="JBSWY3DPEHPK3PXP",
    )
    session.add(user)
    await session.commit()
    raw = (
        await session.execute(text("SELECT totp_secret FROM users WHERE id = :i"), {"i": user.id})
    ).scalar_one()
    assert token_key_id(raw) is not None and "JBSWY3DPEHPK3PXP" not in raw
    again = await session.scalar(
        select(User).where(User.id == user.id).execution_options(populate_existing=True)
    )
    assert again.totp_secret == "JBSWY3DPEHPK3PXP"
    again.totp_secret = "KRSXG5CTMVRXEZLU"
    await session.commit()
    again = await session.scalar(
        select(User).where(User.id == user.id).execution_options(populate_existing=True)
    )
    assert again.totp_secret == "KRSXG5CTMVRXEZLU"


async def test_rotate_then_everything_reads_and_retire_is_refused_while_in_use(
    settings, engine, session
):
    session.add_all([_person("canary-1"), _person("canary-2")])
    await session.commit()
    old = key_ring_for(settings).active.id
    with pytest.raises(ConfigurationError, match="active key"):
        await key_service.retire(engine, settings, old)
    # A new key is added but nothing is re-sealed yet: the old key still seals values.
    ring, fresh = key_ring_for(settings).with_new_active()
    ring.save()
    with pytest.raises(Conflict, match="still seals"):
        await key_service.retire(engine, settings, old)
    progress: list[str] = []
    report = await key_service.rotate(engine, settings, progress.append)
    assert report.values_resealed == 2 * (11 + 5 + 2)  # supervision, record, name and address
    assert set(report.reading_keys) == {old, fresh.id}
    assert progress
    uses = {u.key_id: u.values for u in await key_service.key_use(engine, settings)}
    assert uses == {old: 0, fresh.id: 0, report.active_key: 36}
    for ref in ("canary-1", "canary-2"):
        _assert_person(await _load(session, ref))
    await session.rollback()  # SQLite: a read transaction holds the write lock here
    assert await key_service.retire(engine, settings, old) == [fresh.id, report.active_key]
    assert await key_service.retire(engine, settings, fresh.id) == [report.active_key]
    for ref in ("canary-1", "canary-2"):
        _assert_person(await _load(session, ref))
    keys_file = settings.data_dir / "keys.json"
    assert oct(os.stat(keys_file).st_mode & 0o777) == "0o600"
    assert [k["id"] for k in json.loads(keys_file.read_text())["keys"]] == [report.active_key]


def test_keys_commands_rotate_list_and_retire(cli_env, settings):
    runner = CliRunner()

    def jobs(*args):
        return runner.invoke(main, list(args), env=cli_env)

    assert jobs("db", "upgrade").exit_code == 0
    imported = jobs("participants", "import", str(FIXTURES / "participants/design_example.json"))
    assert imported.exit_code == 0, imported.output
    old = key_ring_for(settings).active.id
    rotated = jobs("keys", "rotate", "--json")
    assert rotated.exit_code == 0, rotated.output
    report = json.loads(rotated.stdout)
    # 18 on the participant, and the import's match summary (sealed: its reason counts say what
    # the record and supervision bar), written even while no posting is open.
    assert report["values_resealed"] == 19 and report["reading_keys"] == [old]
    assert "re-sealed" in rotated.stderr
    listed = jobs("keys", "list", "--json")
    assert {u["key_id"]: u["values"] for u in json.loads(listed.stdout)} == {
        old: 0,
        report["active_key"]: 19,
    }
    refused = jobs("keys", "retire", report["active_key"])
    assert refused.exit_code != 0 and "active key" in refused.output
    assert jobs("keys", "retire", old).exit_code == 0
    again = jobs("participants", "import", str(FIXTURES / "participants/design_example.json"))
    assert again.exit_code == 0, again.output
    assert [u["key_id"] for u in json.loads(jobs("keys", "list", "--json").stdout)] == [
        report["active_key"]
    ]


async def test_migration_seals_existing_rows_and_downgrade_opens_them(settings, runtime):
    engine = create_engine(settings.database, runtime.key_ring, runtime.audit_key)
    try:
        await upgrade(engine, "0006_auth")
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO participants (id, external_ref, name, home_address,"
                    " home_postal_code, home_precision, skills, credentials, work_history,"
                    " desired_titles, drivers_license, has_vehicle, max_commute_minutes,"
                    " availability, created_at, updated_at) VALUES (7, 'old-7', 'Old Seven',"
                    " '', '', 'given', '[]', '[]', '[]', '[]', false, false, 60, '[]',"
                    " '2020-01-01 00:00:00+00:00', '2020-01-01 00:00:00+00:00')"
                )
            )
            await conn.execute(
                text(
                    "INSERT INTO participant_records (participant_id, felony, offense_categories,"
                    " conviction_date, release_date, registrant, created_at, updated_at) VALUES"
                    " (7, true, '[\"CANARY-OFFENCE-7731\"]', '2015-03-04', NULL, false,"
                    " '2020-01-01 00:00:00+00:00', '2020-01-01 00:00:00+00:00')"
                )
            )
            await conn.execute(
                text(
                    "INSERT INTO participant_supervision (participant_id, agency, approved_states,"
                    " approved_counties, standing_permits, curfew_start, curfew_end,"
                    " electronic_monitoring, conditions, restricted_occupations, restricted_sites,"
                    " obligations, created_at, updated_at) VALUES (7, 'federal', '[\"KS\"]', '[]',"
                    " '[]', '22:00', NULL, true, '[\"CANARY-COND-55\"]', '[]', '[]', '[]',"
                    " '2020-01-01 00:00:00+00:00', '2020-01-01 00:00:00+00:00')"
                )
            )
        await upgrade(engine)
        async with engine.connect() as conn:
            raw = (
                await conn.execute(
                    text("SELECT offense_categories, felony FROM participant_records")
                )
            ).one()
            assert all(token_key_id(v) for v in raw)
            assert "CANARY" not in raw[0]
        async with session_factory(engine)() as session:
            person = await _load(session, "old-7")
            assert person.record.felony is True
            assert person.record.offense_categories == ["CANARY-OFFENCE-7731"]
            assert person.record.conviction_date == date(2015, 3, 4)
            assert person.record.release_date is None
            assert person.supervision.agency == "federal"
            assert person.supervision.curfew_start == "22:00"
            assert person.supervision.curfew_end is None
            assert person.supervision.electronic_monitoring is True
            assert person.supervision.conditions == ["CANARY-COND-55"]
        await downgrade(engine, "0006_auth")
        async with engine.connect() as conn:
            row = (
                await conn.execute(
                    text(
                        "SELECT r.felony, r.offense_categories, r.conviction_date, s.agency,"
                        " s.curfew_end FROM participant_records r JOIN participant_supervision s"
                        " ON s.participant_id = r.participant_id"
                    )
                )
            ).one()
        assert bool(row[0]) is True
        categories = row[1] if isinstance(row[1], list) else json.loads(row[1])
        assert categories == ["CANARY-OFFENCE-7731"]
        assert str(row[2]).startswith("2015-03-04")
        assert row[3] == "federal" and row[4] is None
    finally:
        await engine.dispose()


async def test_two_apps_in_one_process_seal_with_their_own_keys(tmp_path: Path, settings):
    """Each app's database engine seals with its own runtime's key ring; the ring used to be
    process-wide, so the app built last sealed the first app's records with its own keys."""
    import dataclasses

    from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin

    from jobs.app import create_app
    from jobs.settings import EncryptionSettings

    other = dataclasses.replace(
        settings,
        database=sqlite_settings(tmp_path / "other.sqlite3"),
        encryption=EncryptionSettings(keys_path=tmp_path / "other-keys.json"),
    )
    first, second = create_app(settings), create_app(other)
    first_key = first.state.runtime.key_ring.current().active.id
    assert first_key != second.state.runtime.key_ring.current().active.id
    engine = first.plugins.get(SQLAlchemyPlugin).config[0].get_engine()
    try:
        await upgrade(engine)
        async with session_factory(engine)() as session, session.begin():
            session.add(_person())
        async with engine.connect() as conn:
            token = (await conn.execute(text("SELECT felony FROM participant_records"))).scalar()
        assert token_key_id(token) == first_key
        async with session_factory(engine)() as session:
            _assert_person(await _load(session))
    finally:
        await engine.dispose()
