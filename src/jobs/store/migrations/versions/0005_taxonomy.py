"""Imported taxonomy entries (ESCO, O*NET) that extend the extraction taxonomy.

Revision ID: 0005_taxonomy
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jobs.store.base import JSONDocument, UTCDateTime

revision = "0005_taxonomy"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "taxonomy_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("concept_id", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=500), nullable=False),
        sa.Column("synonyms", JSONDocument, nullable=False),
        sa.Column("codes", JSONDocument, nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy_terms")),
        sa.UniqueConstraint(
            "source", "concept_id", name=op.f("uq_taxonomy_terms_source_concept_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("taxonomy_terms")
