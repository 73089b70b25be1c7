"""Editing a document: command objects and an undo history, free of any GUI.

The editor (and anything else that changes a creation: importers, scripts, tests) changes a
document only through commands. A command is a small frozen value that knows how to turn one
document into the next (``apply``) and says what it does (``label``, for the Undo menu). Documents
are immutable msgspec Structs, so a command returns a new document that shares every part it did
not touch, and undo is exact: the history keeps the documents, not inverse operations.

- ``command.py``: the ``Command`` base and the helpers commands use to replace a nested part.
- ``history.py``: ``History`` (apply, undo, redo, merging drags, the saved mark).
- ``level/``: the commands of the level editor; ``design/``: those of the design editor;
  ``meta.py``: title, description, tags, licence, author (both kinds).
"""

from engine.edit.command import Command, Together
from engine.edit.history import History

__all__ = ["Command", "History", "Together"]
