"""Every ``# type: ignore`` in src/ names its error code and says why.

mypy itself refuses an ignore without a code (``enable_error_code = ["ignore-without-code"]``) and
one that no longer silences anything (``warn_unused_ignores``); the reason is checked here: a
comment after the ignore on the same line, or a comment line just above it.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[a-z0-9, -]+\])?(?P<rest>.*)")


def _ignores(path: Path) -> list[tuple[int, str, str]]:
    """(line, codes, text after the ignore) for each ``# type: ignore`` comment."""
    found = []
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline)
    for token in tokens:
        if token.type == tokenize.COMMENT and (match := IGNORE.search(token.string)):
            found.append((token.start[0], match["codes"] or "", match["rest"]))
    return found


def test_every_type_ignore_has_a_code_and_a_reason() -> None:
    problems = []
    for path in sorted((SRC / "jobs").rglob("*.py")):
        lines = path.read_text("utf-8").splitlines()
        for number, codes, rest in _ignores(path):
            where = f"{path.relative_to(SRC)}:{number}"
            if not codes:
                problems.append(f"{where}: no error code")
            above = lines[number - 2].strip() if number > 1 else ""
            if not rest.strip().lstrip("#").strip() and not above.startswith("#"):
                problems.append(f"{where}: no reason (a comment after it or on the line above)")
    assert not problems, "type: ignore comments to fix:\n  " + "\n  ".join(problems)
