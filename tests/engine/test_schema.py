"""engine.schema: every structural problem of a file is reported at once, with its path."""

from __future__ import annotations

from typing import Any

import msgpack
import msgspec

from engine import schema
from engine.errors import SchemaError
from engine.starter import new_design, new_level
from engine.validation import check_bytes


def _plain(doc: Any) -> dict[str, Any]:
    return msgspec.to_builtins(doc, builtin_types=(bytes,))  # type: ignore[no-any-return]


def test_valid_documents_have_no_structural_problems() -> None:
    assert schema.problems(_plain(new_level())) == []
    assert schema.problems(_plain(new_design()), every_key=True) == []


def test_every_structural_problem_is_reported_together() -> None:
    d = _plain(new_level(ident="2f1e4c1a-0000-4000-8000-000000000001"))
    d["meta"]["title"] = 5
    d["meta"]["foo"] = 1
    del d["meta"]["created"]
    d["level"]["shapes"][0]["body"] = "wobbly"
    d["level"]["entities"][0]["type"] = "dragon"
    d["level"]["entities"][1]["x"] = "far"
    result = check_bytes(msgpack.packb(d), source="a.cocreate")
    assert isinstance(result.error, SchemaError)
    assert result.error.lines() == [
        "a.cocreate: $.meta: unknown key `foo` (not in this format version)",
        "a.cocreate: $.meta.title: expected str, got int",
        "a.cocreate: $.meta: required key `created` is missing",
        "a.cocreate: $.level.shapes[0].body: invalid value 'wobbly', expected one of: "
        "dynamic, kinematic, static",
        "a.cocreate: $.level.entities[0].type: invalid value 'dragon', expected one of: spawn, "
        "goal, checkpoint, collectible, hazard, crate, moving_platform, switch, door, sign, "
        "bounce_pad",
        "a.cocreate: $.level.entities[1].x: expected float, got str",
    ]


def test_a_key_left_out_is_read_but_named_as_not_canonical() -> None:
    doc = new_level()
    d = _plain(doc)
    del d["level"]["gravity"]
    data = msgspec.msgpack.Encoder(order="sorted").encode(d)
    result = check_bytes(data)
    assert result.error is None
    assert result.document is not None
    assert isinstance(result.document, type(doc))
    assert result.document.level == doc.level  # the default filled in
    assert [str(p) for p in result.problems] == [
        "$.level: key `gravity` is missing (a canonical file writes every key, defaults too)"
    ]


def test_keys_out_of_order_are_not_canonical() -> None:
    data = msgpack.packb(_plain(new_design()))  # struct order, not sorted
    result = check_bytes(data)
    assert result.error is None
    assert [p.path for p in result.problems] == ["$"]
    assert result.problems[0].message.startswith("not in canonical form")


def test_over_long_list_found_by_the_walk_names_its_limit() -> None:
    d = _plain(new_level())
    d["meta"]["tags"] = ["t"] * 33
    d["meta"]["title"] = 7  # typed decode stops here first; the walk still finds the tags
    problems = schema.problems(d)
    assert [str(p) for p in problems] == [
        "$.meta.title: expected str, got int",
        "$.meta.tags: more than 32 items (limit MAX_TAGS)",
    ]
