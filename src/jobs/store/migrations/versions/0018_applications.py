"""Application steps (interested to hired) and work-readiness items.

Revision ID: 0018_applications
Revises: 0001

New tables only: nothing else is altered.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jobs.store.base import UTCDateTime
from jobs.store.encryption import EncryptedJSON

revision = "0018_applications"
down_revision = "0001"
branch_labels = None
depends_on = None

STEPS = (
    "interested", "applied", "interview_booked", "offer", "hired", "unsuccessful_application",
    "unsuccessful_interview", "offer_declined",
)  # fmt: skip
ITEMS = (
    "state_id", "ssn_card", "birth_certificate", "bank_account", "resume", "disclosure_letter",
    "work_clothes", "phone", "childcare", "transport",
)  # fmt: skip
STATUSES = ("not_started", "in_progress", "done", "not_needed")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ",".join(f"'{v}'" for v in values) + ")"


def upgrade() -> None:
    op.create_table(
        "application_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("posting_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(_one_of("step", STEPS), name=op.f("ck_application_steps_step")),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], ondelete="CASCADE",
            name=op.f("fk_application_steps_participant_id_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["posting_id"], ["postings.id"], ondelete="CASCADE",
            name=op.f("fk_application_steps_posting_id_postings"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], ondelete="SET NULL",
            name=op.f("fk_application_steps_recorded_by_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_steps")),
    )  # fmt: skip
    op.create_index(
        op.f("ix_application_steps_participant_id"), "application_steps", ["participant_id"]
    )
    op.create_table(
        "readiness_items",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("barrier", EncryptedJSON(), nullable=False),
        sa.Column("updated_on", sa.Date(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(_one_of("item", ITEMS), name=op.f("ck_readiness_items_item")),
        sa.CheckConstraint(_one_of("status", STATUSES), name=op.f("ck_readiness_items_status")),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], ondelete="CASCADE",
            name=op.f("fk_readiness_items_participant_id_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], ondelete="SET NULL",
            name=op.f("fk_readiness_items_updated_by_users"),
        ),
        sa.PrimaryKeyConstraint("participant_id", "item", name=op.f("pk_readiness_items")),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("readiness_items")
    op.drop_index(op.f("ix_application_steps_participant_id"), table_name="application_steps")
    op.drop_table("application_steps")
