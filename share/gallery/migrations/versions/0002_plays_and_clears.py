"""plays and clears of a level, reported by players (its clear rate)

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("creations") as batch_op:
        batch_op.add_column(sa.Column("plays", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("clears", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("creations") as batch_op:
        batch_op.drop_column("clears")
        batch_op.drop_column("plays")
