"""The codec: round trips, one canonical form (checked with the independent ``msgpack``), and
non-canonical bytes noticed by validation."""

from __future__ import annotations

import math
import struct
from collections.abc import Callable
from typing import Any

import msgpack
import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import APP, codec
from engine.design.model import Design, Garment, GarmentColor, Layer, ShapeLayer, Transform
from engine.document import DesignDocument, Document, LevelDocument
from engine.level.entities import Collectible, Goal, MovingPlatform, Sign, Spawn
from engine.level.model import Level, Material, Shape, Size
from engine.packed import pack_points
from engine.starter import new_design, new_level
from engine.validation import check_bytes
from tests.factories import (
    LEVEL_ID,
    meta,
    packb,
    raw,
    rich_design,
    rich_level,
    simple_design,
    simple_level,
    simple_replay,
)

NOT_CANONICAL = (
    "$: not in canonical form (keys out of order, a number in a longer form than needed, or a "
    "repeated key); saving it with cocreate rewrites it canonically"
)

DOCUMENTS: dict[str, Callable[[], Document]] = {
    "new_level": lambda: new_level("A level", author="me", ident=LEVEL_ID),
    "new_design": lambda: new_design("A design", author="me", ident=LEVEL_ID),
    "simple_level": simple_level,
    "rich_level": rich_level,
    "simple_design": simple_design,
    "rich_design": rich_design,
    "simple_replay": simple_replay,
}


def _keys_sorted_everywhere(data: bytes) -> list[str]:
    """Walk the bytes with msgpack, maps as (key, value) pairs in file order; list the places
    where keys are not strictly ascending by their UTF-8 bytes (empty when canonical)."""
    wrong: list[str] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, list) and value and all(_is_pair(p) for p in value):
            keys = [k for k, _ in value]
            if all(isinstance(k, str) for k in keys):
                encoded = [k.encode() for k in keys]
                if encoded != sorted(set(encoded)):
                    wrong.append(f"{path}: {keys}")
                for k, v in value:
                    walk(v, f"{path}.{k}")
                return
        if isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")

    unpacker = msgpack.Unpacker(raw=False, object_pairs_hook=list, max_buffer_size=len(data))
    unpacker.feed(data)
    walk(next(unpacker), "$")
    return wrong


def _is_pair(p: Any) -> bool:
    return isinstance(p, tuple) and len(p) == 2


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_round_trip_gives_an_equal_document(name: str) -> None:
    doc = DOCUMENTS[name]()
    back = codec.decode(codec.encode(doc))
    assert back == doc
    assert type(back) is type(doc)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_encoding_is_stable_across_a_round_trip(name: str) -> None:
    data = codec.encode(DOCUMENTS[name]())
    assert codec.encode(codec.decode(data)) == data


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_keys_are_sorted_by_utf8_bytes_at_every_level(name: str) -> None:
    assert _keys_sorted_everywhere(codec.encode(DOCUMENTS[name]())) == []


def test_the_key_order_checker_sees_unsorted_keys() -> None:
    # the helper above must be able to fail: msgpack.packb keeps the struct's field order
    wrong = _keys_sorted_everywhere(packb(raw(simple_level())))
    assert wrong[0].startswith("$: ['kind', 'format', 'version'")


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_numbers_are_in_smallest_form_and_floats_are_float64(name: str) -> None:
    """msgpack.packb writes ints in their smallest form and floats as float64 (0xcb); packing
    the same plain values (dicts keep file order) must give our bytes exactly."""
    data = codec.encode(DOCUMENTS[name]())
    plain = msgpack.unpackb(data, raw=False)
    assert msgpack.packb(plain, use_bin_type=True, use_single_float=False) == data


def test_floats_are_written_as_float64_even_when_float32_would_do() -> None:
    doc = msgspec.structs.replace(
        simple_level(),
        level=msgspec.structs.replace(simple_level().level, size=Size(width=0.5, height=2.0)),
    )
    data = codec.encode(doc)
    assert b"\xa5width\xcb" + struct.pack(">d", 0.5) in data
    assert b"\xa6height\xcb" + struct.pack(">d", 2.0) in data


def test_bins_are_bin_and_text_is_str() -> None:
    plain = msgpack.unpackb(codec.encode(rich_level()), raw=True)
    shape = plain[b"level"][b"shapes"][1]
    assert isinstance(shape[b"points"], bytes)  # bin: raw=True would give bytes for str too...
    plain_str = msgpack.unpackb(codec.encode(rich_level()), raw=False)
    assert isinstance(plain_str["level"]["shapes"][1]["points"], bytes)  # ...but bin stays bytes
    assert isinstance(plain_str["meta"]["title"], str)
    assert plain_str["level"]["shapes"][1]["holes"][1] == pack_points(
        [(300, 300), (350, 300), (325, 350)]
    )


def test_every_key_is_written_even_when_it_has_its_default() -> None:
    plain = msgpack.unpackb(codec.encode(new_level(ident=LEVEL_ID)), raw=False)
    assert plain["revision"] == 1
    assert plain["meta"]["description"] == ""
    assert plain["meta"]["parents"] == []
    assert plain["level"]["links"] == []
    assert plain["level"]["entities"][0] == {
        "facing": "right",
        "id": 2,
        "type": "spawn",
        "x": 120.0,
        "y": 900.0,
    }


def test_same_content_built_in_another_order_has_the_same_bytes_and_digest() -> None:
    doc = rich_level()
    reversed_assets = dict(reversed(list(doc.assets.items())))
    assert list(reversed_assets) != list(doc.assets)
    other = msgspec.structs.replace(doc, assets=reversed_assets)
    assert codec.encode(other) == codec.encode(doc)
    assert codec.digest(codec.encode(other)) == codec.digest(codec.encode(doc))


def test_struct_fields_given_in_another_order_encode_the_same() -> None:
    a = Material(name="m", density=2.0, friction=0.1, restitution=0.5, color="#010203")
    b = Material(color="#010203", restitution=0.5, friction=0.1, density=2.0, name="m")
    assert codec.encode_any(a) == codec.encode_any(b)


def test_digest_is_the_sha256_of_the_bytes_and_changes_with_the_content() -> None:
    import hashlib

    data = codec.encode(simple_level())
    assert codec.digest(data) == hashlib.sha256(data).hexdigest()
    renamed = codec.encode(simple_level("Another title"))
    assert codec.digest(renamed) != codec.digest(data)


def test_digest_is_not_stored_in_the_file() -> None:
    data = codec.encode(rich_level())
    assert codec.digest(data).encode() not in data
    assert bytes.fromhex(codec.digest(data)) not in data


def test_canonical_bytes_pass_check_bytes() -> None:
    for name, make in DOCUMENTS.items():
        checked = check_bytes(codec.encode(make()))
        assert (name, checked.problems, checked.error) == (name, [], None)


# -- non-canonical input decodes, and validation says so ------------------------------------------


def _problems(data: bytes) -> list[str]:
    checked = check_bytes(data)
    assert checked.error is None, checked.error
    assert checked.document == simple_level()
    return [str(p) for p in checked.problems]


def test_keys_out_of_order_are_not_canonical() -> None:
    assert _problems(packb(raw(simple_level()))) == [NOT_CANONICAL]


def test_a_float32_is_not_canonical() -> None:
    data = codec.encode(simple_level())
    f64 = b"\xa5width\xcb" + struct.pack(">d", 800.0)
    assert data.count(f64) == 1
    assert _problems(data.replace(f64, b"\xa5width\xca" + struct.pack(">f", 800.0))) == [
        NOT_CANONICAL
    ]


def test_an_int_in_a_wider_form_is_not_canonical() -> None:
    data = codec.encode(simple_level())
    small = b"\xa8revision\x01"
    assert data.count(small) == 1
    for wide in (b"\xcc\x01", b"\xcd\x00\x01", b"\xce\x00\x00\x00\x01", b"\xd3" + bytes(7) + b"\1"):
        assert _problems(data.replace(small, b"\xa8revision" + wide)) == [NOT_CANONICAL]


def test_an_int_where_a_float_belongs_is_not_canonical() -> None:
    data = codec.encode(simple_level())
    f64 = b"\xa5width\xcb" + struct.pack(">d", 800.0)
    assert _problems(data.replace(f64, b"\xa5width\xcd\x03\x20")) == [NOT_CANONICAL]


def test_a_repeated_key_is_not_canonical() -> None:
    data = codec.encode(simple_level())
    # meta is a 9-key fixmap (0x89): add a 10th entry repeating `author`
    start = data.index(b"\xa4meta\x89") + 5
    author = b"\xa6author\xa6tester"
    assert data.count(author) == 1
    doubled = data[:start] + b"\x8a" + data[start + 1 :].replace(author, author + author)
    assert _problems(doubled) == [NOT_CANONICAL]


def test_a_str8_header_for_a_short_string_is_not_canonical() -> None:
    data = codec.encode(simple_level())
    title = b"\xa5title\xacSimple level"
    assert data.count(title) == 1
    assert _problems(data.replace(title, b"\xa5title\xd9\x0cSimple level")) == [NOT_CANONICAL]


# -- property: any document encodes to one stable form --------------------------------------------

_text = st.text(max_size=40)
_floats = st.floats(allow_nan=True, allow_infinity=True)
_ints = st.integers(min_value=-(2**63), max_value=2**64 - 1)
_points = st.lists(st.tuples(_floats, _floats), max_size=6).map(pack_points)


@st.composite
def _level_docs(draw: st.DrawFn) -> LevelDocument:
    n_shapes = draw(st.integers(0, 4))
    shapes = [
        Shape(
            id=draw(_ints),
            material=draw(_text),
            points=draw(_points),
            holes=draw(st.lists(_points, max_size=2)),
        )
        for _ in range(n_shapes)
    ]
    entity = st.one_of(
        st.builds(Spawn, id=_ints, x=_floats, y=_floats, facing=st.sampled_from(["left", "right"])),
        st.builds(Goal, id=_ints, x=_floats, y=_floats, width=_floats, height=_floats),
        st.builds(Collectible, id=_ints, x=_floats, y=_floats, value=_ints),
        st.builds(Sign, id=_ints, x=_floats, y=_floats, text=st.text(max_size=200)),
        st.builds(
            MovingPlatform,
            id=_ints,
            x=_floats,
            y=_floats,
            material=_text,
            path=_points,
            speed=_floats,
        ),
    )
    level = Level(
        size=Size(width=draw(_floats), height=draw(_floats)),
        materials=draw(st.lists(st.builds(Material, name=_text, density=_floats), max_size=3)),
        shapes=shapes,
        entities=draw(st.lists(entity, max_size=6)),
        next_id=draw(_ints),
    )
    return LevelDocument(
        app=APP,
        id=draw(st.uuids()).hex,
        revision=draw(_ints),
        meta=meta(
            draw(st.text(max_size=200)),
            description=draw(st.text(max_size=300)),
            tags=draw(st.lists(_text, max_size=5)),
        ),
        level=level,
    )


@st.composite
def _design_docs(draw: st.DrawFn) -> DesignDocument:
    layers: list[Layer] = [
        ShapeLayer(
            id=draw(_ints),
            name=draw(_text),
            transform=Transform(x=draw(_floats), y=draw(_floats), rotation=draw(_floats)),
            shape=draw(st.sampled_from(["rect", "ellipse", "polygon"])),
            points=draw(_points),
            opacity=draw(_floats),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    colors = draw(
        st.lists(st.builds(GarmentColor, name=_text, color=st.text(max_size=16)), max_size=4)
    )
    design = Design(garment=Garment(colors=colors), layers=layers, next_id=draw(_ints))
    return DesignDocument(
        app=APP, id=draw(st.uuids()).hex, meta=meta(draw(st.text(max_size=200))), design=design
    )


def _nan_in(value: Any) -> bool:
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, dict):
        return any(_nan_in(v) for v in value.values())
    if isinstance(value, list):
        return any(_nan_in(v) for v in value)
    return False


@settings(max_examples=150, deadline=None)
@given(st.one_of(_level_docs(), _design_docs()))
def test_any_document_encodes_decodes_and_encodes_to_the_same_bytes(doc: Document) -> None:
    data = codec.encode(doc)
    back = codec.decode(data)
    assert codec.encode(back) == data
    assert msgpack.packb(msgpack.unpackb(data, raw=False), use_bin_type=True) == data
    assert _keys_sorted_everywhere(data) == []
    if not _nan_in(msgspec.to_builtins(doc, builtin_types=(bytes,))):
        assert back == doc
