"""Participant import into SQLite: one transaction per file against one per record (baseline).

Prints participants per second for both and the ratio. Run with `make bench`.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from pathlib import Path

from jobs.crypto import load_or_create_key_ring
from jobs.participant_format import parse_participants
from jobs.services.participants import import_participants
from jobs.settings import DatabaseSettings
from jobs.store.encryption import KeyRingSource
from jobs.store.engine import create_engine, session_factory
from jobs.store.migrate import upgrade

EXAMPLE = Path(__file__).resolve().parents[1] / "tests/fixtures/participants/design_example.json"
COUNT = 2_000
BASELINE_COUNT = 400  # the per-record baseline is slow; its rate is what we compare


def people(count: int, prefix: str) -> bytes:
    template = json.loads(EXAMPLE.read_text())[0]
    return json.dumps(
        [{**template, "external_ref": f"{prefix}-{i:05d}"} for i in range(count)]
    ).encode()


async def timed_import(folder: Path, raw: bytes, per_record: bool) -> float:
    ring = KeyRingSource(load_or_create_key_ring(folder / "keys.json"))
    engine = create_engine(
        DatabaseSettings(url=f"sqlite+aiosqlite:///{folder / 'b.sqlite3'}"), ring
    )
    await upgrade(engine)
    sessions = session_factory(engine)
    started = time.perf_counter()
    items = parse_participants(raw)
    if per_record:
        for item in items:
            async with sessions() as session, session.begin():
                await import_participants(session, [item])
    else:
        async with sessions() as session, session.begin():
            await import_participants(session, items)
    elapsed = time.perf_counter() - started
    await engine.dispose()
    return elapsed


async def main() -> None:
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
        batch = await timed_import(Path(one), people(COUNT, "B"), per_record=False)
        baseline = await timed_import(Path(two), people(BASELINE_COUNT, "S"), per_record=True)
    batch_rate, baseline_rate = COUNT / batch, BASELINE_COUNT / baseline
    print("participants import into SQLite (synchronous=FULL)")
    print(
        f"  one transaction per file:   {batch_rate:6.0f} participants/s ({COUNT} in {batch:.2f} s)"
    )
    print(
        f"  one transaction per record: {baseline_rate:6.0f} participants/s"
        f" ({BASELINE_COUNT} in {baseline:.2f} s)"
    )
    print(f"  ratio: {batch_rate / baseline_rate:.1f}x the per-record baseline")


if __name__ == "__main__":
    asyncio.run(main())
