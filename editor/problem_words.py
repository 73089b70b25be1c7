"""Problems in the editors' own words: naming, rewording, sorting and wrapping (pure: no pygame).

Each problem names what it is about as the rest of the editor does ("Shape 5", "Crate 10", "Tile
layer 1 'terrain'", "Layer 2 'headline'", "Level"), not by JSON path, and without the engine's
limit names (:func:`level_words`, :func:`design_words`); :func:`level_problems` lists
validation's problems first, then what a valid draft still needs before it is published
(``engine.validation.publish``); :func:`summary` sums them up for the status line, and
:func:`list_lines` wraps them for a list.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from engine.document import DesignDocument, Document, LevelDocument
from engine.errors import Problem
from engine.validation.publish import unpublishable

NO_PROBLEMS = "No problems"
BEFORE_PUBLISHING = "Before publishing:"
"""The list's line above what only Publish needs (the status line says "before publishing")."""
INDENT = "    "
"""What a problem's second and further lines start with in the list."""

_ITEM = re.compile(r"^\$\.level\.(shapes|entities|decorations)\[(\d+)\]")
_PATH = re.compile(r"\$((?:\.[A-Za-z_]\w*|\[[^\]]*\])+)")
_STEP = re.compile(r"\.([A-Za-z_]\w*)|\[([^\]]*)\]")
_LIMIT = re.compile(r" \(limit [A-Z][A-Z0-9_]*\)")
_SEVERITY = re.compile(r"^(error|warning): ")
_ASIDE = re.compile(r"^ \([^)]*\)")
_TOKEN = re.compile(r"\(\S+, \S+\)\S*|\S+")
"""A word, or a point "(80, 40)" (kept on one line)."""
_NUMBERED = re.compile(r"^[A-Z][a-z ]* (\d+)$")
_FIELD_WORDS = {"one_way": "one-way", "color": "colour", "colors": "colours"}
_LEVEL_FIELDS = {
    ("size", "width"): "width",
    ("size", "height"): "height",
    ("gravity", "x"): "gravity x",
    ("gravity", "y"): "gravity y",
    ("background", "color"): "background",
}
"""Level fields named as the inspector labels them."""

Step = str | int
Named = tuple[str, list[Step]]
"""What a path names ("Shape 5") and the steps left after it (the field: ``["points"]``)."""


def target_of(doc: LevelDocument, path: str) -> int | None:
    """The id of the shape, entity or decoration that ``path`` names, or None."""
    match = _ITEM.match(path)
    if match is None:
        return None
    level = doc.level
    items: list[Any] = getattr(level, match.group(1))
    index = int(match.group(2))
    return items[index].id if index < len(items) else None


# -- the editor's words (pure) -------------------------------------------------------------------


def _steps(path: str) -> list[Step]:
    """``".level.shapes[2].points"`` as ``["level", "shapes", 2, "points"]``."""
    out: list[Step] = []
    for match in _STEP.finditer(path):
        key, index = match.groups()
        out.append(key if key is not None else int(index) if index.isdigit() else index)
    return out


def _field(steps: Sequence[Step]) -> str:
    """Steps in words: ``["holes", 0]`` is "hole 1", ``["one_way"]`` "one-way"."""
    words: list[str] = []
    for step in steps:
        if isinstance(step, int):
            if words:
                words[-1] = words[-1].removesuffix("s")
            words.append(str(step + 1))
        else:
            words.append(_FIELD_WORDS.get(step, step.replace("_", " ")))
    return " ".join(words)


def _kind(ent: Any) -> str:
    return str(type(ent).__struct_config__.tag).replace("_", " ")


def _item_name(section: str, item: Any, index: int) -> str:
    """A level's shape, entity... as the inspector's heading and the status line name it."""
    if section == "shapes":
        return f"Shape {item.id}"
    if section == "entities":
        return f"{_kind(item).capitalize()} {item.id}"
    if section == "decorations":
        return f"Decoration {item.id}"
    if section == "tile_layers":
        return f"Tile layer {index + 1} {item.name!r}"
    if section == "materials":
        return f"Material {item.name!r}"
    return f"Link {item.source} to {item.target}"


def _common(doc: Document, steps: list[Step]) -> Named | None:
    """What a path outside the level or design names: a meta field or an asset."""
    if steps[:1] == ["meta"] and len(steps) > 1:
        return _field(steps[1:2]).capitalize(), steps[2:]
    if steps[:1] == ["assets"] and len(steps) > 1:
        key = str(steps[1]).rstrip("…")
        asset = next((a for k, a in doc.assets.items() if key and k.startswith(key)), None)
        return (f"Asset {asset.name!r}" if asset else "Asset"), steps[2:]
    return None


def _level_name(doc: LevelDocument, steps: list[Step]) -> Named | None:
    if steps[:1] != ["level"]:
        return _common(doc, steps)
    level = doc.level
    section = steps[1] if len(steps) > 1 else ""
    if len(steps) > 2 and isinstance(steps[2], int) and isinstance(section, str):
        items: list[Any] | None = getattr(level, section, None)
        if not isinstance(items, list) or steps[2] >= len(items):
            return None
        return _item_name(section, items[steps[2]], steps[2]), steps[3:]
    rest = steps[1:]
    known = _LEVEL_FIELDS.get((str(rest[0]), str(rest[1]))) if len(rest) == 2 else None
    return "Level", [known] if known else rest


def _design_name(doc: DesignDocument, steps: list[Step]) -> Named | None:
    if steps[:1] != ["design"]:
        return _common(doc, steps)
    design = doc.design
    rest = steps[1:]
    if rest[:1] == ["layers"] and len(rest) > 1 and isinstance(rest[1], int):
        if rest[1] >= len(design.layers):
            return None
        return f"Layer {rest[1] + 1} {design.layers[rest[1]].name!r}", rest[2:]
    if rest[:1] == ["layers"]:
        return "Layers", rest[1:]
    if rest[:2] == ["garment", "colors"] and len(rest) > 2 and isinstance(rest[2], int):
        if rest[2] >= len(design.garment.colors):
            return None
        return f"Garment colour {design.garment.colors[rest[2]].name!r}", rest[3:]
    if rest[:1] == ["garment"]:
        return "Garment", rest[1:]
    if rest[:1] == ["print_area"]:
        return "Print area", rest[1:]
    return "Design", rest


@dataclass(frozen=True)
class Words:
    """One problem in the editor's words: what it is about, the field, and what is wrong."""

    name: str
    field: str
    message: str
    severity: str = ""
    """"Warning" or "Error" for a design's preflight finding, else empty."""

    def __str__(self) -> str:
        parts = [p for p in (self.name, self.field, self.message) if p]
        return (f"{self.severity}: " if self.severity else "") + ": ".join(parts)

    @property
    def detail(self) -> str:
        """What is wrong, for a line that names the thing already ("Added shape 5: …"); a
        shape's outline (``points``) goes without saying."""
        return self.message if self.field in ("", "points") else f"{self.field}: {self.message}"


NameOf = Callable[[list[Step]], Named | None]


def _reference(match: re.Match[str], name_of: NameOf) -> str:
    """A path inside a message ("already used by $.level.shapes[2]") in words."""
    named = name_of(_steps(match.group(1)))
    if named is None:
        return match.group(0).removeprefix("$.")
    name, rest = named
    if name == "Level" and rest:
        return f"the level's {_field(rest)}"
    return " ".join(p for p in (name, _field(rest)) if p)


def words_of(text: str, name_of: NameOf) -> Words:
    """A problem line (``[severity: ]path: message``) in words, names found by ``name_of``."""
    severity = ""
    found = _SEVERITY.match(text)
    if found is not None:
        severity, text = found.group(1).capitalize(), text[found.end() :]
    text = _LIMIT.sub("", text)
    path = _PATH.match(text)
    named = name_of(_steps(path.group(1))) if path is not None else None
    if path is None or named is None:
        message = _PATH.sub(lambda m: _reference(m, name_of), text.removeprefix("$."))
        return Words("", "", message, severity)
    rest = _ASIDE.sub("", text[path.end() :])  # preflight names the layer: so do we
    message = _PATH.sub(lambda m: _reference(m, name_of), rest.removeprefix(": "))
    name, steps = named
    return Words(name, _field(steps), message, severity)


def level_words(doc: LevelDocument, text: str) -> Words:
    """A level's problem line in the level editor's words."""
    return words_of(text, lambda steps: _level_name(doc, steps))


def design_words(doc: DesignDocument, text: str) -> Words:
    """A design's problem or preflight line in the design editor's words."""
    return words_of(text, lambda steps: _design_name(doc, steps))


def reworded(text: str, words: Callable[[str], Words]) -> str:
    """A status message in words from the first path it names on (a refused edit's message,
    "Cannot play: $.level…"), without limit names; else as it is."""
    found = _PATH.search(text)
    if found is None:
        return _LIMIT.sub("", text)
    severity = _SEVERITY.match(text)
    start = 0 if severity is not None and severity.end() == found.start() else found.start()
    return text[:start] + str(words(text[start:]))


# -- the level's problems --------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """One problem of the list: its words, its path (what a click selects), and whether only
    Publish needs it fixed."""

    words: Words
    path: str
    publish_only: bool = False

    def __str__(self) -> str:
        return str(self.words)


def level_problems(doc: LevelDocument, problems: Sequence[Problem]) -> list[Listed]:
    """``problems`` (validation's, for ``doc``), then what publishing needs besides."""
    listed = [Listed(level_words(doc, str(p)), p.path) for p in problems]
    extra = unpublishable(doc)
    listed += [Listed(level_words(doc, str(p)), p.path, publish_only=True) for p in extra]
    return listed


def flagged(doc: LevelDocument, problems: Sequence[Problem]) -> frozenset[int]:
    """The ids of the shapes, entities and decorations that ``problems`` or publishing's
    needs name (the canvas outlines them)."""
    paths = [p.path for p in (*problems, *unpublishable(doc))]
    return frozenset(i for i in (target_of(doc, path) for path in paths) if i is not None)


def summary(listed: Sequence[Listed]) -> str:
    """The status line with nothing else to say: "valid", or the problems' count and first."""
    blocking = [p for p in listed if not p.publish_only]
    later = len(listed) - len(blocking)
    if blocking:
        noun = "problem" if len(blocking) == 1 else "problems"
        more = f"; {later} more before publishing" if later else ""
        return f"{len(blocking)} {noun}: {blocking[0]}{more}"
    if later:
        more = f" (and {later - 1} more)" if later > 1 else ""
        return f"valid draft; before publishing: {listed[0]}{more}"
    return "valid"


def fresh(before: Sequence[Listed], after: Sequence[Listed]) -> list[Listed]:
    """The problems of ``after`` that ``before`` did not have (as many times)."""
    left = Counter(str(p) for p in before)
    out = []
    for problem in after:
        if left[str(problem)] > 0:
            left[str(problem)] -= 1
        else:
            out.append(problem)
    return out


def _names(status: str, name: str) -> bool:
    """Whether ``status`` names the thing called ``name``: "Added shape 5" names "Shape 5",
    "Move entity 10" names "Crate 10" (commands call every entity "entity")."""
    if not name:
        return False
    numbered = _NUMBERED.match(name)
    entity = rf"|\bentity {numbered.group(1)}\b" if numbered else ""
    return re.search(rf"\b{re.escape(name)}\b{entity}", status, re.IGNORECASE) is not None


def announced(status: str, fresh: Sequence[Listed]) -> str:
    """``status`` (what an edit said) with the first of the ``fresh`` problems it brought:
    "Added shape 5: edges cross at (80, 40)" when the status names the thing already."""
    if not fresh:
        return status
    first = fresh[0]
    more = f" (and {len(fresh) - 1} more)" if len(fresh) > 1 else ""
    before = "before publishing: " if first.publish_only else ""
    if not status:
        return f"{before}{first}{more}"
    if not before and _names(status, first.words.name):
        head = re.sub(r" \([^)]*\)$", "", status)
        return f"{head}: {first.words.detail}{more}"
    return f"{status}; {before}{first}{more}"


# -- the list ------------------------------------------------------------------------------------


class TextMeasure(Protocol):
    def size(self, text: str) -> tuple[int, int]: ...


def wrap(text: str, font: TextMeasure, room: int) -> list[str]:
    """``text`` as lines at most ``room`` px wide in ``font``, broken between words (a word
    too long for a line is broken inside); the lines after the first start with ``INDENT``."""
    lines: list[str] = []
    line = ""
    for word in _TOKEN.findall(text):
        lead = INDENT if lines else ""
        tried = f"{line} {word}" if line else lead + word
        if font.size(tried)[0] <= room:
            line = tried
            continue
        if line:
            lines.append(line)
            lead = INDENT
        line = lead + word
        while font.size(line)[0] > room and len(line) > len(lead) + 1:
            cut = len(line) - 1
            while cut > len(lead) + 1 and font.size(line[:cut])[0] > room:
                cut -= 1
            lines.append(line[:cut])
            lead = INDENT
            line = lead + line[cut:]
    lines.append(line)
    return lines


def unique(lines: Sequence[str], taken: set[str]) -> list[str]:
    """``lines`` made different from each other and from ``taken`` (which they are added to)
    with trailing spaces: the list reports a click by the line's text."""
    out = []
    for line in lines:
        while line in taken:
            line += " "
        taken.add(line)
        out.append(line)
    return out


def list_lines(
    texts: Sequence[str], font: TextMeasure, room: int, *, note_before: int | None = None
) -> tuple[list[str], list[int | None]]:
    """The list's lines for ``texts`` (each wrapped to ``room``) and, for each line, the index
    of the text it shows (None for the ``BEFORE_PUBLISHING`` line, put before text
    ``note_before``)."""
    lines: list[str] = []
    owners: list[int | None] = []
    taken: set[str] = set()
    for i, text in enumerate(texts):
        if i == note_before:
            note = unique(wrap(BEFORE_PUBLISHING, font, room), taken)
            lines += note
            owners += [None] * len(note)
        wrapped = unique(wrap(text, font, room), taken)
        lines += wrapped
        owners += [i] * len(wrapped)
    return lines, owners
