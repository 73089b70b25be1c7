"""play reports: the plays already counted, by their client's key (``play_reports``)

Revision ID: 0007
Revises: 0006

A new table only: a play (or clear run) sent again after a lost answer carries the same key
and is not counted twice.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "play_reports",
        sa.Column("key", sa.String(length=36), nullable=False),
        sa.Column("user_pk", sa.Integer(), nullable=False),
        sa.Column("creation_pk", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["creation_pk"], ["creations.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_pk"], ["users.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("play_reports", schema=None) as batch_op:
        batch_op.create_index("ix_play_reports_created", ["created"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("play_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_play_reports_created")
    op.drop_table("play_reports")
