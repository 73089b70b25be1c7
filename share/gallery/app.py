"""The app factory: ``create_app(settings)`` builds one gallery with its own database.

The database is opened (created and migrated when fresh, refused when behind) here, when the
app is built, so ``cocreate gallery serve`` fails at once with a clear message.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from engine import __version__
from share.gallery.cache import CacheMiddleware, ResponseCache
from share.gallery.context import Gallery
from share.gallery.limits import BodyLimit
from share.gallery.ratelimit import AddressLimit
from share.gallery.settings import Settings


def create_app(settings: Settings) -> FastAPI:
    """A gallery app over ``settings``; raise SchemaBehind for a database behind the code."""
    gallery = Gallery.open(settings)
    cache = ResponseCache(gallery.engine, gallery.sessions)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            cache.close()
            gallery.close()

    from share.gallery.api.main import api_router

    app = FastAPI(
        title="cocreate gallery",
        version=__version__,
        description="Share, find, score, remix and moderate cocreate levels and designs.",
        lifespan=lifespan,
    )
    app.state.gallery = gallery
    app.state.cache = cache
    app.include_router(api_router, prefix="/api/v1")
    from share.gallery.web.routes import install

    install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes)
    app.add_middleware(CacheMiddleware, cache=cache)  # anonymous reads, before any routing
    app.add_middleware(  # outermost: checked first
        AddressLimit, limiter=gallery.addresses, trusted=settings.trusted_proxies
    )

    @app.get("/api/v1/health", tags=["meta"])
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    return app
