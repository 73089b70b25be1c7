"""A creation's page (preview, credits, fastest clears, revisions, rating, report) and its
remix tree."""

from __future__ import annotations

import re
from typing import Annotated, get_args

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from share.gallery import clears, crud, moderation
from share.gallery.deps import GalleryDep, SessionDep
from share.gallery.models import Rating
from share.gallery.schemas import ReportReason
from share.gallery.web import queries
from share.gallery.web.filemeta import FileFacts, read_facts
from share.gallery.web.session import Active, WebUser, check_csrf, finish, flash
from share.gallery.web.templating import isolate, render

router = APIRouter()

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
REASONS: tuple[str, ...] = get_args(ReportReason)
REASON_NAMES = {
    "spam": "Spam or advertising",
    "offensive": "Offensive or hateful",
    "copyright": "Copies someone else's work",
    "personal-info": "Shares personal information",
    "broken": "Broken: cannot be played or shown",
    "other": "Something else",
}
GARMENT_NAMES = {
    "tshirt": "t-shirt",
    "longsleeve": "long-sleeve shirt",
    "hoodie": "hoodie",
    "tank": "tank top",
}
"""How a design's page names its garment style (``design.garment.style``)."""
FASTEST_SHOWN = 10
"""The fastest clears a level's page lists (``GET …/clears`` gives up to 100)."""
LEAD_LINES = 6
"""A description's lines shown at once on its page; the rest is behind "More"."""
LEAD_CHARS = 600
"""At most this many of its characters shown at once (a long paragraph is cut at a space)."""
STATE_NOTES = {
    "hidden": "This creation is hidden: only its owner and the moderators see it.",
    "rejected": "This creation was rejected: only its owner and the moderators see it.",
}


@router.get("/c/{ident}", response_class=HTMLResponse)
def creation_page(
    ident: str,
    request: Request,
    session: SessionDep,
    gallery: GalleryDep,
    user: WebUser,
    revision: Annotated[int | None, Query(ge=1)] = None,
    colour: Annotated[str, Query(max_length=80)] = "",
) -> HTMLResponse:
    creation = crud.visible_creation(session, ident, user)
    revs = queries.revisions(session, creation)
    n = creation.latest if revision is None else revision
    rev = next((r for r in revs if r.n == n), None)
    if rev is None:
        raise HTTPException(404, f"creation {creation.id} has no revision {n}")
    pub = crud.public(session, creation)
    images = queries.image_names(session, creation, rev.n)
    try:
        facts = read_facts(gallery.blobs.get(rev.digest))
    except KeyError:  # never: a row is written only after its blob
        facts = FileFacts()
    rendered = {name.removeprefix("mockup:") for name in images if name.startswith("mockup:")}
    colours = [(name, _hex(hex_)) for name, hex_ in facts.colours if name in rendered]
    colours += [(name, "") for name in sorted(rendered - {c for c, _ in colours})]
    shown_colour = colour if colour in rendered else (colours[0][0] if colours else "")
    base = str(request.base_url).rstrip("/")
    return render(
        request,
        "creation.html",
        c=pub,
        creation=creation,
        rev=rev,
        revs=revs,
        tags=rev.tags.split("\n") if rev.tags else [],
        description=lead_of(rev.description),
        is_latest=rev.n == creation.latest,
        facts=facts,
        colours=colours,
        shown_colour=shown_colour,
        wearing=wearing(shown_colour, facts.style),
        garment=garment_words(shown_colour, facts.style),
        has_clip="clip" in images,
        has_thumbnail="thumbnail" in images,
        fastest=(
            clears.board(session, creation, rev.n, limit=FASTEST_SHOWN)
            if creation.kind == "level"
            else None
        ),
        credits=queries.credits(session, creation, rev.n, user),
        mine=user is not None and creation.owner_pk == user.pk,
        my_rating=queries.my_rating(session, creation, user),
        reasons=[(r, REASON_NAMES.get(r, r)) for r in REASONS],
        state_note=STATE_NOTES.get(creation.state, ""),
        page_url=f"{base}/c/{creation.id}",
        api=f"/api/v1/creations/{creation.id}",
    )


def lead_of(text: str) -> tuple[str, str]:
    """``text`` (a description) split into what its page shows at once and the rest, shown
    under "More": at most :data:`LEAD_LINES` lines and :data:`LEAD_CHARS` characters, cut
    at a line's end, else at a space. A 20,000-character description keeps the page short;
    nothing of it is dropped (lead + rest, less the whitespace at the cut, is the text)."""
    lines_end = len("\n".join(text.split("\n")[:LEAD_LINES]))
    cut = min(lines_end, LEAD_CHARS)
    if cut >= len(text.rstrip()):
        return text, ""
    if text[cut] not in " \n":
        space = max(text.rfind(" ", 0, cut), text.rfind("\n", 0, cut))
        if space > cut // 2:
            cut = space
    return text[:cut].rstrip(), text[cut:].strip()


def garment_words(colour: str, style: str) -> tuple[str, str]:
    """The article before a mockup's ``colour`` and the garment after it: ``a`` white
    ``tank top``, ``an`` orange ``hoodie`` (a style of a later format than this gallery knows:
    a garment). The caption isolates the colour, a name from the file, between them."""
    article = "an" if colour[:1].lower() in tuple("aeiou") else "a"
    return article, GARMENT_NAMES.get(style, "garment")


def wearing(colour: str, style: str) -> str:
    """What a design's mockup shows it on, for its image's text: ``a white tank top``."""
    article, garment = garment_words(colour, style)
    return f"{article} {colour} {garment}"


def _hex(colour: str) -> str:
    """``colour`` when it is ``#rrggbb`` (safe in a style attribute), else empty."""
    return colour if _HEX.fullmatch(colour) else ""


@router.post("/c/{ident}/rating", response_model=None)
def rate(
    ident: str,
    request: Request,
    session: SessionDep,
    user: Active,
    value: Annotated[str, Form(max_length=10)],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Heart a level or score a design 0–5; ``value=remove`` takes the rating back."""
    check_csrf(request, csrf)
    creation = crud.visible_creation(session, ident, user)
    if value == "remove":
        row = session.get(Rating, (user.pk, creation.pk))
        if row is None:
            raise HTTPException(404, f"you have not rated {creation.title}")
        session.delete(row)
        session.flush()
        crud.refresh_rating(session, creation)
        session.commit()
        said = "Your heart is taken back." if creation.kind == "level" else "Your score is removed."
    else:
        if not value.isdigit() or not 0 <= int(value) <= 5:
            raise HTTPException(400, f"value: is {value!r}; a score is a whole number 0 to 5")
        crud.rate(session, user=user, creation=creation, value=int(value))
        said = (
            f"You gave {isolate(creation.title)} a heart."
            if creation.kind == "level"
            else f"You scored {isolate(creation.title)} {value} out of 5."
        )
    return _back(request, creation.id, said, "#rate")


@router.post("/c/{ident}/report", response_model=None)
def report(
    ident: str,
    request: Request,
    session: SessionDep,
    gallery: GalleryDep,
    user: Active,
    reason: Annotated[str, Form(max_length=32)] = "",
    details: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Report a creation: ``reason`` is one of :data:`REASONS`, chosen (the form has none
    chosen at first, so that a report says what the reporter meant). Not one's own: its maker
    gets no form, and a form sent anyway is refused on the error page."""
    check_csrf(request, csrf)
    creation = crud.visible_creation(session, ident, user)
    crud.check_reportable(creation, user)  # its maker's: refused before anything else is read
    if not reason:
        raise HTTPException(
            400, "Choose a reason for the report (the form's Reason list): nothing was sent."
        )
    if reason not in REASONS:
        raise HTTPException(400, f"reason: is {reason!r}; choose one of {', '.join(REASONS)}")
    if len(details) > 2000:
        raise HTTPException(400, f"details: {len(details):,} characters; write at most 2,000")
    crud.report(
        session,
        user=user,
        creation=creation,
        reason=reason,
        details=details.strip(),
        requeue=gallery.settings.reports_to_requeue,
    )
    return _back(request, creation.id, "Thank you: a moderator will look at your report.", "")


def _back(request: Request, ident: str, message: str, anchor: str) -> Response:
    response = RedirectResponse(f"/c/{ident}{anchor}", status_code=303)
    flash(response, message)
    return finish(request, response)


@router.get("/c/{ident}/tree", response_class=HTMLResponse)
def tree_page(ident: str, request: Request, session: SessionDep, user: WebUser) -> HTMLResponse:
    creation = crud.visible_creation(session, ident, user)
    found = queries.tree(session, creation, user)
    return render(
        request,
        "tree.html",
        tree=found,
        creation=creation,
        public=creation.state in moderation.PUBLIC_STATES,
    )
