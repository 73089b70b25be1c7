"""docs/format.md is the specification of record: it is checked against the code here.

Every ``ClassName.field`` of the schema needs a row `` | `field` | `` in the table under the
heading ``### ClassName``, and each concrete class lists its inherited fields itself (there are
no "see X" sections: ``Spawn`` repeats ``id``, ``x``, ``y`` and ``type``). Defaults, the tag
constants, the "since" column, every example's keys, the limits table and the quoted error lines
are all compared with what the code does.
"""

from __future__ import annotations

import ast
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import msgspec
import msgspec.inspect as mi
import pytest

import engine.design.model
import engine.document
import engine.level.entities
import engine.level.model
from engine import codec, limits
from engine.document import FORMAT_VERSION
from engine.packed import pack_points
from engine.starter import new_level
from engine.structure import field_paths
from engine.validation.envelope import LICENSES

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "format.md"
COLUMNS = ["field", "type", "default", "unit", "limits", "since"]
NEW_IN_2 = {
    "Meta.terms",
    "Level.next_id",
    "Design.next_id",
    *(f"ReplayDocument.{f}" for f in ("format", "version", "app", "kind", "id", "revision")),
    *(f"ReplayDocument.{f}" for f in ("meta", "assets", "replay")),
    *(f"Replay.{f}" for f in ("level_id", "level_revision", "level_digest", "engine", "tick_rate")),
    *(f"Replay.{f}" for f in ("ticks", "inputs", "result")),
    *(f"TextLayer.{f}" for f in ("letter_spacing", "stroke", "stroke_width")),
    *(f"ShapeLayer.{f}" for f in ("corner_radius", "star_points", "inner_ratio")),
}
"""Fields that version 2 added (``engine/migrations.py``, ``_v1_to_v2``; replays are new)."""
NEW_IN_3 = {
    "TileLayer.opacity",
    "TileLayer.visible",
    "Level.decorations",
    *(
        f"Decoration.{f}"
        for f in (
            "id",
            "image",
            "x",
            "y",
            "width",
            "height",
            "rotation",
            "flip_x",
            "flip_y",
            "opacity",
            "parallax",
            "front",
        )
    ),
}
"""Fields that version 3 added (``_v2_to_v3``)."""
NEW_IN_4 = {"Shape.hidden"}
"""Fields that version 4 added (``_v3_to_v4``)."""
REQUIRED = "—"

_HEADING = re.compile(r"^(#{1,3}) (.+?)\s*$")
_CODE = re.compile(r"`([^`]+)`")


# -- reading the markdown ----------------------------------------------------------------------


def _sections(text: str) -> list[tuple[int, str, str]]:
    """(level, title, body) for every heading of level 1 to 3 outside code blocks."""
    out: list[tuple[int, str, list[str]]] = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        m = None if fenced else _HEADING.match(line)
        if m:
            out.append((len(m[1]), m[2], []))
        elif out:
            out[-1][2].append(line)
    return [(level, title, "\n".join(body)) for level, title, body in out]


def _cells(line: str) -> list[str]:
    inner = line.strip()[1:-1] if line.strip().endswith("|") else line.strip()[1:]
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def _table(body: str) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the first table in ``body``."""
    lines: list[str] = []
    for line in body.splitlines():
        if line.startswith("|"):
            lines.append(line)
        elif lines:
            break
    assert len(lines) >= 2, "no table"
    assert set(lines[1].replace("|", "").split()) == {"---"}, f"not a separator: {lines[1]}"
    return _cells(lines[0]), [_cells(line) for line in lines[2:]]


def _code_blocks(body: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", body, re.S | re.M)


@pytest.fixture(scope="module")
def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def objects(doc_text: str) -> dict[str, str]:
    """Body of every ``### Heading``; a heading given twice is an error."""
    found: dict[str, str] = {}
    for level, title, body in _sections(doc_text):
        if level == 3:
            assert title not in found, f"### {title} appears twice"
            found[title] = body
    return found


def _rows(body: str) -> dict[str, list[str]]:
    """Rows of an object table by field name (the first cell is `` `field` ``)."""
    header, rows = _table(body)
    assert header == COLUMNS
    out: dict[str, list[str]] = {}
    for row in rows:
        m = re.fullmatch(r"`([^`]+)`", row[0])
        assert m, f"first cell is not a `field`: {row[0]!r}"
        assert m[1] not in out, f"`{m[1]}` has two rows"
        assert len(row) == len(COLUMNS), f"`{m[1]}` has {len(row)} cells"
        out[m[1]] = row
    return out


def _section(doc_text: str, title: str) -> str:
    for level, t, body in _sections(doc_text):
        if level == 2 and t == title:
            return body
    raise AssertionError(f"no section ## {title}")


# -- what the code says -------------------------------------------------------------------------


def _schema() -> dict[str, list[str]]:
    """Field names by class name, in the order field_paths() gives them."""
    out: dict[str, list[str]] = {}
    for path in field_paths():
        cls, field = path.split(".")
        out.setdefault(cls, []).append(field)
    return out


def _classes() -> dict[str, type[msgspec.Struct]]:
    found: dict[str, type[msgspec.Struct]] = {}
    for module in (engine.document, engine.level.model, engine.level.entities, engine.design.model):
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, msgspec.Struct):
                found[name] = value
    return found


def _dump_view(value: Any) -> Any:
    """A value the way ``cocreate dump`` prints it (bins as size and digest)."""
    if isinstance(value, bytes):
        return f"<bin {len(value):,} bytes sha256:{hashlib.sha256(value).hexdigest()[:16]}>"
    if isinstance(value, dict):
        return {k: _dump_view(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dump_view(v) for v in value]
    return value


def _default_cell(info: msgspec.structs.FieldInfo) -> str:
    if info.default is not msgspec.NODEFAULT:
        value = info.default
    elif info.default_factory is not msgspec.NODEFAULT:
        value = info.default_factory()
    else:
        return REQUIRED
    plain = msgspec.to_builtins(value, builtin_types=(bytes,), order="sorted")
    return json.dumps(_dump_view(plain), ensure_ascii=False)


def _packed(t: mi.Type) -> bool:
    """A ring or path: bytes (or a list of them) capped at 16 bytes a point."""
    while isinstance(t, mi.Metadata):
        if (t.extra or {}).get("unit") == 16:
            return True
        t = t.type
    return isinstance(t, mi.ListType) and _packed(t.item_type)


# -- fields ------------------------------------------------------------------------------------


def test_every_schema_field_has_a_row_under_its_class_heading(objects: dict[str, str]) -> None:
    missing = []
    for cls, fields in _schema().items():
        if cls not in objects:
            missing.append(f"### {cls} (no heading)")
            continue
        rows = _rows(objects[cls])
        missing += [f"{cls}.{f}" for f in fields if f not in rows]
    assert missing == []


def test_every_object_heading_and_row_is_in_the_schema(objects: dict[str, str]) -> None:
    schema = _schema()
    assert sorted(objects) == sorted(schema), "### headings must be exactly the schema's classes"
    extra = [
        f"{cls}.{f}" for cls, body in objects.items() for f in _rows(body) if f not in schema[cls]
    ]
    assert extra == []


def test_defaults_are_the_codes_defaults(objects: dict[str, str]) -> None:
    classes = _classes()
    wrong = []
    for cls, body in objects.items():
        rows = _rows(body)
        config = classes[cls].__struct_config__
        for info in msgspec.structs.fields(classes[cls]):
            if info.encode_name not in rows:
                continue  # a missing row is reported by the test above
            cell = rows[info.encode_name][2]
            want = _default_cell(info)
            got = REQUIRED if cell == REQUIRED else next(iter(_CODE.findall(cell)), cell)
            if got != want:
                wrong.append(f"{cls}.{info.encode_name}: doc {got!r}, code {want!r}")
        if config.tag_field is not None and config.tag_field in rows:
            tag_row = rows[config.tag_field]
            if tag_row[2] != REQUIRED or f'`"{config.tag}"`' not in tag_row[1]:
                wrong.append(f'{cls}.{config.tag_field}: must be required, type `"{config.tag}"`')
    assert wrong == []


def test_since_column_says_which_version_added_or_packed_a_field(objects: dict[str, str]) -> None:
    wrong = []
    for cls in _schema():
        rows = _rows(objects[cls])
        struct = mi.type_info(_classes()[cls])
        assert isinstance(struct, mi.StructType)
        types = {f.encode_name: f.type for f in struct.fields}
        for field, row in rows.items():
            path = f"{cls}.{field}"
            if path in NEW_IN_4:
                want = "4"
            elif path in NEW_IN_3:
                want = "3"
            elif path in NEW_IN_2:
                want = "2"
            elif field in types and _packed(types[field]):
                want = "1 (bin since 2)"
            else:
                want = "1"
            if row[5] != want:
                wrong.append(f"{path}: since {row[5]!r}, expected {want!r}")
    assert wrong == []


def test_each_object_has_a_dump_example_with_exactly_its_keys(objects: dict[str, str]) -> None:
    schema = _schema()
    wrong = []

    def sorted_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        if keys != sorted(keys, key=lambda k: k.encode()):
            wrong.append(f"keys not sorted as cocreate dump prints them: {keys}")
        return dict(pairs)

    for cls, body in objects.items():
        blocks = _code_blocks(body, "json")
        if not blocks:
            wrong.append(f"### {cls}: no ```json example")
            continue
        example = json.loads(blocks[0], object_pairs_hook=sorted_keys)
        if sorted(example) != sorted(schema[cls]):
            wrong.append(f"### {cls}: example keys {sorted(example)} != {sorted(schema[cls])}")
    assert wrong == []


def test_the_title_names_the_version_this_code_writes(doc_text: str) -> None:
    assert doc_text.splitlines()[0] == f"# The `.cocreate` file format, version {FORMAT_VERSION}"


def test_allowed_licences_are_the_codes_list(objects: dict[str, str]) -> None:
    paragraph = objects["Meta"].split("Allowed licences:", 1)[1].split("\n\n", 1)[0]
    listed = [c for c in _CODE.findall(paragraph) if not c.startswith("LicenseRef-")]
    assert listed == list(LICENSES)
    assert "`LicenseRef-…`" in paragraph


# -- limits ------------------------------------------------------------------------------------


def _limit_sources() -> dict[str, str]:
    """How each limit is written in engine/limits.py (``64 * MIB``, ``20_000``...)."""
    source = Path(limits.__file__).read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            assert node.value is not None
            segment = ast.get_source_segment(source, node.value)
            assert segment is not None
            out[node.target.id] = segment
    return out


def test_every_limit_is_in_the_limits_table_with_its_value(doc_text: str) -> None:
    header, rows = _table(_section(doc_text, "Limits"))
    assert header == ["limit", "in code", "value", "meaning"]
    table = {row[0]: row for row in rows}
    sources = _limit_sources()
    expected = {
        f"`{name}`": [f"`{name}`", f"`{sources[name]}`", f"{value:,}"]
        for name, value in limits.all_limits().items()
    }
    assert sorted(table) == sorted(expected)
    assert {k: row[:3] for k, row in table.items()} == expected
    assert all(row[3] for row in rows), "every limit says what it means"


# -- errors ------------------------------------------------------------------------------------


def _tiny_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 80, 40)).save(out, "PNG")
    return out.getvalue()


def _bad_files() -> list[bytes]:
    """The files behind the ``bad.cocreate:`` lines of the Errors section."""
    base = msgspec.to_builtins(
        new_level(ident="3f2504e0-4f89-41d3-9a0c-0305e82c3301"), builtin_types=(bytes,)
    )

    def variant() -> dict[str, Any]:
        return msgspec.msgpack.decode(codec.encode_any(base))  # type: ignore[no-any-return]

    files = []
    d = variant()
    d["level"]["shapes"][0]["points"] = pack_points([(0, 0), (1, 1)])
    files.append(d)
    d = variant()
    d["level"]["shapes"][0]["colour"] = "#ffffff"
    files.append(d)
    d = variant()
    d["version"] = FORMAT_VERSION + 1
    files.append(d)
    d = variant()
    d["level"]["links"] = [{"source": 2, "target": 3}]  # the spawn and the goal
    files.append(d)
    d = variant()
    d["meta"]["tags"] = [f"tag{i}" for i in range(limits.MAX_TAGS + 1)]
    files.append(d)
    d = variant()
    d["level"]["entities"][1]["id"] = 2
    files.append(d)
    d = variant()
    d["level"]["next_id"] = 3
    files.append(d)
    d = variant()
    del d["level"]["links"]
    files.append(d)
    d = variant()
    key = hashlib.sha256(b"not the image").hexdigest()
    d["assets"][key] = {"type": "image/png", "name": "a.png", "data": _tiny_png()}
    files.append(d)
    d = variant()
    d["level"]["size"]["width"] = -5.0
    d["level"]["materials"][0]["color"] = "red"
    d["meta"]["created"] = "yesterday"
    files.append(d)
    d = variant()
    d["level"]["gravity"]["x"] = "0"
    files.append(d)
    d = variant()
    d["level"]["shapes"][0]["points"] = bytes(16 * (limits.MAX_POLYGON_POINTS + 1))
    files.append(d)
    d = variant()
    d["version"] = 0
    files.append(d)
    d = variant()
    d["format"] = "tiled"
    files.append(d)
    d = variant()
    d["meta"]["description"] = msgspec.msgpack.Ext(5, b"ab")
    files.append(d)
    good = codec.encode_any(base)
    out = [codec.encode_any(f) for f in files]
    out.append(good[:-10])  # truncated
    out.append(b"")
    out.append(codec.encode_any([1, 2, 3]))
    out.append(good.replace(b"Untitled level", b"Unt\xfftled level"))  # not UTF-8
    deep = b"\x91" * 2000 + b"\x01"  # an array in an array ... 2,000 deep
    out.append(good.replace(b"\xabdescription\xa0", b"\xabdescription" + deep))
    return out


def test_error_lines_quoted_in_the_spec_are_what_validate_prints(
    doc_text: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cocreate.cli import main

    monkeypatch.chdir(tmp_path)
    printed: list[str] = []
    for data in _bad_files():
        Path("bad.cocreate").write_bytes(data)
        assert main(["validate", "bad.cocreate"]) == 1
        printed += capsys.readouterr().out.splitlines()
    quoted = [
        line
        for block in _code_blocks(_section(doc_text, "Errors"), "")
        for line in block.splitlines()
        if line.startswith("bad.cocreate: ")
    ]
    assert sorted(quoted) == sorted(printed)
