"""Publish from the editor, against a real gallery (``cocreate gallery serve`` on 127.0.0.1)."""

from __future__ import annotations

import argparse
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import msgspec
import pytest

from cocreate.edit import choose_server
from editor import publish as pub
from editor.publish import ClearRun, PublishError, publish, publish_level, publish_target
from engine import codec
from engine.document import LevelDocument, ReplayDocument
from engine.errors import ServerError
from engine.fileio import load
from engine.replay import iter_inputs
from engine.sim.verify import simulate
from share.client import config
from share.client.refs import UsageError
from tests.conftest import subprocess_env
from tests.editor.conftest import new_account
from tests.share.client.conftest import GalleryProcess

LEVELS = Path(__file__).resolve().parents[2] / "levels"


@pytest.fixture
def account(gallery: GalleryProcess) -> tuple[str, str]:
    """A new user of the gallery and a token of theirs."""
    return new_account(gallery)


@pytest.fixture(autouse=True)
def _own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("COCREATE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("COCREATE_SERVER", raising=False)
    monkeypatch.setenv("COCREATE_CLIENT_DEADLINE", "1")
    yield
    pub.server = None


def sample() -> tuple[LevelDocument, ReplayDocument]:
    doc = load(LEVELS / "first-steps.cocreate")
    replay = load(LEVELS / "first-steps.replay.cocreate")
    assert isinstance(doc, LevelDocument) and isinstance(replay, ReplayDocument)
    return doc, replay


def fresh_level(title: str = "Fresh steps") -> tuple[LevelDocument, ClearRun]:
    """The sample as a new creation (a new id), with a clear run recorded on it."""
    doc, replay = sample()
    meta = msgspec.structs.replace(doc.meta, title=title)
    new = msgspec.structs.replace(doc, id=str(uuid.uuid4()), meta=meta)
    inputs = list(iter_inputs(replay.replay.inputs))
    return new, ClearRun.record(new, inputs, simulate(new, inputs))


def listed(gallery: GalleryProcess, user: str) -> list[dict[str, object]]:
    with gallery.api() as api:
        r = api.get("/creations", params={"author": user})
        assert r.status_code == 200, r.text
        items: list[dict[str, object]] = r.json()["items"]
        return items


def test_publish_a_sample_with_its_replay_returns_its_page(
    gallery: GalleryProcess, account: tuple[str, str]
) -> None:
    user, token = account
    doc, replay = sample()
    url = publish(doc, replay, server=gallery.url, token=token)
    assert url == f"{gallery.url}/c/{doc.id}"
    [item] = listed(gallery, user)
    assert item["id"] == doc.id and item["title"] == doc.meta.title and item["revision"] == 1
    assert httpx.get(url, timeout=30).status_code == 200
    with gallery.api() as api:
        held = api.get(f"/creations/{doc.id}/download").content
    assert held == codec.encode(doc)


def test_publish_a_clear_run_then_an_edit_of_it_as_the_next_revision(
    gallery: GalleryProcess, account: tuple[str, str]
) -> None:
    user, token = account
    doc, run = fresh_level()
    first = publish_level(doc, run, server=gallery.url + "/", token=token)
    assert first.url == f"{gallery.url}/c/{doc.id}" and first.doc.revision == 1
    assert publish(doc, run, server=gallery.url, token=token) == first.url  # unchanged: no-op
    meta = msgspec.structs.replace(doc.meta, title="Fresh steps, again")
    edited = msgspec.structs.replace(doc, meta=meta)
    inputs = list(run.inputs)
    again = ClearRun.record(edited, inputs, simulate(edited, inputs))
    second = publish_level(edited, again, server=gallery.url, token=token)
    assert second.url == first.url and second.doc.revision == 2
    [item] = listed(gallery, user)
    assert item["revision"] == 2 and item["title"] == "Fresh steps, again"


def test_a_stale_replay_is_refused_before_any_request(account: tuple[str, str]) -> None:
    doc, run = fresh_level()
    meta = msgspec.structs.replace(doc.meta, title="Changed after the clear")
    edited = msgspec.structs.replace(doc, meta=meta)
    nowhere = "http://127.0.0.1:9"  # discard: any request would be a NetworkError
    with pytest.raises(PublishError) as caught:
        publish(edited, run, server=nowhere, token=account[1])
    assert str(caught.value) == (
        "not published: the level changed after its clear run; "
        "play it to the goal again, then publish"
    )


def test_a_replay_that_does_not_reach_the_goal_is_refused(account: tuple[str, str]) -> None:
    doc, _ = fresh_level()
    inputs = [0] * 30
    died = ClearRun.record(doc, inputs, simulate(doc, inputs))
    with pytest.raises(PublishError, match=r"^not published: the clear run does not clear"):
        publish(doc, died, server="http://127.0.0.1:9", token=account[1])


def test_a_wrong_token_is_one_line_of_ours(gallery: GalleryProcess) -> None:
    doc, run = fresh_level()
    with pytest.raises(ServerError) as caught:
        publish(doc, run, server=gallery.url, token="not-a-token")
    assert caught.value.status == 401
    assert "\n" not in str(caught.value) and str(caught.value)
    with gallery.api() as api:
        assert api.get(f"/creations/{doc.id}").status_code == 404


def test_publish_target_is_the_stored_login(tmp_path: Path, gallery: GalleryProcess) -> None:
    assert publish_target() is None
    assert (
        pub.sign_in_hint()
        == f"Publish: sign in first (cocreate login --server {config.DEFAULT_SERVER})"
    )
    cfg = config.Config(server=gallery.url)
    cfg.accounts[gallery.url] = config.Account(token="tok", user="me")
    config.save(cfg)
    assert publish_target() == (gallery.url, "tok")
    choose_server("127.0.0.1:1/")  # cocreate edit --server: another gallery, not signed in to
    assert pub.server == "http://127.0.0.1:1"
    assert publish_target() is None
    choose_server(gallery.url + "/api/v1")
    assert publish_target() == (gallery.url, "tok")
    choose_server(None)
    assert pub.server is None
    with pytest.raises(UsageError):
        choose_server("ftp://example.org")


def test_edit_refuses_a_server_that_is_not_a_gallery(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cocreate",
            "edit",
            "--server",
            "ftp://x",
            str(tmp_path / "a.cocreate"),
        ],
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr == (
        "cocreate edit: ftp://x: is not a gallery's URL (like http://127.0.0.1:8000)\n"
    )
    assert not (tmp_path / "a.cocreate").exists()
    parsed = argparse.Namespace(server=None)
    choose_server(parsed.server)
    assert pub.server is None


def test_publish_imports_no_pygame() -> None:
    code = "import sys, editor.publish, cocreate.edit; print('pygame' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], env=subprocess_env(), capture_output=True, text=True
    )
    assert done.stdout == "False\n", done.stderr
