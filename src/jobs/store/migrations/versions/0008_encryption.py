"""Encryption at rest: record, supervision (with treatment appointments) and TOTP secrets.

The columns become text holding sealed tokens (jobs.crypto); existing rows are sealed in place
with the key ring bound to the migrating engine (the runtime's: JOBS_ENCRYPTION_KEYS or keys.json
in the data dir). The
downgrade opens them again and restores the plain column types.

Revision ID: 0008_encryption
Revises: 0006_auth (which adds users.totp_secret; 0001 made the other tables)
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

from jobs.crypto import KeyRing
from jobs.store.base import JSONDocument
from jobs.store.encryption import (
    EncryptedDate,
    EncryptedJSON,
    key_ring_of,
    open_value,
    row_key,
    seal_value,
)

revision = "0008_encryption"
down_revision = "0006_auth"  # users.totp_secret comes from 0006_auth
branch_labels = None
depends_on = None

AGENCY_CHECK = "agency IN ('none','missouri_pp','federal','kansas_doc')"

# table -> key column, then (column, plain type, kind) per encrypted column
_JSON, _BOOL, _DATE, _TEXT = "json", "bool", "date", "text"
TABLES: dict[str, tuple[str, tuple[tuple[str, str, bool], ...]]] = {
    "participant_supervision": (
        "participant_id",
        (
            ("agency", _TEXT, False),
            ("approved_states", _JSON, False),
            ("approved_counties", _JSON, False),
            ("standing_permits", _JSON, False),
            ("curfew_start", _TEXT, True),
            ("curfew_end", _TEXT, True),
            ("electronic_monitoring", _BOOL, False),
            ("conditions", _JSON, False),
            ("restricted_occupations", _JSON, False),
            ("restricted_sites", _JSON, False),
            ("obligations", _JSON, False),
        ),
    ),
    "participant_records": (
        "participant_id",
        (
            ("felony", _BOOL, False),
            ("offense_categories", _JSON, False),
            ("conviction_date", _DATE, True),
            ("release_date", _DATE, True),
            ("registrant", _BOOL, False),
        ),
    ),
    "users": ("id", (("totp_secret", _TEXT, True),)),
}
_TEXT_LENGTHS = {"agency": 20, "curfew_start": 5, "curfew_end": 5, "totp_secret": 200}


def _plain_type(column: str, kind: str) -> Any:
    if kind == _JSON:
        return JSONDocument
    if kind == _BOOL:
        return sa.Boolean()
    if kind == _DATE:
        return sa.Date()
    return sa.String(length=_TEXT_LENGTHS[column])


def _sealer(kind: str) -> EncryptedJSON:
    return EncryptedDate() if kind == _DATE else EncryptedJSON()


def _from_text(kind: str, text: str | None) -> Any:
    """A plain value read back through a text column (the type was changed first)."""
    if text is None:
        return None
    if kind == _JSON:
        return json.loads(text)
    if kind == _BOOL:
        return text.strip().lower() in ("1", "true", "t")
    if kind == _DATE:
        return date.fromisoformat(text[:10])
    return text


def _to_text(kind: str, value: Any) -> str | None:
    """A plain value written as text, ready for the cast back to its own type."""
    if value is None:
        return None
    if kind == _JSON:
        return json.dumps(value)
    if kind == _BOOL:
        return "1" if value else "0"
    if kind == _DATE:
        return value.isoformat()
    return str(value)


def _rows(table: str, key: str, columns: list[str]) -> list[Any]:
    cols = ", ".join([key, *columns])
    return list(op.get_bind().execute(sa.text(f"SELECT {cols} FROM {table}")))


def _write(
    table: str,
    key: str,
    rows: list[tuple[Any, dict[str, Any]]],
    types: dict[str, Any] | None = None,
) -> None:
    if not rows:
        return
    types = types or {}
    target = sa.table(table, sa.column(key), *(sa.column(c, types.get(c)) for c in rows[0][1]))
    bind = op.get_bind()
    for pk, values in rows:
        bind.execute(sa.update(target).where(target.c[key] == pk).values(**values))


def _change_types(table: str, columns: tuple[tuple[str, str, bool], ...], seal: bool) -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table(table, schema=None) as batch_op:
        for name, kind, nullable in columns:
            plain = _plain_type(name, kind)
            if seal:
                using = f"{name}::text" if dialect == "postgresql" else None
                batch_op.alter_column(
                    name,
                    existing_type=plain,
                    type_=sa.Text(),
                    existing_nullable=nullable,
                    postgresql_using=using,
                )
            else:
                cast = {"json": "jsonb", "bool": "boolean", "date": "date"}.get(kind)
                using = f"{name}::{cast}" if dialect == "postgresql" and cast else None
                batch_op.alter_column(
                    name,
                    existing_type=sa.Text(),
                    type_=plain,
                    existing_nullable=nullable,
                    postgresql_using=using,
                )


def _ring() -> KeyRing:
    # Asked only when there are rows to seal or open: an empty database needs no key ring.
    return key_ring_of(op.get_bind())


def upgrade() -> None:
    with op.batch_alter_table("participant_supervision", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_participant_supervision_agency"), type_="check")
    for table, (key, columns) in TABLES.items():
        _change_types(table, columns, seal=True)
        names = [c[0] for c in columns]
        sealed = []
        for row in _rows(table, key, names):
            pk = row_key((row[0],))
            values: dict[str, str | None] = {}
            for (name, kind, _), text in zip(columns, row[1:], strict=True):
                if table == "users" and text is None:
                    values[name] = None  # no TOTP enrolled: nothing to hide
                    continue
                plain = _from_text(kind, text)
                values[name] = str(seal_value(_sealer(kind), table, name, pk, plain, _ring()))
            sealed.append((row[0], values))
        _write(table, key, sealed)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table, (key, columns) in TABLES.items():
        names = [c[0] for c in columns]
        opened = []
        for row in _rows(table, key, names):
            pk = row_key((row[0],))
            values = {}
            for (name, kind, _), token in zip(columns, row[1:], strict=True):
                plain = None
                if token is not None:
                    plain = open_value(_sealer(kind), table, name, pk, token, _ring())
                values[name] = _to_text(kind, plain) if postgresql else plain
            opened.append((row[0], values))
        if postgresql:
            # Plain text first, then each column is cast back to its type (USING col::type).
            _write(table, key, opened)
            _change_types(table, columns, seal=False)
        else:
            # SQLite's batch copy CASTs to the new type, which would mangle text dates: change
            # the types first, then write the plain values through their own column types.
            _change_types(table, columns, seal=False)
            types = {name: _plain_type(name, kind) for name, kind, _ in columns}
            _write(table, key, opened, types)
    with op.batch_alter_table("participant_supervision", schema=None) as batch_op:
        batch_op.create_check_constraint(op.f("ck_participant_supervision_agency"), AGENCY_CHECK)
