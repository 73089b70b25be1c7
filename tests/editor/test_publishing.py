"""The background upload's machinery (:mod:`editor.publishing`) on a real session without a
window: the progress line, the result taken by ``poll``, failures as one status line."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable

import msgspec
import pytest

from editor.publish import Published, PublishError
from editor.publishing import ALREADY, Publisher, not_published
from editor.session import EditorSession
from engine.document import LevelDocument
from engine.errors import NetworkError


def gallery_copy(doc: LevelDocument, revision: int) -> Published:
    return Published(
        f"http://gallery.test/c/{doc.id}", msgspec.structs.replace(doc, revision=revision)
    )


def held_upload(
    doc: LevelDocument, revision: int
) -> tuple[threading.Event, Callable[[], Published]]:
    """An upload that waits for its event to be set, then answers as a gallery holding ``doc``
    at ``revision`` would."""
    release = threading.Event()

    def upload() -> Published:
        release.wait(10)
        return gallery_copy(doc, revision)

    return release, upload


def test_failures_are_one_status_line_each() -> None:
    assert not_published(PublishError("not published: the gallery has a newer revision")) == (
        "Not published: the gallery has a newer revision"
    )
    reach = NetworkError("the gallery at http://x cannot be reached: cannot connect")
    assert not_published(reach) == f"Not published: {reach}"
    assert not_published(ValueError("bad\nbytes")) == "Not published: ValueError: bad\\nbytes"


def test_an_unexpected_error_in_the_thread_is_a_status_line_not_a_traceback(
    capfd: pytest.CaptureFixture[str],
) -> None:
    session = EditorSession.new_level()
    publisher: Publisher[LevelDocument] = Publisher()

    def upload() -> Published:
        raise KeyError("replay")

    publisher.start(session, "Up", upload)
    assert publisher.wait(10)
    publisher.poll(session)
    assert session.status == "Not published: KeyError: 'replay'"
    assert not publisher.busy and session.doc.revision == 1
    assert capfd.readouterr().err == ""


def test_progress_shows_until_the_result_with_the_windows_messages_after_it() -> None:
    session = EditorSession.new_level()
    publisher: Publisher[LevelDocument] = Publisher()
    doc = session.doc
    release, upload = held_upload(doc, 2)
    session.status = "Selected 2 things"
    publisher.start(session, "Up", upload)
    assert session.status == "Publishing Up…"
    assert publisher.refuse_if_busy(session) and session.status == ALREADY
    publisher.poll(session)
    assert session.status == ALREADY  # the reply to a second Publish stays
    session.status = "Saved up.cocreate"
    publisher.poll(session)
    assert session.status == "Publishing Up… — Saved up.cocreate"
    publisher.poll(session)
    assert session.status == "Publishing Up… — Saved up.cocreate"
    session.status = ""  # an edit without a message
    publisher.poll(session)
    assert session.status == "Publishing Up…"
    release.set()
    assert publisher.wait(10)
    assert session.status == "Publishing Up…"  # the result waits for the next frame
    publisher.poll(session)
    assert session.status == f"Published: http://gallery.test/c/{doc.id} — save to keep revision 2"
    assert session.doc.revision == 2 and session.dirty
    assert not publisher.refuse_if_busy(session)


def test_a_first_publish_edited_meanwhile_says_the_edits_are_not_in_it() -> None:
    from engine.edit.level import SetGravity

    session = EditorSession.new_level()
    publisher: Publisher[LevelDocument] = Publisher()
    doc = session.doc
    release, upload = held_upload(doc, 1)  # a first publish: the identity stays as it was
    publisher.start(session, "Up", upload)
    assert session.apply(SetGravity(0.0, 500.0), merge=False)  # an edit while it uploads
    release.set()
    assert publisher.wait(10)
    publisher.poll(session)
    url = f"http://gallery.test/c/{doc.id}"
    assert session.status == f"Published: {url} without your later edits"
    assert session.doc.level.gravity.y == 500.0 and session.dirty


def test_the_module_imports_no_pygame() -> None:
    code = "import sys, editor.publishing\nassert 'pygame' not in sys.modules, 'pygame'\n"
    subprocess.run([sys.executable, "-c", code], check=True)
