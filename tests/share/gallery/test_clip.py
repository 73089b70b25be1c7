"""A level's clear run: rendered in the worker at upload, served as an animated WebP."""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image
from sqlalchemy import delete

from engine import codec
from engine.document import LevelDocument, ReplayDocument
from engine.render.clip import clear_clip
from engine.replay import iter_inputs
from share.gallery.models import Image as ImageRow
from tests.share.gallery.conftest import Site, design, level, upload

LEVELS = Path(__file__).parents[3] / "levels"


def engine_clip(data: bytes, replay: bytes) -> bytes:
    doc, rep = codec.decode(data), codec.decode(replay)
    assert isinstance(doc, LevelDocument) and isinstance(rep, ReplayDocument)
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    return clear_clip(doc, iter_inputs(rep.replay.inputs))


def test_a_level_upload_serves_its_clear_run_as_webp(site: Site) -> None:
    alice = site.user("alice")
    data, replay = level("Hop")
    ident = upload(alice, data, replay).json()["id"]

    r = site.anon.get(f"/creations/{ident}/clip.webp")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "image/webp"
    assert r.content == engine_clip(data, replay)  # what `cocreate play --clip` writes
    with Image.open(io.BytesIO(r.content)) as im:
        assert (im.format, im.size, im.info["loop"]) == ("WEBP", (480, 270), 0)
        assert getattr(im, "n_frames", 1) > 10
    assert site.anon.get(f"/creations/{ident}/clip.webp?revision=1").content == r.content
    thumb = site.anon.get(f"/creations/{ident}/thumbnail.png")
    assert thumb.headers["content-type"] == "image/png"  # the type follows the image

    etag = r.headers["etag"]
    again = site.anon.get(f"/creations/{ident}/clip.webp", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    r = site.anon.get(f"/creations/{ident}/clip.webp?revision=2")
    assert r.status_code == 404


def test_a_sample_level_clip_fits_the_workers_budget(site: Site) -> None:
    """The longest sample (17.85 s of play) is rendered in the worker (check_seconds=30)."""
    data = (LEVELS / "switch-and-door.cocreate").read_bytes()
    replay = (LEVELS / "switch-and-door.replay.cocreate").read_bytes()
    r = upload(
        site.user("alice"),
        data,
        replay,
        name="switch-and-door.cocreate",
        replay_name="switch-and-door.replay.cocreate",
    )
    assert r.status_code == 201, r.text
    clip = site.anon.get(f"/creations/{r.json()['id']}/clip.webp")
    assert clip.status_code == 200
    with Image.open(io.BytesIO(clip.content)) as im:
        assert getattr(im, "n_frames", 1) == 269  # ticks 0, 4, ... 1068 and the clear at tick 1071
    assert len(clip.content) < 1.2 * 1024 * 1024


def test_a_design_has_no_clip(site: Site) -> None:
    ident = upload(site.user("alice"), design("Tee")).json()["id"]
    r = site.anon.get(f"/creations/{ident}/clip.webp")
    assert r.status_code == 404
    assert r.json() == {"detail": f"creation {ident} is a design: only a level has a clip"}


def test_a_revision_stored_without_a_clip_says_so(site: Site) -> None:
    data, replay = level("Old")
    ident = upload(site.user("alice"), data, replay).json()["id"]
    with site.server.gallery.sessions() as session:  # as an upload from before clips were made
        session.execute(delete(ImageRow).where(ImageRow.name == "clip"))
        session.commit()
    r = site.anon.get(f"/creations/{ident}/clip.webp")
    assert r.status_code == 404
    assert r.json() == {
        "detail": f"revision 1 of {ident} has no clip (uploaded before the gallery made them)"
    }
    assert site.anon.get(f"/creations/{ident}/thumbnail.png").status_code == 200


def test_a_hidden_level_clip_is_hidden_too(site: Site) -> None:
    alice = site.user("alice")
    data, replay = level("Hidden")
    ident = upload(alice, data, replay).json()["id"]
    mod = site.user("mo", "moderator")
    r = mod.post(f"/creations/{ident}/state", json={"to": "hidden", "reason": "spam"})
    assert r.status_code == 200, r.text
    r = site.anon.get(f"/creations/{ident}/clip.webp")
    assert r.status_code == 404
    assert r.json() == {"detail": f"no creation {ident} in this gallery"}
    assert alice.get(f"/creations/{ident}/clip.webp").status_code == 200
