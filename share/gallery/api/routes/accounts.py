"""Accounts and sign-in: register, sign in for an API token, list and revoke tokens."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response
from sqlalchemy import select

from share.gallery import crud
from share.gallery.deps import CurrentUser, GalleryDep, SessionDep
from share.gallery.models import Token, User
from share.gallery.schemas import TokenCreate, TokenIssued, TokenPublic, UserCreate, UserPublic
from share.gallery.security import check_password, new_token, token_hash

router = APIRouter(tags=["accounts"])


def user_public(user: User) -> UserPublic:
    return UserPublic(
        name=user.name,
        role=user.role,  # type: ignore[arg-type]
        created=user.created,
        banned_until=user.banned_until,
    )


def token_public(token: Token) -> TokenPublic:
    return TokenPublic(
        id=token.pk,
        prefix=token.prefix,
        label=token.label,
        created=token.created,
        last_used=token.last_used,
    )


@router.post("/users", status_code=201, response_model=UserPublic)
def register(body: UserCreate, session: SessionDep, gallery: GalleryDep) -> UserPublic:
    """Create an account (role ``user``)."""
    user = crud.create_user(session, gallery.passwords, name=body.name, password=body.password)
    return user_public(user)


@router.get("/users/me", response_model=UserPublic)
def me(user: CurrentUser) -> UserPublic:
    return user_public(user)


@router.get("/users/{name}", response_model=UserPublic)
def user(name: str, session: SessionDep) -> UserPublic:
    found = crud.user_by_name(session, name)
    if found is None:
        raise HTTPException(404, f"no user {name!r}")
    return user_public(found)


@router.post("/tokens", status_code=201, response_model=TokenIssued)
def sign_in(body: TokenCreate, session: SessionDep) -> TokenIssued:
    """Sign in: a new API token (shown this once; the gallery keeps only its hash)."""
    user = crud.user_by_name(session, body.name)
    if user is None or not check_password(user.password_hash, body.password):
        raise HTTPException(401, "wrong name or password")
    token = new_token()
    row = Token(user_pk=user.pk, token_hash=token_hash(token), prefix=token[:8], label=body.label)
    session.add(row)
    session.commit()
    return TokenIssued(token=token, **token_public(row).model_dump())


@router.get("/tokens", response_model=list[TokenPublic])
def tokens(user: CurrentUser, session: SessionDep) -> list[TokenPublic]:
    """The signed-in user's tokens (never the tokens themselves)."""
    rows = session.scalars(select(Token).where(Token.user_pk == user.pk).order_by(Token.pk))
    return [token_public(t) for t in rows]


@router.delete("/tokens/{token_id}", status_code=204)
def revoke(token_id: int, user: CurrentUser, session: SessionDep) -> Response:
    """Revoke one of your tokens: it stops working at once."""
    row = session.get(Token, token_id)
    if row is None or row.user_pk != user.pk:
        raise HTTPException(404, f"you have no token {token_id}")
    session.delete(row)
    session.commit()
    return Response(status_code=204)
