"""One open level in the editor: its undo history, file, selection and status line.

Everything the editor does to a level goes through :meth:`EditorSession.apply` with a command
from ``engine.edit.level``; a command that does not apply leaves the level as it was and its
message becomes the status line. No pygame here: the session is tested without a window.

The session also holds the clipboard and the keyboard's edits of the selection: ``duplicate``
(Ctrl+D), ``copy`` / ``paste`` (Ctrl+C / Ctrl+V, values not ids, so a paste works after the
originals are gone), ``select_all`` (Ctrl+A) and ``nudge`` (the arrow keys).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.document_session import APP_NAME as APP_NAME
from editor.document_session import STAMP_LABEL as STAMP_LABEL
from editor.document_session import DocumentSession
from editor.document_session import StampModified as StampModified
from editor.picking import split_ids
from engine import fileio
from engine.document import Document, LevelDocument
from engine.edit import Command
from engine.edit.level import DuplicateSelection, MoveSelection, PasteItems
from engine.edit.meta import SetIdentity
from engine.errors import EditError, Problem
from engine.level.entities import Entity
from engine.level.model import Link, Shape
from engine.starter import new_level
from engine.validation import validate

UNTITLED = "untitled level"
COPY_OFFSET = 16.0
"""How far (world px) a duplicate or paste lands from the original when the grid is off (on:
one grid step); each further paste of the same copy lands one offset further."""
NUDGE_BIG = 10
"""Shift+arrow nudges this many grid steps (1 px each when the grid is off)."""


def _things(n: int) -> str:
    return f"{n} thing{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Clipboard:
    """What Ctrl+C copied: shape and entity values (in document order) and the links between
    the copied entities."""

    items: tuple[Shape | Entity, ...]
    links: tuple[Link, ...]


def _level(doc: Document, source: str = "") -> LevelDocument:
    if not isinstance(doc, LevelDocument):
        kind = type(doc).__name__.removesuffix("Document").lower()
        raise EditError(f"is a {kind}, not a level: the level editor opens levels", source=source)
    return doc


def ids_of(doc: LevelDocument) -> set[int]:
    """The ids of every shape and entity of ``doc``."""
    level = doc.level
    return {s.id for s in level.shapes} | {e.id for e in level.entities}


class EditorSession(DocumentSession[LevelDocument]):
    """The level being edited, with undo/redo, the file it came from, and the selection (the
    history, status line, undo, redo and save are :class:`DocumentSession`'s)."""

    grid: float = 8.0
    noun = "level"

    def __init__(self, doc: Document, path: Path | None = None) -> None:
        super().__init__(_level(doc, str(path or "")), path)
        self.selection: frozenset[int] = frozenset()
        self.grid = EditorSession.grid
        self._problems: tuple[LevelDocument, list[Problem]] | None = None
        self.clipboard: Clipboard | None = None
        self._pastes = 0  # pastes of the clipboard so far: each lands one offset further

    @classmethod
    def new_level(cls, path: Path | None = None) -> EditorSession:
        """A fresh starter level (ground, spawn, goal), not yet saved."""
        return cls(new_level(), path)

    @classmethod
    def open(cls, path: Path) -> EditorSession:
        """The level in ``path`` (a ``CocreateError`` when it cannot be read or is no level).

        A Tiled or LDtk map (see :mod:`engine.importers`) is imported as a new, unsaved level
        (saving asks where); the status bar says how many notes the import made, and the
        first."""
        from engine.importers import SUFFIXES

        if path.suffix.lower() in SUFFIXES:
            from engine.importers import import_map

            imported = import_map(path)
            session = cls(imported.document, None)
            session.history.mark_unsaved()
            notes = imported.notes
            session.status = f"Imported {path.name} (not saved yet)" + (
                f"; {len(notes)} note{'s' if len(notes) > 1 else ''}: {notes[0]}" if notes else ""
            )
            return session
        session = cls(_level(fileio.load(path), str(path)), path)
        session.status = f"Opened {path.name}"
        return session

    def _keep_existing(self) -> None:
        if self.selection:
            self.selection = self.selection & ids_of(self.doc)

    def adopt_identity(self, doc: LevelDocument) -> bool:
        """Carry on as the gallery holds ``doc`` after a publish: its ``id``, ``revision`` and
        ``meta.parents`` (one undo step, :class:`~engine.edit.meta.SetIdentity`; the level is
        unsaved until saved). False when they are the same already, or do not apply."""
        mine = self.doc
        if (doc.id, doc.revision, doc.meta.parents) == (mine.id, mine.revision, mine.meta.parents):
            return False
        parents = tuple(doc.meta.parents)
        return self.apply(SetIdentity(doc.id, doc.revision, parents), merge=False)

    def select(self, ids: Iterable[int], *, add: bool = False) -> None:
        """Select ``ids`` (those that exist), or add them to the selection with ``add``."""
        chosen = frozenset(ids) & ids_of(self.doc)
        self.selection = self.selection | chosen if add else chosen

    def select_all(self) -> None:
        """Select every shape and entity."""
        self.selection = frozenset(ids_of(self.doc))
        self.status = f"Selected {_things(len(self.selection))}"

    def _selected(self) -> tuple[int, ...]:
        """The selected ids, shapes then entities, each in document order."""
        shapes, entities = split_ids(self.doc, self.selection)
        return (*shapes, *entities)

    def _offset(self) -> float:
        return self.grid if self.grid > 0 else COPY_OFFSET

    def _added(self, command: Command[Any], verb: str) -> bool:
        """Apply ``command`` (one that adds things from ``next_id`` on) as an undo step of its
        own and select what it added."""
        first = self.doc.level.next_id
        if not self.apply(command, merge=False):
            return False
        added = range(first, self.doc.level.next_id)
        self.select(added)
        self.status = f"{verb} {_things(len(added))}"
        return True

    def duplicate(self) -> bool:
        """Copy the selection in place, one grid step (``COPY_OFFSET`` without a grid) right
        and down, and select the copies; False (status says why) when nothing was added."""
        ids = self._selected()
        if not ids:
            self.status = "Nothing selected to duplicate"
            return False
        step = self._offset()
        return self._added(DuplicateSelection(ids, step, step), "Duplicated")

    def copy(self) -> bool:
        """Put the selection's values (and the links between them) on the clipboard."""
        ids = self._selected()
        if not ids:
            self.status = "Nothing selected to copy"
            return False
        level = self.doc.level
        chosen = set(ids)
        items: list[Shape | Entity] = [s for s in level.shapes if s.id in chosen]
        items += [e for e in level.entities if e.id in chosen]
        links = tuple(k for k in level.links if k.source in chosen and k.target in chosen)
        self.clipboard = Clipboard(tuple(items), links)
        self._pastes = 0
        self.status = f"Copied {_things(len(items))}"
        return True

    def paste(self) -> bool:
        """Add the clipboard's things, each paste one offset further from the originals (so
        repeated pastes cascade), and select them."""
        board = self.clipboard
        if board is None:
            self.status = "Nothing to paste: copy something first (Ctrl+C)"
            return False
        offset = self._offset() * (self._pastes + 1)
        if not self._added(PasteItems(board.items, offset, offset, board.links), "Pasted"):
            return False
        self._pastes += 1
        return True

    def nudge(self, dx: int, dy: int, *, big: bool = False) -> bool:
        """Move the selection ``dx, dy`` grid steps (1 px without a grid; ``NUDGE_BIG`` times
        that with ``big``). Nudges in a row merge into one undo step, as a drag's moves do."""
        shapes, entities = split_ids(self.doc, self.selection)
        if not shapes and not entities:
            return False
        step = (self.grid if self.grid > 0 else 1.0) * (NUDGE_BIG if big else 1)
        return self.apply(MoveSelection(shapes, entities, dx * step, dy * step), merge=True)

    def problems(self) -> list[Problem]:
        """What ``engine.validation`` finds wrong with the level (computed once per document)."""
        doc = self.doc
        if self._problems is None or self._problems[0] is not doc:
            self._problems = (doc, validate(doc))
        return list(self._problems[1])
