"""Messages: participants' contact details and consent, the outbox, and inbound replies.

New tables, and ``application_steps.time_of_day`` (when a booked interview starts, for the
reminders) by ADD COLUMN. ``participants`` and ``users`` are not altered (a SQLite batch copy of
either would cascade their child rows away). Phone, email, recipient, subject and bodies hold sealed
tokens (EncryptedJSON is text).

Revision ID: 0022_outbox
Revises: 0017_reach, 0018_applications (joins those two heads; needs 0003_outcomes for the
placement checkpoints)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jobs.store.base import JSONDocument, UTCDateTime

revision = "0022_outbox"
# On top of two existing heads (joining them): the reach tables of 0017 and the application
# steps of 0018, which gain their interview time here.
down_revision = ("0017_reach", "0018_applications")
branch_labels = None
depends_on = ("0003_outcomes",)  # placement_checkpoints are made there


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    op.create_table(
        "participant_contacts",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("channels", JSONDocument, nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("consent_recorded_at", UTCDateTime(), nullable=True),
        sa.Column("consent_recorded_by", sa.String(length=200), nullable=False),
        sa.Column("sms_stopped_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _fk("participant_contacts", "participant_id", "participants", "CASCADE"),
        sa.PrimaryKeyConstraint("participant_id", name=op.f("pk_participant_contacts")),
    )
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("checkpoint_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("template", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", UTCDateTime(), nullable=True),
        sa.Column("claimed_by", sa.String(length=120), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
        sa.Column("provider_id", sa.String(length=64), nullable=False),
        sa.Column("error", sa.String(length=300), nullable=False),
        sa.Column("idempotency_key", sa.String(length=160), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("body_purged_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("channel IN ('sms','email')", name=op.f("ck_outbox_messages_channel")),
        sa.CheckConstraint(
            "status IN ('queued','sending','sent','delivered','failed','cancelled')",
            name=op.f("ck_outbox_messages_status"),
        ),
        _fk("outbox_messages", "participant_id", "participants", "CASCADE"),
        _fk("outbox_messages", "user_id", "users", "CASCADE"),
        sa.ForeignKeyConstraint(
            ["checkpoint_id"],
            ["placement_checkpoints.id"],
            name=op.f("fk_outbox_messages_checkpoint_id_placement_checkpoints"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_outbox_messages_idempotency_key")),
    )
    op.create_index("ix_outbox_messages_participant_id", "outbox_messages", ["participant_id"])
    op.create_index("ix_outbox_messages_next_attempt_at", "outbox_messages", ["next_attempt_at"])
    op.create_index("ix_outbox_messages_status", "outbox_messages", ["status"])
    op.create_index("ix_outbox_messages_provider_id", "outbox_messages", ["provider_id"])
    op.create_table(
        "inbound_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("checkpoint_id", sa.Integer(), nullable=True),
        sa.Column("provider_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("handled_at", UTCDateTime(), nullable=True),
        sa.Column("handled_by", sa.Integer(), nullable=True),
        sa.Column("body_purged_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('stop','start','help','yes','no','other')",
            name=op.f("ck_inbound_messages_kind"),
        ),
        _fk("inbound_messages", "participant_id", "participants", "CASCADE"),
        sa.ForeignKeyConstraint(
            ["checkpoint_id"],
            ["placement_checkpoints.id"],
            name=op.f("fk_inbound_messages_checkpoint_id_placement_checkpoints"),
            ondelete="SET NULL",
        ),
        _fk("inbound_messages", "handled_by", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_messages")),
        sa.UniqueConstraint("provider_id", name=op.f("uq_inbound_messages_provider_id")),
    )
    op.create_index("ix_inbound_messages_participant_id", "inbound_messages", ["participant_id"])
    op.add_column("application_steps", sa.Column("time_of_day", sa.String(length=5), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE application_steps DROP COLUMN time_of_day")
    op.drop_table("inbound_messages")
    op.drop_table("outbox_messages")
    op.drop_table("participant_contacts")
