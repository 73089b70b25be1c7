"""The moderators' desk: the queue with its actions, and the audit log.

Only moderators and admins (not banned) open it: anyone signed out is sent to sign in, anyone
else gets a 403 page. Every action is a form POST with the CSRF token that goes through
``crud`` (so the transition table decides, and an audit row is written), then redirects back to
the queue with a one-line message.
"""

from __future__ import annotations

import math
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from share.gallery import crud
from share.gallery.deps import SessionDep, is_banned
from share.gallery.models import User
from share.gallery.moderation import MODERATORS
from share.gallery.schemas import MAX_BAN_DAYS
from share.gallery.web import desk
from share.gallery.web.session import WebUser, check_csrf, finish, flash
from share.gallery.web.templating import render

router = APIRouter()

QUEUE_SIZE = 50
"""How many queued creations the desk shows at once (the oldest first)."""
AUDIT_PAGE = 50
BACK = ("/desk", "/desk/featured")
"""Where an action may send the moderator back to."""
DONE = {"published": "approved", "hidden": "hidden", "rejected": "rejected", "new": "reopened"}


def desk_user(request: Request, user: WebUser) -> User:
    """A moderator or admin who is not banned; anyone signed out is sent to sign in first.

    After signing in they come back to the page they asked for (with its query: the audit
    log's filters), or to the queue when what they sent was a form.
    """
    if user is None:
        back = request.url.path if request.method == "GET" else "/desk"
        if request.method == "GET" and request.url.query:
            back += "?" + request.url.query
        location = "/signin?next=" + quote(back, safe="/")
        raise HTTPException(303, "sign in first", headers={"Location": location})
    if user.role not in MODERATORS:
        raise HTTPException(403, "only moderators and admins may open the moderators' desk")
    if is_banned(user):
        raise HTTPException(403, f"{user.name} is banned: {user.ban_reason}")
    return user


DeskUser = Annotated[User, Depends(desk_user)]
Text = Annotated[str, Form()]


def _reason(text: str, *, what: str) -> str:
    text = text.strip()
    if not text:
        raise HTTPException(400, f"reason: say why you {what} (it goes in the audit log)")
    if len(text) > 2000:
        raise HTTPException(400, f"reason: at most 2000 characters, not {len(text)}")
    return text


def _days(text: str) -> float | None:
    """``forever`` → None; else a number of days above 0 (at most a century)."""
    text = text.strip().lower()
    if text in ("forever", ""):
        return None
    try:
        days = float(text)
    except ValueError:
        days = math.nan
    if not (0 < days <= MAX_BAN_DAYS):
        raise HTTPException(
            400, f"days: give a number of days above 0 and at most {MAX_BAN_DAYS}, or forever"
        )
    return days


def _back(request: Request, message: str, to: str = "/desk") -> Response:
    """Redirect to the desk page ``to`` (only a desk page) with a one-line message."""
    response = RedirectResponse(to if to in BACK else "/desk", status_code=303)
    flash(response, message)
    return finish(request, response)


def _target(session: SessionDep, name: str) -> User:
    target = crud.user_by_name(session, name)
    if target is None:
        raise HTTPException(404, f"no user {name!r}")
    return target


@router.get("/desk", response_class=HTMLResponse)
def queue(request: Request, session: SessionDep, user: DeskUser) -> HTMLResponse:
    items = desk.queue(session, viewer=user, limit=QUEUE_SIZE)
    return render(
        request,
        "desk/queue.html",
        items=items,
        labels=desk.MOVE_LABELS,
        full=len(items) == QUEUE_SIZE,
    )


@router.post("/desk/c/{ident}/state", response_model=None)
def move(
    request: Request,
    session: SessionDep,
    user: DeskUser,
    ident: str,
    to: Text = "",
    reason: Text = "",
    csrf: Text = "",
) -> Response:
    """Approve, hide, reject or reopen a creation, with a reason."""
    check_csrf(request, csrf)
    creation = crud.visible_creation(session, ident, user)
    why = _reason(reason, what=f"{desk.MOVE_LABELS.get(to, 'move').lower()} it")
    crud.move(session, actor=user, creation=creation, to=to, reason=why)
    session.commit()
    return _back(request, f"{DONE[to].capitalize()} {creation.id}: it is {to} now.")


@router.post("/desk/u/{name}/ban", response_model=None)
def ban(
    request: Request,
    session: SessionDep,
    user: DeskUser,
    name: str,
    reason: Text = "",
    days: Text = "",
    csrf: Text = "",
) -> Response:
    """Ban a user for some days or without end, with a reason."""
    check_csrf(request, csrf)
    target = _target(session, name)
    why = _reason(reason, what="ban them")
    length = _days(days)
    crud.ban(session, actor=user, user=target, reason=why, days=length)
    how_long = (
        "without end" if length is None else f"for {length:g} day{'' if length == 1 else 's'}"
    )
    return _back(request, f"Banned {target.name} {how_long}.")


@router.post("/desk/u/{name}/unban", response_model=None)
def unban(
    request: Request,
    session: SessionDep,
    user: DeskUser,
    name: str,
    reason: Text = "",
    csrf: Text = "",
) -> Response:
    check_csrf(request, csrf)
    target = _target(session, name)
    crud.unban(session, actor=user, user=target, reason=reason.strip()[:2000])
    return _back(request, f"Lifted the ban on {target.name}.")


@router.get("/desk/featured", response_class=HTMLResponse)
def featured(request: Request, session: SessionDep, user: DeskUser) -> HTMLResponse:
    """What the home page features, and the newest published creations to feature."""
    return render(request, "desk/featured.html", lists=desk.featured(session))


def _feature(
    request: Request, session: SessionDep, user: User, ident: str, on: bool, reason: str, back: str
) -> Response:
    ident = ident.strip().rstrip("/").rsplit("/", 1)[-1]  # an id, or a creation page's address
    if not ident:
        raise HTTPException(400, "creation: give a creation's id or the address of its page")
    creation = crud.visible_creation(session, ident, user)
    desk.feature(session, actor=user, creation=creation, on=on, reason=reason.strip()[:2000])
    done = "Featured {} on the home page." if on else "Stopped featuring {}."
    return _back(request, done.format(creation.id), back)


@router.post("/desk/c/{ident}/feature", response_model=None)
def feature(
    request: Request,
    session: SessionDep,
    user: DeskUser,
    ident: str,
    reason: Text = "",
    back: Text = "/desk",
    csrf: Text = "",
) -> Response:
    """Feature a published creation on the home page."""
    check_csrf(request, csrf)
    return _feature(request, session, user, ident, True, reason, back)


@router.post("/desk/c/{ident}/unfeature", response_model=None)
def unfeature(
    request: Request,
    session: SessionDep,
    user: DeskUser,
    ident: str,
    reason: Text = "",
    back: Text = "/desk",
    csrf: Text = "",
) -> Response:
    check_csrf(request, csrf)
    return _feature(request, session, user, ident, False, reason, back)


@router.post("/desk/featured", response_model=None)
def feature_by_id(
    request: Request,
    session: SessionDep,
    user: DeskUser,
    creation: Text = "",
    reason: Text = "",
    csrf: Text = "",
) -> Response:
    """Feature a creation named by its id (or its page's address), from the featured page."""
    check_csrf(request, csrf)
    return _feature(request, session, user, creation, True, reason, "/desk/featured")


@router.get("/desk/audit", response_class=HTMLResponse)
def audit(
    request: Request,
    session: SessionDep,
    user: DeskUser,
    action: Annotated[str, Query()] = "",
    actor: Annotated[str, Query()] = "",
    creation: Annotated[str, Query()] = "",
    before: Annotated[int | None, Query(ge=0)] = None,
    after: Annotated[int | None, Query(ge=0)] = None,
) -> HTMLResponse:
    """The audit log, newest first, filtered by action, actor and creation id."""
    filters = desk.AuditFilter(action.strip(), actor.strip(), creation.strip())
    problems = filters.problems()  # shown next to the form, which keeps what was typed
    page = (
        desk.AuditPage([], None, None)
        if problems
        else desk.audit_page(session, filters, before=before, after=after, limit=AUDIT_PAGE)
    )
    kept = {k: v for k, v in vars(filters).items() if v}
    return render(
        request,
        "desk/audit.html",
        status_code=400 if problems else 200,
        problems=problems,
        page=page,
        filters=filters,
        actions=desk.ACTIONS,
        kept=kept,
    )
