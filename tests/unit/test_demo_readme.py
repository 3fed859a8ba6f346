"""The demo folder's README describes every demo file."""

from __future__ import annotations

from importlib import resources


def test_every_demo_file_has_a_row_and_a_section_in_the_readme():
    folder = resources.files("jobs.demo")
    readme = folder.joinpath("README.md").read_text(encoding="utf-8")
    files = sorted(item.name for item in folder.iterdir() if item.name.endswith(".json"))
    assert "placements.json" in files
    for name in files:
        assert f"| `{name}` |" in readme, f"{name} has no row in the README's table"
        assert f"\n## {name}\n" in readme, f"{name} has no section in the README"
