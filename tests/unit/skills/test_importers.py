from __future__ import annotations

import gzip
import shutil

import pytest

from jobs.errors import InvalidInput
from jobs.skills.importers import parse_esco, parse_onet
from jobs.skills.taxonomy import Taxonomy

from .conftest import FIXTURES


def test_parse_esco_fixture():
    parsed = parse_esco(FIXTURES / "esco")
    by_label = {skill.label: skill for skill in parsed.skills}
    forklift = by_label["operate forklift"]
    assert forklift.id == "esco:0b1c7e3a-1111-4a5b-9c11-000000000001"
    assert forklift.synonyms == ["drive forklift", "forklift driving", "use forklift"]
    assert forklift.kind == "hard_skill"
    assert by_label["health and safety regulations"].kind == "knowledge"
    assert by_label["work in teams, with others"].kind == "soft_skill"
    assert len(parsed.problems) == 1 and "line" in parsed.problems[0]
    assert parsed.titles[0].label == "forklift operator"
    assert parsed.titles[0].family == "isco:8344"
    assert "forklift driver" in parsed.titles[0].aliases


def test_parse_onet_fixture_plain_and_gzipped(tmp_path):
    for parsed in (parse_onet(FIXTURES / "onet"), None):
        if parsed is None:
            for path in (FIXTURES / "onet").iterdir():
                with (
                    path.open("rb") as source,
                    gzip.open(tmp_path / f"{path.name}.gz", "wb") as out,
                ):
                    shutil.copyfileobj(source, out)
            parsed = parse_onet(tmp_path)
        titles = {title.soc: title for title in parsed.titles}
        assert titles["53-7051.00"].label == "Industrial Truck and Tractor Operators"
        assert {"Forklift Operator", "Forklift Driver"} <= set(titles["53-7051.00"].aliases)
        excel = next(skill for skill in parsed.skills if skill.label == "Microsoft Excel")
        assert excel.kind == "tool"
        assert excel.onet == ["53-7051.00", "35-2014.00"]
        assert any("bad O*NET-SOC code" in problem for problem in parsed.problems)


def test_imported_entries_extend_a_taxonomy(taxonomy):
    copy = Taxonomy(taxonomy.skills.values())
    added = copy.extend(parse_esco(FIXTURES / "esco").skills)
    assert added == 3
    assert copy.find("forklift driving").id.startswith("esco:")


def test_missing_folder_and_missing_files(tmp_path):
    with pytest.raises(InvalidInput, match="not a folder"):
        parse_esco(tmp_path / "nope")
    with pytest.raises(InvalidInput, match="no O\\*NET files"):
        parse_onet(tmp_path)


def test_missing_column_is_named(tmp_path):
    (tmp_path / "skills_en.csv").write_text("conceptUri,label\nx,y\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="preferredLabel"):
        parse_esco(tmp_path)


def test_real_esco_files(shared_data):
    folder = shared_data / "skills" / "esco-csv"
    if not folder.is_dir():
        pytest.skip("no ESCO files")
    parsed = parse_esco(folder)
    assert len(parsed.skills) > 13_000
    assert len(parsed.titles) > 2_900
    assert not parsed.problems
    transversal = [skill for skill in parsed.skills if skill.kind == "soft_skill"]
    assert len(transversal) >= 100
    assert sum(bool(skill.synonyms) for skill in transversal) > 80


def test_real_onet_files(shared_data):
    folder = shared_data / "skills" / "onet-29.3"
    if not folder.is_dir():
        pytest.skip("no O*NET files")
    parsed = parse_onet(folder)
    assert len(parsed.titles) == 1016
    assert len(parsed.skills) > 5_000
    forklift_titles = next(t for t in parsed.titles if t.soc == "53-7051.00")
    assert any("forklift" in alias.lower() for alias in forklift_titles.aliases)
