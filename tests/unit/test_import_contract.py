"""The layering of DESIGN.md ("Boundaries", "One runtime"), read from the source with ``ast``.

Nothing under ``src/jobs`` is imported here: each module's import statements (type-checking-only
ones included), ``importlib.import_module("...")`` calls and environment reads are found in its
syntax tree, so a broken or slow module cannot hide a violation. Every failure names the module,
what it imports or reads, and the line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

PURE_PACKAGES = ("jobs.skills", "jobs.transit", "jobs.matching", "jobs.outcomes")

# What the pure packages must not import: the outer layers of our own code, the web and database
# stack, and any HTTP client.
HTTP_CLIENTS = ("httpx", "requests", "urllib3", "aiohttp", "urllib.request", "http.client")
OUTER_LAYERS = (
    "jobs.store",
    "jobs.services",
    "jobs.web",
    "jobs.api",
    "jobs.cli",
    "jobs.app",
    "litestar",
    "advanced_alchemy",
    "sqlalchemy",
    "alembic",
    *HTTP_CLIENTS,
)

# The one module through which every connector does its HTTP (the shared fetch helper), and the
# registry of kinds that hands it the shared client (``Kind.run``). Connectors parse what it
# fetched; they do not hold or type an HTTP client themselves.
CONNECTOR_HTTP_MODULES = frozenset({"jobs.connectors.http", "jobs.connectors"})

# Where the environment may be read: the settings (built once), and the two edges that build the
# runtime, the CLI and the app factory.
ENVIRONMENT_READERS = ("jobs.settings", "jobs.app", "jobs.cli")
# Modules below the edges that must still touch os.environ, and why.
ENVIRONMENT_ALLOWED = {
    # pg_dump / pg_restore run as child processes: they get this process's environment (PATH,
    # PGPASSFILE, locale) plus PGCONNECT_TIMEOUT. No setting of ours is read from it.
    "jobs.services.backup": "passes the environment on to pg_dump/pg_restore",
}

CENSUS_GEOCODER_HOST = "geocoding.geo.census.gov"


class Import(NamedTuple):
    """One imported name, absolute (``from jobs import store`` gives ``jobs.store``)."""

    name: str
    line: int
    type_checking_only: bool

    def describe(self) -> str:
        only = " (type-checking only)" if self.type_checking_only else ""
        return f"{self.name}{only} at line {self.line}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the ``jobs`` package by dotted name."""
    return {_module_name(path): path for path in sorted((SRC / "jobs").rglob("*.py"))}


@cache
def tree_of(module: str) -> ast.Module:
    path = modules()[module]
    return ast.parse(path.read_text("utf-8"), filename=str(path))


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".")
    if modules()[module].name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(module: str) -> list[Import]:
    """What ``module`` imports, each name absolute, with its line."""
    found: list[Import] = []

    def visit(node: ast.AST, type_checking: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, True)
            for child in node.orelse:
                visit(child, type_checking)
            return
        if isinstance(node, ast.Import):
            found.extend(Import(a.name, node.lineno, type_checking) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            for alias in node.names:
                name = source if alias.name == "*" else f"{source}.{alias.name}"
                found.append(Import(name, node.lineno, type_checking))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append(Import(node.args[0].value, node.lineno, type_checking))
        for child in ast.iter_child_nodes(node):
            visit(child, type_checking)

    visit(tree_of(module), False)
    return found


def _under(name: str, prefixes: tuple[str, ...] | frozenset[str]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def _modules_under(package: str) -> list[str]:
    return [name for name in modules() if _under(name, (package,))]


def _violations(
    module_names: list[str], forbidden: tuple[str, ...]
) -> Iterator[tuple[str, Import]]:
    for module in module_names:
        for found in imports_of(module):
            if _under(found.name, forbidden):
                yield module, found


def _report(rule: str, violations: list[tuple[str, str]], verb: str = "imports") -> str:
    lines = "\n".join(f"  {module} {verb} {what}" for module, what in violations)
    return f"{rule}:\n{lines}"


def test_the_walk_finds_the_package() -> None:
    """A guard for the guards: the tests below look at real modules, not at an empty list."""
    for package in PURE_PACKAGES:
        assert len(_modules_under(package)) > 3, f"no modules found under {package}"
    assert "jobs.connectors.http" in modules()
    assert any(
        found.name == "jobs.connectors.posting.PostingIn"
        for found in imports_of("jobs.connectors.dedupe")
    ), "imports_of no longer reads `from jobs.connectors.posting import PostingIn`"


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_pure_package_imports_no_outer_layer(package: str) -> None:
    """skills/, transit/, matching/ and outcomes/ import nothing from the store, services, web,
    API or CLI, nor litestar, advanced_alchemy, sqlalchemy, alembic or an HTTP client.

    (jobs.transit fails here until the Census geocoder call moves out of transit/geocode.py.)"""
    violations = [
        (module, found.describe())
        for module, found in _violations(_modules_under(package), OUTER_LAYERS)
    ]
    assert not violations, _report(f"{package} is a pure package", violations)


def test_connectors_parse_without_http() -> None:
    """TARGET STATE of issue 14 (fails until the connectors' shared fetch helper is merged):
    only jobs.connectors.http imports an HTTP client; every other connector module parses what
    that one fetch helper hands it and neither imports nor types an HTTP client (a
    type-checking-only ``import httpx`` for a ``client: httpx.AsyncClient`` parameter counts)."""
    parsers = [m for m in _modules_under("jobs.connectors") if m not in CONNECTOR_HTTP_MODULES]
    violations = [
        (module, found.describe()) for module, found in _violations(parsers, HTTP_CLIENTS)
    ]
    assert not violations, _report(
        f"only {', '.join(sorted(CONNECTOR_HTTP_MODULES))} may do HTTP for the connectors",
        violations,
    )


def test_geocoding_over_http_lives_in_services() -> None:
    """TARGET STATE of issue 14 (fails until the geocoder move is merged): the Census geocoder is
    called from jobs.services (services/geocoding.py), never from the pure transit package:
    no module outside jobs.services names its host."""
    callers = sorted(
        (module, node.lineno)
        for module in modules()
        for node in ast.walk(tree_of(module))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CENSUS_GEOCODER_HOST in node.value
    )
    assert callers, f"no module names {CENSUS_GEOCODER_HOST}: update this test"
    outside = [
        (module, f"the Census geocoder's address at line {line}")
        for module, line in callers
        if not _under(module, ("jobs.services",))
    ]
    assert not outside, _report("geocoding over HTTP lives in jobs.services", outside, "holds")


def _environment_reads(module: str) -> Iterator[tuple[str, int]]:
    """``os.environ``, ``os.getenv``/``putenv``/``unsetenv`` and ``from os import environ...``."""
    for node in ast.walk(tree_of(module)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("environ", "environb", "getenv", "getenvb", "putenv", "unsetenv")
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        ):
            yield f"os.{node.attr}", node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module == "os" and not node.level:
            for alias in node.names:
                if alias.name in ("environ", "environb", "getenv", "getenvb", "putenv"):
                    yield f"os.{alias.name}", node.lineno


def test_only_the_edges_read_the_environment() -> None:
    """TARGET STATE of issue 14 (fails until the runtime-object work is merged: today
    jobs.transit.cache reads JOBS_DATA_DIR): os.environ / os.getenv appear only in settings.py,
    app.py and cli/, plus the short allow-list ENVIRONMENT_ALLOWED with its reasons."""
    violations = [
        (module, f"{what} at line {line}")
        for module in modules()
        if not _under(module, ENVIRONMENT_READERS) and module not in ENVIRONMENT_ALLOWED
        for what, line in _environment_reads(module)
    ]
    assert not violations, _report(
        "nothing below cli/ and app.py reads the environment (it gets the runtime's settings)",
        violations,
        "reads",
    )


def test_environment_allow_list_is_current() -> None:
    """Each allow-listed module still reads the environment: a stale entry would hide a new read."""
    stale = [module for module in ENVIRONMENT_ALLOWED if not list(_environment_reads(module))]
    assert not stale, f"ENVIRONMENT_ALLOWED lists modules that no longer read it: {stale}"


def test_settings_are_built_only_at_the_edges() -> None:
    """TARGET STATE of issue 14 (fails until the runtime-object work is merged: today
    services/matching.py, services/refresh.py and store/encryption.py fall back to
    ``Settings.from_env()``): settings come from the runtime object, built in app.py and cli/."""
    violations = [
        (module, f"Settings.from_env() at line {node.lineno}")
        for module in modules()
        if not _under(module, ENVIRONMENT_READERS)
        for node in ast.walk(tree_of(module))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "from_env"
    ]
    assert not violations, _report(
        "only app.py and cli/ build Settings from the environment", violations, "calls"
    )
