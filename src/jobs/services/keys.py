"""Encryption key rotation: seal every encrypted value with a new key, then retire old keys."""

from __future__ import annotations

from collections.abc import Callable

import msgspec
from sqlalchemy import Text, func, select, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncEngine

from jobs.crypto import KeyRing, token_key_id
from jobs.errors import Conflict
from jobs.settings import Settings
from jobs.store import metadata
from jobs.store.encryption import (
    bind_key_ring,
    encrypted_tables,
    key_ring_for,
    key_ring_source,
    open_value,
    row_key,
    seal_value,
)

BATCH = 200


class RotationReport(msgspec.Struct, frozen=True):
    """What a rotation did: the new active key, the keys kept for reading, values re-sealed."""

    active_key: str
    reading_keys: list[str]
    values_resealed: int
    rows: int


class KeyUse(msgspec.Struct, frozen=True):
    """How many stored values each key sealed."""

    key_id: str
    active: bool
    values: int


async def reseal_all(
    engine: AsyncEngine, ring: KeyRing, progress: Callable[[str], None] | None = None
) -> tuple[int, int]:
    """Re-seal, in batches, every value not sealed with the ring's active key; (values, rows)."""
    values = rows = 0
    for spec in encrypted_tables(metadata):
        table = spec.table
        keys = [table.c[k] for k in spec.key_columns]
        last: tuple[object, ...] | None = None
        done = 0
        while True:
            query = select(*keys, *(table.c[n] for n, _ in spec.columns)).order_by(*keys)
            if last is not None:
                query = query.where(keys[0] > last[0])  # the encrypted tables have one key column
            async with engine.begin() as conn:
                batch = (await conn.execute(query.limit(BATCH))).all()
                for row in batch:
                    pk = tuple(row[: len(keys)])
                    key = row_key(pk)
                    fresh = {}
                    for (name, kind), token in zip(spec.columns, row[len(keys) :], strict=True):
                        if token is None or token_key_id(token) == ring.active.id:
                            continue
                        plain = open_value(kind, table.name, name, key, token, ring)
                        fresh[name] = seal_value(kind, table.name, name, key, plain, ring)
                    if fresh:
                        where = [c == v for c, v in zip(keys, pk, strict=True)]
                        await conn.execute(update(table).where(*where).values(**fresh))
                        values += len(fresh)
                        rows += 1
            if not batch:
                break
            last = tuple(batch[-1][: len(keys)])
            done += len(batch)
            if progress:
                progress(f"{table.name}: {done} rows checked, {values} values re-sealed so far")
    return values, rows


async def rotate(
    engine: AsyncEngine, settings: Settings, progress: Callable[[str], None] | None = None
) -> RotationReport:
    """Add a new active key (saved before any value uses it), then re-seal everything with it.

    Older keys stay in the ring for reading only, until ``retire`` removes them. A rotation that
    stops half-way is safe to run again: every value opens with one of the kept keys.
    """
    ring, fresh = key_ring_for(settings).with_new_active()
    ring.save()
    bind_key_ring(engine, key_ring_source(settings))  # this engine seals with the new key too
    values, rows = await reseal_all(engine, ring, progress)
    return RotationReport(
        active_key=fresh.id,
        reading_keys=[k for k in ring.ids if k != fresh.id],
        values_resealed=values,
        rows=rows,
    )


async def key_use(engine: AsyncEngine, settings: Settings) -> list[KeyUse]:
    """Each key of the ring with the number of stored values it sealed."""
    ring = key_ring_for(settings)
    counts = dict.fromkeys(ring.ids, 0)
    async with engine.connect() as conn:
        for spec in encrypted_tables(metadata):
            for name, _ in spec.columns:
                column = type_coerce(spec.table.c[name], Text)  # the token's text, as stored
                for key_id in counts:
                    query = select(func.count()).where(column.like(f"v1.{key_id}.%"))
                    counts[key_id] += (await conn.execute(query)).scalar_one()
    return [KeyUse(k, k == ring.active.id, counts[k]) for k in ring.ids]


async def retire(engine: AsyncEngine, settings: Settings, key_id: str) -> list[str]:
    """Remove a reading-only key; refused while any stored value still uses it. The ring's ids."""
    ring = key_ring_for(settings)
    smaller = ring.without(key_id)
    in_use = next((u.values for u in await key_use(engine, settings) if u.key_id == key_id), 0)
    if in_use:
        raise Conflict(
            f"key {key_id} still seals {in_use} stored values: run `jobs keys rotate` first"
        )
    smaller.save()
    bind_key_ring(engine, key_ring_source(settings))
    return smaller.ids
