"""Schemathesis against /schema/openapi.json, once per role, through the ASGI app in process.

For every operation and role: no 5xx; anonymous callers get 401 on everything but the public
routes; input that breaks the schema is refused with a 4xx. Examples are bounded so the whole run
takes about a minute; callers authenticate with bearer tokens (the API's integration path).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from jobs.app import create_app
from jobs.services.web_sessions import Viewer, create_api_token
from jobs.store.engine import session_factory
from jobs.store.migrate import upgrade
from jobs.web.access import is_public
from tests.integration.web.world import build_world
from tests.support.db import engine_for

ROLES = {
    "anonymous": None,
    "participant": "part1",
    "employer": "emp1",
    "specialist": "spec1",
    "admin": "admin",
}
# Examples per operation and role: (schema-conforming, schema-breaking).
EXAMPLES = {"anonymous": (3, 2), "participant": (6, 4)}
DEFAULT_EXAMPLES = (8, 5)


@pytest.fixture(scope="module")
def tally():
    """Requests sent by role and outcome, printed at the end for the closing note."""
    counts: Counter[tuple[str, str]] = Counter()
    yield counts
    total = sum(counts.values())
    print(f"\napi fuzz: {total} requests", dict(sorted(counts.items())))


@pytest.fixture
def fuzz_app(settings):
    """The app over a migrated database with the small world, and a bearer token per role."""
    loop = asyncio.new_event_loop()
    engine = engine_for(settings)

    async def setup() -> dict[str, str]:
        await upgrade(engine)
        async with session_factory(engine)() as session:
            world = await build_world(session)
            tokens = {}
            for role, name in ROLES.items():
                if name is None:
                    continue
                viewer = Viewer(user_id=world.users[name], role=role, email="", display_name="")
                tokens[role] = await create_api_token(session, viewer, "fuzz", scope="read-write")
            await session.commit()
        return tokens

    try:
        tokens = loop.run_until_complete(setup())
        loop.run_until_complete(engine.dispose())
        yield create_app(settings), tokens
    finally:
        loop.close()


def _routable(template: str, path: str) -> bool:
    """True when ``path`` fits the template with integer ids (as the router matches it)."""
    pattern = re.sub(r"\\\{[^}]+\\\}", r"[+-]?[0-9]+", re.escape(template))
    return re.fullmatch(pattern, path) is not None


def _fuzz(operation, mode: GenerationMode, n: int, headers: dict[str, str], check) -> None:
    @hypothesis_settings(
        max_examples=n,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case) -> None:
        response = case.call(headers=headers)
        check(case, response)

    # Unsatisfiable: nothing schema-breaking can be made for this operation (no parameters).
    with contextlib.suppress(Unsatisfiable):
        run()


@pytest.mark.parametrize("role", list(ROLES))
def test_api_fuzz_per_role(fuzz_app, role, tally):
    app, tokens = fuzz_app
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    headers = {"Authorization": f"Bearer {tokens[role]}"} if role in tokens else {}
    problems: list[tuple] = []

    def check(case, response) -> None:
        status = response.status_code
        label = f"{case.method} {case.formatted_path}"
        mode = case.meta.generation.mode if case.meta else GenerationMode.POSITIVE
        tally[(role, f"{status // 100}xx")] += 1
        if status >= 500:
            problems.append((role, label, case.query, case.body, status, response.text[:300]))
        elif role == "anonymous" and not is_public(case.formatted_path) and status != 401:
            # Only a path no route can match (a path id that is not a number) may answer 404.
            if not (status == 404 and not _routable(case.operation.path, case.formatted_path)):
                problems.append((role, label, "anonymous got", status))
        elif mode == GenerationMode.NEGATIVE and not 400 <= status < 500:
            problems.append(
                (role, label, "schema-breaking input got", status, case.query, case.body)
            )

    positive, negative = EXAMPLES.get(role, DEFAULT_EXAMPLES)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        _fuzz(operation, GenerationMode.POSITIVE, positive, headers, check)
        _fuzz(operation, GenerationMode.NEGATIVE, negative, headers, check)
    assert problems == [], problems[:20]
