"""The ``/api/v1`` router: every resource's routes."""

from __future__ import annotations

from fastapi import APIRouter

from share.gallery.api.routes import accounts, clears, community, creations, moderation, sync

api_router = APIRouter()
api_router.include_router(accounts.router)
api_router.include_router(creations.router)
api_router.include_router(community.router)
api_router.include_router(clears.router)
api_router.include_router(moderation.router)
api_router.include_router(sync.router)
