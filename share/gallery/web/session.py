"""Browser sessions and CSRF tokens.

The session cookie holds a token issued as by ``POST /api/v1/tokens`` (stored hashed), labelled
``browser session``: HttpOnly, SameSite=Lax, Secure over https. CSRF: a random token in an
HttpOnly cookie, echoed by every form as the ``csrf`` field (double submit); a form whose field
does not match is refused with 403.
"""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import quote, unquote, urlsplit

from fastapi import Depends, HTTPException, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from share.gallery.deps import SessionDep, is_banned
from share.gallery.models import Token, User, utcnow
from share.gallery.security import new_token, token_hash

SESSION_COOKIE = "cc_session"
CSRF_COOKIE = "cc_csrf"
FLASH_COOKIE = "cc_flash"
SESSION_LABEL = "browser session"
SESSION_SECONDS = 30 * 24 * 3600


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def web_user(request: Request, session: SessionDep) -> User | None:
    """The user signed in by the session cookie, or None."""
    cached: User | bool | None = getattr(request.state, "web_user", False)
    if cached is not False:
        return cached  # type: ignore[return-value]
    raw = request.cookies.get(SESSION_COOKIE)
    user = None
    if raw:
        token = session.scalar(select(Token).where(Token.token_hash == token_hash(raw)))
        if token is not None:
            user = token.user
    request.state.web_user = user
    return user


def signed_in(request: Request, session: SessionDep) -> User:
    """The signed-in user; anyone else is sent to the sign-in page."""
    user = web_user(request, session)
    if user is None:
        back = quote(_back_to(request), safe="/")
        raise HTTPException(303, "sign in first", headers={"Location": f"/signin?next={back}"})
    return user


def _back_to(request: Request) -> str:
    """Where to come back after signing in: this page, or for a form's POST the page the form
    was on (a POST-only address cannot be opened again)."""
    if request.method in ("GET", "HEAD"):
        query = request.url.query
        return request.url.path + (f"?{query}" if query else "")
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.url.netloc and referer.path.startswith("/"):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return "/"


def active(user: Annotated[User, Depends(signed_in)]) -> User:
    """The signed-in user, refused when banned."""
    if is_banned(user):
        raise HTTPException(403, f"{user.name} is banned: {user.ban_reason}")
    return user


def moderator(user: Annotated[User, Depends(signed_in)]) -> User:
    if user.role not in ("moderator", "admin"):
        raise HTTPException(403, "only moderators and admins may open the moderators' desk")
    return user


WebUser = Annotated[User | None, Depends(web_user)]
SignedIn = Annotated[User, Depends(signed_in)]
Active = Annotated[User, Depends(active)]
WebModerator = Annotated[User, Depends(moderator)]


def start_session(request: Request, session: Session, user: User, response: Response) -> None:
    """Issue a browser-session token for ``user`` and set its cookie on ``response``."""
    raw = new_token()
    session.add(
        Token(
            user_pk=user.pk,
            token_hash=token_hash(raw),
            prefix=raw[:8],
            label=SESSION_LABEL,
            last_used=utcnow(),
        )
    )
    session.commit()
    response.set_cookie(
        SESSION_COOKIE,
        raw,
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )


def end_session(request: Request, session: Session, response: Response) -> None:
    """Revoke the browser-session token and clear its cookie."""
    raw = request.cookies.get(SESSION_COOKIE)
    if raw:
        token = session.scalar(select(Token).where(Token.token_hash == token_hash(raw)))
        if token is not None:
            session.delete(token)
            session.commit()
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")


def csrf_token(request: Request) -> str:
    """This request's CSRF token (the cookie's, or a new one ``finish`` will set)."""
    token: str | None = getattr(request.state, "csrf", None)
    if token is None:
        token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        request.state.csrf = token
    return token


def check_csrf(request: Request, submitted: str) -> None:
    """Refuse a form whose ``csrf`` field is not this browser's token."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not secrets.compare_digest(cookie.encode(), submitted.encode()):
        raise HTTPException(
            403, "this form has expired or came from another site: reload the page and try again"
        )


def flash(response: Response, message: str) -> None:
    """A one-line message shown on the next page (after a redirect)."""
    response.set_cookie(
        FLASH_COOKIE, quote(message[:300]), max_age=60, httponly=True, samesite="lax", path="/"
    )


def flash_message(request: Request) -> str:
    """The flash message this request carries (set by ``flash`` before a redirect), or ""."""
    return unquote(request.cookies.get(FLASH_COOKIE, ""))


def finish(request: Request, response: Response) -> Response:
    """Set the CSRF cookie when this request made it, and clear a shown flash message."""
    token = getattr(request.state, "csrf", None)
    if token is not None and request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(
            CSRF_COOKIE, token, httponly=True, samesite="lax", secure=_secure(request), path="/"
        )
    if getattr(request.state, "flash_shown", False):
        response.delete_cookie(FLASH_COOKIE, path="/", httponly=True, samesite="lax")
    return response
