"""What both editors' inspectors share: a field the user leaves is applied, and whether the
keyboard is theirs (a field has the focus, or the modal colour picker is open), so the canvas's
shortcuts leave keys alone."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Generic, TypeVar

from pygame_gui.elements import UITextEntryLine

from editor.colour_picker import ColourPicker

S = TypeVar("S")


class FieldPanel(ABC, Generic[S]):
    """Mixed into an inspector that keeps its text fields in ``entries`` (by key), its colour
    picker in ``picker``, the field focused last in ``_focused``, and applies a field with
    :meth:`change`."""

    entries: dict[str, UITextEntryLine]
    picker: ColourPicker
    _focused: str | None

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
