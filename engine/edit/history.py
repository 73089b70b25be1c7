"""The undo history of one open document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic

from engine.edit.command import Command, Doc


@dataclass
class _Step(Generic[Doc]):
    command: Command[Any]
    before: Doc
    after: Doc
    label: str
    """What the Undo/Redo menu calls it (the command's label, or what the editor named it)."""


@dataclass
class History(Generic[Doc]):
    """The current document, with undo and redo.

    ``apply`` runs a command and records the step; ``undo``/``redo`` move along the steps and
    restore the very documents that were there (exact, whatever the command). A command applied
    with ``merge=True`` right after one that accepts it (``Command.merge``) joins that step, so
    dragging a shape is one undo step. ``saved`` marks the document last written to disk:
    ``dirty`` says whether the current one differs. At most ``limit`` steps are kept.
    """

    doc: Doc
    limit: int = 500
    _done: list[_Step[Doc]] = field(default_factory=list)
    _undone: list[_Step[Doc]] = field(default_factory=list)
    _saved: Doc | None = None
    _mergeable: bool = False

    def __post_init__(self) -> None:
        self._saved = self.doc

    def apply(self, command: Command[Any], *, merge: bool = False, label: str | None = None) -> Doc:
        """Apply ``command`` to the current document; raise ``EditError`` and change nothing
        when it does not apply. ``label`` names the step (default: the command's label)."""
        after: Doc = command.apply(self.doc)
        if merge and self._mergeable and self._done:
            last = self._done[-1]
            joined = last.command.merge(command)
            if joined is not None:
                self._done[-1] = _Step(joined, last.before, after, last.label)
                self.doc = after
                self._undone.clear()
                return after
        self._done.append(_Step(command, self.doc, after, label or command.label))
        del self._done[: -self.limit]
        self._undone.clear()
        self.doc = after
        self._mergeable = merge
        return after

    def end_merge(self) -> None:
        """The drag is over: the next command starts a new step even with ``merge=True``."""
        self._mergeable = False

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_label(self) -> str | None:
        return self._done[-1].label if self._done else None

    @property
    def redo_label(self) -> str | None:
        return self._undone[-1].label if self._undone else None

    def undo(self) -> Doc:
        if self._done:
            step = self._done.pop()
            self._undone.append(step)
            self.doc = step.before
        self._mergeable = False
        return self.doc

    def redo(self) -> Doc:
        if self._undone:
            step = self._undone.pop()
            self._done.append(step)
            self.doc = step.after
        self._mergeable = False
        return self.doc

    def mark_saved(self) -> None:
        """The current document is what is on disk now."""
        self._saved = self.doc

    def mark_unsaved(self) -> None:
        """No document is on disk yet (an imported one, say): every state is unsaved."""
        self._saved = None

    @property
    def dirty(self) -> bool:
        """Whether the current document differs from the one last saved (undoing back to it
        makes the document clean again)."""
        return self.doc is not self._saved and self.doc != self._saved
