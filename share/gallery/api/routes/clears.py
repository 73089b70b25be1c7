"""Clear runs of a level: send one (its replay, re-simulated), the fastest clears, a replay."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, Response, UploadFile
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from share.gallery import clears, crud
from share.gallery.api.routes.creations import blob_response, retry_later
from share.gallery.checks import ClearRunOutcome, check_clear_run
from share.gallery.context import Gallery
from share.gallery.deps import ActiveUser, GalleryDep, OptionalUser, SessionDep
from share.gallery.errors import CheckFailed, ShuttingDown
from share.gallery.models import Creation, Revision, User
from share.gallery.paging import upload_name
from share.gallery.schemas import PLAY_KEY, ClearBoard, ClearResult

router = APIRouter(prefix="/creations", tags=["clears"])


@router.post("/{ident}/clears", status_code=201, response_model=ClearResult)
async def post_clear(
    ident: str,
    gallery: GalleryDep,
    session: SessionDep,
    user: ActiveUser,
    response: Response,
    replay: Annotated[UploadFile, File(description="a replay that clears the level")],
    revision: Annotated[
        int | None, Form(ge=1, description="the revision played (default: the latest)")
    ] = None,
    key: Annotated[
        str | None,
        Form(pattern=PLAY_KEY, description="a UUID for this play: sent again, counted once"),
    ] = None,
) -> ClearResult:
    """Send a clear run: it counts as a play that cleared, and is kept when it is your best on
    the revision. Answers 201 for a new best, 200 when your earlier run stays."""
    name = upload_name(replay, "replay.cocreate")
    data = await replay.read()
    creation, rev, level, makers = await run_in_threadpool(
        _level_of, gallery, session, user, ident, revision
    )
    try:
        run: ClearRunOutcome = await run_in_threadpool(
            gallery.workers.run, check_clear_run, level, rev.digest, data, name, makers
        )
    except ShuttingDown as exc:
        raise retry_later(name, exc) from exc
    except CheckFailed as exc:
        raise HTTPException(422, [f"{name}: {exc}"]) from exc
    if run.status:
        raise HTTPException(run.status, run.lines)
    result = await run_in_threadpool(
        clears.record,
        session,
        gallery.blobs,
        creation=creation,
        user=user,
        revision=rev.n,
        run=run,
        replay=data,
        replay_name=name,
        key=key,
    )
    if not result.best:
        response.status_code = 200
    return result


def _level_of(
    gallery: Gallery, session: Session, user: User, ident: str, revision: int | None
) -> tuple[Creation, Revision, bytes, bytes | None]:
    """The level played, its revision, that revision's bytes and its maker's replay (None
    for a revision stored without one); errors as lines (as an upload's)."""
    try:
        creation = crud.visible_level(session, ident, user)
        rev = crud.revision_of(session, creation, revision)
    except HTTPException as exc:
        raise HTTPException(exc.status_code, [exc.detail]) from exc
    digest = rev.digest
    try:
        level = gallery.blobs.get(digest)
        digest = rev.replay_digest or ""
        return creation, rev, level, gallery.blobs.get(digest) if digest else None
    except KeyError as exc:  # never: a row is written only after its blob
        raise HTTPException(500, [f"the stored file {digest} is missing"]) from exc


@router.get("/{ident}/clears", response_model=ClearBoard)
def get_clears(
    ident: str,
    session: SessionDep,
    user: OptionalUser,
    revision: Annotated[int | None, Query(ge=1, description="default: the latest")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> ClearBoard:
    """A revision's fastest clears, one per player (their best), fastest first."""
    creation = crud.visible_level(session, ident, user)
    rev = crud.revision_of(session, creation, revision)
    return clears.board(session, creation, rev.n, limit=limit)


@router.get("/{ident}/clears/{run}/replay")
def clear_replay(
    ident: str,
    run: int,
    request: Request,
    gallery: GalleryDep,
    session: SessionDep,
    user: OptionalUser,
) -> Response:
    """A clear run's replay (``application/vnd.cocreate``); ``ETag`` is its digest."""
    creation = crud.visible_level(session, ident, user)
    row = clears.board_run(session, creation, run)
    name = f"{creation.id}.r{row.revision}.clear-{row.pk}.replay.cocreate"
    return blob_response(request, gallery, row.replay_digest, name)
