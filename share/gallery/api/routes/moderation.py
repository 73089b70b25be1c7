"""Moderation: state moves (owner appeals too), the queue, bans, roles, the audit log."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import aliased

from share.gallery import crud
from share.gallery import moderation as flow
from share.gallery.api.routes.accounts import user_public
from share.gallery.deps import CurrentUser, Moderator, SessionDep
from share.gallery.models import Audit, Creation, User
from share.gallery.schemas import (
    STRICT,
    AuditPublic,
    BanCreate,
    CreationPublic,
    MoveCreate,
    QueueItem,
    UserPublic,
)

router = APIRouter(tags=["moderation"])


@router.post("/creations/{ident}/state", response_model=CreationPublic)
def move(ident: str, body: MoveCreate, session: SessionDep, user: CurrentUser) -> CreationPublic:
    """Move a creation to another state: moderators approve, hide, reject; owners appeal."""
    creation = crud.visible_creation(session, ident, user)
    crud.move(session, actor=user, creation=creation, to=body.to, reason=body.reason)
    session.commit()
    return crud.public(session, creation)


@router.get("/moderation/queue", response_model=list[QueueItem])
def queue(
    session: SessionDep, user: Moderator, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[QueueItem]:
    """New creations and reported ones, oldest first."""
    return [
        QueueItem(
            creation=crud.public(session, c),
            open_reports=n,
            next_states=flow.next_states(user.role, is_owner=c.owner_pk == user.pk, state=c.state),  # type: ignore[arg-type]
        )
        for c, n in crud.queue(session, limit=limit)
    ]


def _target(session: SessionDep, name: str) -> User:
    target = crud.user_by_name(session, name)
    if target is None:
        raise HTTPException(404, f"no user {name!r}")
    return target


@router.post("/users/{name}/ban", response_model=UserPublic)
def ban(name: str, body: BanCreate, session: SessionDep, user: Moderator) -> UserPublic:
    """Ban a user (no uploads, ratings or reports) for ``days``, or without end."""
    target = _target(session, name)
    crud.ban(session, actor=user, user=target, reason=body.reason, days=body.days)
    return user_public(target)


@router.delete("/users/{name}/ban", response_model=UserPublic)
def unban(name: str, session: SessionDep, user: Moderator) -> UserPublic:
    target = _target(session, name)
    crud.unban(session, actor=user, user=target, reason="")
    return user_public(target)


class RoleUpdate(BaseModel):
    model_config = STRICT
    role: Literal["user", "moderator", "admin"]


@router.put("/users/{name}/role", response_model=UserPublic)
def set_role(name: str, body: RoleUpdate, session: SessionDep, user: CurrentUser) -> UserPublic:
    """Admins only: make a user a moderator or admin, or a plain user again."""
    if user.role != "admin":
        raise HTTPException(403, "only an admin may change roles")
    target = _target(session, name)
    session.add(
        Audit(
            actor_pk=user.pk,
            action="role",
            target_user_pk=target.pk,
            from_state=target.role,
            to_state=body.role,
        )
    )
    target.role = body.role
    session.commit()
    return user_public(target)


@router.get("/moderation/audit", response_model=list[AuditPublic])
def audit(
    session: SessionDep, user: Moderator, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[AuditPublic]:
    """The newest audit rows: who did what, when, and why."""
    actor, target = aliased(User), aliased(User)
    rows = session.execute(
        select(Audit, actor.name, target.name, Creation.id)
        .outerjoin(actor, actor.pk == Audit.actor_pk)
        .outerjoin(target, target.pk == Audit.target_user_pk)
        .outerjoin(Creation, Creation.pk == Audit.creation_pk)
        .order_by(Audit.pk.desc())
        .limit(limit)
    )
    return [
        AuditPublic(
            id=a.pk,
            actor=actor_name,
            action=a.action,
            creation=creation_id,
            user=target_name,
            from_state=a.from_state,
            to_state=a.to_state,
            reason=a.reason,
            created=a.created,
        )
        for a, actor_name, target_name, creation_id in rows
    ]
