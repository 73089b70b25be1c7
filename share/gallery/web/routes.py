"""Every page's routes, and how a failed page request is shown (an HTML page, not JSON)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from share.gallery.limits import echo_limited
from share.gallery.web import favicon
from share.gallery.web.pages import accounts, author, browse, creation, desk, home, tokens, upload
from share.gallery.web.session import web_user
from share.gallery.web.templating import render

web_router = APIRouter(include_in_schema=False)
web_router.include_router(favicon.router)
web_router.include_router(home.router)
web_router.include_router(accounts.router)
for _pages in (browse, creation, author, tokens, upload, desk):
    web_router.include_router(_pages.router)

_HEADINGS = {
    400: "That did not work",
    401: "Sign in first",
    403: "Not allowed",
    404: "Not found",
    409: "Conflict",
    413: "Too large",
    422: "That did not work",
    429: "Slow down",
}


def _is_page(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api/") or path in ("/docs", "/openapi.json", "/redoc"))


def _back(request: Request) -> str:
    """Where an error page's link leads: for a form sent from one of the gallery's pages, that
    page (so a refused report goes back to its creation), else the home page."""
    from urllib.parse import urlsplit

    sent_from = urlsplit(request.headers.get("referer", ""))
    if request.method != "POST" or sent_from.netloc != request.url.netloc:
        return "/"
    if not sent_from.path.startswith("/") or sent_from.path.startswith("//"):
        return "/"
    return sent_from.path + (f"?{sent_from.query}" if sent_from.query else "")


def too_large_page(request: Request, message: str) -> HTMLResponse:
    """The 413 page for a form whose body is over the limit, in the site's layout (as signed
    in as the browser is): ``limits.BodyLimit`` sends it before any route has run."""
    with request.app.state.gallery.sessions() as session:
        web_user(request, session)
        return render(
            request,
            "error.html",
            status_code=413,
            status=413,
            heading=_HEADINGS[413],
            message=message,
            back=_back(request),
        )


def install(app: FastAPI) -> None:
    """Add the pages, their static files and their error pages to ``app``."""
    from pathlib import Path

    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if not _is_page(request):
            return await http_exception_handler(request, exc)
        headers = dict(exc.headers or {})
        if exc.status_code in (301, 302, 303, 307) and "Location" in headers:
            return RedirectResponse(headers["Location"], status_code=exc.status_code)
        response = render(
            request,
            "error.html",
            status_code=exc.status_code,
            status=exc.status_code,
            heading=_HEADINGS.get(exc.status_code, "Something went wrong"),
            message=str(exc.detail),
            back=_back(request),
        )
        for key, value in headers.items():
            response.headers.setdefault(key, value)
        return response

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if not _is_page(request):
            detail = jsonable_encoder(echo_limited(exc.errors()))
            return JSONResponse({"detail": detail}, status_code=422)
        lines = [
            f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}"
            for e in exc.errors()
        ]
        return render(
            request,
            "error.html",
            status_code=400,
            status=400,
            heading=_HEADINGS[400],
            message="\n".join(lines),
            back=_back(request),
        )

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
