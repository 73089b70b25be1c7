"""Upload from the browser: a creation and, for a level, its replay; the API's checks and lines."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from share.gallery import crud
from share.gallery.checks import Outcome, check_upload
from share.gallery.deps import GalleryDep, SessionDep
from share.gallery.errors import RETRY_SECONDS, CheckFailed, ShuttingDown
from share.gallery.paging import upload_name
from share.gallery.web.session import Active, check_csrf, finish, flash
from share.gallery.web.templating import isolate, render

router = APIRouter()

REPLAY_LABEL = "Replay (levels only)"
"""The label of the form's replay input, which its refusals name."""


def _form(request: Request, errors: list[str], status: int = 200) -> HTMLResponse:
    limit = request.app.state.gallery.settings.max_upload_bytes
    return render(
        request,
        "upload.html",
        status_code=status,
        errors=errors,
        replay_label=REPLAY_LABEL,
        limit_mib=f"{limit / (1024 * 1024):.0f} MiB" if limit >= 1 << 20 else f"{limit:,} bytes",
    )


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, user: Active) -> HTMLResponse:
    return _form(request, [])


def _given(upload: UploadFile | None) -> UploadFile | None:
    """``upload``, or None for a file input left empty (a part with no file name)."""
    return upload if upload is not None and upload.filename else None


@router.post("/upload", response_model=None)
def upload(
    request: Request,
    gallery: GalleryDep,
    session: SessionDep,
    user: Active,
    file: Annotated[UploadFile | None, File()] = None,
    replay: Annotated[UploadFile | None, File()] = None,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """The same checks, and the same lines on failure, as ``POST /api/v1/creations``."""
    check_csrf(request, csrf)
    chosen, replay_file = _given(file), _given(replay)
    if chosen is None:
        return _form(request, ["file: choose a .cocreate file to upload"], 400)
    name = upload_name(chosen, "upload.cocreate")
    replay_name = upload_name(replay_file, "replay.cocreate")
    data = chosen.file.read()
    replay_data = replay_file.file.read() if replay_file is not None else None
    try:
        outcome: Outcome = gallery.workers.run(
            check_upload, data, name, replay_data, replay_name, f"choose it under “{REPLAY_LABEL}”"
        )
    except ShuttingDown as exc:
        refused = _form(request, [f"{name}: {exc}"], 503)
        refused.headers["Retry-After"] = str(RETRY_SECONDS)
        return refused
    except CheckFailed as exc:
        return _form(request, [f"{name}: {exc}"], 422)
    if outcome.status:
        return _form(request, outcome.lines, outcome.status)
    try:
        creation, stored = crud.store_upload(
            session,
            gallery.blobs,
            user=user,
            outcome=outcome,
            name=name,
            data=data,
            replay=replay_data,
        )
    except HTTPException as exc:
        lines = exc.detail if isinstance(exc.detail, list) else [str(exc.detail)]
        return _form(request, [str(line) for line in lines], exc.status_code)
    response = RedirectResponse(f"/c/{creation.id}", status_code=303)
    if stored:
        said = f"Uploaded {isolate(creation.title)} (revision {outcome.revision})."
    else:
        said = f"{isolate(creation.title)}: these exact bytes are already in the gallery."
    flash(response, said)
    return finish(request, response)
