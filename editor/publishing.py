"""Publishing in the background, for both editor windows (no pygame here).

An upload takes seconds (the network and the gallery's checks), so it runs on a daemon thread
while the window keeps drawing and editing. A window owns one :class:`Publisher`::

    if not publisher.refuse_if_busy(session):       # a second Publish: "Already publishing…"
        ...                                         # the window's own checks, then
        publisher.start(session, "First Steps", partial(publish_level, session.doc, run, ...))
    publisher.poll(session)                         # once per frame: progress, then the result

The thread keeps the document it was given: documents are msgspec Structs that edits replace,
never mutate, so the snapshot stays as it was published while the user edits on. When the
result arrives, :func:`report_published` (or :func:`not_published`) sets the status line, and
the gallery's identity (new revision, a remix's id) is adopted only by the session that was
published (after New or Open the window is on another one, which is only told the URL).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from engine.errors import CocreateError, one_line

ALREADY = "Already publishing…"
FINISHING = "Finishing the upload…"
"""What a window closing during an upload says while it waits (:mod:`editor.window`)."""
ELSEWHERE = " (from the document you had open)"
"""Added to "Published: URL" when the window went on to another document meanwhile."""
LATER = " without your later edits"
"""Added to "Published: URL" when the document was edited while it uploaded."""

D_co = TypeVar("D_co", covariant=True)


class Identified(Protocol):
    """What a publish may change in a document."""

    @property
    def id(self) -> str: ...

    @property
    def revision(self) -> int: ...


Doc = TypeVar("Doc", bound=Identified)


class Published(Protocol[D_co]):
    """What an upload returns: the creation's page and the document as the gallery holds it."""

    @property
    def url(self) -> str: ...

    @property
    def doc(self) -> D_co: ...


class Session(Protocol[Doc]):
    """The part of an editor session a publish reads and writes."""

    status: str

    @property
    def doc(self) -> Doc: ...

    def adopt_identity(self, doc: Doc) -> bool: ...


def not_published(exc: Exception) -> str:
    """The status line for an upload that failed: ours (``CocreateError``) as it says, anything
    else with its type, never a traceback."""
    if not isinstance(exc, CocreateError):
        return one_line(f"Not published: {type(exc).__name__}: {exc}")
    text = str(exc)
    if text.startswith("not published"):
        return one_line(text[0].upper() + text[1:])
    return one_line(f"Not published: {text}")


def report_published(
    session: Session[Doc], published: Published[Doc], *, edited: bool = False
) -> None:
    """After an upload of ``session``'s document: carry on as the gallery holds it (its
    revision, a remix's id: one undo step, on top of any edit made during the upload) and say
    so; "save to keep revision N" when that changed the document, and "without your later
    edits" when the document was ``edited`` while it uploaded (the gallery has the version from
    when Publish was pressed)."""
    held = published.doc
    adopted = session.adopt_identity(held)
    url = published.url + (LATER if edited else "")
    if (session.doc.id, session.doc.revision) != (held.id, held.revision):
        session.status = one_line(f"Published: {url}; {session.status}")
    elif adopted:
        session.status = f"Published: {url} — save to keep revision {held.revision}"
    else:
        session.status = f"Published: {url}"


@dataclass(eq=False)
class _Upload(Generic[Doc]):
    """One upload: the session it was started from, and once ``done``, its outcome."""

    session: Session[Doc]
    doc: Doc
    """The document uploaded (the session's when Publish was pressed)."""
    label: str
    upload: Callable[[], Published[Doc]]
    started: float = field(default_factory=time.monotonic)
    shown: str = ""
    """The last progress line this upload put in the status."""
    message: str = ""
    """What the window said since (it follows the progress line); "" for nothing."""
    outcome: Published[Doc] | Exception | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        """The thread's work: every failure becomes the outcome (one status line later)."""
        try:
            self.outcome = self.upload()
        except Exception as exc:  # not only ours: nothing may reach the console as a traceback
            self.outcome = exc
        finally:
            self.done.set()

    def progress(self) -> str:
        seconds = int(time.monotonic() - self.started)
        return f"Publishing {self.label}…" + (f" ({seconds} s)" if seconds else "")


class Publisher(Generic[Doc]):
    """At most one upload at a time, on a daemon thread; the window polls it once per frame."""

    def __init__(self) -> None:
        self._upload: _Upload[Doc] | None = None

    @property
    def busy(self) -> bool:
        """Whether an upload was started and its result not yet taken by :meth:`poll`."""
        return self._upload is not None

    def refuse_if_busy(self, session: Session[Doc]) -> bool:
        """While an upload runs, say "Already publishing…" and return True (do nothing else)."""
        if self.busy:
            session.status = ALREADY
        return self.busy

    def start(
        self, session: Session[Doc], label: str, upload: Callable[[], Published[Doc]]
    ) -> None:
        """Run ``upload()`` (a snapshot of ``session``'s document, bound in) on a daemon thread;
        the status says "Publishing ``label``…" until :meth:`poll` takes the result."""
        job = _Upload(session, session.doc, label, upload)
        self._upload = job
        session.status = job.shown = job.progress()
        threading.Thread(target=job.run, name="cocreate-publish", daemon=True).start()

    def poll(self, current: Session[Doc]) -> None:
        """Once per frame, with the session the window is on now: the progress line while the
        upload runs, then its result (the identity adopted only if ``current`` is the session
        that was published)."""
        job = self._upload
        if job is None:
            return
        if not job.done.is_set():
            self._show(job, current)
            return
        self._upload = None
        outcome = job.outcome
        assert outcome is not None  # run() stores it before it sets done
        if isinstance(outcome, Exception):
            current.status = not_published(outcome)
        elif current is job.session:
            report_published(current, outcome, edited=current.doc is not job.doc)
        else:
            current.status = f"Published: {outcome.url}{ELSEWHERE}"

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` s for the upload to end; whether none runs now (its result
        still waits for :meth:`poll`)."""
        job = self._upload
        return job is None or job.done.wait(timeout)

    def _show(self, job: _Upload[Doc], session: Session[Doc]) -> None:
        """Put the progress line in the status, followed by the last message the window wrote
        over it since (a save, an added shape); "Already publishing…" and "Finishing the
        upload…" stay as they are (they say it already)."""
        status = session.status
        if status in (ALREADY, FINISHING):
            return
        if status != job.shown:
            job.message = status
        line = job.progress() + (f" — {job.message}" if job.message else "")
        session.status = job.shown = line
