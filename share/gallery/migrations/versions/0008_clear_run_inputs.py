"""clear runs' inputs: a digest of the inputs that cleared, one run per inputs on a board

Revision ID: 0008
Revises: 0007

A new column, ``clear_runs.inputs_digest`` (the sha256 of a run's inputs up to the tick it
cleared at), unique per revision's board: a run copied from another player (the same inputs)
is refused, also when two are sent at the same moment. Runs kept before have none (NULL, never
equal to another): their replays are not read again here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clear_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inputs_digest", sa.String(length=64), nullable=True))
        batch_op.create_index(
            "ix_clear_runs_inputs", ["creation_pk", "revision", "inputs_digest"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("clear_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_clear_runs_inputs")
        batch_op.drop_column("inputs_digest")
