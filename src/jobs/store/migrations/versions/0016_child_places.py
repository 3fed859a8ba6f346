"""Schools and child care imported from public lists (child_places).

Revision ID: 0016_child_places
Revises: 0001

A new table only: nothing else is altered (no batch copy of any table).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jobs.store.base import UTCDateTime

revision = "0016_child_places"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "child_places",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("ref", sa.String(length=40), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("postal_code", sa.String(length=10), nullable=False),
        sa.Column("county", sa.String(length=100), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("precision", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("source_file", sa.String(length=400), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_places")),
    )
    op.create_index("ix_child_places_source", "child_places", ["source"])
    op.create_index("ix_child_places_county", "child_places", ["state", "county", "kind"])


def downgrade() -> None:
    op.drop_index("ix_child_places_county", table_name="child_places")
    op.drop_index("ix_child_places_source", table_name="child_places")
    op.drop_table("child_places")
