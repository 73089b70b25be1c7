"""The gallery's tables (SQLAlchemy 2, typed). Alembic migrations in ``migrations/`` build them.

A creation is one id (the file's ``id``) with a row per revision; each revision's bytes are a
blob, stored once by sha256 digest. ``parents`` records remix lineage, ``audit`` every
moderation move, ``clear_runs`` each player's fastest clear of a level's revision.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    name_key: Mapped[str] = mapped_column(String(64), unique=True)
    """``name`` folded to lower case: names are unique whatever their case."""
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default="user")
    """user | moderator | admin"""
    banned_until: Mapped[dt.datetime | None] = mapped_column(default=None)
    ban_reason: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Token(Base):
    __tablename__ = "tokens"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """sha256 of the token: the token itself is shown once and never stored."""
    prefix: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(200), default="")
    created: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used: Mapped[dt.datetime | None] = mapped_column(default=None)

    user: Mapped[User] = relationship()


class Blob(Base):
    __tablename__ = "blobs"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    created: Mapped[dt.datetime] = mapped_column(default=utcnow)
    """When an upload last stored these bytes (the sweep leaves younger blobs alone)."""


class Creation(Base):
    __tablename__ = "creations"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    """Upload order: the cursor of listings."""
    id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    owner_pk: Mapped[int] = mapped_column(ForeignKey("users.pk"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="new", index=True)
    """new | published | hidden | rejected (see ``moderation.py``)."""
    latest: Mapped[int] = mapped_column(Integer, default=1)
    """The number of the latest revision."""
    title: Mapped[str] = mapped_column(String(200))
    license: Mapped[str] = mapped_column(String(200), index=True)
    created: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated: Mapped[dt.datetime] = mapped_column(default=utcnow)
    plays: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Plays of a level reported by players (schema 0002)."""
    clears: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Of those, the plays that reached the goal: ``clears / plays`` is the clear rate."""
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    """The latest revision's description (schema 0003: full-text search reads it)."""
    tags: Mapped[str] = mapped_column(Text, default="", server_default="")
    """The latest revision's tags, joined by newlines (searched too)."""
    rating_score: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    """The "top rated" key: a heart counts 1, a design's score s counts s / 5."""
    remixes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """How many creations name this one as a parent (the "most remixed" key)."""
    trend: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    """The "trending" key: recent activity with decay, in log form (``ranking.py``)."""
    featured_at: Mapped[dt.datetime | None] = mapped_column(default=None, index=True)
    """When a moderator featured it on the home page (schema 0004); None when not featured."""

    owner: Mapped[User] = relationship()

    __table_args__ = tuple(
        Index(f"ix_creations_by_{key}", key, "pk")
        for key in ("rating_score", "plays", "remixes", "trend")
    )


class Revision(Base):
    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("creation_pk", "n"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    creation_pk: Mapped[int] = mapped_column(ForeignKey("creations.pk", ondelete="CASCADE"))
    n: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(ForeignKey("blobs.digest"), index=True)
    size: Mapped[int] = mapped_column(Integer)
    replay_digest: Mapped[str | None] = mapped_column(ForeignKey("blobs.digest"), default=None)
    clear_message: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    tags: Mapped[str] = mapped_column(Text, default="")
    """Tags joined by newlines (tags hold no control characters)."""
    license: Mapped[str] = mapped_column(String(200))
    uploader_pk: Mapped[int] = mapped_column(ForeignKey("users.pk"))
    created: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Tag(Base):
    """The tags of a creation's latest revision (for filtering)."""

    __tablename__ = "tags"

    creation_pk: Mapped[int] = mapped_column(
        ForeignKey("creations.pk", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)


class Parent(Base):
    """A remix edge: revision ``child_n`` of a creation names a parent at a revision."""

    __tablename__ = "parents"

    child_pk: Mapped[int] = mapped_column(
        ForeignKey("creations.pk", ondelete="CASCADE"), primary_key=True
    )
    child_n: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_pk: Mapped[int] = mapped_column(ForeignKey("creations.pk"), primary_key=True, index=True)
    parent_n: Mapped[int] = mapped_column(Integer)


class Rating(Base):
    __tablename__ = "ratings"

    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk"), primary_key=True)
    creation_pk: Mapped[int] = mapped_column(
        ForeignKey("creations.pk", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[int] = mapped_column(Integer)
    """1 for a level's heart; 0–5 for a design's score."""
    created: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_open", "creation_pk", "resolved"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    creation_pk: Mapped[int] = mapped_column(ForeignKey("creations.pk", ondelete="CASCADE"))
    reporter_pk: Mapped[int] = mapped_column(ForeignKey("users.pk"))
    reason: Mapped[str] = mapped_column(String(32))
    details: Mapped[str] = mapped_column(Text, default="")
    resolved: Mapped[bool] = mapped_column(default=False)
    created: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Audit(Base):
    """Who did what, when and why: every moderation move and ban."""

    __tablename__ = "audit"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_pk: Mapped[int | None] = mapped_column(ForeignKey("users.pk"), default=None)
    """None for moves the gallery makes itself (a creation reported by several people)."""
    action: Mapped[str] = mapped_column(String(32))
    creation_pk: Mapped[int | None] = mapped_column(
        ForeignKey("creations.pk", ondelete="SET NULL"), default=None, index=True
    )
    target_user_pk: Mapped[int | None] = mapped_column(ForeignKey("users.pk"), default=None)
    from_state: Mapped[str] = mapped_column(String(16), default="")
    to_state: Mapped[str] = mapped_column(String(16), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Image(Base):
    """A PNG rendered by the engine at upload: ``thumbnail``, or ``mockup:COLOUR`` (a design)."""

    __tablename__ = "images"

    creation_pk: Mapped[int] = mapped_column(
        ForeignKey("creations.pk", ondelete="CASCADE"), primary_key=True
    )
    n: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(250), primary_key=True)
    """``thumbnail``, ``clip``, or ``mockup:`` + a garment colour's name (up to 200 characters)."""
    digest: Mapped[str] = mapped_column(ForeignKey("blobs.digest"))


class ClearRun(Base):
    """A player's best clear of one revision of a level (schema 0006): its replay, re-simulated
    by the gallery, took ``ticks``. One row per (creation, revision, user), replaced when beaten."""

    __tablename__ = "clear_runs"
    __table_args__ = (
        UniqueConstraint("creation_pk", "revision", "user_pk"),
        Index("ix_clear_runs_board", "creation_pk", "revision", "ticks", "created"),
        Index("ix_clear_runs_inputs", "creation_pk", "revision", "inputs_digest", unique=True),
        {"sqlite_autoincrement": True},
    )
    """AUTOINCREMENT: a beaten run's row is deleted, and its id (in its replay's URL, served
    as immutable) is never given to another run, as PostgreSQL's sequence never does."""

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    creation_pk: Mapped[int] = mapped_column(ForeignKey("creations.pk", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column(Integer)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk", ondelete="CASCADE"))
    ticks: Mapped[int] = mapped_column(Integer)
    """The tick the goal was reached at (60 a second): fewer is faster."""
    score: Mapped[int] = mapped_column(Integer)
    deaths: Mapped[int] = mapped_column(Integer)
    replay_digest: Mapped[str] = mapped_column(ForeignKey("blobs.digest"))
    created: Mapped[dt.datetime] = mapped_column(default=utcnow)
    """When the run was sent: of two runs as fast, the earlier one ranks first."""
    inputs_digest: Mapped[str | None] = mapped_column(String(64), default=None)
    """The sha256 of its inputs up to the tick it cleared at (schema 0008; None for a run kept
    before): one run per inputs on a board, so a copy of another player's run is refused."""


class PlayReport(Base):
    """A play already counted, by the key its client sent with it (schema 0007): a report
    sent again (a retry after a lost answer) is not counted twice. Kept a day or so; the sweep
    (``sweep.py``) removes older ones."""

    __tablename__ = "play_reports"

    key: Mapped[str] = mapped_column(String(36), primary_key=True)
    """A UUID the client made for this one play."""
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk", ondelete="CASCADE"))
    creation_pk: Mapped[int] = mapped_column(ForeignKey("creations.pk", ondelete="CASCADE"))
    created: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
