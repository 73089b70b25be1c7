"""Ratings (a heart for a level, a 0–5 score for a design) and reports."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response

from share.gallery import crud
from share.gallery.deps import ActiveUser, GalleryDep, SessionDep
from share.gallery.models import Rating
from share.gallery.schemas import (
    PlayCreate,
    RatingCreate,
    RatingSummary,
    ReportCreate,
    ReportPublic,
)

router = APIRouter(prefix="/creations", tags=["community"])


@router.put("/{ident}/rating", response_model=RatingSummary)
def rate(ident: str, body: RatingCreate, session: SessionDep, user: ActiveUser) -> RatingSummary:
    """Heart a level (``{"value": 1}``) or score a design (0–5); again to change it."""
    creation = crud.visible_creation(session, ident, user)
    crud.rate(session, user=user, creation=creation, value=body.value)
    return crud.rating_summary(session, creation)


@router.delete("/{ident}/rating", status_code=204)
def unrate(ident: str, session: SessionDep, user: ActiveUser) -> Response:
    creation = crud.visible_creation(session, ident, user)
    row = session.get(Rating, (user.pk, creation.pk))
    if row is None:
        raise HTTPException(404, f"you have not rated {ident}")
    session.delete(row)
    session.flush()
    crud.refresh_rating(session, creation)
    session.commit()
    return Response(status_code=204)


COUNTED = "Cocreate-Counted"
"""The header of a play's answer that says whether it was counted: ``true`` or ``false``."""
REASON = "Cocreate-Reason"
"""With ``Cocreate-Counted: false``: why, in one line."""
_PLAY_HEADERS = {
    COUNTED: {
        "description": "`true`, or `false` for its maker's own play",
        "schema": {"type": "string"},
    },
    REASON: {"description": "why it was not counted (one line)", "schema": {"type": "string"}},
}


@router.post("/{ident}/plays", status_code=204, responses={204: {"headers": _PLAY_HEADERS}})
def play(ident: str, body: PlayCreate, session: SessionDep, user: ActiveUser) -> Response:
    """Count a play of a level (and whether it cleared it): the level's clear rate.

    Always 204 when the play is taken (the client sends one after every play and takes only
    204): its maker's own play is taken but not counted, and the headers say so."""
    creation = crud.visible_level(session, ident, user)
    reason = crud.played(session, creation=creation, user=user, cleared=body.cleared, key=body.key)
    if reason is None:
        return Response(status_code=204, headers={COUNTED: "true"})
    return Response(status_code=204, headers={COUNTED: "false", REASON: reason})


@router.post("/{ident}/reports", status_code=201, response_model=ReportPublic)
def report(
    ident: str, body: ReportCreate, gallery: GalleryDep, session: SessionDep, user: ActiveUser
) -> ReportPublic:
    """Report a creation to the moderators (reason from a fixed list, and details)."""
    creation = crud.visible_creation(session, ident, user)
    row = crud.report(
        session,
        user=user,
        creation=creation,
        reason=body.reason,
        details=body.details,
        requeue=gallery.settings.reports_to_requeue,
    )
    return ReportPublic(
        id=row.pk,
        creation=creation.id,
        reason=body.reason,
        details=row.details,
        created=row.created,
    )
