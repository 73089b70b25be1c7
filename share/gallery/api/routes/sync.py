"""Sync: the latest revision of many creations in one request (what ``cocreate sync`` asks)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import and_, select

from share.gallery import moderation
from share.gallery.deps import OptionalUser, SessionDep
from share.gallery.models import Creation, Revision, User
from share.gallery.schemas import STRICT

router = APIRouter(prefix="/sync", tags=["sync"])

MAX_IDS = 1000
"""Ids one request may ask about."""


class StateQuery(BaseModel):
    model_config = STRICT
    ids: Annotated[list[str], Field(max_length=MAX_IDS)]


class CreationState(BaseModel):
    id: str
    kind: str | None = None
    owner: str | None = None
    revision: int | None = None
    """The latest revision; null when there is no such creation (or it is hidden from you)."""
    digest: str | None = None
    title: str | None = None


class StatePage(BaseModel):
    items: list[CreationState]


@router.post("/state", response_model=StatePage)
def state(body: StateQuery, session: SessionDep, user: OptionalUser) -> StatePage:
    """For each id (up to 1000), its latest revision and digest, in the order asked."""
    wanted = list(dict.fromkeys(body.ids))
    rows = session.execute(
        select(Creation, Revision.digest, User.name)
        .join(Revision, and_(Revision.creation_pk == Creation.pk, Revision.n == Creation.latest))
        .join(User, User.pk == Creation.owner_pk)
        .where(Creation.id.in_(wanted))
    )
    role = user.role if user is not None else ""
    found: dict[str, CreationState] = {}
    for creation, digest, owner in rows:
        is_owner = user is not None and creation.owner_pk == user.pk
        if moderation.visible(creation.state, role, is_owner=is_owner):
            found[creation.id] = CreationState(
                id=creation.id,
                kind=creation.kind,
                owner=owner,
                revision=creation.latest,
                digest=digest,
                title=creation.title,
            )
    return StatePage(items=[found.get(i, CreationState(id=i)) for i in wanted])
