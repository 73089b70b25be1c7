"""Thumbnails and mockups: rendered by the engine at upload, served as PNGs."""

from __future__ import annotations

import io
import os
from pathlib import Path

import msgspec
from PIL import Image, ImageChops

from engine import codec
from engine.design.model import Design, GarmentColor
from engine.document import DesignDocument, LevelDocument
from engine.render.mockup import Mockups
from engine.render.play import screenshot
from tests.share.gallery.conftest import Site, design, level, upload


def png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image.convert("RGB")


def same_pixels(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and ImageChops.difference(a, b).getbbox() is None


def test_a_design_has_a_thumbnail_and_a_mockup_per_colour(site: Site) -> None:
    alice = site.user("alice")
    data = design("Tee", colors={"white": "#ffffff", "navy": "#1f2a44"})
    ident = upload(alice, data).json()["id"]
    doc = codec.decode(data)
    assert isinstance(doc, DesignDocument)
    engine = Mockups(doc)

    r = site.anon.get(f"/creations/{ident}/thumbnail.png")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert same_pixels(png(r.content), engine.thumbnail())
    for name, colour in (("white", "#ffffff"), ("navy", "#1f2a44")):
        r = site.anon.get(f"/creations/{ident}/mockups/{name}.png")
        assert r.status_code == 200, r.text
        assert same_pixels(png(r.content), engine.mockup(colour))
    white = site.anon.get(f"/creations/{ident}/mockups/white.png").content
    navy = site.anon.get(f"/creations/{ident}/mockups/navy.png").content
    assert white != navy

    r = site.anon.get(f"/creations/{ident}/mockups/red.png")
    assert r.status_code == 404
    assert r.json() == {
        "detail": f"revision 1 of {ident} has no mockup in red (its colours: navy, white)"
    }


def test_a_level_has_its_first_frame_as_thumbnail(site: Site, tmp_path: Path) -> None:
    alice = site.user("alice")
    data, replay = level("Hop")
    ident = upload(alice, data, replay).json()["id"]
    doc = codec.decode(data)
    assert isinstance(doc, LevelDocument)
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    screenshot(doc, tmp_path / "frame.png")
    with Image.open(tmp_path / "frame.png") as frame:
        expected = frame.convert("RGB").resize((640, 360), Image.Resampling.LANCZOS)

    r = site.anon.get(f"/creations/{ident}/thumbnail.png")
    assert r.status_code == 200
    assert same_pixels(png(r.content), expected)
    r = site.anon.get(f"/creations/{ident}/mockups/white.png")
    assert r.status_code == 404
    assert r.json() == {
        "detail": f"revision 1 of {ident} has no mockup in white "
        "(its colours: none: only designs have mockups)"
    }


def test_each_revision_keeps_its_thumbnail_with_an_etag(site: Site) -> None:
    alice = site.user("alice")
    first = design("Tee", colors={"white": "#ffffff"})
    ident = upload(alice, first).json()["id"]
    doc = codec.decode(first)
    assert isinstance(doc, DesignDocument)
    second = codec.encode(msgspec.structs.replace(doc, revision=2, design=_black(doc)))
    assert upload(alice, second).status_code == 201
    latest = site.anon.get(f"/creations/{ident}/thumbnail.png")
    old = site.anon.get(f"/creations/{ident}/thumbnail.png", params={"revision": "1"})
    assert latest.content != old.content
    assert site.anon.get(f"/creations/{ident}/mockups/black.png").status_code == 200
    r = site.anon.get(f"/creations/{ident}/mockups/black.png", params={"revision": "1"})
    assert r.status_code == 404
    etag = latest.headers["etag"]
    again = site.anon.get(f"/creations/{ident}/thumbnail.png", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""


def _black(doc: DesignDocument) -> Design:
    garment = msgspec.structs.replace(
        doc.design.garment, colors=[GarmentColor(name="black", color="#111111")]
    )
    return msgspec.structs.replace(doc.design, garment=garment)


def test_images_are_shown_to_whoever_may_see_the_creation(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    banned = site.user("mallory", banned=True)
    mod = site.user("mo", "moderator")
    admin = site.user("root", "admin")
    ident = upload(alice, design("Tee")).json()["id"]
    for who in (site.anon, bob, banned):  # a public creation's pictures: anyone sees them
        assert who.get(f"/creations/{ident}/thumbnail.png").status_code == 200
    mod.post(f"/creations/{ident}/state", json={"to": "hidden", "reason": "a logo"})
    for who in (site.anon, bob, banned):
        for path in ("thumbnail.png", "mockups/white.png"):
            r = who.get(f"/creations/{ident}/{path}")
            assert r.status_code == 404
            assert r.json() == {"detail": f"no creation {ident} in this gallery"}
    assert alice.get(f"/creations/{ident}/thumbnail.png").status_code == 200
    assert mod.get(f"/creations/{ident}/mockups/white.png").status_code == 200
    assert admin.get(f"/creations/{ident}/thumbnail.png").status_code == 200


def test_any_colour_name_has_its_mockup(site: Site) -> None:
    """A colour's name may hold '/', spaces and up to 200 characters (the engine's limit)."""
    from urllib.parse import quote

    alice = site.user("alice")
    names = ["navy/white", "sky blue", "x" * 200]
    data = design("Odd names", colors=dict.fromkeys(names, "#1f2a44"))
    r = upload(alice, data)
    assert r.status_code == 201, r.text
    ident = r.json()["id"]
    for name in names:
        r = site.anon.get(f"/creations/{ident}/mockups/{quote(name, safe='')}.png")
        assert r.status_code == 200, (name, r.text)
        assert png(r.content).size[0] > 0
