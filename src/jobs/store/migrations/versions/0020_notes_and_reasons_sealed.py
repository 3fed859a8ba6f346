"""Encryption at rest: custody-event notes, separation reasons and match reasons.

Notes and separation reasons are text already: they are sealed in place. Match reasons (JSON,
which spell out offence kinds, registrant status, curfew and monitoring) become sealed text; the
column is replaced without copying the table (ADD, copy, DROP, RENAME).

Revision ID: 0020_notes_and_reasons_sealed
Revises: 0019_participant_names_sealed
"""

from __future__ import annotations

import sqlalchemy as sa

from jobs.store.base import JSONDocument
from jobs.store.column_sealing import (
    open_in_place,
    opener,
    read_json,
    replace_column,
    seal_in_place,
    sealer,
)

revision = "0020_notes_and_reasons_sealed"
down_revision = "0019_participant_names_sealed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    seal_in_place("custody_events", ["note"])
    seal_in_place("placements", ["separation_reason"])
    replace_column("matches", "reasons", sa.Text(), sealer("matches", "reasons", read_json))


def downgrade() -> None:
    replace_column(
        "matches",
        "reasons",
        JSONDocument,
        opener("matches", "reasons"),
        bind_type=JSONDocument,
        empty="'[]'",
    )
    open_in_place("placements", ["separation_reason"])
    open_in_place("custody_events", ["note"])
