"""Uploads: the engine's checks and messages, the clear check, revisions, remixes, limits."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import msgspec

from engine import codec
from engine.design.model import Transform
from engine.document import DesignDocument
from tests.conftest import Ran
from tests.share.gallery.conftest import Site, design, level, upload


def test_a_level_with_a_replay_that_clears_it_is_published(site: Site) -> None:
    alice = site.user("alice")
    data, replay = level("Hop", tags=["Easy", "meadow"], license="CC0-1.0")
    r = upload(alice, data, replay)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["owner"] == "alice" and body["state"] == "new" and body["kind"] == "level"
    assert body["title"] == "Hop" and body["revision"] == 1
    assert body["tags"] == ["Easy", "meadow"] and body["license"] == "CC0-1.0"
    assert r.headers["location"] == f"/api/v1/creations/{body['id']}"
    revs = site.anon.get(f"/creations/{body['id']}/revisions").json()
    assert revs[0]["clear"] == "cleared at tick 333 (5.55 s), score 0, 0 deaths"


def test_a_design_is_uploaded_alone(site: Site) -> None:
    alice = site.user("alice")
    r = upload(alice, design("Dot tee"), name="tee.cocreate")
    assert r.status_code == 201, r.text
    assert r.json()["kind"] == "design"


def test_the_same_upload_twice_is_the_same_creation(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    data, replay = level()
    first = upload(alice, data, replay)
    again = upload(alice, data, replay)
    by_bob = upload(bob, data, replay)
    assert (first.status_code, again.status_code, by_bob.status_code) == (201, 200, 200)
    assert first.json()["id"] == again.json()["id"] == by_bob.json()["id"]
    assert by_bob.json()["owner"] == "alice"
    assert len(site.anon.get("/creations").json()["items"]) == 1


def test_an_invalid_file_is_400_with_the_lines_cocreate_validate_prints(
    site: Site, cocreate_cmd, tmp_path: Path
) -> None:
    alice = site.user("alice")
    data, _ = level("Broken")
    bad = data.replace(b"#", b"!", 1)  # a colour that is not one
    path = tmp_path / "broken.cocreate"
    path.write_bytes(bad)
    ran: Ran = cocreate_cmd("validate", "broken.cocreate", cwd=tmp_path)
    assert ran.code == 1 and ran.out
    r = upload(alice, bad, name="broken.cocreate")
    assert r.status_code == 400
    assert r.json() == {"detail": ran.out.splitlines()}


def test_a_file_that_is_not_msgpack_is_400(site: Site) -> None:
    alice = site.user("alice")
    r = upload(alice, b"hello", name="hello.cocreate")
    assert r.status_code == 400
    [line] = r.json()["detail"]
    assert line.startswith("hello.cocreate: ")


def test_a_draft_is_400_with_what_it_lacks(site: Site) -> None:
    alice = site.user("alice")
    r = upload(alice, design("Blank", ident=None).replace(b"\xa7visible\xc3", b"\xa7visible\xc2"))
    assert r.status_code == 400
    assert r.json() == {
        "detail": ["mine.cocreate: $.design.layers: no visible layer: nothing would be printed"]
    }


def test_a_level_without_its_replay_is_422(site: Site) -> None:
    alice = site.user("alice")
    data, _ = level()
    r = upload(alice, data)
    assert r.status_code == 422
    assert r.json() == {
        "detail": [
            "mine.cocreate: a level is published with the replay that clears it "
            "(form field `replay`)"
        ]
    }


def test_a_replay_that_does_not_clear_is_422(site: Site) -> None:
    alice = site.user("alice")
    data, replay = level(clears=False)
    r = upload(alice, data, replay)
    assert r.status_code == 422
    assert r.json() == {
        "detail": [
            "mine.replay.cocreate: not cleared: the replay ended at tick 30 (0.50 s) before "
            "the goal was reached"
        ]
    }
    assert site.anon.get("/creations").json()["items"] == []


def test_a_replay_of_another_level_is_422(site: Site) -> None:
    alice = site.user("alice")
    data, _ = level("One")
    _, other_replay = level("Two")
    r = upload(alice, data, other_replay)
    assert r.status_code == 422
    [line] = r.json()["detail"]
    assert line.startswith("mine.replay.cocreate: recorded on another level (")


def test_a_design_with_a_replay_is_400(site: Site) -> None:
    alice = site.user("alice")
    _, replay = level()
    r = upload(alice, design(), replay)
    assert r.status_code == 400
    assert r.json() == {
        "detail": ["mine.replay.cocreate: a design has no replay: send the file alone"]
    }


def test_uploads_need_a_token_and_an_unbanned_account(site: Site) -> None:
    data, replay = level()
    r = upload(site.anon, data, replay)
    assert r.status_code == 401
    banned = site.user("mallory", banned=True)
    r = upload(banned, data, replay)
    assert r.status_code == 403
    assert r.json() == {"detail": "mallory is banned without end: spam"}


def test_an_oversized_upload_is_413(site: Site) -> None:
    alice = site.user("alice")
    r = upload(alice, b"\0" * (600 * 1024))
    assert r.status_code == 413
    assert r.json() == {
        "detail": "the request body is more than 524,288 bytes, the most an upload may be"
    }


def test_413_comes_before_the_body_is_sent(site: Site) -> None:
    """Only the headers are sent: the answer comes at once, without reading any body."""
    port = site.server.port
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(
            b"POST /api/v1/creations HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
            b"boundary=b\r\nContent-Length: 10000000000\r\n\r\n"
        )
        received = b""
        while chunk := s.recv(65536):  # the server closes the connection after its answer
            received += chunk
        answer = received.decode()
    assert answer.startswith("HTTP/1.1 413 ")
    assert "the most an upload may be" in answer


def test_a_chunked_body_is_cut_off_at_the_limit(site: Site) -> None:
    alice = site.user("alice")

    def chunks() -> Iterator[bytes]:
        yield (
            b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.cocreate"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n"
        )
        for _ in range(100):
            yield b"x" * 65536

    r = alice.post(
        "/creations",
        content=chunks(),
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )
    assert r.status_code == 413


def test_the_owner_adds_a_revision_on_top_of_the_latest(site: Site) -> None:
    alice = site.user("alice")
    first, replay = level("Hop")
    ident = upload(alice, first, replay).json()["id"]
    second, replay2 = level("Hop, harder", ident=ident, revision=2)
    r = upload(alice, second, replay2)
    assert r.status_code == 201, r.text
    assert r.json()["revision"] == 2 and r.json()["title"] == "Hop, harder"
    revs = site.anon.get(f"/creations/{ident}/revisions").json()
    assert [v["revision"] for v in revs] == [1, 2]


def test_a_stale_revision_is_409_naming_the_latest(site: Site) -> None:
    alice = site.user("alice")
    first, replay = level("Hop")
    ident = upload(alice, first, replay).json()["id"]
    assert upload(alice, *level("Hop 2", ident=ident, revision=2)).status_code == 201
    r = upload(alice, *level("Hop 2 elsewhere", ident=ident, revision=2))
    assert r.status_code == 409
    assert r.json() == {
        "detail": [
            f"mine.cocreate: $.revision: revision 2 of {ident} was just published by another "
            "upload: pull it, then push yours as revision 3"
        ]
    }


def test_another_users_revision_is_403_and_points_to_remixing(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    first, replay = level("Hop")
    ident = upload(alice, first, replay).json()["id"]
    r = upload(bob, *level("Hop by bob", ident=ident, revision=2))
    assert r.status_code == 403
    assert r.json() == {
        "detail": [
            f"mine.cocreate: $.id: creation {ident} belongs to alice: only its owner adds "
            "revisions; a remix needs a new id, with meta.parents naming it"
        ]
    }


def test_a_remix_records_its_lineage(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    carol = site.user("carol")
    data, replay = level("Original")
    original = upload(alice, data, replay).json()
    parent = (original["id"], 1, original["digest"])
    remix = upload(bob, *level("Remix", parents=[parent])).json()
    assert remix["parents"] == [{"id": original["id"], "revision": 1}]
    grand = upload(carol, *level("Remix of remix", parents=[(remix["id"], 1, remix["digest"])]))
    assert grand.status_code == 201

    tree = site.anon.get(f"/creations/{original['id']}/lineage").json()
    assert tree["ancestors"] == []
    assert tree["tree"]["title"] == "Original"
    [child] = tree["tree"]["children"]
    assert (child["title"], child["owner"]) == ("Remix", "bob")
    assert [g["title"] for g in child["children"]] == ["Remix of remix"]

    up = site.anon.get(f"/creations/{grand.json()['id']}/lineage").json()
    [p] = up["ancestors"]
    assert (p["title"], p["revision"]) == ("Remix", 1)
    assert [a["title"] for a in p["children"]] == ["Original"]


def test_a_remix_of_a_creation_not_in_the_gallery_is_422(site: Site) -> None:
    alice = site.user("alice")
    ghost = "0b6f3a3e-4a8e-4a43-9a9b-7e0f3f8a1c11"
    r = upload(alice, *level("Remix", parents=[(ghost, 1, "ab" * 32)]))
    assert r.status_code == 422
    assert r.json() == {
        "detail": [f"mine.cocreate: $.meta.parents[0]: no creation {ghost} in this gallery"]
    }


def test_a_remix_naming_the_wrong_digest_is_422(site: Site) -> None:
    alice = site.user("alice")
    original = upload(alice, *level("Original")).json()
    r = upload(alice, *level("Remix", parents=[(original["id"], 1, "ab" * 32)]))
    assert r.status_code == 422
    assert r.json() == {
        "detail": [
            f"mine.cocreate: $.meta.parents[0]: revision 1 of {original['id']} has digest "
            f"{original['digest'][:12]}…, not abababababab…"
        ]
    }


def test_blobs_are_stored_once(site: Site) -> None:
    alice = site.user("alice")
    data, replay = level()
    upload(alice, data, replay)
    upload(alice, data, replay)
    made = site.anon.get("/creations").json()["items"][0]
    thumbnail = site.anon.get(f"/creations/{made['id']}/thumbnail.png").content
    clip = site.anon.get(f"/creations/{made['id']}/clip.webp").content
    files = sorted(p for p in site.server.settings.blob_dir.glob("*/*"))
    assert len(files) == 4  # the level, its replay, its thumbnail and its clip
    assert {f.read_bytes() for f in files} == {data, replay, thumbnail, clip}


def test_a_design_that_would_not_print_is_400_as_the_editor_refuses_it(site: Site) -> None:
    alice = site.user("alice")
    doc = codec.decode(design("Far dot"))
    assert isinstance(doc, DesignDocument)
    far = msgspec.structs.replace(doc.design.layers[0], transform=Transform(x=-30.0, y=8.0))
    data = codec.encode(
        msgspec.structs.replace(doc, design=msgspec.structs.replace(doc.design, layers=[far]))
    )
    r = upload(alice, data, name="far.cocreate")
    assert r.status_code == 400
    line = r.json()["detail"][0]
    assert line.startswith("far.cocreate: $.design.layers[0] (dot): ")
    assert line.endswith("(print preflight)")
    assert "outside the print area" in line
