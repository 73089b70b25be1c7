"""What both editors' inspectors share: a field the user leaves is applied; an edit that would
make the object it edits invalid is refused with validation's reason; after an accepted edit
every field shows what the document holds; Esc in a field leaves it as it was; and whether the
keyboard is theirs (a field has the focus, or the modal colour picker is open), so the canvas's
shortcuts leave keys alone."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine

from editor.colour_picker import ColourPicker
from editor.values import refusal, reworded
from engine.document import Document
from engine.edit import Command
from engine.errors import EditError, Problem
from engine.validation import validate

S = TypeVar("S")


class Shown(Protocol):
    """A field as its panel shows it: ``value`` is the document's value as text."""

    @property
    def value(self) -> str: ...


class FieldPanel(ABC, Generic[S]):
    """Mixed into an inspector that keeps its fields in ``fields`` and its text fields in
    ``entries`` (by key), its colour picker in ``picker``, the field focused last in
    ``_focused``, the documents it validated last in ``_validated`` (empty at first), and
    applies a field with :meth:`change`."""

    manager: pygame_gui.UIManager
    fields: Mapping[str, Shown]
    entries: dict[str, UITextEntryLine]
    picker: ColourPicker
    _focused: str | None
    _validated: list[tuple[Document, list[Problem]]]
    _refresh: bool
    """An edit was accepted: the next sync sets every text field to the document's value (a
    focused one too: "1e308" typed for a rotation shows the -81 it became)."""

    @abstractmethod
    def change(self, session: S, key: str, text: str) -> bool:
        """Set field ``key`` to ``text``; False when refused (the status bar says why)."""

    @property
    def typing(self) -> bool:
        """Whether a field or the colour picker has the keyboard (canvas shortcuts must leave
        the keys to it: the picker is modal)."""
        return self.picker.is_open or any(entry.is_focused for entry in self.entries.values())

    def check_focus(self, session: S) -> None:
        """Apply a field the user just left (called after the manager saw each event)."""
        focused = next((k for k, e in self.entries.items() if e.is_focused), None)
        left, self._focused = self._focused, focused
        if left is not None and left != focused and left in self.entries:
            self.change(session, left, self.entries[left].get_text())

    def entered(self, session: S, key: str) -> None:
        """Enter in field ``key``: apply it and give the keys back to the canvas, so that
        Ctrl+Z undoes the change and Ctrl+S saves it (a field keeping the focus took them)."""
        self._focused = None  # applied here, not again when the focus leaves
        self.manager.set_focus_set(None)
        self.change(session, key, self.entries[key].get_text())

    def escape(self, event: pygame.event.Event) -> bool:
        """Esc in a field: leave it, showing the document's value again (nothing applied);
        True when it was (the canvas must not see this Esc: it would clear the selection)."""
        if event.type != pygame.KEYDOWN or event.key != pygame.K_ESCAPE:
            return False
        key = next((k for k, e in self.entries.items() if e.is_focused), None)
        if key is None:
            return False
        self._focused = None  # left without being applied
        self.entries[key].set_text(self.fields[key].value)
        self.manager.set_focus_set(None)
        return True

    def check(self, doc: Document, command: Command[Any], paths: Sequence[str]) -> None:
        """Raise ``EditError`` ("Not changed: …" with the command's or validation's reason)
        when ``command`` does not apply to ``doc`` or would add a problem at one of ``paths``,
        the edited object's (see :func:`editor.values.refusal`)."""
        try:
            after = command.apply(doc)
        except EditError as err:
            raise reworded(err, paths) from None
        refused = refusal(self._problems(doc), self._problems(after), paths)
        if refused is not None:
            raise refused

    def _problems(self, doc: Document) -> list[Problem]:
        """``validate(doc)``, kept for the last two documents (the one edited and the edit's
        result, which is the next one edited when it is accepted)."""
        for seen, problems in self._validated:
            if seen is doc:
                return problems
        found = validate(doc)
        self._validated = [*self._validated[-1:], (doc, found)]
        return found
