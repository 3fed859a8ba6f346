"""The key ring and sealed tokens: AES-256-GCM bound to table, column and row."""

from __future__ import annotations

import os
import stat
from datetime import date

import pytest
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from jobs.crypto import (
    SealBroken,
    load_or_create_key_ring,
    parse_key_ring,
    place,
    token_key_id,
)
from jobs.errors import ConfigurationError
from jobs.settings import Settings
from jobs.store.encryption import EncryptedDate, EncryptedJSON, Sealed, key_ring_for

HERE = place("participant_records", "offense_categories", "7")


def test_a_token_opens_only_in_its_own_place(tmp_path):
    ring = load_or_create_key_ring(tmp_path / "keys.json")
    token = ring.seal(b'["CANARY-OFFENCE-7731"]', HERE)
    assert token.startswith(f"v1.{ring.active.id}.") and "CANARY" not in token
    assert token_key_id(token) == ring.active.id
    assert ring.open(token, HERE) == b'["CANARY-OFFENCE-7731"]'
    assert ring.seal(b"x", HERE) != ring.seal(b"x", HERE)  # a fresh nonce each time
    for elsewhere in (
        place("participant_records", "offense_categories", "8"),
        place("participant_records", "release_date", "7"),
        place("participant_supervision", "offense_categories", "7"),
    ):
        with pytest.raises(SealBroken):
            ring.open(token, elsewhere)


def test_a_tampered_token_or_unknown_key_is_refused(tmp_path):
    ring = load_or_create_key_ring(tmp_path / "keys.json")
    token = ring.seal(b"true", HERE)
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(SealBroken):
        ring.open(flipped, HERE)
    other = load_or_create_key_ring(tmp_path / "other.json")
    with pytest.raises(SealBroken, match="no encryption key"):
        other.open(token, HERE)
    with pytest.raises(SealBroken):
        ring.open("plain text", HERE)


def test_the_keys_file_is_owner_only_and_reused(tmp_path):
    path = tmp_path / "var" / "keys.json"
    ring = load_or_create_key_ring(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_or_create_key_ring(path).active.id == ring.active.id
    assert [p.name for p in path.parent.iterdir()] == ["keys.json"]


def test_rotation_keeps_old_keys_for_reading_until_retired(tmp_path):
    ring = load_or_create_key_ring(tmp_path / "keys.json")
    old_token = ring.seal(b"1", HERE)
    rotated, fresh = ring.with_new_active()
    assert rotated.active.id == fresh.id != ring.active.id
    assert rotated.open(old_token, HERE) == b"1"
    assert token_key_id(rotated.seal(b"1", HERE)) == fresh.id
    with pytest.raises(ConfigurationError, match="active key"):
        rotated.without(fresh.id)
    smaller = rotated.without(ring.active.id)
    with pytest.raises(SealBroken):
        smaller.open(old_token, HERE)
    rotated.save()
    assert parse_key_ring((tmp_path / "keys.json").read_text()).ids == rotated.ids


def test_keys_from_the_environment(tmp_path):
    ring = load_or_create_key_ring(tmp_path / "keys.json")
    settings = Settings.from_env(
        {"JOBS_DATA_DIR": str(tmp_path / "var"), "JOBS_ENCRYPTION_KEYS": ring.to_json()}
    )
    from_env = key_ring_for(settings)
    assert from_env.ids == ring.ids and from_env.path is None
    assert not (tmp_path / "var" / "keys.json").exists()
    with pytest.raises(ConfigurationError, match="JOBS_ENCRYPTION_KEYS"):
        from_env.save()
    with pytest.raises(ConfigurationError):
        key_ring_for(
            Settings.from_env({"JOBS_DATA_DIR": str(tmp_path), "JOBS_ENCRYPTION_KEYS": "{}"})
        )


def test_settings_name_a_keys_file_in_the_data_dir_and_seven_years(tmp_path):
    settings = Settings.from_env({"JOBS_DATA_DIR": str(tmp_path)})
    assert settings.encryption.keys_path == tmp_path / "keys.json"
    assert settings.retention.retention_years == 7
    again = Settings.from_env({"JOBS_DATA_DIR": str(tmp_path), "JOBS_RETENTION_YEARS": "10"})
    assert again.retention.retention_years == 10


def test_column_types_keep_python_values_and_refuse_plain_writes():
    assert EncryptedDate().decode(EncryptedDate().encode(date(2024, 9, 30))) == date(2024, 9, 30)
    assert EncryptedDate().decode(EncryptedDate().encode(None)) is None
    assert EncryptedJSON().decode(EncryptedJSON().encode(["a", {"b": True}])) == ["a", {"b": True}]
    with pytest.raises(ValueError, match="unsealed"):
        EncryptedJSON().process_bind_param(["plain"], None)
    assert EncryptedJSON().process_bind_param(Sealed("v1.k1.x"), None) == "v1.k1.x"
    assert isinstance(EncryptedJSON().process_result_value("v1.k1.x", None), Sealed)


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_running_process_sees_a_rotation_made_elsewhere_within_a_second(tmp_path):
    from jobs.store.encryption import KeyRingSource

    path = tmp_path / "keys.json"
    clock = _Clock()
    source = KeyRingSource(load_or_create_key_ring(path), clock=clock)
    old = source.current().active.id
    rotated, fresh = load_or_create_key_ring(path).with_new_active()
    rotated.save()  # as `jobs keys rotate` in another process would
    os.utime(path, ns=(1, 1))
    clock.now += 0.5
    assert source.current().active.id == old  # the file is not looked at on every value
    clock.now += 0.5
    assert source.current().active.id == fresh.id  # ... but within a second


def test_the_keys_file_is_looked_at_at_most_once_a_second(tmp_path, monkeypatch):
    from jobs.store import encryption

    path = tmp_path / "keys.json"
    clock = _Clock()
    source = encryption.KeyRingSource(load_or_create_key_ring(path), clock=clock)
    looks: list[object] = []
    real = encryption._stamp
    monkeypatch.setattr(encryption, "_stamp", lambda ring: looks.append(ring) or real(ring))
    for _ in range(1000):
        source.current()
        clock.now += 0.0025  # 1000 sealed values over 2.5 seconds
    assert len(looks) == 2


@examples(max_examples=50, deadline=None)
@given(steps=st.lists(st.floats(min_value=0, max_value=3), min_size=1, max_size=30))
def test_a_rotation_is_never_seen_later_than_a_second_after_it(tmp_path_factory, steps):
    """Whatever the times ``current()`` is asked at, once a second has passed after the
    rotation the next answer is the new ring."""
    from jobs.store.encryption import KeyRingSource

    path = tmp_path_factory.mktemp("ring") / "keys.json"
    clock = _Clock()
    source = KeyRingSource(load_or_create_key_ring(path), clock=clock)
    rotated, fresh = load_or_create_key_ring(path).with_new_active()
    rotated.save()
    os.utime(path, ns=(1, 1))
    for step in steps:
        clock.now += step
        source.current()
    clock.now += 1.0
    assert source.current().active.id == fresh.id
