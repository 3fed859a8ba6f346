"""The runtime: what the app and each CLI command build once and hand to services."""

from __future__ import annotations

import dataclasses

import pytest

from jobs.errors import ConfigurationError
from jobs.runtime import Runtime
from jobs.settings import Settings
from jobs.skills.extract import shipped_extractor


def _settings(tmp_path, **env: str) -> Settings:
    return Settings.from_env({"JOBS_DATA_DIR": str(tmp_path / "var"), **env})


def test_two_runtimes_share_no_state(tmp_path):
    first, second = Runtime.build(_settings(tmp_path)), Runtime.build(_settings(tmp_path))
    assert first.planner() is first.planner()  # built once per runtime ...
    assert first.planner() is not second.planner()  # ... and never shared
    assert first.reach_answers is not second.reach_answers
    assert first.child_places() is not second.child_places()
    assert first.key_ring is not second.key_ring
    # Both runtimes read the same keys file: the same keys, in two holders.
    assert first.key_ring.current().active.id == second.key_ring.current().active.id


def test_each_runtime_keeps_its_own_settings(tmp_path):
    other = tmp_path / "other"
    first = Runtime.build(_settings(tmp_path))
    second = Runtime.build(
        dataclasses.replace(_settings(tmp_path), data_dir=other, encryption=dataclasses.replace(
            _settings(tmp_path).encryption, keys_path=other / "keys.json"
        ))
    )  # fmt: skip
    assert first.key_ring.current().active.id != second.key_ring.current().active.id


def test_a_bad_score_weight_stops_the_build_in_one_line(tmp_path):
    with pytest.raises(ConfigurationError, match="JOBS_SCORE_SKILLS"):
        Runtime.build(_settings(tmp_path, JOBS_SCORE_SKILLS="lots"))


def test_the_shipped_extractor_is_the_one_shared_part():
    assert shipped_extractor() is shipped_extractor()
