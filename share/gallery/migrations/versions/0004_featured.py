"""featured creations: ``creations.featured_at``

Revision ID: 0004
Revises: 0003

Moderators feature a creation from the desk; the home page shows the featured ones, newest first.
A plain ``ADD COLUMN`` (no batch "move and copy" on SQLite), so the FTS triggers of 0003 stay.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("creations", sa.Column("featured_at", sa.DateTime(), nullable=True))
    op.create_index("ix_creations_featured_at", "creations", ["featured_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_creations_featured_at", table_name="creations")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_column("creations", "featured_at")
    else:  # SQLite 3.35+ drops a column in place, keeping the FTS triggers of 0003
        op.execute("ALTER TABLE creations DROP COLUMN featured_at")
