"""Employer names: unique by their comparable key, a new name waiting for an admin, and the
aliases an admin confirmed for linking synced postings.

Existing employers get their key from their name; when two already share one, the later ones
get ``#<id>`` after it, so the upgrade never fails and an admin can rename them.

Revision ID: 0013_employer_names
Revises: 0008_encryption
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jobs.store.base import UTCDateTime
from jobs.store.employers import company_name_key

revision = "0013_employer_names"
down_revision = "0008_encryption"  # on top of an existing head: no new branch
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_key", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("pending_name", sa.String(length=200), nullable=True))
    connection = op.get_bind()
    employers = sa.table(
        "employers",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("name_key"),
    )
    seen: set[str] = set()
    for employer_id, name in connection.execute(
        sa.select(employers.c.id, employers.c.name).order_by(employers.c.id)
    ):
        key = company_name_key(name or "")
        if key in seen:
            key = f"{key}#{employer_id}"
        seen.add(key)
        connection.execute(
            employers.update().where(employers.c.id == employer_id).values(name_key=key)
        )
    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.alter_column("name_key", existing_type=sa.String(length=200), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_employers_name_key"), ["name_key"])
    op.create_table(
        "employer_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("confirmed_by", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["confirmed_by"],
            ["users.id"],
            name=op.f("fk_employer_aliases_confirmed_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_employer_aliases_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_aliases")),
        sa.UniqueConstraint("name_key", name=op.f("uq_employer_aliases_name_key")),
    )
    op.create_index(
        op.f("ix_employer_aliases_employer_id"), "employer_aliases", ["employer_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_employer_aliases_employer_id"), table_name="employer_aliases")
    op.drop_table("employer_aliases")
    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_employers_name_key"), type_="unique")
        batch_op.drop_column("pending_name")
        batch_op.drop_column("name_key")
