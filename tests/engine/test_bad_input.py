"""Bad input of every kind: each gives our error (or a problem list) with the exact one-line
message a user sees, never a foreign exception."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path
from typing import Any

import msgpack
import pytest

from engine import codec
from engine.document import FORMAT_VERSION
from engine.errors import (
    CorruptFile,
    FileAccessError,
    FormatError,
    LimitExceeded,
    SchemaError,
    UnsupportedVersion,
)
from engine.packed import pack_points
from engine.validation import check_bytes, check_file
from tests.factories import (
    packb,
    png_bytes,
    raw,
    raw_as,
    rich_design,
    rich_level,
    simple_level,
    simple_replay,
)

SIMPLE = codec.encode(simple_level())
TRUNCATED = "file is truncated (it ends in the middle of a value)"
NOT_A_MAP = "not a cocreate creation (the file is not a msgpack map)"


def _error(data: bytes, kind: type[FormatError] = FormatError) -> list[str]:
    """The lines a user sees for bytes that cannot be decoded (named, as the CLI does)."""
    checked = check_bytes(data, source="a.cocreate")
    assert checked.document is None
    assert isinstance(checked.error, kind), checked.error
    lines = checked.error.lines()
    assert all(line.splitlines() == [line] for line in lines)
    return lines


def _problems(doc: dict[str, Any]) -> list[str]:
    """The problems validation finds in a document that decodes."""
    checked = check_bytes(codec.encode_any(doc))
    assert checked.error is None, checked.error
    return [str(p) for p in checked.problems]


def _level(**changes: Any) -> dict[str, Any]:
    doc = raw(simple_level())
    doc["level"].update(changes)
    return doc


# -- not msgpack, or not whole --------------------------------------------------------------------


def test_empty_file() -> None:
    assert _error(b"", CorruptFile) == ["a.cocreate: empty file, not a cocreate creation"]


def test_every_prefix_of_a_file_says_truncated() -> None:
    for end in range(1, len(SIMPLE)):
        assert _error(SIMPLE[:end], CorruptFile) == [f"a.cocreate: {TRUNCATED}"], end


def test_every_prefix_of_a_file_with_assets_says_truncated() -> None:
    data = codec.encode(rich_level())
    for end in range(1, len(data), 7):
        assert _error(data[:end], CorruptFile) == [f"a.cocreate: {TRUNCATED}"], end


def test_trailing_bytes() -> None:
    assert _error(SIMPLE + b"\x00", CorruptFile) == [
        f"a.cocreate: trailing bytes after the document (from byte {len(SIMPLE)})"
    ]
    assert _error(SIMPLE + SIMPLE, CorruptFile) == [
        f"a.cocreate: trailing bytes after the document (from byte {len(SIMPLE)})"
    ]


def test_deep_nesting_at_the_top() -> None:
    started = time.perf_counter()
    assert _error(b"\x91" * 100_000 + b"\xc0", CorruptFile) == [f"a.cocreate: {NOT_A_MAP}"]
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("where", ["meta", "tags"])
def test_deep_nesting_inside_a_document(where: str) -> None:
    doc = raw(simple_level())
    deep = b"\x91" * 100_000 + b"\xc0"
    if where == "meta":
        doc["meta"]["zzz"] = 1
        data = packb(doc).replace(b"\xa3zzz\x01", b"\xa3zzz" + deep)
    else:
        doc["meta"]["tags"] = [7]
        data = packb(doc).replace(b"\xa4tags\x91\x07", b"\xa4tags\x91" + deep)
    started = time.perf_counter()
    assert _error(data, LimitExceeded) == [
        "a.cocreate: $: nested more than 32 deep (limit MAX_DEPTH)"
    ]
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    "header", [b"\xdd\xff\xff\xff\xff", b"\xdf\xff\xff\xff\xff", b"\xdb\xff\xff\xff\xff"]
)
def test_huge_declared_length_at_the_top(header: bytes) -> None:
    expected = NOT_A_MAP if header[0] == 0xDD else TRUNCATED  # an array is not read on
    assert _error(header, CorruptFile) == [f"a.cocreate: {expected}"]


@pytest.mark.parametrize(
    ("field", "small", "huge"),
    [
        ("shapes", b"\xa6shapes\x91", b"\xa6shapes\xdd\xff\xff\xff\xff"),  # array32
        ("assets", b"\xa6assets\x80", b"\xa6assets\xdf\xff\xff\xff\xff"),  # map32
        ("title", b"\xa5title\xacSimple level", b"\xa5title\xdb\xff\xff\xff\xff"),  # str32
        ("points", b"\xa6points\xc4\x40", b"\xa6points\xc6\xff\xff\xff\xff"),  # bin32
    ],
)
def test_huge_declared_length_inside_a_document(field: str, small: bytes, huge: bytes) -> None:
    assert SIMPLE.count(small) == 1
    started = time.perf_counter()
    assert _error(SIMPLE.replace(small, huge), CorruptFile) == [f"a.cocreate: {TRUNCATED}"]
    assert time.perf_counter() - started < 1.0


def test_ext_type_as_the_whole_file() -> None:
    assert _error(b"\xd4\x01\x00", CorruptFile) == [f"a.cocreate: {NOT_A_MAP}"]


def test_ext_type_in_a_header_field() -> None:
    version = b"\xa7version" + bytes([FORMAT_VERSION])
    assert version in SIMPLE
    data = SIMPLE.replace(version, b"\xa7version\xd4\x05\x00")
    assert _error(data, CorruptFile) == [
        "a.cocreate: msgpack ext type 5 is not allowed in a cocreate file"
    ]


def test_ext_type_in_a_field() -> None:
    data = SIMPLE.replace(b"\xa5title\xacSimple level", b"\xa5title\xd4\x01\x00")
    assert _error(data, SchemaError) == [
        "a.cocreate: $.meta.title: msgpack ext types are not allowed"
    ]


def test_ext_type_in_an_older_version_file() -> None:
    old = raw_as(simple_level(), 1)
    old["meta"]["title"] = msgpack.ExtType(3, b"xyz")
    assert _error(packb(old), CorruptFile) == [
        "a.cocreate: msgpack ext type 3 is not allowed in a cocreate file"
    ]


def test_bad_utf8_in_a_string() -> None:
    data = SIMPLE.replace(b"\xacSimple level", b"\xacSimple \xffevel")
    assert _error(data, CorruptFile) == [
        "a.cocreate: a string is not valid UTF-8 (byte 7 of it is 0xff)"
    ]


def test_non_string_keys() -> None:
    doc = raw(simple_level())
    doc["meta"][1] = "x"
    assert _error(packb(doc), SchemaError) == ["a.cocreate: $.meta (a key): expected str, got int"]


def test_non_string_keys_in_an_older_version_file() -> None:
    # found by fuzzing: the migrated values were re-encoded and msgspec raised TypeError
    old = raw_as(simple_level(), 1)
    old["meta"][5] = "x"
    old["level"]["zz"] = {1: 2}
    assert _error(packb(old), SchemaError) == [
        "a.cocreate: $.meta (a key): expected str, got int",
        "a.cocreate: $.level: unknown key `zz` (not in this format version)",
    ]


def test_control_characters_from_the_file_are_escaped_in_messages() -> None:
    # found by fuzzing: a key named "\naterial" made a message of two lines
    doc = raw(simple_level())
    doc["meta"]["\naughty\u2028key\x00"] = 1
    assert _error(codec.encode_any(doc), SchemaError) == [
        "a.cocreate: $.meta: unknown key `\\naughty\\u2028key\\x00` (not in this format version)"
    ]


# -- not a cocreate creation, or the wrong version ------------------------------------------------


def test_a_newer_version_is_refused() -> None:
    assert _error(packb({**raw(simple_level()), "version": 5}), UnsupportedVersion) == [
        "a.cocreate: made by a newer cocreate (format 5; this one reads up to 4)"
    ]


def test_a_newer_version_with_unknown_content_is_refused_for_its_version() -> None:
    newer = {**raw(simple_level()), "version": 5, "replay": {"ticks": 9}}
    assert _error(packb(newer), UnsupportedVersion) == [
        "a.cocreate: made by a newer cocreate (format 5; this one reads up to 4)"
    ]


def test_version_zero_is_refused() -> None:
    assert _error(packb({**raw(simple_level()), "version": 0}), UnsupportedVersion) == [
        "a.cocreate: format 0 is older than any this cocreate reads (1 to 4)"
    ]


def test_version_that_is_not_an_integer() -> None:
    assert _error(packb({**raw(simple_level()), "version": "2"}), SchemaError) == [
        "a.cocreate: $.version: must be an integer, not '2'"
    ]


def test_a_msgpack_map_that_is_not_a_creation() -> None:
    assert _error(packb({"name": "x", "score": 3}), CorruptFile) == [
        "a.cocreate: not a cocreate creation (no format key)"
    ]
    assert _error(packb({"format": "tiled", "version": 1}), CorruptFile) == [
        "a.cocreate: not a cocreate creation (format 'tiled')"
    ]


def test_json_text() -> None:
    text = json.dumps({"format": "cocreate", "version": 2}).encode()
    assert _error(text, CorruptFile) == [f"a.cocreate: {NOT_A_MAP}"]


def test_a_png_file_given_as_a_creation() -> None:
    assert _error(png_bytes(), CorruptFile) == [f"a.cocreate: {NOT_A_MAP}"]


def test_a_directory_or_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError) as info:
        check_file(tmp_path)
    assert str(info.value) == f"{tmp_path}: is a directory, not a file"
    with pytest.raises(FileAccessError) as info:
        check_file(tmp_path / "nope.cocreate")
    assert str(info.value) == f"{tmp_path}/nope.cocreate: no such file"


# -- schema ---------------------------------------------------------------------------------------


def test_unknown_key() -> None:
    doc = raw(simple_level())
    doc["meta"]["foo"] = 1
    assert _error(codec.encode_any(doc), SchemaError) == [
        "a.cocreate: $.meta: unknown key `foo` (not in this format version)"
    ]


def test_missing_required_key() -> None:
    doc = raw(simple_level())
    del doc["meta"]["title"]
    assert _error(codec.encode_any(doc), SchemaError) == [
        "a.cocreate: $.meta: required key `title` is missing"
    ]


def test_wrong_enum_value_lists_the_choices() -> None:
    doc = raw(simple_level())
    doc["level"]["shapes"][0]["body"] = "floaty"
    assert _error(codec.encode_any(doc), SchemaError) == [
        "a.cocreate: $.level.shapes[0].body: invalid value 'floaty', expected one of: dynamic, "
        "kinematic, static"
    ]


def test_unknown_entity_type_lists_the_types() -> None:
    doc = raw(simple_level())
    doc["level"]["entities"][0]["type"] = "dragon"
    assert _error(codec.encode_any(doc), SchemaError) == [
        "a.cocreate: $.level.entities[0].type: invalid value 'dragon', expected one of: spawn, "
        "goal, checkpoint, collectible, hazard, crate, moving_platform, switch, door, sign, "
        "bounce_pad"
    ]


def test_unknown_kind_lists_the_kinds() -> None:
    assert _error(packb({**raw(simple_level()), "kind": "dragon"}), SchemaError) == [
        "a.cocreate: $.kind: invalid value 'dragon', expected one of: level, design, replay"
    ]


def test_every_schema_problem_is_reported_together() -> None:
    doc = raw(simple_level())
    doc["revision"] = "one"
    doc["meta"]["foo"] = 1
    del doc["level"]["size"]
    doc["level"]["shapes"][0]["body"] = "x"
    assert _error(codec.encode_any(doc), SchemaError) == [
        "a.cocreate: $.revision: expected int, got str",
        "a.cocreate: $.meta: unknown key `foo` (not in this format version)",
        "a.cocreate: $.level: required key `size` is missing",
        "a.cocreate: $.level.shapes[0].body: invalid value 'x', expected one of: dynamic, "
        "kinematic, static",
    ]


# -- values, references and geometry (the document decodes; validation finds the problems) ---


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_polygon_coordinate(bad: float) -> None:
    points = pack_points([(0, 0), (100, 0), (bad, 100)])
    doc = raw(simple_level())
    doc["level"]["shapes"][0]["points"] = points
    assert _problems(doc) == [
        f"$.level.shapes[0].points: point 2 has a coordinate that is not finite ({bad})"
    ]


def test_non_finite_entity_position() -> None:
    doc = raw(simple_level())
    doc["level"]["entities"][0]["y"] = math.nan
    assert _problems(doc) == ["$.level.entities[0].y: must be a finite number, not nan"]


def test_asset_whose_digest_does_not_match() -> None:
    doc = raw(rich_design())
    key = next(k for k, a in doc["assets"].items() if a["type"] == "font/ttf")
    doc["assets"][key]["data"] += b"\x00"
    assert _problems(doc) == [
        f"$.assets[{key[:12]}…].data: sha256 of the data does not match the asset's key"
    ]


def test_asset_that_is_not_what_its_type_says() -> None:
    doc = raw(rich_design())
    key = next(k for k, a in doc["assets"].items() if a["type"] == "image/png")
    doc["assets"][key]["type"] = "image/jpeg"
    assert _problems(doc) == [f"$.assets[{key[:12]}…].data: data is not image/jpeg"]


def test_link_to_a_missing_entity() -> None:
    doc = raw(rich_level())
    doc["level"]["links"][0]["target"] = 99
    assert _problems(doc) == ["$.level.links[0].target: no entity has id 99"]


def test_link_from_an_entity_that_is_not_a_switch() -> None:
    doc = raw(rich_level())
    doc["level"]["links"][0]["source"] = 5  # the spawn
    assert _problems(doc) == ["$.level.links[0].source: entity 5 is not a switch"]


def test_polygon_with_two_points() -> None:
    doc = _level()
    doc["level"]["shapes"][0]["points"] = pack_points([(0, 0), (10, 10)])
    assert _problems(doc) == ["$.level.shapes[0].points: polygon has 2 points, needs at least 3"]


def test_self_intersecting_polygon() -> None:
    doc = _level()
    doc["level"]["shapes"][0]["points"] = pack_points([(0, 0), (10, 10), (10, 0), (0, 30)])
    assert _problems(doc) == ["$.level.shapes[0].points: edges cross at (7.5, 7.5)"]


def test_symmetric_bow_tie_is_self_intersecting() -> None:
    doc = _level()
    doc["level"]["shapes"][0]["points"] = pack_points([(0, 0), (10, 10), (10, 0), (0, 10)])
    assert _problems(doc) == ["$.level.shapes[0].points: edges cross at (5, 5)"]


def test_hole_outside_its_polygon() -> None:
    doc = _level()
    shape = doc["level"]["shapes"][0]
    shape["holes"] = [pack_points([(300, 300), (310, 300), (310, 310)])]
    assert _problems(doc) == ["$.level.shapes[0].holes[0]: hole lies outside the polygon"]


def test_zero_area_polygon() -> None:
    doc = _level()
    doc["level"]["shapes"][0]["points"] = pack_points([(0, 0), (10, 0), (20, 0)])
    assert _problems(doc) == ["$.level.shapes[0].points: polygon has zero area"]


def test_duplicate_ids() -> None:
    doc = _level()
    doc["level"]["entities"][1]["id"] = 1  # the ground shape's id
    assert _problems(doc) == ["$.level.entities[1].id: id 1 is already used by $.level.shapes[0]"]


def test_material_not_defined() -> None:
    doc = _level()
    doc["level"]["shapes"][0]["material"] = "lava"
    assert _problems(doc) == [
        "$.level.shapes[0].material: material 'lava' is not defined in $.level.materials"
    ]


def test_text_layer_with_no_font_asset() -> None:
    doc = raw(rich_design())
    font_key = doc["design"]["layers"][1]["font"]
    del doc["assets"][font_key]
    assert _problems(doc) == [f"$.design.layers[1].font: asset {font_key[:12]}… is not in $.assets"]
    doc["design"]["layers"][1]["font"] = ""
    assert _problems(doc) == ["$.design.layers[1].font: needs a font asset"]


def test_every_validation_problem_is_reported_together() -> None:
    doc = raw(simple_level())
    doc["meta"]["license"] = "WTFPL"
    doc["level"]["shapes"][0]["material"] = "lava"
    doc["level"]["shapes"][0]["points"] = pack_points([(0, 0), (1, 1)])
    doc["level"]["entities"][1]["id"] = 2
    doc["level"]["entities"][0]["x"] = math.inf
    doc["level"]["links"] = [{"source": 2, "target": 99}]
    assert _problems(doc) == [
        "$.meta.license: 'WTFPL' is not a licence cocreate knows; use one of CC0-1.0, "
        "CC-BY-4.0, CC-BY-SA-4.0, CC-BY-NC-4.0, CC-BY-NC-SA-4.0, CC-BY-ND-4.0, CC-BY-NC-ND-4.0, "
        "MIT, Apache-2.0, GPL-3.0-or-later, OFL-1.1, Unlicense or a LicenseRef-… id",
        "$.level.shapes[0].material: material 'lava' is not defined in $.level.materials",
        "$.level.shapes[0].points: polygon has 2 points, needs at least 3",
        "$.level.entities[0].x: must be a finite number, not inf",
        "$.level.entities[1].id: id 2 is already used by $.level.entities[0]",
        "$.level.links[0].source: entity 2 is not a switch",
        "$.level.links[0].target: no entity has id 99",
    ]


@pytest.mark.parametrize("char", ["\u2029", "\u2028", "\x85", "\x9b"])
def test_text_with_a_separator_or_c1_control_is_refused(char: str) -> None:
    # Pillow's text layout (raqm) failed on U+2029 and U+0085 in preview: refused up front
    doc = raw(rich_design())
    doc["design"]["layers"][1]["text"] = f"two{char}lines"
    doc["design"]["layers"][1]["name"] = f"odd{char}name"
    assert _problems(doc) == [
        "$.design.layers[1].name: must not contain control characters",
        "$.design.layers[1].text: must not contain control characters (line breaks and tabs "
        "are fine)",
    ]


def test_an_older_file_with_a_key_from_a_later_version_is_refused() -> None:
    """Each version's keys are exact, older ones too: a key a later version brought in is
    unknown in a file that says it is older."""
    old = raw_as(simple_level(), 1)
    old["level"]["shapes"][0]["hidden"] = False
    old["meta"]["terms"] = ""
    with pytest.raises(SchemaError) as err:
        codec.decode(packb(old))
    assert [str(p) for p in err.value.problems] == [
        "$.meta: unknown key `terms` (it came with format 2)"
    ]
    old = raw_as(simple_level(), 2)
    old["level"]["shapes"][0]["hidden"] = False
    with pytest.raises(SchemaError) as err:
        codec.decode(packb(old))
    assert [str(p) for p in err.value.problems] == [
        "$.level.shapes[0]: unknown key `hidden` (it came with format 4)"
    ]
    assert codec.read(packb(raw_as(simple_level(), 2))).version_read == 2


def test_a_replay_cannot_be_of_format_1() -> None:
    old = raw(simple_replay())
    old["version"] = 1
    with pytest.raises(SchemaError) as err:
        codec.decode(packb(old))
    assert [str(p) for p in err.value.problems] == [
        "$.kind: replays came with format 2, not in format 1"
    ]
    replay = raw(simple_replay())
    replay["version"] = 2
    assert codec.read(packb(replay)).version_read == 2
