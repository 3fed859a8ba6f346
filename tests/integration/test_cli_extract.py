"""``jobs extract`` and ``jobs taxonomy import-*`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobs.cli.extract import extract_command, taxonomy_group

FIXTURES = Path(__file__).resolve().parents[1] / "unit" / "skills" / "fixtures"

POSTING = (
    "Line Cook\nRequirements:\n- ServSafe food handler card\n- Must pass a background check\n"
    "Schedule: 2nd shift 3p-11:30p, weekends required.\nPay: $17/hr\n"
)


def test_extract_txt_and_jsonl_as_json(tmp_path):
    (tmp_path / "cook.txt").write_text(POSTING, encoding="utf-8")
    lines = [
        json.dumps(
            {
                "id": "j1",
                "title": "Forklift Operator",
                "text": "Operate a forklift. CDL-A required.",
            }
        ),
        "not json at all",
        json.dumps({"id": "j3", "text": ""}),
        json.dumps({"id": "j4", "title": "Porter"}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        extract_command, [str(tmp_path / "cook.txt"), str(tmp_path / "batch.jsonl"), "--json"]
    )
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in objects] == ["cook", "j1", "batch.jsonl:2", "j3", "batch.jsonl:4"]
    cook = objects[0]
    assert cook["background_check"] == "required"
    assert cook["pay"]["min"] == 17.0 and cook["pay"]["unit"] == "hour"
    assert any(shift["start"] == "15:00" for shift in cook["shifts"])
    assert objects[1]["drivers_license"] == "required"
    assert objects[1]["title"] == "Forklift Operator"
    assert "not JSON" in objects[2]["errors"][0]
    assert "empty text" in objects[3]["errors"][0]
    assert "needs a string 'text'" in objects[4]["errors"][0]


def test_extract_stdin_human_output():
    result = CliRunner().invoke(extract_command, ["-"], input=POSTING)
    assert result.exit_code == 0
    assert "background check: required" in result.stdout
    assert "1 postings, 0 with errors" in result.stderr


def test_extract_missing_file_is_reported_not_fatal(tmp_path):
    (tmp_path / "ok.txt").write_text(POSTING, encoding="utf-8")
    result = CliRunner().invoke(
        extract_command, [str(tmp_path / "missing.txt"), str(tmp_path / "ok.txt"), "--json"]
    )
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert "cannot read" in objects[0]["errors"][0]
    assert not objects[1]["errors"]
    assert result.exit_code == 0


def test_extract_all_bad_exits_nonzero(tmp_path):
    result = CliRunner().invoke(extract_command, [str(tmp_path / "missing.txt"), "--json"])
    assert result.exit_code == 1


@pytest.mark.parametrize(("command", "folder"), [("import-esco", "esco"), ("import-onet", "onet")])
def test_taxonomy_import_prints_counts(command, folder):
    result = CliRunner().invoke(
        taxonomy_group, [command, str(FIXTURES / folder), "--json", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    assert counts["skills"] >= 2 and counts["titles"] >= 1
    assert len(counts["problems"]) == 1


def test_taxonomy_import_empty_folder_fails_clearly(tmp_path):
    result = CliRunner().invoke(taxonomy_group, ["import-esco", str(tmp_path)])
    assert result.exit_code != 0
    assert "no ESCO files found" in result.output
