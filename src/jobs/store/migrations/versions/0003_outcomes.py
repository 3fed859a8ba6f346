"""Outcomes: enrolment, returns to custody, program projections and settings; separation kind,
offer date and incentive paperwork dates on placements; earnings on checkpoints.

Revision ID: 0003_outcomes
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jobs.store.base import UTCDateTime

revision = "0003_outcomes"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "program_enrollments",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("intake_on", sa.Date(), nullable=False),
        sa.Column("exited_on", sa.Date(), nullable=True),
        sa.Column("exit_reason", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "exited_on IS NULL OR exited_on >= intake_on", name=op.f("ck_program_enrollments_dates")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_program_enrollments_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("participant_id", name=op.f("pk_program_enrollments")),
    )
    op.create_table(
        "custody_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('new_offense','technical_violation')", name=op.f("ck_custody_events_kind")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_custody_events_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
            name=op.f("fk_custody_events_recorded_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custody_events")),
        sa.UniqueConstraint(
            "participant_id",
            "occurred_on",
            "kind",
            name=op.f("uq_custody_events_participant_id_occurred_on_kind"),
        ),
    )
    with op.batch_alter_table("custody_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_custody_events_participant_id"), ["participant_id"], unique=False
        )
    op.create_table(
        "program_projections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("placements", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("participants >= 0", name=op.f("ck_program_projections_participants")),
        sa.CheckConstraint(
            "period_end >= period_start", name=op.f("ck_program_projections_period")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_projections")),
        sa.UniqueConstraint(
            "period_start",
            "period_end",
            name=op.f("uq_program_projections_period_start_period_end"),
        ),
    )
    op.create_table(
        "program_settings",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.String(length=400), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_program_settings")),
    )
    # Plain added columns only: on SQLite a CHECK here would make batch mode rebuild the
    # placements table, and dropping it would cascade to the checkpoints.
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("separation_kind", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("offered_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("form_8850_signed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("form_8850_sent_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("bond_requested_on", sa.Date(), nullable=True))
    with op.batch_alter_table("placement_checkpoints", schema=None) as batch_op:
        batch_op.add_column(sa.Column("earnings", sa.Float(), nullable=True))


def downgrade() -> None:
    # recreate="never": SQLite (3.35+) drops a plain column in place. Rebuilding the table
    # instead would drop placements, and the cascade would empty placement_checkpoints.
    with op.batch_alter_table("placement_checkpoints", recreate="never") as batch_op:
        batch_op.drop_column("earnings")
    with op.batch_alter_table("placements", recreate="never") as batch_op:
        batch_op.drop_column("bond_requested_on")
        batch_op.drop_column("form_8850_sent_on")
        batch_op.drop_column("form_8850_signed_on")
        batch_op.drop_column("offered_on")
        batch_op.drop_column("separation_kind")
    op.drop_table("program_settings")
    op.drop_table("program_projections")
    with op.batch_alter_table("custody_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_custody_events_participant_id"))
    op.drop_table("custody_events")
    op.drop_table("program_enrollments")
