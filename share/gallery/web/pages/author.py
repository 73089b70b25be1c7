"""An author's page: their creations (a page at a time), remixes of their work by others, and
their best clear runs of levels (each with its place on the level's board)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from share.gallery import clears, crud
from share.gallery.deps import SessionDep
from share.gallery.paging import cursor_of, key_after
from share.gallery.web import queries
from share.gallery.web.session import WebUser
from share.gallery.web.templating import render

router = APIRouter()

PAGE_SIZE = 24
REMIXES_SHOWN = 12
RUNS_SHOWN = 12


@router.get("/u/{name}", response_class=HTMLResponse)
def author_page(
    name: str,
    request: Request,
    session: SessionDep,
    user: WebUser,
    cursor: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    author = crud.user_by_name(session, name)
    if author is None:
        raise HTTPException(404, f"no user {name!r} in this gallery")
    rows, more = crud.list_creations(
        session,
        kind=None,
        tag=None,
        author=author.name,
        license=None,
        sort="new",
        after=key_after(cursor or None, "new"),
        limit=PAGE_SIZE,
    )
    remixes = [] if cursor else queries.remixes_of_work_by(session, author, limit=REMIXES_SHOWN)
    runs = [] if cursor else clears.player_runs(session, author, user, limit=RUNS_SHOWN)
    shown = crud.publics(session, [*rows, *remixes])
    next_url = ""
    if more is not None:
        next_url = f"/u/{quote(author.name, safe='')}?cursor={cursor_of('new', more)}"
    return render(
        request,
        "author.html",
        author=author,
        items=shown[: len(rows)],
        remixes=shown[len(rows) :],
        runs=runs,
        next_url=next_url,
        paged=bool(cursor),
    )
