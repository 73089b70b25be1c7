"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24 10:05:12.588892
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("digest"),
    )
    op.create_table(
        "users",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("name_key", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("banned_until", sa.DateTime(), nullable=True),
        sa.Column("ban_reason", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("name_key"),
    )
    op.create_table(
        "creations",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("owner_pk", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("latest", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("license", sa.String(length=200), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_pk"],
            ["users.pk"],
        ),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("id"),
    )
    with op.batch_alter_table("creations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_creations_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_creations_license"), ["license"], unique=False)
        batch_op.create_index(batch_op.f("ix_creations_owner_pk"), ["owner_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_creations_state"), ["state"], unique=False)

    op.create_table(
        "tokens",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("user_pk", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("last_used", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_pk"], ["users.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tokens_user_pk"), ["user_pk"], unique=False)

    op.create_table(
        "audit",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("actor_pk", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("creation_pk", sa.Integer(), nullable=True),
        sa.Column("target_user_pk", sa.Integer(), nullable=True),
        sa.Column("from_state", sa.String(length=16), nullable=False),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_pk"],
            ["users.pk"],
        ),
        sa.ForeignKeyConstraint(["creation_pk"], ["creations.pk"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["target_user_pk"],
            ["users.pk"],
        ),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_creation_pk"), ["creation_pk"], unique=False)

    op.create_table(
        "parents",
        sa.Column("child_pk", sa.Integer(), nullable=False),
        sa.Column("child_n", sa.Integer(), nullable=False),
        sa.Column("parent_pk", sa.Integer(), nullable=False),
        sa.Column("parent_n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["child_pk"], ["creations.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["parent_pk"],
            ["creations.pk"],
        ),
        sa.PrimaryKeyConstraint("child_pk", "child_n", "parent_pk"),
    )
    with op.batch_alter_table("parents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_parents_parent_pk"), ["parent_pk"], unique=False)

    op.create_table(
        "ratings",
        sa.Column("user_pk", sa.Integer(), nullable=False),
        sa.Column("creation_pk", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["creation_pk"], ["creations.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["user_pk"],
            ["users.pk"],
        ),
        sa.PrimaryKeyConstraint("user_pk", "creation_pk"),
    )
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ratings_creation_pk"), ["creation_pk"], unique=False)

    op.create_table(
        "reports",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("creation_pk", sa.Integer(), nullable=False),
        sa.Column("reporter_pk", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["creation_pk"], ["creations.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["reporter_pk"],
            ["users.pk"],
        ),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index("ix_reports_open", ["creation_pk", "resolved"], unique=False)

    op.create_table(
        "revisions",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("creation_pk", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("replay_digest", sa.String(length=64), nullable=True),
        sa.Column("clear_message", sa.Text(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("license", sa.String(length=200), nullable=False),
        sa.Column("uploader_pk", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["creation_pk"], ["creations.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["digest"],
            ["blobs.digest"],
        ),
        sa.ForeignKeyConstraint(
            ["replay_digest"],
            ["blobs.digest"],
        ),
        sa.ForeignKeyConstraint(
            ["uploader_pk"],
            ["users.pk"],
        ),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("creation_pk", "n"),
    )
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revisions_digest"), ["digest"], unique=False)

    op.create_table(
        "tags",
        sa.Column("creation_pk", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["creation_pk"], ["creations.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("creation_pk", "tag"),
    )
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tags_tag"), ["tag"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tags_tag"))

    op.drop_table("tags")
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revisions_digest"))

    op.drop_table("revisions")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index("ix_reports_open")

    op.drop_table("reports")
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ratings_creation_pk"))

    op.drop_table("ratings")
    with op.batch_alter_table("parents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parents_parent_pk"))

    op.drop_table("parents")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_creation_pk"))

    op.drop_table("audit")
    with op.batch_alter_table("tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tokens_user_pk"))

    op.drop_table("tokens")
    with op.batch_alter_table("creations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_creations_state"))
        batch_op.drop_index(batch_op.f("ix_creations_owner_pk"))
        batch_op.drop_index(batch_op.f("ix_creations_license"))
        batch_op.drop_index(batch_op.f("ix_creations_kind"))

    op.drop_table("creations")
    op.drop_table("users")
    op.drop_table("blobs")
