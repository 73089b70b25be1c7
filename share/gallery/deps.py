"""Request dependencies: the database session, the signed-in user, the gallery's parts."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from share.gallery.context import Gallery
from share.gallery.models import Token, User, utcnow
from share.gallery.security import token_hash

_bearer = HTTPBearer(auto_error=False, description="an API token from POST /api/v1/tokens")

LAST_USED_EVERY = dt.timedelta(minutes=1)
"""A token's ``last_used`` is written at most this often: a write on every request would cost
each signed-in request a commit (and, on PostgreSQL, a disk flush)."""


async def get_gallery(request: Request) -> Gallery:
    gallery: Gallery = request.app.state.gallery
    return gallery


GalleryDep = Annotated[Gallery, Depends(get_gallery)]


async def get_session(gallery: GalleryDep) -> AsyncIterator[Session]:
    """A session per request; made and closed on the event loop (no thread hop: neither waits
    for the database long), used by the route in its thread."""
    with gallery.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def _user_of(
    gallery: Gallery, session: Session, creds: HTTPAuthorizationCredentials | None
) -> User | None:
    if creds is None:
        return None
    token = session.scalar(select(Token).where(Token.token_hash == token_hash(creds.credentials)))
    if token is None:
        raise HTTPException(
            401,
            "the API token is not valid (revoked, or never issued): sign in again",
            headers={"WWW-Authenticate": "Bearer"},
        )
    wait = gallery.accounts.take(token.user_pk)
    if wait:
        detail, headers = gallery.accounts.refusal("this account", wait)
        raise HTTPException(429, detail, headers=headers)
    now = utcnow()
    if token.last_used is None or now - token.last_used >= LAST_USED_EVERY:
        token.last_used = now
        session.commit()
    return token.user


async def get_optional_user(
    gallery: GalleryDep,
    session: SessionDep,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User | None:
    """The user of the request's token, or None: an anonymous request costs no thread hop."""
    if creds is None:
        return None
    return await run_in_threadpool(_user_of, gallery, session, creds)


async def get_current_user(
    gallery: GalleryDep,
    session: SessionDep,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    user = None if creds is None else await run_in_threadpool(_user_of, gallery, session, creds)
    if user is None:
        raise HTTPException(
            401,
            "sign in first: send an API token as `Authorization: Bearer TOKEN`",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


def is_banned(user: User) -> bool:
    return user.banned_until is not None and user.banned_until > utcnow()


async def get_active_user(user: Annotated[User, Depends(get_current_user)]) -> User:
    """The signed-in user, refused when banned (banned users cannot upload, rate or report).
    A check of loaded fields only, so it runs on the event loop (no thread hop)."""
    if is_banned(user):
        assert user.banned_until is not None
        until = (
            "without end"
            if user.banned_until.year >= 9999
            else f"until {user.banned_until:%Y-%m-%d %H:%M} UTC"
        )
        raise HTTPException(403, f"{user.name} is banned {until}: {user.ban_reason}")
    return user


async def get_moderator(user: Annotated[User, Depends(get_current_user)]) -> User:
    if user.role not in ("moderator", "admin"):
        raise HTTPException(403, "only a moderator or admin may do this")
    return user


OptionalUser = Annotated[User | None, Depends(get_optional_user)]
CurrentUser = Annotated[User, Depends(get_current_user)]
ActiveUser = Annotated[User, Depends(get_active_user)]
Moderator = Annotated[User, Depends(get_moderator)]
