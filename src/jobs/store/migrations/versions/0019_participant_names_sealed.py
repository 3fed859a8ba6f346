"""Encryption at rest: participants' names and home addresses.

Both columns become text holding sealed tokens (jobs.crypto), sealed with the key ring bound to
the migrating engine. The table is never copied (that would cascade away every row that refers
to a participant): each column is replaced by ADD COLUMN, a copy, DROP COLUMN and RENAME COLUMN.
The downgrade opens the values again into the plain column types.

Revision ID: 0019_participant_names_sealed
Revises: 0003_outcomes (a head; 0001 made the participants table)
"""

from __future__ import annotations

import sqlalchemy as sa

from jobs.store.column_sealing import opener, replace_column, sealer

revision = "0019_participant_names_sealed"
down_revision = "0003_outcomes"  # on top of an existing head: no new branch
branch_labels = None
depends_on = None

PLAIN = {"name": sa.String(length=200), "home_address": sa.String(length=300)}


def upgrade() -> None:
    for column in PLAIN:
        replace_column("participants", column, sa.Text(), sealer("participants", column))


def downgrade() -> None:
    for column, plain in PLAIN.items():
        replace_column("participants", column, plain, opener("participants", column))
