"""clear runs: each player's fastest clear of a level's revision (``clear_runs``)

Revision ID: 0006
Revises: 0005

A new table only, so nothing existing is moved: the FTS triggers of 0003 stay on SQLite. Its
ids are never reused (SQLite's AUTOINCREMENT; a sequence on PostgreSQL): a beaten run's row is
deleted, and a run's replay is served under its id as immutable.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clear_runs",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("creation_pk", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("user_pk", sa.Integer(), nullable=False),
        sa.Column("ticks", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("deaths", sa.Integer(), nullable=False),
        sa.Column("replay_digest", sa.String(length=64), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["creation_pk"], ["creations.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_pk"], ["users.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["replay_digest"], ["blobs.digest"]),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("creation_pk", "revision", "user_pk"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("clear_runs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_clear_runs_board", ["creation_pk", "revision", "ticks", "created"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("clear_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_clear_runs_board")
    op.drop_table("clear_runs")
