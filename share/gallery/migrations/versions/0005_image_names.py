"""longer image names: ``images.name`` VARCHAR(80) → VARCHAR(250)

Revision ID: 0005
Revises: 0004

An image of a design is named ``mockup:`` + a garment colour's name, and a colour's name may be
up to ``engine.limits.MAX_NAME_CHARS`` (200) characters: on PostgreSQL a long one made the upload
fail. SQLite does not enforce VARCHAR lengths, so only PostgreSQL's column changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("images", "name", type_=sa.String(250), existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("images", "name", type_=sa.String(80), existing_nullable=False)
