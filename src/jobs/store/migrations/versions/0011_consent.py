"""Disclosures: every showing of a participant's information to an employer.

Revision ID: 0011_consent
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jobs.store.base import JSONDocument, UTCDateTime

revision = "0011_consent"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "disclosures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("disclosed_at", UTCDateTime(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("viewer_user_id", sa.Integer(), nullable=True),
        sa.Column("consent_ids", JSONDocument, nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("fields", JSONDocument, nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_disclosures_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_disclosures_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["viewer_user_id"],
            ["users.id"],
            name=op.f("fk_disclosures_viewer_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosures")),
    )
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_disclosures_disclosed_at"), ["disclosed_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_disclosures_employer_id"), ["employer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_disclosures_participant_id"), ["participant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosures_participant_id"))
        batch_op.drop_index(batch_op.f("ix_disclosures_employer_id"))
        batch_op.drop_index(batch_op.f("ix_disclosures_disclosed_at"))
    op.drop_table("disclosures")
