"""The home page: featured, new, top this week and most remixed, for levels and for designs."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from share.gallery.deps import SessionDep
from share.gallery.schemas import CreationPublic
from share.gallery.web import queries
from share.gallery.web.session import WebUser
from share.gallery.web.templating import render

router = APIRouter()

SHELF_SIZE = 8
KINDS = (("level", "Levels"), ("design", "Designs"))
TITLES = {
    "featured": ("Featured", "new"),
    "new": ("New", "new"),
    "week": ("Top this week", "top"),
    "remixed": ("Most remixed", "remixed"),
}
"""Each shelf's heading, and the browse sort its "see all" link opens."""


@dataclass
class Shelf:
    title: str
    items: list[CreationPublic]
    more: str


@dataclass
class Section:
    title: str
    kind: str
    shelves: list[Shelf]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, user: WebUser) -> HTMLResponse:
    found = queries.shelves(session, size=SHELF_SIZE)
    sections = []
    for kind, plural in KINDS:
        shelves = []
        for key in queries.SHELVES:
            title, sort = TITLES[key]
            items = found[(key, kind)]
            if items or key == "new":  # an empty shelf is shown only for "new"
                more = f"/browse?kind={kind}&sort={sort}"
                shelves.append(Shelf(f"{title} {plural.lower()}", items, more))
        sections.append(Section(plural, kind, shelves))
    return render(request, "home.html", sections=sections)
