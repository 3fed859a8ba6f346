"""Audit log: hash chain, who/where/outcome columns, and triggers refusing UPDATE and DELETE.

The user and participant foreign keys go: an ``ON DELETE SET NULL`` would rewrite audit rows
(which the triggers refuse) and break the chain. Existing rows get their chain computed here.

Revision ID: 0007_audit_chain
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jobs.store.audit import chain_hash
from jobs.store.base import JSONDocument, UTCDateTime

revision = "0007_audit_chain"
down_revision = "0001"
branch_labels = None
depends_on = None

REFUSAL = "audit_events is append-only"
SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
    f"""CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
)
POSTGRES_TRIGGERS = (
    f"""CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$""",
    """CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()""",
    """CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()""",
)

_events = sa.table(
    "audit_events",
    sa.column("id", sa.Integer()),
    sa.column("occurred_at", UTCDateTime()),
    sa.column("actor_user_id", sa.Integer()),
    sa.column("actor_label", sa.String()),
    sa.column("actor_role", sa.String()),
    sa.column("action", sa.String()),
    sa.column("subject_type", sa.String()),
    sa.column("subject_id", sa.String()),
    sa.column("participant_id", sa.Integer()),
    sa.column("client_ip", sa.String()),
    sa.column("outcome", sa.String()),
    sa.column("detail", JSONDocument),
    sa.column("note", sa.Text()),
    sa.column("prev_hash", sa.String()),
    sa.column("hash", sa.String()),
)


def _backfill() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(_events).order_by(_events.c.id)).mappings().all()
    prev = ""
    for row in rows:
        fields = dict(row)
        role = (fields["actor_label"] or "").partition(":")[0]
        fields["actor_role"] = role if role != "anonymous" else ""
        fields["actor_label"] = ""  # the old label carried an email address: not needed
        own = chain_hash(fields, prev)
        bind.execute(
            _events.update()
            .where(_events.c.id == row["id"])
            .values(actor_role=fields["actor_role"], actor_label="", prev_hash=prev, hash=own)
        )
        prev = own


def upgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_constraint("fk_audit_events_actor_user_id_users", type_="foreignkey")
        batch_op.drop_constraint("fk_audit_events_participant_id_participants", type_="foreignkey")
        batch_op.add_column(
            sa.Column("actor_role", sa.String(length=20), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("client_ip", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("outcome", sa.String(length=10), nullable=False, server_default="ok")
        )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.alter_column("actor_role", server_default=None)
        batch_op.alter_column("client_ip", server_default=None)
        batch_op.alter_column("outcome", server_default=None)
    _backfill()
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES_TRIGGERS if postgres else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_refuse_change()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    # Ids of records deleted since would stop the foreign keys coming back.
    op.execute(
        "UPDATE audit_events SET actor_user_id = NULL "
        "WHERE actor_user_id NOT IN (SELECT id FROM users)"
    )
    op.execute(
        "UPDATE audit_events SET participant_id = NULL "
        "WHERE participant_id NOT IN (SELECT id FROM participants)"
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("outcome")
        batch_op.drop_column("client_ip")
        batch_op.drop_column("actor_role")
        batch_op.create_foreign_key(
            "fk_audit_events_actor_user_id_users",
            "users",
            ["actor_user_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            "fk_audit_events_participant_id_participants",
            "participants",
            ["participant_id"],
            ["id"],
            ondelete="SET NULL",
        )
