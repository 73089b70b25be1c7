"""The home page: shelves of levels and designs."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from share.gallery import crud
from share.gallery.deps import SessionDep
from share.gallery.schemas import CreationPublic
from share.gallery.web.session import WebUser
from share.gallery.web.templating import render

router = APIRouter()

SHELF_SIZE = 8


@dataclass
class Shelf:
    title: str
    items: list[CreationPublic]
    more: str


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, user: WebUser) -> HTMLResponse:
    shelves = []
    for kind, plural in (("level", "levels"), ("design", "designs")):
        for title, sort in (("New", "new"), ("Trending", "trending"), ("Most remixed", "remixed")):
            rows, _ = crud.list_creations(
                session,
                kind=kind,
                tag=None,
                author=None,
                license=None,
                q=None,
                sort=sort,
                after=None,
                limit=SHELF_SIZE,
            )
            shelves.append(
                Shelf(
                    f"{title} {plural}",
                    crud.publics(session, rows),
                    f"/browse?kind={kind}&sort={sort}",
                )
            )
    return render(request, "home.html", shelves=shelves)
