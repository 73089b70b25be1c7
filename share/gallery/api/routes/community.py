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


@router.post("/{ident}/plays", status_code=204)
def play(ident: str, body: PlayCreate, session: SessionDep, user: ActiveUser) -> Response:
    """Count a play of a level (and whether it cleared it): the level's clear rate."""
    creation = crud.visible_level(session, ident, user)
    crud.played(session, creation=creation, user=user, cleared=body.cleared, key=body.key)
    return Response(status_code=204)


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
