"""One open level in the editor: its undo history, file, selection and status line.

Everything the editor does to a level goes through :meth:`EditorSession.apply` with a command
from ``engine.edit.level``; a command that does not apply leaves the level as it was and its
message becomes the status line. No pygame here: the session is tested without a window.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine import fileio
from engine.document import Document, LevelDocument
from engine.edit import Command, History
from engine.edit.command import replace
from engine.edit.meta import SetIdentity
from engine.errors import EditError, Problem
from engine.starter import new_level, now_utc
from engine.validation import validate

APP_NAME = "cocreate"
UNTITLED = "untitled level"
STAMP_LABEL = "Stamp modified time"


@dataclass(frozen=True)
class StampModified(Command[LevelDocument]):
    """Set ``meta.modified`` (saving does this; ``engine.edit.meta`` leaves it to saving). Undo
    and redo step over it together with the edit before it, so it is never an undo step alone."""

    when: str

    @property
    def label(self) -> str:
        return STAMP_LABEL

    def apply(self, doc: LevelDocument) -> LevelDocument:
        return replace(doc, meta=replace(doc.meta, modified=self.when))


def _level(doc: Document, source: str = "") -> LevelDocument:
    if not isinstance(doc, LevelDocument):
        kind = type(doc).__name__.removesuffix("Document").lower()
        raise EditError(f"is a {kind}, not a level: the level editor opens levels", source=source)
    return doc


def ids_of(doc: LevelDocument) -> set[int]:
    """The ids of every shape and entity of ``doc``."""
    level = doc.level
    return {s.id for s in level.shapes} | {e.id for e in level.entities}


class EditorSession:
    """The level being edited, with undo/redo, the file it came from, and the selection."""

    grid: float = 8.0

    def __init__(self, doc: Document, path: Path | None = None) -> None:
        self.history: History[LevelDocument] = History(_level(doc, str(path or "")))
        self.path: Path | None = path
        self.selection: frozenset[int] = frozenset()
        self.status: str = ""
        self.grid = EditorSession.grid
        self._problems: tuple[LevelDocument, list[Problem]] | None = None

    @classmethod
    def new_level(cls, path: Path | None = None) -> EditorSession:
        """A fresh starter level (ground, spawn, goal), not yet saved."""
        return cls(new_level(), path)

    @classmethod
    def open(cls, path: Path) -> EditorSession:
        """The level in ``path`` (a ``CocreateError`` when it cannot be read or is no level)."""
        session = cls(_level(fileio.load(path), str(path)), path)
        session.status = f"Opened {path.name}"
        return session

    @property
    def doc(self) -> LevelDocument:
        return self.history.doc

    @property
    def dirty(self) -> bool:
        return self.history.dirty

    @property
    def title(self) -> str:
        """The window title: ``"• first-steps.cocreate — cocreate"`` (the dot when unsaved)."""
        name = self.path.name if self.path is not None else UNTITLED
        return f"{'• ' if self.dirty else ''}{name} — {APP_NAME}"

    def _keep_existing(self) -> None:
        if self.selection:
            self.selection = self.selection & ids_of(self.doc)

    def apply(self, command: Command[Any], *, merge: bool = True) -> bool:
        """Apply ``command``; False (status says why, level unchanged) when it does not apply.
        Consecutive mergeable commands (a drag) become one undo step unless ``end_drag`` was
        called in between."""
        try:
            self.history.apply(command, merge=merge)
        except EditError as err:
            self.status = str(err)
            return False
        self.status = ""
        self._keep_existing()
        return True

    def adopt_identity(self, doc: LevelDocument) -> bool:
        """Carry on as the gallery holds ``doc`` after a publish: its ``id``, ``revision`` and
        ``meta.parents`` (one undo step, :class:`~engine.edit.meta.SetIdentity`; the level is
        unsaved until saved). False when they are the same already, or do not apply."""
        mine = self.doc
        if (doc.id, doc.revision, doc.meta.parents) == (mine.id, mine.revision, mine.meta.parents):
            return False
        parents = tuple(doc.meta.parents)
        return self.apply(SetIdentity(doc.id, doc.revision, parents), merge=False)

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

    def select(self, ids: Iterable[int], *, add: bool = False) -> None:
        """Select ``ids`` (those that exist), or add them to the selection with ``add``."""
        chosen = frozenset(ids) & ids_of(self.doc)
        self.selection = self.selection | chosen if add else chosen

    def save(self, path: Path | None = None) -> Path:
        """Write the level atomically to ``path`` (or where it came from) and remember it.
        A changed level gets ``meta.modified`` set to now first (not an undo step of its own:
        see :class:`StampModified`); the document is clean afterwards."""
        target = path if path is not None else self.path
        if target is None:
            raise ValueError("no path to save to: this level has never been saved")
        stamp = StampModified(max(now_utc(), self.doc.meta.created)) if self.dirty else None
        fileio.save(self.doc if stamp is None else stamp.apply(self.doc), target)
        if stamp is not None:  # written: now the history holds what the file does
            self.history.apply(stamp, merge=False)
        self.path = target
        self.history.mark_saved()
        self.status = f"Saved {target.name}"
        return target

    def problems(self) -> list[Problem]:
        """What ``engine.validation`` finds wrong with the level (computed once per document)."""
        doc = self.doc
        if self._problems is None or self._problems[0] is not doc:
            self._problems = (doc, validate(doc))
        return list(self._problems[1])
