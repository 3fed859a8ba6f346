"""Sealing and opening whole columns inside a migration (Core level, the migrating engine's key
ring). A column whose type changes is replaced without copying its table: a new column is added,
filled, the old one dropped and the new one renamed. A table copy (``batch_alter_table`` on
SQLite) would cascade-delete the rows that reference the table."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

from jobs.store.encryption import EncryptedJSON, key_ring_of, open_value, row_key, seal_value

_KIND = EncryptedJSON()


def read_json(value: Any) -> Any:
    """A JSON column's value as a raw select returns it (text on SQLite, maybe text on asyncpg)."""
    return json.loads(value) if isinstance(value, str) else value


def _rows(table: str, columns: list[str]) -> list[Any]:
    cols = ", ".join(["id", *columns])
    return list(op.get_bind().execute(sa.text(f"SELECT {cols} FROM {table} ORDER BY id")))


def _write(table: str, values: list[tuple[int, dict[str, Any]]], types: dict[str, Any]) -> None:
    if not values:
        return
    names = list(values[0][1])
    target = sa.table(table, sa.column("id"), *(sa.column(n, types.get(n)) for n in names))
    bind = op.get_bind()
    for pk, row in values:
        bind.execute(sa.update(target).where(target.c.id == pk).values(**row))


def seal_in_place(table: str, columns: list[str]) -> None:
    """Seal text columns whose type stays text (plain strings, NULL stays NULL)."""
    rows = _rows(table, columns)
    if not rows:
        return
    ring = key_ring_of(op.get_bind())
    sealed = []
    for row in rows:
        key = row_key((row[0],))
        sealed.append(
            (
                row[0],
                {
                    name: None
                    if value is None
                    else str(seal_value(_KIND, table, name, key, value, ring))
                    for name, value in zip(columns, row[1:], strict=True)
                },
            )
        )
    _write(table, sealed, {})


def open_in_place(table: str, columns: list[str]) -> None:
    """Open columns sealed by ``seal_in_place``."""
    rows = _rows(table, columns)
    if not rows:
        return
    ring = key_ring_of(op.get_bind())
    opened = []
    for row in rows:
        key = row_key((row[0],))
        opened.append(
            (
                row[0],
                {
                    name: None
                    if token is None
                    else open_value(_KIND, table, name, key, token, ring)
                    for name, token in zip(columns, row[1:], strict=True)
                },
            )
        )
    _write(table, opened, {})


def replace_column(
    table: str,
    column: str,
    new_type: Any,
    convert: Callable[[str, Any], Any],
    *,
    bind_type: Any = None,
    empty: str = "''",
) -> None:
    """Give ``table.column`` the type ``new_type``, each value passed through
    ``convert(row key, old value)``; the column stays NOT NULL (``empty`` until filled)."""
    rows = _rows(table, [column])
    temporary = f"{column}_new"
    op.add_column(
        table, sa.Column(temporary, new_type, nullable=False, server_default=sa.text(empty))
    )
    _write(
        table,
        [(row[0], {temporary: convert(row_key((row[0],)), row[1])}) for row in rows],
        {temporary: bind_type} if bind_type is not None else {},
    )
    op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    op.execute(f"ALTER TABLE {table} RENAME COLUMN {temporary} TO {column}")
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(table, column, server_default=None)


def sealer(table: str, column: str, plain: Callable[[Any], Any] = lambda v: v) -> Callable:
    """A ``convert`` that seals the plain value for ``table.column``."""

    def convert(key: str, value: Any) -> str:
        ring = key_ring_of(op.get_bind())
        return str(seal_value(_KIND, table, column, key, plain(value), ring))

    return convert


def opener(table: str, column: str) -> Callable:
    """A ``convert`` that opens a value sealed for ``table.column``."""

    def convert(key: str, token: Any) -> Any:
        ring = key_ring_of(op.get_bind())
        return open_value(_KIND, table, column, key, token, ring)

    return convert
