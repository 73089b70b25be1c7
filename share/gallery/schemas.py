"""What the API reads and writes: ``XCreate`` (a request body) and ``XPublic`` (a response)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["user", "moderator", "admin"]
State = Literal["new", "published", "hidden", "rejected"]
ReportReason = Literal["spam", "offensive", "copyright", "personal-info", "broken", "other"]
"""Why a creation is reported (a fixed list, as Scratch and LittleBigPlanet have)."""

STRICT = ConfigDict(strict=True)
"""Request bodies take JSON's own types only: ``"5"`` or ``true`` is no number, ``"yes"`` no
boolean (422); an integer is still a number where a float is asked for."""

MAX_BAN_DAYS = 36500
"""The longest ban with an end, in days (a century): longer is no different from none."""


class UserCreate(BaseModel):
    model_config = STRICT
    name: str = Field(min_length=2, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")
    password: str = Field(min_length=8, max_length=200)


class UserPublic(BaseModel):
    name: str
    role: Role
    created: dt.datetime
    banned_until: dt.datetime | None = None


class TokenCreate(BaseModel):
    """Sign in: a name and password for a new API token."""

    model_config = STRICT

    name: str = Field(max_length=64)
    password: str = Field(max_length=200)
    label: str = Field(default="", max_length=200)


class TokenPublic(BaseModel):
    id: int
    prefix: str
    """The token's first characters, to tell tokens apart."""
    label: str
    created: dt.datetime
    last_used: dt.datetime | None


class TokenIssued(TokenPublic):
    token: str
    """The token itself, shown this once: send it as ``Authorization: Bearer TOKEN``."""


class ParentPublic(BaseModel):
    id: str
    revision: int


class RevisionPublic(BaseModel):
    revision: int
    digest: str
    size: int
    title: str
    description: str
    author: str
    tags: list[str]
    license: str
    parents: list[ParentPublic]
    clear: str
    """For a level: what the clear check saw (``cleared at tick 574 (9.57 s), …``)."""
    created: dt.datetime


class RatingSummary(BaseModel):
    count: int
    """Hearts (levels) or scores (designs) given."""
    mean: float | None
    """For designs: the mean score, 0–5 (None before any)."""


class CreationPublic(BaseModel):
    id: str
    kind: str
    owner: str
    state: State
    revision: int
    """The latest revision."""
    digest: str
    size: int
    title: str
    description: str
    author: str
    tags: list[str]
    license: str
    parents: list[ParentPublic]
    rating: RatingSummary
    plays: int
    """For a level: plays reported by players (its maker's own are not counted); ``clears``
    of them reached the goal."""
    clears: int
    created: dt.datetime
    updated: dt.datetime


class CreationPage(BaseModel):
    items: list[CreationPublic]
    next: str | None
    """The cursor of the next page (pass it as ``cursor``), or None on the last page."""


class LineageNode(BaseModel):
    id: str
    title: str
    owner: str
    revision: int
    """For an ancestor: the revision that was remixed; else the latest."""
    children: list[LineageNode] = []


class Lineage(BaseModel):
    ancestors: list[LineageNode]
    """Every creation this one descends from, nearest first (each with its own parents)."""
    tree: LineageNode
    """This creation and every remix of it, and of those, as a tree."""


class RatingCreate(BaseModel):
    model_config = STRICT
    value: int = Field(ge=0, le=5)
    """1 for a level (a heart); 0–5 for a design."""


PLAY_KEY = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
"""A play's key: a UUID in its canonical form, made by the client for that one play."""


class PlayCreate(BaseModel):
    """A play of a level, reported by the player's client when it ends; ``key`` (a UUID the
    client makes for this play) makes sending it again harmless: it is counted once."""

    model_config = STRICT

    cleared: bool
    key: str | None = Field(default=None, pattern=PLAY_KEY)


class ReportCreate(BaseModel):
    model_config = STRICT
    reason: ReportReason
    details: str = Field(default="", max_length=2000)


class ReportPublic(BaseModel):
    id: int
    creation: str
    reason: ReportReason
    details: str
    created: dt.datetime


class MoveCreate(BaseModel):
    """A moderation move: the state to go to, and why."""

    model_config = STRICT

    to: State
    reason: str = Field(default="", max_length=2000)


class BanCreate(BaseModel):
    model_config = STRICT
    reason: str = Field(min_length=1, max_length=2000)
    days: float | None = Field(default=None, gt=0, le=MAX_BAN_DAYS, allow_inf_nan=False)
    """How long; None for a ban without end."""


class AuditPublic(BaseModel):
    id: int
    actor: str | None
    action: str
    creation: str | None
    user: str | None
    from_state: str
    to_state: str
    reason: str
    created: dt.datetime


class QueueItem(BaseModel):
    creation: CreationPublic
    open_reports: int
    next_states: list[State]


class ClearPublic(BaseModel):
    """A player's clear run of a level's revision, re-simulated by the gallery."""

    id: int | None
    """None for a run sent but not kept (the player's earlier run was as fast or faster)."""
    rank: int
    """Its place on the revision's board, 1 = fastest (for a run not kept: where it would
    stand)."""
    user: str
    revision: int
    ticks: int
    """The tick the goal was reached at: 60 a second."""
    seconds: float
    score: int
    deaths: int
    created: dt.datetime
    replay: str | None
    """Its replay's path (``/api/v1/creations/{id}/clears/{run}/replay``); None when not kept."""


class ClearResult(BaseModel):
    """The answer to a clear run sent: the run, and the player's place on the board."""

    clear: ClearPublic
    best: bool
    """Whether the run is the player's new best on the revision (and so kept)."""
    rank: int
    """The place of the player's best run, 1 = fastest."""
    entries: int
    """Players on the board."""
    yours: ClearPublic
    """The player's best run on the board now (the run sent, when it was kept)."""


class ClearBoard(BaseModel):
    """A revision's fastest clears, one per player (their best), fastest first."""

    revision: int
    entries: int
    """Players on the board (``items`` shows at most ``limit`` of them)."""
    items: list[ClearPublic]
