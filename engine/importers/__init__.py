"""Maps made with other editors turned into cocreate levels: Tiled (``.tmx``, ``.tmj``,
``.json``) and LDtk (``.ldtk``).

Each reader fills a :class:`~engine.importers.build.LevelBuilder`; :func:`import_map` picks the
reader by the file's suffix and builds the level, which the engine's validation has checked.
What a map holds that a level cannot comes back as notes, one line each.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from engine.document import LevelDocument
from engine.importers.build import MapError

SUFFIXES = {".tmx": "tiled", ".tmj": "tiled", ".json": "tiled", ".ldtk": "ldtk"}


@dataclass
class Imported:
    document: LevelDocument
    notes: list[str]
    """What was not carried over (or was changed), one line each."""


def import_map(
    path: str | os.PathLike[str],
    *,
    level: str | None = None,
    others_note: bool = True,
    scale: int | None = None,
) -> Imported:
    """The level made from the map at ``path`` (``level``: which of an LDtk project's levels,
    by name; the first when None; ``others_note``: say which other levels it has; ``scale``:
    enlarge it this many times, None: so that its tiles fit cocreate's player, see
    :meth:`~engine.importers.build.LevelBuilder.fitting_scale`). Raises
    :class:`MapError` (or :class:`~engine.errors.FileAccessError` for a path that is not a
    readable file)."""
    name = os.fspath(path)
    source = _readable(name)
    kind = SUFFIXES.get(source.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(SUFFIXES))
        raise MapError(f"not a map this cocreate imports (it reads {known})", source=name)
    if kind == "tiled":
        if level is not None:
            raise MapError("--level is for LDtk projects; a Tiled map is one level", source=name)
        from engine.importers.tiled import read_tiled

        builder = read_tiled(source)
    else:
        from engine.importers.ldtk import read_ldtk

        builder = read_ldtk(source, level=level, others_note=others_note)
    return Imported(builder.build(scale), builder.notes)


def level_names(path: str | os.PathLike[str]) -> list[str]:
    """The levels of the map at ``path``: an LDtk project's level names in order; for a Tiled
    map (one level) an empty list. Raises as :func:`import_map` does."""
    source = _readable(os.fspath(path))
    if SUFFIXES.get(source.suffix.lower()) != "ldtk":
        return []
    from engine.importers.ldtk import level_names as names

    return names(source)


def _readable(name: str) -> Path:
    """``name`` as a path, or a :class:`~engine.errors.FileAccessError` when it is a folder or
    does not exist (the readers say what else is wrong with it)."""
    from engine.errors import FileAccessError

    source = Path(name)
    if source.is_dir():
        raise FileAccessError("is a directory, not a file", source=name)
    if not source.exists():
        raise FileAccessError("no such file", source=name)
    return source


__all__ = ["SUFFIXES", "Imported", "MapError", "import_map", "level_names"]
