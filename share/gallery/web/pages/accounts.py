"""Sign up, sign in and sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from share.gallery import crud
from share.gallery.deps import GalleryDep, SessionDep
from share.gallery.schemas import UserCreate
from share.gallery.security import check_password
from share.gallery.web.session import (
    WebUser,
    check_csrf,
    end_session,
    finish,
    flash,
    start_session,
)
from share.gallery.web.templating import render

router = APIRouter()

Field = Annotated[str, Form()]


def _safe_next(target: str) -> str:
    """Only a path on this site (never ``//host`` or a scheme) may be a redirect target."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _form(request: Request, heading: str, action: str, **values: object) -> HTMLResponse:
    values.setdefault("name", "")
    values.setdefault("error", "")
    values.setdefault("next", request.query_params.get("next", "/"))
    status = int(values.pop("status", 200))  # type: ignore[call-overload]
    return render(
        request, "signin.html", status_code=status, heading=heading, action=action, **values
    )


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request, user: WebUser) -> HTMLResponse:
    return _form(request, "Sign in", "/signin")


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request, user: WebUser) -> HTMLResponse:
    return _form(request, "Sign up", "/signup")


@router.post("/signin", response_model=None)
def signin(
    request: Request,
    session: SessionDep,
    name: Field,
    password: Field,
    csrf: Field = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    check_csrf(request, csrf)
    found = crud.user_by_name(session, name)
    if found is None or not check_password(found.password_hash, password):
        return _form(
            request,
            "Sign in",
            "/signin",
            name=name,
            next=next,
            error="wrong name or password",
            status=401,
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    start_session(request, session, found, response)
    flash(response, f"Signed in as {found.name}.")
    return finish(request, response)


@router.post("/signup", response_model=None)
def signup(
    request: Request,
    session: SessionDep,
    gallery: GalleryDep,
    name: Field,
    password: Field,
    csrf: Field = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    check_csrf(request, csrf)
    try:
        body = UserCreate(name=name, password=password)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            field = str(e["loc"][-1])
            hint = (
                "use 2 to 32 letters, digits, '_', '.' or '-'"
                if field == "name"
                else "use at least 8 characters"
            )
            problems.append(f"{field}: {hint}")
        return _form(
            request,
            "Sign up",
            "/signup",
            name=name,
            next=next,
            error="; ".join(problems),
            status=400,
        )
    try:
        user = crud.create_user(session, gallery.passwords, name=body.name, password=password)
    except HTTPException as exc:
        return _form(
            request,
            "Sign up",
            "/signup",
            name=name,
            next=next,
            error=str(exc.detail),
            status=exc.status_code,
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    start_session(request, session, user, response)
    flash(response, f"Welcome, {user.name}: your account is ready.")
    return finish(request, response)


@router.post("/signout", response_model=None)
def signout(request: Request, session: SessionDep, csrf: Field = "") -> Response:
    check_csrf(request, csrf)
    response = RedirectResponse("/", status_code=303)
    end_session(request, session, response)
    flash(response, "Signed out.")
    return response
