"""Creations: upload (with the clear check), list, get, revisions, download, lineage."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import APIRouter, File, HTTPException, Query, Request, Response, UploadFile
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from share.gallery import crud
from share.gallery.cache import etag_matches
from share.gallery.checks import Outcome, check_upload
from share.gallery.context import Gallery
from share.gallery.deps import ActiveUser, GalleryDep, OptionalUser, SessionDep
from share.gallery.errors import RETRY_SECONDS, CheckFailed, ShuttingDown
from share.gallery.lineage import lineage_of
from share.gallery.models import Image, Revision, User
from share.gallery.paging import cursor_of, key_after, upload_name
from share.gallery.schemas import CreationPage, CreationPublic, Lineage, RevisionPublic

router = APIRouter(prefix="/creations", tags=["creations"])

MEDIA_TYPE = "application/vnd.cocreate"


@router.post("", status_code=201, response_model=CreationPublic)
async def upload(
    gallery: GalleryDep,
    session: SessionDep,
    user: ActiveUser,
    response: Response,
    file: Annotated[UploadFile, File(description="the creation (`*.cocreate`)")],
    replay: Annotated[
        UploadFile | None, File(description="for a level: the replay that clears it")
    ] = None,
) -> CreationPublic:
    """Upload a creation, or a new revision of yours. Answers 201 for a new creation or
    revision, 200 when these exact bytes are already in the gallery (the same creation)."""
    name = upload_name(file, "upload.cocreate")
    replay_name = upload_name(replay, "replay.cocreate")
    data = await file.read()
    replay_data = await replay.read() if replay is not None else None
    try:
        outcome: Outcome = await run_in_threadpool(
            gallery.workers.run, check_upload, data, name, replay_data, replay_name
        )
    except ShuttingDown as exc:
        raise retry_later(name, exc) from exc
    except CheckFailed as exc:
        raise HTTPException(422, [f"{name}: {exc}"]) from exc
    if outcome.status:
        raise HTTPException(outcome.status, outcome.lines)
    shown, stored = await run_in_threadpool(
        _store, gallery, session, user, outcome, name, data, replay_data
    )
    if not stored:
        response.status_code = 200
    response.headers["Location"] = f"/api/v1/creations/{shown.id}"
    return shown


def retry_later(name: str, exc: ShuttingDown) -> HTTPException:
    """The 503 for a check cut short by the gallery stopping: try again (``Retry-After``)."""
    return HTTPException(503, [f"{name}: {exc}"], headers={"Retry-After": str(RETRY_SECONDS)})


def _store(
    gallery: Gallery,
    session: Session,
    user: User,
    outcome: Outcome,
    name: str,
    data: bytes,
    replay: bytes | None,
) -> tuple[CreationPublic, bool]:
    """Store a checked upload (blobs, rows) and what the API shows of it, in one thread hop."""
    try:
        creation, stored = crud.store_upload(
            session,
            gallery.blobs,
            user=user,
            outcome=outcome,
            name=name,
            data=data,
            replay=replay,
        )
    except HTTPException as exc:
        detail = exc.detail if isinstance(exc.detail, list) else [exc.detail]
        raise HTTPException(exc.status_code, detail) from exc
    if not stored:
        return crud.public(session, creation), False
    return crud.uploaded_public(
        session, creation, owner=user, outcome=outcome, size=len(data)
    ), True


Sort = Literal["new", "top", "played", "remixed", "trending"]


@router.get("", response_model=CreationPage)
def list_creations(
    session: SessionDep,
    q: Annotated[
        str | None,
        Query(max_length=200, description="words to find in the title, description or tags"),
    ] = None,
    kind: Annotated[str | None, Query(pattern="^(level|design)$")] = None,
    tag: str | None = None,
    author: Annotated[str | None, Query(description="the owner's user name")] = None,
    license: Annotated[str | None, Query(description="an SPDX id, e.g. CC-BY-4.0")] = None,
    sort: Annotated[
        Sort, Query(description="new, top (rated), played, remixed, or trending")
    ] = "new",
    cursor: Annotated[str | None, Query(description="`next` of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> CreationPage:
    """Public creations, a page at a time: newest first unless ``sort`` says otherwise."""
    rows, more = crud.list_creations(
        session,
        kind=kind,
        tag=tag,
        author=author,
        license=license,
        q=q,
        sort=sort,
        after=key_after(cursor, sort),
        limit=limit,
    )
    return CreationPage(
        items=crud.publics(session, rows),
        next=None if more is None else cursor_of(sort, more),
    )


@router.get("/{ident}", response_model=CreationPublic)
def get_creation(ident: str, session: SessionDep, user: OptionalUser) -> CreationPublic:
    return crud.public(session, crud.visible_creation(session, ident, user))


@router.get("/{ident}/revisions", response_model=list[RevisionPublic])
def revisions(ident: str, session: SessionDep, user: OptionalUser) -> list[RevisionPublic]:
    creation = crud.visible_creation(session, ident, user)
    rows = session.scalars(
        select(Revision).where(Revision.creation_pk == creation.pk).order_by(Revision.n)
    )
    return [crud.revision_public(session, creation, r) for r in rows]


@router.get("/{ident}/lineage", response_model=Lineage)
def lineage(ident: str, session: SessionDep, user: OptionalUser) -> Lineage:
    """Ancestors (what it was remixed from, and theirs) and descendants, as trees."""
    return lineage_of(session, crud.visible_creation(session, ident, user), user)


def blob_response(request: Request, gallery: GalleryDep, digest: str, filename: str) -> Response:
    """A stored file's bytes as a download (``ETag`` its digest, ranges, immutable): the files
    of creations here, and the replays of clear runs (``clears.py``)."""
    etag = f'"{digest}"'
    headers = {
        "ETag": etag,
        "Accept-Ranges": "bytes",
        "Cache-Control": "public, max-age=31536000, immutable",
        "Content-Disposition": f'attachment; filename="{filename}"',
    }
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    try:
        data = gallery.blobs.get(digest)
    except KeyError as exc:  # never: a row is written only after its blob
        raise HTTPException(500, f"the stored file {digest} is missing") from exc
    wanted = request.headers.get("range")
    if wanted:
        span = _range(wanted, len(data))
        if span is None:
            headers["Content-Range"] = f"bytes */{len(data)}"
            return Response(status_code=416, headers=headers)
        start, end = span
        headers["Content-Range"] = f"bytes {start}-{end - 1}/{len(data)}"
        return Response(data[start:end], 206, headers=headers, media_type=MEDIA_TYPE)
    return Response(data, headers=headers, media_type=MEDIA_TYPE)


def _range(header: str, size: int) -> tuple[int, int] | None:
    """One ``bytes=a-b`` / ``bytes=a-`` / ``bytes=-n`` range as (start, end), or None."""
    m = re.fullmatch(r"bytes=(\d*)-(\d*)", header.strip())
    if not m or (not m[1] and not m[2]):
        return None
    if not m[1]:
        n = int(m[2])
        return (max(0, size - n), size) if n > 0 and size > 0 else None
    start = int(m[1])
    end = min(size, int(m[2]) + 1) if m[2] else size
    return (start, end) if start < end else None


@router.get("/{ident}/download")
def download(
    ident: str,
    request: Request,
    gallery: GalleryDep,
    session: SessionDep,
    user: OptionalUser,
    revision: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """The file's bytes (the latest revision unless ``revision``); ``ETag`` is its digest."""
    creation = crud.visible_creation(session, ident, user)
    rev = crud.revision_of(session, creation, revision)
    return blob_response(request, gallery, rev.digest, f"{creation.id}.r{rev.n}.cocreate")


@router.get("/{ident}/replay")
def replay_download(
    ident: str,
    request: Request,
    gallery: GalleryDep,
    session: SessionDep,
    user: OptionalUser,
    revision: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """For a level: the replay that cleared it at upload."""
    creation = crud.visible_creation(session, ident, user)
    rev = crud.revision_of(session, creation, revision)
    if rev.replay_digest is None:
        raise HTTPException(404, f"creation {ident} is a {creation.kind}: it has no replay")
    name = f"{creation.id}.r{rev.n}.replay.cocreate"
    return blob_response(request, gallery, rev.replay_digest, name)


def _image(
    request: Request,
    gallery: GalleryDep,
    session: SessionDep,
    user: OptionalUser,
    ident: str,
    name: str,
    revision: int | None,
) -> Response:
    creation = crud.visible_creation(session, ident, user)
    rev = crud.revision_of(session, creation, revision)
    digest = session.scalar(
        select(Image.digest).where(
            Image.creation_pk == creation.pk, Image.n == rev.n, Image.name == name
        )
    )
    if digest is None:
        return _no_image(session, creation.id, creation.pk, rev.n, name, creation.kind)
    etag = f'"{digest}"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=31536000, immutable"}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    try:
        data = gallery.blobs.get(digest)
    except KeyError as exc:  # never: a row is written only after its blob
        raise HTTPException(500, f"the stored image {digest} is missing") from exc
    # the type follows the bytes: thumbnails and mockups are PNGs, a level's clip a WebP
    webp = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    return Response(data, headers=headers, media_type="image/webp" if webp else "image/png")


def _no_image(session: SessionDep, ident: str, pk: int, n: int, name: str, kind: str) -> Response:
    names = session.scalars(
        select(Image.name).where(Image.creation_pk == pk, Image.n == n).order_by(Image.name)
    )
    colours = [m.removeprefix("mockup:") for m in names if m.startswith("mockup:")]
    if name == "thumbnail":
        raise HTTPException(404, f"revision {n} of {ident} has no thumbnail")
    if name == "clip" and kind != "level":
        raise HTTPException(404, f"creation {ident} is a {kind}: only a level has a clip")
    if name == "clip":
        raise HTTPException(
            404, f"revision {n} of {ident} has no clip (uploaded before the gallery made them)"
        )
    offered = ", ".join(colours) if colours else "none: only designs have mockups"
    raise HTTPException(
        404,
        f"revision {n} of {ident} has no mockup in {name.removeprefix('mockup:')} "
        f"(its colours: {offered})",
    )


@router.get(
    "/{ident}/thumbnail.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
)
def thumbnail(
    ident: str,
    request: Request,
    gallery: GalleryDep,
    session: SessionDep,
    user: OptionalUser,
    revision: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """A PNG rendered at upload: a design on its first colour (400 × 400), a level's first
    frame (640 × 360)."""
    return _image(request, gallery, session, user, ident, "thumbnail", revision)


@router.get(
    "/{ident}/mockups/{colour:path}.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
)
def mockup(
    ident: str,
    colour: str,
    request: Request,
    gallery: GalleryDep,
    session: SessionDep,
    user: OptionalUser,
    revision: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """A design's mockup on the garment colour named ``colour`` (as in the file: ``white``)."""
    return _image(request, gallery, session, user, ident, f"mockup:{colour}", revision)


@router.get(
    "/{ident}/clip.webp",
    response_class=Response,
    responses={200: {"content": {"image/webp": {}}}},
)
def clip(
    ident: str,
    request: Request,
    gallery: GalleryDep,
    session: SessionDep,
    user: OptionalUser,
    revision: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """A level's clear run as an animated WebP (480 × 270, 15 fps, looping), rendered at
    upload from the replay it was published with; a design has none (404)."""
    return _image(request, gallery, session, user, ident, "clip", revision)
