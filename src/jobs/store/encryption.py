"""Columns encrypted at rest. Models keep their Python types (bool, date, list, str); the column
holds a sealed token (see jobs.crypto) bound to its table, column and row.

The row is only known to the ORM, so sealing and opening happen in mapper events: before an
INSERT or UPDATE the changed values are sealed with the row's primary key, after it the Python
values are put back; when a row is loaded its tokens are opened. The column type itself refuses
anything that was not sealed that way, so a bulk or Core write cannot store plaintext by mistake.
Core-level code (the migration, key rotation, retention) uses ``seal_value``/``open_value``.
The key ring is the runtime's, bound to the engine that runtime made (``bind_key_ring``), so two
apps in one process never seal with each other's keys.
"""

from __future__ import annotations

import json
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import msgspec
from sqlalchemy import Table, Text, TypeDecorator, event, inspect, update
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Mapper
from sqlalchemy.orm.attributes import set_committed_value

from jobs.crypto import KeyRing, load_or_create_key_ring, parse_key_ring, place
from jobs.errors import ConfigurationError
from jobs.settings import Settings
from jobs.store.base import Base, engine_behind

_STASH = "jobs.encryption.plain"


class Sealed(str):
    """A token produced by sealing (or read from the database), as opposed to a plain string."""

    __slots__ = ()


# What a NOT NULL encrypted column holds between an INSERT and the UPDATE that seals it.
_PLACEHOLDER = Sealed("")


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON-shaped value (list, bool, str, number, None) stored as a sealed token."""

    impl = Text
    cache_ok = True

    def encode(self, value: Any) -> bytes:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()

    def decode(self, raw: bytes) -> Any:
        # msgspec reads the same values several times quicker; NaN (which json.dumps writes)
        # it refuses, and the old way reads it.
        try:
            return _decode_json(raw)
        except msgspec.DecodeError:
            return json.loads(raw)

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, Sealed):
            return str(value)
        raise ValueError("refusing to store an unsealed value in an encrypted column")

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return None if value is None else Sealed(value)


_decode_json = msgspec.json.Decoder().decode


class EncryptedDate(EncryptedJSON):
    """A date (or None) stored as a sealed token."""

    cache_ok = True

    def encode(self, value: Any) -> bytes:
        return super().encode(None if value is None else value.isoformat())

    def decode(self, raw: bytes) -> Any:
        text = super().decode(raw)
        return None if text is None else date.fromisoformat(text)


# ---- the key ring -------------------------------------------------------------------------


def key_ring_for(settings: Settings) -> KeyRing:
    """The ring ``settings`` name: JOBS_ENCRYPTION_KEYS, else the keys file (made on first use)."""
    if settings.encryption.keys_json:
        return parse_key_ring(settings.encryption.keys_json)
    path = settings.encryption.keys_path or settings.data_dir / "keys.json"
    return load_or_create_key_ring(path)


class KeyRingSource:
    """One runtime's key ring. A ring read from a file is read again when the file changes, so a
    running server picks up a rotation (or retirement) done by ``jobs keys`` in another process.

    The file is looked at (``stat``) at most once every ``check_every`` seconds, not for every
    sealed value loaded: a rotation made elsewhere is seen within that time. Sealing with the
    old key meanwhile is safe: the rotation keeps it for reading, and ``jobs keys retire``
    refuses while any stored value still uses it."""

    def __init__(
        self,
        ring: KeyRing,
        *,
        check_every: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lock = threading.Lock()
        self._ring = ring
        self._stamp = _stamp(ring)
        self._check_every = check_every
        self._clock = clock
        self._next_check = clock() + check_every

    def current(self) -> KeyRing:
        """The ring to seal and open with now."""
        ring = self._ring
        if ring.path is None or self._clock() < self._next_check:
            return ring
        with self._lock:
            ring = self._ring
            self._next_check = self._clock() + self._check_every
            if ring.path is not None and _stamp(ring) != self._stamp:
                self._ring = load_or_create_key_ring(ring.path)
                self._stamp = _stamp(self._ring)
            return self._ring

    def replace(self, ring: KeyRing) -> None:
        """Seal with ``ring`` from now on (after a rotation in this process)."""
        with self._lock:
            self._ring = ring
            self._stamp = _stamp(ring)
            self._next_check = self._clock() + self._check_every


def _stamp(ring: KeyRing) -> int | None:
    try:
        return ring.path.stat().st_mtime_ns if ring.path else None
    except OSError:
        return None


def key_ring_source(settings: Settings) -> KeyRingSource:
    """A key-ring source for the ring ``settings`` name."""
    return KeyRingSource(key_ring_for(settings))


# Each engine seals with the ring of the runtime that made it; the map forgets disposed engines.
_rings: weakref.WeakKeyDictionary[Engine, KeyRingSource] = weakref.WeakKeyDictionary()


def bind_key_ring(engine: AsyncEngine | Engine, source: KeyRingSource) -> None:
    """Make every session and connection of ``engine`` seal and open with ``source``."""
    _rings[engine.sync_engine if isinstance(engine, AsyncEngine) else engine] = source


def key_ring_of(bind: Any) -> KeyRing:
    """The ring bound to the engine behind ``bind`` (an engine, a connection or a session)."""
    source = _rings.get(engine_behind(bind))
    if source is None:
        raise ConfigurationError(
            "this database engine has no encryption key ring: build it with"
            " create_engine(database, key_ring=...)"
        )
    return source.current()


# ---- Core-level sealing ---------------------------------------------------------------------


def row_key(values: tuple[Any, ...]) -> str:
    """The text form of a primary key, as it enters the associated data."""
    return "/".join(str(v) for v in values)


def seal_value(
    kind: EncryptedJSON, table: str, column: str, key: str, value: Any, ring: KeyRing
) -> Sealed:
    """Seal ``value`` for one table, column and row."""
    return Sealed(ring.seal(kind.encode(value), place(table, column, key)))


def open_value(
    kind: EncryptedJSON, table: str, column: str, key: str, token: str, ring: KeyRing
) -> Any:
    """Open a token sealed for one table, column and row (SealBroken otherwise)."""
    return kind.decode(ring.open(token, place(table, column, key)))


@dataclass(frozen=True, slots=True)
class EncryptedTable:
    """A table with encrypted columns: its primary key columns and the encrypted ones."""

    table: Table
    key_columns: tuple[str, ...]
    columns: tuple[tuple[str, EncryptedJSON], ...]


def encrypted_tables(metadata: Any) -> list[EncryptedTable]:
    """Every table of ``metadata`` that has encrypted columns."""
    found = []
    for table in metadata.sorted_tables:
        columns = tuple(
            (c.name, c.type) for c in table.columns if isinstance(c.type, EncryptedJSON)
        )
        if columns:
            keys = tuple(c.name for c in table.primary_key.columns)
            found.append(EncryptedTable(table, keys, columns))
    return found


def open_selected(bind: Any, attribute: Any, key: Any, token: str | None) -> Any:
    """Open a token that a column-level select (``select(Model.id, Model.name)``) returned:
    only whole entities are opened as they load. ``key`` is the row's primary key."""
    if token is None:
        return None
    column = attribute.property.columns[0]
    return open_value(
        column.type, column.table.name, column.name, row_key((key,)), token, key_ring_of(bind)
    )


def seal_selected(bind: Any, attribute: Any, key: Any, value: Any) -> Sealed | None:
    """Seal ``value`` for a Core-level UPDATE of one row's encrypted column."""
    if value is None:
        return None
    column = attribute.property.columns[0]
    return seal_value(
        column.type, column.table.name, column.name, row_key((key,)), value, key_ring_of(bind)
    )


# ---- ORM events -----------------------------------------------------------------------------

_mapper_columns: dict[Mapper[Any], tuple[tuple[str, str, EncryptedJSON, Any], ...]] = {}


def _encrypted(mapper: Mapper[Any]) -> tuple[tuple[str, str, EncryptedJSON, Any], ...]:
    """(attribute, column name, type, column) for each encrypted column of ``mapper``."""
    found = _mapper_columns.get(mapper)
    if found is None:
        found = tuple(
            (prop.key, col.name, col.type, col)
            for prop in mapper.column_attrs
            for col in prop.columns[:1]
            if isinstance(col.type, EncryptedJSON)
        )
        _mapper_columns[mapper] = found
    return found


def _key_of(mapper: Mapper[Any], target: Any) -> str | None:
    values = mapper.primary_key_from_instance(target)
    return None if any(v is None for v in values) else row_key(tuple(values))


def _default(column: Any) -> Any:
    default = column.default
    if default is None:
        return None
    return default.arg(None) if default.is_callable else default.arg


def _seal_into(mapper: Mapper[Any], connection: Any, target: Any, only_changed: bool) -> None:
    columns = _encrypted(mapper)
    if not columns:
        return
    ring = key_ring_of(connection)
    state = inspect(target)
    key = _key_of(mapper, target)
    table = cast(Table, mapper.local_table).name  # every model here maps one plain Table
    stash: dict[str, Any] = {}
    pending: dict[str, Any] = {}
    for attr, name, kind, column in columns:
        if only_changed and not state.attrs[attr].history.has_changes():
            continue
        value = state.dict.get(attr)
        if value is None and not only_changed:
            value = _default(column)
        if isinstance(value, Sealed):
            continue
        stash[attr] = value
        if key is None:
            # The primary key comes from the INSERT itself: seal right after it, in the same
            # flush (a missing value stays NULL: there is nothing to hide). A NOT NULL column
            # holds an empty placeholder until then, which no reader ever sees.
            if value is not None:
                pending[name] = value
            elif not column.nullable:
                raise ValueError(f"{table}.{name} cannot be empty")
            state.dict[attr] = None if column.nullable else _PLACEHOLDER
        else:
            state.dict[attr] = seal_value(kind, table, name, key, value, ring)
    state.info[_STASH] = (stash, pending)


def _restore(mapper: Mapper[Any], connection: Any, target: Any) -> None:
    state = inspect(target)
    stash, pending = state.info.pop(_STASH, ({}, {}))
    if pending:
        ring = key_ring_of(connection)
        key = _key_of(mapper, target)
        table = cast(Table, mapper.local_table)  # every model here maps one plain Table
        kinds = {name: kind for _, name, kind, _ in _encrypted(mapper)}
        sealed = {
            name: seal_value(kinds[name], table.name, name, str(key), value, ring)
            for name, value in pending.items()
        }
        values = mapper.primary_key_from_instance(target)
        where = [c == v for c, v in zip(mapper.primary_key, values, strict=True)]
        # Same row, same moment: keep onupdate columns (updated_at) as the INSERT wrote them.
        kept = {
            c.name: state.dict[prop.key]
            for prop in mapper.column_attrs
            for c in prop.columns[:1]
            if c.onupdate is not None and prop.key in state.dict
        }
        connection.execute(update(table).where(*where).values(**sealed, **kept))
    for attr, value in stash.items():
        state.dict[attr] = value


def _ring_for_query(context: Any, mapper: Mapper[Any]) -> KeyRing:
    """The key ring for the rows of one query: looked up (and its file checked for a rotation)
    once per query and mapper, not once per row."""
    rings: dict[Mapper[Any], KeyRing] = context.attributes.setdefault(_RINGS, {})
    ring = rings.get(mapper)
    if ring is None:
        ring = rings[mapper] = key_ring_of(context.session.get_bind(mapper))
    return ring


_RINGS = "jobs.encryption.rings"


def _open_into(target: Any, context: Any, attrs: Any = None) -> None:
    mapper = inspect(target).mapper
    columns = _encrypted(mapper)
    if not columns:
        return
    ring = _ring_for_query(context, mapper)
    state = inspect(target)
    key = _key_of(mapper, target)
    table = cast(Table, mapper.local_table).name  # every model here maps one plain Table
    for attr, name, kind, _ in columns:
        if attrs is not None and attr not in attrs:
            continue
        value = state.dict.get(attr)
        if isinstance(value, Sealed):
            set_committed_value(target, attr, open_value(kind, table, name, str(key), value, ring))


def listen(base: type) -> None:
    """Seal and open the encrypted columns of every model under ``base``."""
    event.listen(base, "before_insert", lambda m, c, t: _seal_into(m, c, t, False), propagate=True)
    event.listen(base, "before_update", lambda m, c, t: _seal_into(m, c, t, True), propagate=True)
    event.listen(base, "after_insert", _restore, propagate=True)
    event.listen(base, "after_update", _restore, propagate=True)
    event.listen(base, "load", lambda t, ctx: _open_into(t, ctx), propagate=True)
    event.listen(base, "refresh", lambda t, ctx, attrs: _open_into(t, ctx, attrs), propagate=True)


listen(Base)
