"""Connector modules only parse: the HTTP (and file reading) is done in connectors/http.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import jobs.connectors

FOLDER = Path(jobs.connectors.__file__).parent
# The registry runs a kind through the fetch helper; the fetch helper is the HTTP.
NOT_PARSING = {"__init__.py", "http.py"}
FORBIDDEN = ("httpx", "anyio", "jobs.connectors.http")


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize(
    "module", sorted(p.name for p in FOLDER.glob("*.py") if p.name not in NOT_PARSING)
)
def test_parsing_module_imports_no_http(module):
    names = imported(FOLDER / module)
    assert not {n for n in names if n.split(".")[0] in FORBIDDEN or n.startswith(FORBIDDEN)}
