"""Fixtures for the skills tests: our own small taxonomy and an extractor over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobs.skills.extract import Extractor
from jobs.skills.taxonomy import Taxonomy, load_files
from tools.shared_data import SHARED_DATA

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_files(FIXTURES / "skills.jsonl", FIXTURES / "titles.jsonl", "fixture-1")


@pytest.fixture(scope="session")
def extractor(taxonomy: Taxonomy) -> Extractor:
    return Extractor(taxonomy)


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("shared/data is not beside the checkout")
    return SHARED_DATA
