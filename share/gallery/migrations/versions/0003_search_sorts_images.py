"""full-text search, sort keys and rendered images

Revision ID: 0003
Revises: 0002

- ``creations`` gains the latest revision's ``description`` and ``tags`` (what search reads) and
  the sort keys ``rating_score``, ``remixes`` and ``trend`` (see ``ranking.py``), each indexed
  with ``pk`` for keyset pagination.
- Search: on SQLite an FTS5 table ``creations_fts`` (rowid = ``creations.pk``) kept in sync by
  triggers on ``creations``; on PostgreSQL a generated ``tsvector`` column ``search`` with a GIN
  index. Both use no stemming (``unicode61`` / the ``simple`` configuration), so a query finds
  the same creations on either database.
- ``images``: the thumbnail and mockups rendered at upload, per revision, as blobs.

A later migration that makes SQLite rebuild ``creations`` (a batch "move and copy") drops the
triggers: it must create them again (:func:`sqlite_triggers`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SORT_KEYS = ("rating_score", "plays", "remixes", "trend")

SQLITE_TRIGGERS = (
    """CREATE TRIGGER creations_fts_insert AFTER INSERT ON creations BEGIN
        INSERT INTO creations_fts(rowid, title, description, tags)
        VALUES (new.pk, new.title, new.description, new.tags);
    END""",
    """CREATE TRIGGER creations_fts_delete AFTER DELETE ON creations BEGIN
        DELETE FROM creations_fts WHERE rowid = old.pk;
    END""",
    """CREATE TRIGGER creations_fts_update AFTER UPDATE OF title, description, tags ON creations
    BEGIN
        DELETE FROM creations_fts WHERE rowid = old.pk;
        INSERT INTO creations_fts(rowid, title, description, tags)
        VALUES (new.pk, new.title, new.description, new.tags);
    END""",
)


def sqlite_triggers() -> None:
    for statement in SQLITE_TRIGGERS:
        op.execute(statement)


def upgrade() -> None:
    with op.batch_alter_table("creations") as batch_op:
        batch_op.add_column(sa.Column("description", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("tags", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("rating_score", sa.Float(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("remixes", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("trend", sa.Float(), server_default="0", nullable=False))
        for key in SORT_KEYS:
            batch_op.create_index(f"ix_creations_by_{key}", [key, "pk"], unique=False)
    op.create_table(
        "images",
        sa.Column("creation_pk", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["creation_pk"], ["creations.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["digest"], ["blobs.digest"]),
        sa.PrimaryKeyConstraint("creation_pk", "n", "name"),
    )
    # the latest revision's text, and the sort keys, for creations already there
    op.execute(
        """UPDATE creations SET
            description = (SELECT r.description FROM revisions r
                           WHERE r.creation_pk = creations.pk AND r.n = creations.latest),
            tags = (SELECT r.tags FROM revisions r
                    WHERE r.creation_pk = creations.pk AND r.n = creations.latest),
            remixes = (SELECT count(DISTINCT p.child_pk) FROM parents p
                       WHERE p.parent_pk = creations.pk),
            rating_score = coalesce((SELECT sum(CASE WHEN creations.kind = 'design'
                                                     THEN ra.value / 5.0 ELSE 1.0 END)
                                     FROM ratings ra WHERE ra.creation_pk = creations.pk), 0)"""
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE creations ADD COLUMN search tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple', title || ' ' || description || ' ' || tags)) STORED"
        )
        op.execute("CREATE INDEX ix_creations_search ON creations USING gin (search)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE creations_fts USING fts5("
            "title, description, tags, tokenize = 'unicode61 remove_diacritics 0')"
        )
        op.execute(
            "INSERT INTO creations_fts(rowid, title, description, tags) "
            "SELECT pk, title, description, tags FROM creations"
        )
        sqlite_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_creations_search")
        op.execute("ALTER TABLE creations DROP COLUMN search")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER creations_fts_{name}")
        op.execute("DROP TABLE creations_fts")
    op.drop_table("images")
    with op.batch_alter_table("creations") as batch_op:
        for key in SORT_KEYS:
            batch_op.drop_index(f"ix_creations_by_{key}")
        for column in ("trend", "remixes", "rating_score", "tags", "description"):
            batch_op.drop_column(column)
