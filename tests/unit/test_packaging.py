"""What the wheel carries: every data file the package reads at run time is matched by
pyproject's package-data, so an installed copy (the container image) has it. Found when the
image's `jobs demo` could not open the breached-password list."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "jobs"
# Notes for people reading the source, not read by the code.
DOCS = ("*.md",)


def test_every_data_file_of_the_package_goes_into_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["*"]
    left_out = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and "model" not in path.relative_to(PACKAGE).parts  # the skill model: its own entry
        and not path.name.endswith((".py", ".pyc"))
        and not any(fnmatch.fnmatch(path.name, p) for p in (*patterns, *DOCS))
    ]
    assert left_out == []
