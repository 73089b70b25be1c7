"""Browse and search: filters (kind, tag, licence), sorts, and "Next page" by cursor."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from share.gallery import crud
from share.gallery.deps import SessionDep
from share.gallery.paging import cursor_of, key_after
from share.gallery.web import queries
from share.gallery.web.session import WebUser
from share.gallery.web.templating import isolate, render

router = APIRouter()

PAGE_SIZE = 24
SORT_NAMES = {
    "new": "Newest",
    "top": "Top rated",
    "played": "Most played",
    "remixed": "Most remixed",
    "trending": "Trending",
}
KIND_NAMES = {"": "Levels and designs", "level": "Levels", "design": "Designs"}

Text = Annotated[str, Query(max_length=200)]


@router.get("/browse", response_class=HTMLResponse)
def browse(
    request: Request,
    session: SessionDep,
    user: WebUser,
    q: Text = "",
    kind: Text = "",
    tag: Text = "",
    license: Text = "",
    sort: Text = "new",
    cursor: Text = "",
) -> HTMLResponse:
    """Every filter is optional; an empty field (as a plain GET form sends it) is no filter."""
    q, tag = q.strip(), tag.strip()
    form = {"q": q, "kind": kind, "tag": tag, "license": license, "sort": sort}
    error, status = "", 200
    items, next_url = [], ""
    kept = {k: v for k, v in form.items() if v}
    try:
        if kind not in KIND_NAMES:
            raise HTTPException(400, f"kind: is {kind!r}; choose level or design")
        if sort not in SORT_NAMES:
            raise HTTPException(400, f"sort: is {sort!r}; choose one of {', '.join(SORT_NAMES)}")
        rows, more = crud.list_creations(
            session,
            kind=kind or None,
            tag=tag or None,
            author=None,
            license=license or None,
            q=q or None,
            sort=sort,
            after=key_after(cursor or None, sort),
            limit=PAGE_SIZE,
        )
        items = crud.publics(session, rows)
        if more is not None:
            next_url = "/browse?" + urlencode(kept | {"cursor": cursor_of(sort, more)})
    except HTTPException as exc:
        error, status = str(exc.detail), exc.status_code
    return render(
        request,
        "browse.html",
        status_code=status,
        form=form,
        items=items,
        next_url=next_url,
        error=error,
        heading=_heading(form),
        licenses=queries.licenses(session),
        sorts=SORT_NAMES,
        kinds=KIND_NAMES,
        paged=bool(cursor),
        first_url="/browse?" + urlencode(kept),
    )


def _heading(form: dict[str, str]) -> str:
    parts = [KIND_NAMES.get(form["kind"], "Levels and designs")]
    if form["q"]:
        parts.append(f"matching “{isolate(form['q'])}”")
    if form["tag"]:
        parts.append(f"tagged {isolate(form['tag'])}")
    if form["license"]:
        parts.append(f"under {isolate(form['license'])}")
    return " ".join(parts)
