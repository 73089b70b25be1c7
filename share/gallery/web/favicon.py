"""The gallery's favicon, drawn in code (no binary in the repository): a lowercase "c" in the
brand's lilac on the header's ink, as a 32×32 and a 16×16 ICO, served at ``/favicon.ico``
(where browsers ask for it, whatever the page links) and linked from every page."""

from __future__ import annotations

import io
from functools import cache

from fastapi import APIRouter
from fastapi.responses import Response

INK = "#1d1b26"
"""The header's background (``--ink`` in style.css)."""
LILAC = "#c9b6ff"
"""The "create" of the brand (``.brand span``)."""
SIZES = ((32, 32), (16, 16))
MAX_AGE = 86400
"""Seconds a browser may keep it without asking again."""

router = APIRouter()


@cache
def favicon_ico() -> bytes:
    """The favicon's ICO bytes: drawn at 4× and scaled down, so that its curves are smooth."""
    from PIL import Image, ImageDraw

    big = 128
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=26, fill=INK)
    draw.arc((26, 26, big - 27, big - 27), start=45, end=315, fill=LILAC, width=20)
    out = io.BytesIO()
    image.resize((32, 32), Image.Resampling.LANCZOS).save(out, format="ICO", sizes=SIZES)
    return out.getvalue()


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return Response(
        favicon_ico(),
        media_type="image/x-icon",
        headers={"Cache-Control": f"public, max-age={MAX_AGE}"},
    )
