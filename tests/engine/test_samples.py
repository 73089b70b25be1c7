"""The sample creations in ``levels/``: valid, canonical, reproducible from code, and together
using every part of the format; the format-1 fixtures migrate on load."""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import msgpack
import numpy as np
import pytest
from PIL import Image

from engine import codec
from engine.design.model import ImageLayer, ShapeLayer, TextLayer
from engine.document import FORMAT_VERSION, DesignDocument, Document, LevelDocument
from engine.fileio import load
from engine.level.entities import ENTITY_TYPES, Goal, MovingPlatform, Spawn
from engine.packed import unpack_points
from engine.validation import check_bytes, check_file

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ROOT / "levels"
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLES = sorted(LEVELS.glob("*.cocreate"))
SAMPLE_IDS = [p.name for p in SAMPLES]


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _docs() -> dict[str, Document]:
    return {p.stem: load(p) for p in SAMPLES}


def _tag(obj: object) -> str:
    return str(type(obj).__struct_config__.tag)  # type: ignore[attr-defined]


# -- every sample ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=SAMPLE_IDS)
def test_sample_validates_with_no_problems(path: Path) -> None:
    checked = check_file(path)
    assert checked.error is None
    assert [str(p) for p in checked.problems] == []
    assert checked.version_read == FORMAT_VERSION


@pytest.mark.parametrize("path", SAMPLES, ids=SAMPLE_IDS)
def test_sample_is_canonical(path: Path) -> None:
    data = path.read_bytes()
    assert codec.encode(codec.decode(data)) == data

    unsorted: list[list[str]] = []

    def pairs_to_dict(pairs: list[tuple[Any, Any]]) -> dict[Any, Any]:
        keys = [k for k, _ in pairs]
        if not all(isinstance(k, str) for k in keys) or keys != sorted(
            keys, key=lambda k: k.encode("utf-8")
        ):
            unsorted.append(keys)
        return dict(pairs)

    plain = msgpack.unpackb(data, raw=False, strict_map_key=False, object_pairs_hook=pairs_to_dict)
    assert unsorted == []  # string keys in UTF-8 byte order in every map, at every level
    # Packing the same values again in the same key order gives the same bytes only if the file
    # has no repeated key, every float is float64 (msgpack packs Python floats as float64),
    # every integer is in its smallest form, text is str and bytes are bin.
    assert msgpack.packb(plain, use_bin_type=True, use_single_float=False) == data


def test_generator_reproduces_the_samples_byte_for_byte(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(LEVELS / "generate.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    made = sorted(tmp_path.glob("*.cocreate"))
    for fresh in made:
        assert fresh.read_bytes() == (LEVELS / fresh.name).read_bytes(), fresh.name
    # every committed level and design comes from the generator (replays come from play-throughs)
    creations = [name for name, doc in _docs().items() if _tag(doc) in ("level", "design")]
    assert sorted(p.stem for p in made) == sorted(creations)
    assert len(run.stdout.splitlines()) == len(made)


def test_there_are_at_least_three_levels_and_three_designs() -> None:
    kinds = Counter(_tag(doc) for doc in _docs().values())
    assert kinds["level"] >= 3
    assert kinds["design"] >= 3


def test_samples_together_use_every_part_of_the_format() -> None:
    docs = _docs().values()
    levels = [d.level for d in docs if isinstance(d, LevelDocument)]
    designs = [d.design for d in docs if isinstance(d, DesignDocument)]
    entity_types = {_tag(e) for lv in levels for e in lv.entities}
    assert entity_types == {str(t.__struct_config__.tag) for t in ENTITY_TYPES}
    assert sum(len(lv.links) for lv in levels) >= 2
    assert any(s.holes for lv in levels for s in lv.shapes)
    assert any(s.one_way for lv in levels for s in lv.shapes)
    assert {s.body for lv in levels for s in lv.shapes} >= {"static", "dynamic"}
    assert any(t.solid for lv in levels for t in lv.tile_layers)
    assert any(m.texture for lv in levels for m in lv.materials)
    assert any(m.restitution >= 0.5 for lv in levels for m in lv.materials)
    assert any(m.friction <= 0.1 for lv in levels for m in lv.materials)
    assert all(lv.background.image for lv in levels)
    layer_types = {type(layer) for ds in designs for layer in ds.layers}
    assert layer_types == {ImageLayer, TextLayer, ShapeLayer}
    assert {
        layer.shape for ds in designs for layer in ds.layers if isinstance(layer, ShapeLayer)
    } == {
        "rect",
        "ellipse",
        "polygon",
        "star",
    }
    assert len({ds.garment.style for ds in designs}) >= 2
    assert all(len(ds.garment.colors) >= 3 for ds in designs)
    asset_types = {a.type for d in docs for a in d.assets.values()}
    assert asset_types == {"image/png", "image/jpeg", "font/ttf"}
    assert len({a.name for d in docs for a in d.assets.values() if a.type == "font/ttf"}) == 2


def test_every_level_is_wide_with_one_spawn_and_one_goal_inside_it() -> None:
    for name, doc in _docs().items():
        if not isinstance(doc, LevelDocument):
            continue
        level = doc.level
        assert level.size.width >= 1920, name
        assert (level.gravity.x, level.gravity.y) == (0.0, 980.0), name
        spawns = [e for e in level.entities if isinstance(e, Spawn)]
        goals = [e for e in level.entities if isinstance(e, Goal)]
        assert len(spawns) == 1 and len(goals) == 1, name
        for e in (*spawns, *goals):
            assert 0 < e.x < level.size.width and 0 < e.y < level.size.height, name
        assert spawns[0].x < goals[0].x, name


def test_remix_names_its_parent_with_the_parents_real_digest() -> None:
    docs = _docs()
    parent_bytes = (LEVELS / "bold-type.cocreate").read_bytes()
    (parent,) = docs["geo-shapes"].meta.parents
    assert (parent.id, parent.revision) == (docs["bold-type"].id, 1)
    assert docs["bold-type"].revision == 1
    assert parent.digest == hashlib.sha256(parent_bytes).hexdigest()


def test_committed_art_is_what_make_art_draws(tmp_path: Path) -> None:
    make_art = _module(ROOT / "assets" / "make_art.py")
    assert make_art.main([str(tmp_path)]) == 0
    for name in make_art.ART:
        with Image.open(tmp_path / name) as fresh, Image.open(ROOT / "assets/art" / name) as kept:
            assert (fresh.size, fresh.mode) == (kept.size, kept.mode), name
            a = np.asarray(fresh, dtype=np.int16)
            b = np.asarray(kept, dtype=np.int16)
        if name.endswith(".png"):
            assert np.array_equal(a, b), name
        else:  # a JPEG decoder may round differently; the picture must be the same
            assert float(np.abs(a - b).mean()) < 1.0, name


# -- the format-1 fixtures ------------------------------------------------------------------------


def _raw(name: str) -> dict[str, Any]:
    value = msgpack.unpackb((FIXTURES / name).read_bytes(), raw=False)
    assert isinstance(value, dict)
    return value


def test_v1_fixtures_are_format_1_as_migrations_describe_it() -> None:
    level = _raw("v1-level.cocreate")
    design = _raw("v1-design.cocreate")
    for raw in (level, design):
        assert raw["version"] == 1
        assert "terms" not in raw["meta"]
    assert "next_id" not in level["level"] and "next_id" not in design["design"]
    assert level["level"]["shapes"][1]["points"][0] == [800.5, 600]
    assert level["level"]["shapes"][1]["holes"][0][0] == [900, 700]
    assert design["design"]["layers"][0]["points"][1] == [0.3, -0.3]


def test_v1_fixtures_are_what_make_v1_writes() -> None:
    make_v1 = _module(FIXTURES / "make_v1.py")
    for name, build in make_v1.FIXTURES.items():
        assert make_v1.encode(build()) == (FIXTURES / name).read_bytes(), name


def test_v1_level_is_migrated_on_load() -> None:
    raw = _raw("v1-level.cocreate")
    doc = load(FIXTURES / "v1-level.cocreate")
    assert isinstance(doc, LevelDocument)
    assert doc.version == FORMAT_VERSION
    assert doc.meta.terms == ""
    for shape, old in zip(doc.level.shapes, raw["level"]["shapes"], strict=True):
        assert unpack_points(shape.points) == [(float(x), float(y)) for x, y in old["points"]]
        assert [unpack_points(h) for h in shape.holes] == [
            [(float(x), float(y)) for x, y in hole] for hole in old["holes"]
        ]
    (platform,) = [e for e in doc.level.entities if isinstance(e, MovingPlatform)]
    assert unpack_points(platform.path) == [(0.0, 0.0), (0.0, -150.5), (200.0, -150.5)]
    assert doc.level.next_id == 8  # the largest id in use is 7


def test_v1_design_is_migrated_on_load() -> None:
    doc = load(FIXTURES / "v1-design.cocreate")
    assert isinstance(doc, DesignDocument)
    assert doc.meta.terms == ""
    star, dot = doc.design.layers
    assert isinstance(star, ShapeLayer) and isinstance(dot, ShapeLayer)
    assert unpack_points(star.points) == [
        (0.0, -1.0),
        (0.3, -0.3),
        (1.0, 0.0),
        (0.3, 0.3),
        (0.0, 1.0),
        (-1.0, 0.0),
    ]
    assert dot.points == b""
    assert doc.design.next_id == 3  # the largest id in use is 2


def test_cocreate_validate_says_v1_fixtures_were_migrated() -> None:
    names = ["tests/fixtures/v1-level.cocreate", "tests/fixtures/v1-design.cocreate"]
    run = subprocess.run(
        [sys.executable, "-m", "cocreate", "validate", *names],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.splitlines() == [
        "tests/fixtures/v1-level.cocreate: ok (format 1, migrated on load)",
        "tests/fixtures/v1-design.cocreate: ok (format 1, migrated on load)",
    ]


# -- the format-2 fixture -------------------------------------------------------------------------


def test_v2_fixture_is_what_make_v2_writes() -> None:
    make_v2 = _module(FIXTURES / "make_v2.py")
    for name, build in make_v2.FIXTURES.items():
        assert make_v2.encode(build()) == (FIXTURES / name).read_bytes(), name


def test_v2_level_is_migrated_on_load_with_opaque_visible_tile_layers() -> None:
    raw = _raw("v2-level.cocreate")
    (old,) = raw["level"]["tile_layers"]
    assert raw["version"] == 2 and "opacity" not in old and "visible" not in old
    checked = check_file(FIXTURES / "v2-level.cocreate")
    assert checked.ok and checked.version_read == 2
    doc = checked.document
    assert isinstance(doc, LevelDocument) and doc.version == FORMAT_VERSION
    (layer,) = doc.level.tile_layers
    assert (layer.opacity, layer.visible) == (1.0, True)
    assert layer.data == old["data"]  # the cells keep their meaning
    again = codec.encode(doc)  # saved, it is a canonical version-3 file
    assert check_bytes(again).ok
    assert msgpack.unpackb(again, raw=False)["level"]["tile_layers"][0]["visible"] is True


@pytest.mark.parametrize("path", [p for p in SAMPLES if "replay" not in p.name], ids=str)
def test_a_sample_backdrop_covers_the_camera_travel_so_it_never_shows_twice(path: Path) -> None:
    """The play view draws a backdrop at the view's height and repeats it across when it is
    narrower than the camera's travel (times its parallax) needs: a sample's one sun would then
    show twice in one view."""
    import io

    from engine.render.play import VIEW

    doc = load(path)
    if not isinstance(doc, LevelDocument) or not doc.level.background.image:
        return
    bg = doc.level.background
    w, h = Image.open(io.BytesIO(doc.assets[bg.image].data)).size
    shown = w * VIEW[1] / h
    travel = max(0.0, doc.level.size.width - VIEW[0]) * bg.parallax
    assert shown >= VIEW[0] + travel, (path.name, shown, VIEW[0] + travel)
