"""What the level and design editors' sessions share: one open document with its undo history,
file, status line, and atomic save.

Everything an editor does to its document goes through :meth:`DocumentSession.apply` with a
command from ``engine.edit``; a command that does not apply leaves the document as it was and
its message becomes the status line. Saving stamps ``meta.modified`` and ``app`` (see
:class:`StampModified`). No pygame here: sessions are tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Generic

from engine import APP, fileio
from engine.document import FORMAT_VERSION
from engine.edit import Command, History
from engine.edit.command import Doc, replace
from engine.errors import EditError
from engine.starter import now_utc

APP_NAME = "cocreate"
STAMP_LABEL = "Stamp modified time"


@dataclass(frozen=True)
class StampModified(Command[Any]):
    """Set ``meta.modified`` (saving does this; ``engine.edit.meta`` leaves it to saving). Undo
    and redo step over it together with the edit before it, so it is never an undo step alone."""

    when: str

    @property
    def label(self) -> str:
        return STAMP_LABEL

    def apply(self, doc: Any) -> Any:
        # the program that wrote the file: this one now (a file from another cocreate, or an
        # older format migrated on load, is written as this one writes it)
        return replace(doc, app=APP, meta=replace(doc.meta, modified=self.when))


def opened(path: Path, doc: Any) -> str:
    """The status line for a document just opened from ``path``: saying so when another
    cocreate wrote it (an older format is migrated on load; saving writes this one's)."""
    if doc.app == APP:
        return f"Opened {path.name}"
    return (
        f"Opened {path.name}, written by {doc.app}: saving writes it as {APP} does "
        f"(format {FORMAT_VERSION})"
    )


class DocumentSession(Generic[Doc]):
    """A document being edited, with undo/redo and the file it came from (None: untitled)."""

    noun: ClassVar[str] = "document"
    """What the document is called in messages ("level", "design")."""

    def __init__(self, doc: Doc, path: Path | None = None) -> None:
        self.history: History[Doc] = History(doc)
        self.path: Path | None = path
        self.status: str = ""
        self.suggested: Path | None = None
        """Where Save As proposes to save it while it has no file (an imported map: its own
        name, beside it)."""
        self.notes: list[str] = []
        """What opening it had to say at length (an import's notes), shown once in a window."""

    @property
    def doc(self) -> Doc:
        return self.history.doc

    @property
    def dirty(self) -> bool:
        return self.history.dirty

    @property
    def title(self) -> str:
        """The window title: ``"• first-steps.cocreate — cocreate"`` (the dot when unsaved)."""
        if self.path is not None:
            name = self.path.name
        elif self.suggested is not None:
            name = f"{self.suggested.stem} (not saved yet)"
        else:
            name = f"untitled {self.noun}"
        return f"{'• ' if self.dirty else ''}{name} — {APP_NAME}"

    def _keep_existing(self) -> None:
        """After the document changed: drop what the selection names that is gone."""

    def adopt_identity(self, doc: Doc) -> bool:
        """Carry on as the gallery holds ``doc`` after a publish: its ``id``, ``revision``,
        ``meta.parents`` and ``meta.author`` (a remix is credited to its remixer), as one undo
        step (:class:`~engine.edit.meta.SetIdentity`; the document is unsaved until saved).
        False when they are the same already, or do not apply."""
        from engine.edit import Together
        from engine.edit.meta import SetAuthor, SetIdentity

        mine = self.doc
        theirs = (doc.id, doc.revision, doc.meta.parents, doc.meta.author)
        if theirs == (mine.id, mine.revision, mine.meta.parents, mine.meta.author):
            return False
        identity = SetIdentity(doc.id, doc.revision, tuple(doc.meta.parents))
        if doc.meta.author == mine.meta.author:
            return self.apply(identity, merge=False)
        both = Together((identity, SetAuthor(doc.meta.author)), identity.label)
        return self.apply(both, merge=False)

    def apply(self, command: Command[Any], *, merge: bool = True) -> bool:
        """Apply ``command``; False (status says why, document unchanged) when it does not
        apply. Consecutive mergeable commands (a drag) become one undo step unless
        ``end_drag`` was called in between."""
        label = self.describe(command)
        try:
            self.history.apply(command, merge=merge, label=label)
        except EditError as err:
            self.status = str(err)
            return False
        self.status = label  # what was done (a tool may say more)
        self._keep_existing()
        return True

    def describe(self, command: Command[Any]) -> str:
        """What ``command`` does, in the words of this editor (for Undo and the status bar)."""
        return command.label

    def end_drag(self) -> None:
        """The next command starts a new undo step, even if it could merge with the last."""
        self.history.end_merge()

    def undo(self) -> bool:
        history = self.history
        if history.undo_label == STAMP_LABEL:
            history.undo()  # the save's time stamp goes with the edit before it
            if not history.can_undo:
                self.status = "Undid the time stamp of the last save"
                self._keep_existing()
                return True
        if not history.can_undo:
            self.status = "Nothing to undo"
            return False
        label = history.undo_label
        history.undo()
        self.status = f"Undid {label}"
        self._keep_existing()
        return True

    def redo(self) -> bool:
        if not self.history.can_redo:
            self.status = "Nothing to redo"
            return False
        label = self.history.redo_label
        self.history.redo()
        if self.history.redo_label == STAMP_LABEL:
            self.history.redo()  # back to the document as it was saved
        self.status = f"Redid {label}"
        self._keep_existing()
        return True

    def save(self, path: Path | None = None) -> Path:
        """Write the document atomically to ``path`` (or where it came from) and remember it.
        A changed document gets ``meta.modified`` set to now first (not an undo step of its
        own: see :class:`StampModified`); the document is clean afterwards."""
        target = path if path is not None else self.path
        if target is None:
            raise ValueError(f"no path to save to: this {self.noun} has never been saved")
        stamp: StampModified | None = None
        if self.dirty:
            stamp = StampModified(max(now_utc(), self.doc.meta.created))
        elif self.doc.app != APP:  # unchanged, but written by this cocreate now
            stamp = StampModified(self.doc.meta.modified)
        fileio.save(self.doc if stamp is None else stamp.apply(self.doc), target)
        if stamp is not None:  # written: now the history holds what the file does
            self.history.apply(stamp, merge=False)
        self.path = target
        self.history.mark_saved()
        self.status = f"Saved {target.name}"
        return target
