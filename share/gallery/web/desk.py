"""What the moderators' desk shows, read in a fixed number of queries whatever its length.

``queue`` is the moderation queue (``crud.queue``: new creations and those with open reports)
with each item's previews, open reports, history and the moves the viewer may make;
``audit_page`` is one page of the audit log, filtered, newest first, paged by keyset on the
audit row's pk. No HTTP here: the routes are in ``pages/desk.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fastapi import HTTPException
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from share.gallery import crud, moderation
from share.gallery.models import Audit, Creation, Image, Report, User, utcnow
from share.gallery.schemas import CreationPublic

ACTIONS = ("move", "appeal", "ban", "unban", "role", "feature", "unfeature")
"""Every action an audit row may record (the audit log's action filter)."""

MOVE_LABELS = {"published": "Approve", "hidden": "Hide", "rejected": "Reject", "new": "Reopen"}
"""The button that makes each move (``moderation.next_states`` decides which are offered)."""

NEW_ACCOUNT_DAYS = 7
"""An uploader whose account is younger than this is marked as a new account."""


@dataclass(frozen=True)
class Uploader:
    name: str
    role: str
    joined: dt.datetime
    banned_until: dt.datetime | None
    ban_reason: str

    @property
    def banned(self) -> bool:
        return self.banned_until is not None and self.banned_until > utcnow()

    @property
    def banned_forever(self) -> bool:
        return self.banned_until is not None and self.banned_until.year >= 9999

    @property
    def new_account(self) -> bool:
        return utcnow() - self.joined < dt.timedelta(days=NEW_ACCOUNT_DAYS)


@dataclass(frozen=True)
class OpenReport:
    reason: str
    details: str
    reporter: str
    created: dt.datetime


@dataclass(frozen=True)
class Event:
    """One audit row about a creation (its history) or anywhere (the audit log)."""

    id: int
    actor: str | None
    """None: the gallery itself (a creation reported by several people)."""
    action: str
    creation: str | None
    title: str | None
    user: str | None
    from_state: str
    to_state: str
    reason: str
    created: dt.datetime


@dataclass
class QueueItem:
    creation: CreationPublic
    uploader: Uploader
    open_reports: int
    moves: list[str]
    """The states the viewer may move it to, in the transition table's order."""
    may_ban: bool
    """Whether the viewer may ban the uploader (an admin bans moderators too)."""
    mockups: list[str] = field(default_factory=list)
    """A design's garment colours with a mockup image at the latest revision."""
    clip: bool = False
    """Whether the latest revision has a clear-run animation (an ``images`` row ``clip``)."""
    featured: bool = False
    reports: list[OpenReport] = field(default_factory=list)
    history: list[Event] = field(default_factory=list)
    """Its audit rows, newest first."""


def may_ban(viewer: User, role: str) -> bool:
    """The same rule as ``crud.ban``: nobody bans an admin; only an admin bans a moderator."""
    return role == "user" or (role == "moderator" and viewer.role == "admin")


def queue(session: Session, *, viewer: User, limit: int) -> list[QueueItem]:
    """The queue as ``viewer`` sees it, oldest first: nine statements for any number of items."""
    rows = crud.queue(session, limit=limit)
    if not rows:
        return []
    creations = [c for c, _ in rows]
    pks = [c.pk for c in creations]
    publics = crud.publics(session, creations)
    uploaders = {
        pk: Uploader(name, role, joined, until, why)
        for pk, name, role, joined, until, why in session.execute(
            select(
                Creation.pk, User.name, User.role, User.created, User.banned_until, User.ban_reason
            )
            .join(User, User.pk == Creation.owner_pk)
            .where(Creation.pk.in_(pks))
        )
    }
    items = {
        c.pk: QueueItem(
            creation=p,
            uploader=uploaders[c.pk],
            open_reports=n,
            moves=moderation.next_states(
                viewer.role, is_owner=c.owner_pk == viewer.pk, state=c.state
            ),
            may_ban=may_ban(viewer, uploaders[c.pk].role) and c.owner_pk != viewer.pk,
            featured=c.featured_at is not None,
        )
        for (c, n), p in zip(rows, publics, strict=True)
    }
    for pk, name in session.execute(
        select(Image.creation_pk, Image.name)
        .join(Creation, Creation.pk == Image.creation_pk)
        .where(Image.creation_pk.in_(pks), Image.n == Creation.latest)
        .order_by(Image.creation_pk, Image.name)
    ):
        if name.startswith("mockup:"):
            items[pk].mockups.append(name.removeprefix("mockup:"))
        elif name == "clip":
            items[pk].clip = True
    for pk, report, reporter in session.execute(
        select(Report.creation_pk, Report, User.name)
        .join(User, User.pk == Report.reporter_pk)
        .where(Report.creation_pk.in_(pks), Report.resolved.is_(False))
        .order_by(Report.pk)
    ):
        items[pk].reports.append(
            OpenReport(report.reason, report.details, reporter, report.created)
        )
    by_ident = {i.creation.id: i for i in items.values()}
    for event in _events(session, _audit_query().where(Audit.creation_pk.in_(pks))):
        by_ident[event.creation or ""].history.append(event)
    return [items[pk] for pk in pks]


# -- featuring ------------------------------------------------------------------------------------

FEATURED_SIZE = 24
"""How many featured and how many recently published creations the featured page lists."""


def feature(session: Session, *, actor: User, creation: Creation, on: bool, reason: str) -> None:
    """Feature a published creation on the home page (or stop), with an audit row."""
    if on and creation.state != "published":
        raise HTTPException(
            409, f"only a published creation can be featured: {creation.id} is {creation.state}"
        )
    if on == (creation.featured_at is not None):
        now = "already featured" if on else "not featured"
        raise HTTPException(409, f"{creation.id} is {now}")
    creation.featured_at = utcnow() if on else None
    session.add(
        Audit(
            actor_pk=actor.pk,
            action="feature" if on else "unfeature",
            creation_pk=creation.pk,
            reason=reason,
        )
    )
    session.commit()


@dataclass
class Featured:
    featured: list[CreationPublic]
    """Featured now, the most recently featured first (any state: a hidden one shows nowhere
    else, but a moderator may still unfeature it)."""
    candidates: list[CreationPublic]
    """The most recently published creations that are not featured."""


def featured(session: Session, *, limit: int = FEATURED_SIZE) -> Featured:
    """The featured page's two lists, in ten statements."""
    now = list(
        session.scalars(
            select(Creation)
            .where(Creation.featured_at.is_not(None))
            .order_by(Creation.featured_at.desc(), Creation.pk.desc())
            .limit(limit)
        )
    )
    recent = list(
        session.scalars(
            select(Creation)
            .where(Creation.state == "published", Creation.featured_at.is_(None))
            .order_by(Creation.updated.desc(), Creation.pk.desc())
            .limit(limit)
        )
    )
    return Featured(crud.publics(session, now), crud.publics(session, recent))


# -- the audit log ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    """A user's name (any case), or ``system`` for the gallery's own moves."""
    creation: str = ""
    """A creation id, or the start of one."""

    def problems(self) -> list[str]:
        out = []
        if self.action and self.action not in ACTIONS:
            out.append(f"action: {self.action!r} is not one of {', '.join(ACTIONS)}")
        if len(self.actor) > 64:
            out.append("actor: a user name has at most 64 characters")
        if len(self.creation) > 36:
            out.append("creation: a creation id has at most 36 characters")
        return out


@dataclass
class AuditPage:
    events: list[Event]
    newer: int | None
    """Pass as ``after`` for the page of newer rows (None on the newest page)."""
    older: int | None
    """Pass as ``before`` for the page of older rows (None on the oldest page)."""


AuditQuery = Select[Audit, str, str, str, str]
"""An audit row with its actor's and target's names and its creation's id and title (each may
be NULL: an outer join)."""
_ACTOR = aliased(User, name="actor")
_TARGET = aliased(User, name="target")


def _audit_query() -> AuditQuery:
    return (
        select(Audit, _ACTOR.name, _TARGET.name, Creation.id, Creation.title)
        .outerjoin(_ACTOR, _ACTOR.pk == Audit.actor_pk)
        .outerjoin(_TARGET, _TARGET.pk == Audit.target_user_pk)
        .outerjoin(Creation, Creation.pk == Audit.creation_pk)
        .order_by(Audit.pk.desc())
    )


def _events(
    session: Session,
    query: AuditQuery,
) -> list[Event]:
    return [
        Event(
            a.pk,
            actor,
            a.action,
            ident,
            title,
            target,
            a.from_state,
            a.to_state,
            a.reason,
            a.created,
        )
        for a, actor, target, ident, title in session.execute(query)
    ]


def audit_page(
    session: Session,
    filters: AuditFilter,
    *,
    before: int | None = None,
    after: int | None = None,
    limit: int = 50,
) -> AuditPage:
    """One page of audit rows matching ``filters``, newest first, in one query.

    ``before``: the rows older than that pk (the next page); ``after``: the rows newer than it
    (the previous page); neither: the newest rows.
    """
    query = _audit_query()
    if filters.action:
        query = query.where(Audit.action == filters.action)
    if filters.actor.lower() == "system":
        query = query.where(Audit.actor_pk.is_(None))
    elif filters.actor:
        query = query.where(_ACTOR.name_key == filters.actor.lower())
    if filters.creation:
        query = query.where(Creation.id.startswith(filters.creation, autoescape=True))
    if after is not None:
        query = query.where(Audit.pk > after).order_by(None).order_by(Audit.pk.asc())
    elif before is not None:
        query = query.where(Audit.pk < before)
    events = _events(session, query.limit(limit + 1))
    more = len(events) > limit
    events = events[:limit]
    if after is not None:
        events.reverse()
        newer, older = more, True
    else:
        newer, older = before is not None, more
    if not events:
        return AuditPage([], None, None)
    return AuditPage(
        events,
        newer=events[0].id if newer else None,
        older=events[-1].id if older else None,
    )
