"""The tokens page: your API tokens and browser sessions; revoke one, or make a new one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from share.gallery.deps import SessionDep
from share.gallery.models import Token, User
from share.gallery.security import new_token, token_hash
from share.gallery.web import queries
from share.gallery.web.session import SESSION_COOKIE, SignedIn, check_csrf, end_session, flash
from share.gallery.web.session import finish as finish_response
from share.gallery.web.templating import isolate, render

router = APIRouter()


def _page(
    request: Request, session: SessionDep, user: User, *, issued: str = "", label: str = ""
) -> HTMLResponse:
    raw = request.cookies.get(SESSION_COOKIE, "")
    here = token_hash(raw) if raw else ""
    return render(
        request,
        "tokens.html",
        tokens=queries.tokens_of(session, user),
        here=here,
        issued=issued,
        issued_label=label,
        server=str(request.base_url).rstrip("/"),
    )


@router.get("/tokens", response_class=HTMLResponse)
def tokens_page(request: Request, session: SessionDep, user: SignedIn) -> HTMLResponse:
    return _page(request, session, user)


@router.post("/tokens", response_class=HTMLResponse)
def new(
    request: Request,
    session: SessionDep,
    user: SignedIn,
    label: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """A new API token, shown on this page once (the gallery keeps only its hash)."""
    check_csrf(request, csrf)
    label = label.strip()
    if not label:
        raise HTTPException(400, "label: name the token (e.g. the computer it is for)")
    if len(label) > 200:
        raise HTTPException(400, f"label: {len(label)} characters; use at most 200")
    raw = new_token()
    session.add(Token(user_pk=user.pk, token_hash=token_hash(raw), prefix=raw[:8], label=label))
    session.commit()
    response = _page(request, session, user, issued=raw, label=label)
    response.headers["Cache-Control"] = "no-store"  # the token is shown once: never kept
    return response


@router.post("/tokens/{token_id}/revoke", response_model=None)
def revoke(
    token_id: int,
    request: Request,
    session: SessionDep,
    user: SignedIn,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf)
    row = session.get(Token, token_id)
    if row is None or row.user_pk != user.pk:
        raise HTTPException(404, f"you have no token {token_id}")
    raw = request.cookies.get(SESSION_COOKIE, "")
    if raw and row.token_hash == token_hash(raw):  # this browser's own session: sign out
        response = RedirectResponse("/", status_code=303)
        end_session(request, session, response)
        flash(response, "This browser's session is revoked: you are signed out.")
        return response
    what = row.label or row.prefix
    session.delete(row)
    session.commit()
    response = RedirectResponse("/tokens", status_code=303)
    flash(response, f"Revoked {isolate(what)}: it stops working at once.")
    return finish_response(request, response)
