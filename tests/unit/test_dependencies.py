"""pyproject.toml against the code and the lock files.

- every third-party package that ``src/jobs`` imports is a declared runtime dependency (not one that
  arrives only through another package);
- the lock is split: constraints.txt pins the runtime, constraints-dev.txt the dev tools on top;
- each declared lower bound is the version its lock pins, the version the suite runs with.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from collections.abc import Callable
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
RUNTIME_LOCK = ROOT / "constraints.txt"
DEV_LOCK = ROOT / "constraints-dev.txt"


@cache
def project() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)["project"]
    return data


def runtime_requirements() -> list[Requirement]:
    return [Requirement(line) for line in project()["dependencies"]]


def dev_requirements() -> list[Requirement]:
    return [Requirement(line) for line in project()["optional-dependencies"]["dev"]]


def pins(lock: Path) -> dict[str, Version]:
    """Package (canonical name) → pinned version, from a ``pip freeze`` style lock file."""
    found: dict[str, Version] = {}
    for line in lock.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{lock.name}: {line!r} is not pinned with =="
            found[canonicalize_name(name)] = Version(version)
    return found


def third_party_imports() -> dict[str, list[str]]:
    """Top-level name of each third-party package imported under src/jobs → where, as
    "jobs.module line N" (type-checking-only imports included)."""
    found: dict[str, list[str]] = {}
    for path in sorted((SRC / "jobs").rglob("*.py")):
        module = ".".join(path.relative_to(SRC).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top != "jobs" and top not in sys.stdlib_module_names:
                    found.setdefault(top, []).append(f"{module} line {node.lineno}")
    return found


def test_the_scan_finds_imports() -> None:
    """A guard for the guard: the scan sees packages we know src/jobs imports."""
    imports = third_party_imports()
    assert {"litestar", "sqlalchemy", "msgspec", "spacy"} <= set(imports)
    assert "os" not in imports and "jobs" not in imports


def test_every_imported_package_is_a_runtime_dependency() -> None:
    """Each import resolves to an installed distribution named in [project].dependencies, so a
    package we use cannot vanish when the package that brought it along drops it."""
    declared = {canonicalize_name(r.name) for r in runtime_requirements()}
    providers = packages_distributions()
    problems = []
    for top, where in sorted(third_party_imports().items()):
        shown = ", ".join(where[:3]) + (f" and {len(where) - 3} more" if len(where) > 3 else "")
        distributions = providers.get(top)
        if not distributions:
            problems.append(f"{top} (imported by {shown}): no installed distribution provides it")
        elif not {canonicalize_name(d) for d in distributions} & declared:
            problems.append(
                f"{top} (distribution {', '.join(distributions)}, imported by {shown}) is not in "
                "[project].dependencies"
            )
    assert not problems, "undeclared runtime imports:\n  " + "\n  ".join(problems)


def test_the_lock_is_split_into_runtime_and_dev() -> None:
    """constraints.txt is what `make run` installs; constraints-dev.txt only adds to it."""
    runtime, dev = pins(RUNTIME_LOCK), pins(DEV_LOCK)
    both = sorted(set(runtime) & set(dev))
    assert not both, f"pinned in both lock files: {both}"
    runtime_names = {canonicalize_name(r.name) for r in runtime_requirements()}
    dev_only = [
        r.name for r in dev_requirements() if canonicalize_name(r.name) not in runtime_names
    ]
    in_runtime = [name for name in dev_only if canonicalize_name(name) in runtime]
    assert not in_runtime, f"dev tools pinned in the runtime lock constraints.txt: {in_runtime}"


@pytest.mark.parametrize(
    ("requirements", "lock"),
    [(runtime_requirements, RUNTIME_LOCK), (dev_requirements, DEV_LOCK)],
    ids=["runtime", "dev"],
)
def test_lower_bounds_are_the_locked_versions(
    requirements: Callable[[], list[Requirement]], lock: Path
) -> None:
    """Every dependency is pinned in its lock inside its declared range, and its lower bound is
    that pin: the oldest version we claim to work with is the one the suite ran with. After
    `make lock` moves a pin, raise the bound in pyproject.toml to match."""
    locked = pins(RUNTIME_LOCK) | pins(lock)
    problems = []
    for requirement in requirements():
        name = canonicalize_name(requirement.name)
        version = locked.get(name)
        if version is None:
            problems.append(f"{requirement}: not pinned in {lock.name}")
            continue
        if not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement}: {lock.name} pins {version}, outside the range")
        lower = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
        if lower != [version]:
            shown = lower[0] if lower else "none"
            problems.append(f"{requirement}: lower bound {shown}, {lock.name} pins {version}")
    assert not problems, "pyproject.toml and the lock disagree:\n  " + "\n  ".join(problems)
