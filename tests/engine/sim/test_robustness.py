"""Never a crash inside pymunk: any level that ``validate`` accepts builds a world and plays.

Hypothesis makes small levels of random boxes and triangles (static, dynamic or kinematic, of
random materials), crates, moving platforms on random paths, switches linked to doors and
platforms, hazards and bounce pads; those that validate are stepped 120 ticks with random
inputs, and every body must stay at a finite place. Then a few hand-made nasty cases.
"""

from __future__ import annotations

import math

import msgspec
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from engine.document import LevelDocument
from engine.level import entities as E
from engine.level.model import Material, Vec
from engine.packed import pack_points
from engine.sim.inputs import ALL_BUTTONS, Buttons
from engine.sim.world import World
from engine.validation import validate
from tests.engine.sim.builders import GROUND_Y, LevelBuilder

TICKS = 120
WIDTH, HEIGHT = 2000.0, 1200.0
MATERIALS = [
    Material(name="ground", friction=0.8),
    Material(name="ice", friction=0.0),
    Material(name="wood", density=0.5, friction=0.6),
    Material(name="rubber", density=2.0, friction=1.5, restitution=1.0),
    Material(name="lead", density=50.0, friction=0.3),
    Material(name="foam", density=0.01, friction=5.0, restitution=0.5),
]
NAMES = [m.name for m in MATERIALS]

xs = st.floats(0.0, WIDTH)
ys = st.floats(0.0, HEIGHT)
sizes = st.floats(1.0, 400.0)
offsets = st.tuples(st.floats(-400.0, 400.0), st.floats(-400.0, 400.0))


@st.composite
def levels(draw: st.DrawFn) -> LevelDocument:
    b = LevelBuilder(WIDTH, HEIGHT)
    b.materials = list(MATERIALS)
    if draw(st.booleans()):
        b.ground(material=draw(st.sampled_from(NAMES)))
    b.spawn(draw(xs), draw(ys))
    for _ in range(draw(st.integers(0, 6))):
        x, y, w, h = draw(xs), draw(ys), draw(sizes), draw(sizes)
        if draw(st.booleans()):
            points = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
        else:
            points = [(x, y), (x + draw(sizes) - 200, y + h), (x + w, y + draw(sizes) - 200)]
        body = draw(st.sampled_from(["static", "dynamic", "kinematic"]))
        b.polygon(
            points,
            body=body,
            material=draw(st.sampled_from(NAMES)),
            one_way=body == "static" and draw(st.booleans()),
        )
    for _ in range(draw(st.integers(0, 4))):
        b.entity(
            E.Crate,
            x=draw(xs),
            y=draw(ys),
            width=draw(st.floats(2.0, 120.0)),
            height=draw(st.floats(2.0, 120.0)),
            material=draw(st.sampled_from(NAMES)),
        )
    targets = []
    for _ in range(draw(st.integers(0, 2))):
        path = [(0.0, 0.0), *draw(st.lists(offsets, min_size=1, max_size=4))]
        targets.append(
            b.entity(
                E.MovingPlatform,
                x=draw(xs),
                y=draw(ys),
                material=draw(st.sampled_from(NAMES)),
                path=pack_points(path),
                speed=draw(st.floats(1.0, 3000.0)),
                mode=draw(st.sampled_from(["loop", "pingpong"])),
                active=draw(st.booleans()),
            )
        )
    for _ in range(draw(st.integers(0, 2))):
        targets.append(b.entity(E.Door, x=draw(xs), y=draw(ys), open=draw(st.booleans())))
    for _ in range(draw(st.integers(0, 2))):
        switch = b.entity(
            E.Switch, x=draw(xs), y=draw(ys), mode=draw(st.sampled_from(["button", "plate"]))
        )
        for target in draw(st.lists(st.sampled_from(targets), unique=True)) if targets else []:
            b.link(switch, target)
    for _ in range(draw(st.integers(0, 2))):
        b.entity(E.Hazard, x=draw(xs), y=draw(ys), width=draw(sizes), height=draw(sizes))
    for _ in range(draw(st.integers(0, 2))):
        strength = draw(st.floats(1.0, 5000.0))
        b.entity(E.BouncePad, x=draw(xs), y=draw(ys), strength=strength)
    b.goal(draw(xs), draw(ys))
    doc = b.build()
    gx, gy = draw(st.sampled_from([(0.0, 980.0), (0.0, 0.0), (300.0, -500.0), (0.0, 5000.0)]))
    level = msgspec.structs.replace(doc.level, gravity=Vec(x=gx, y=gy))
    return msgspec.structs.replace(doc, level=level)


def assert_plays(doc: LevelDocument, inputs: list[int]) -> World:
    """Build the world and step it; every body stays at a finite place and angle."""
    world = World(doc)
    for buttons in inputs:
        world.step(buttons)
    for ident, body in [(0, world.player), *world.bodies.items()]:
        x, y = body.position
        assert all(map(math.isfinite, (x, y, body.angle))), f"body {ident} at {x}, {y}"
    return world


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(levels(), st.lists(st.integers(0, ALL_BUTTONS), min_size=TICKS, max_size=TICKS))
def test_any_valid_level_plays_without_a_crash(doc: LevelDocument, inputs: list[int]) -> None:
    assume(validate(doc) == [])
    assert_plays(doc, inputs)


# -- nasty cases ---------------------------------------------------------------------------

RIGHT_AND_HOP = [int(Buttons.RIGHT | (Buttons.JUMP if t % 30 < 8 else 0)) for t in range(TICKS)]


def with_ground(b: LevelBuilder) -> LevelDocument:
    b.ground()
    b.spawn()
    b.goal(2900.0)
    doc = b.build()
    assert validate(doc) == []
    return doc


def bottom_of(world: World, ident: int) -> float:
    """The lowest point (largest y) of a body's shapes."""
    return max(shape.bb.top for shape in world.bodies[ident].shapes)


def test_a_dynamic_polygon_with_a_hole_lands_on_the_ground() -> None:
    b = LevelBuilder()
    ring = b.polygon(
        [(500, 700), (700, 700), (700, 900), (500, 900)],
        holes=[[(540, 740), (660, 740), (660, 860), (540, 860)]],
        body="dynamic",
        material="wood",
    )
    world = assert_plays(with_ground(b), RIGHT_AND_HOP)
    assert len(world.bodies[ring].shapes) >= 4  # cut into convex pieces around the hole
    assert abs(bottom_of(world, ring) - GROUND_Y) < 3


THIN = (
    "a dynamic polygon must be at least 6 px thick somewhere (thinner bodies can fall through "
    "the ground)"
)


@pytest.mark.parametrize(
    "points",
    [
        [(500, 900), (900, 900), (900, 900.01)],  # a sliver
        [(500, 900), (900, 900), (900, 902), (500, 902)],  # 2 px thick: it used to tunnel
        [(500, 500), (500.000001, 500), (500.000001, 500.000001), (500, 500.000001)],  # mass 0
    ],
)
def test_a_too_thin_dynamic_polygon_is_rejected_by_validate(
    points: list[tuple[float, float]],
) -> None:
    b = LevelBuilder()
    b.polygon(points, body="dynamic")
    b.ground()
    b.spawn()
    assert [str(p) for p in validate(b.build())] == [f"$.level.shapes[0].points: {THIN}"]


def test_a_thin_dynamic_plank_lands_on_the_ground() -> None:
    b = LevelBuilder()
    plank = b.box(500, 900, 900, 906, body="dynamic")  # the thinnest allowed
    world = assert_plays(with_ground(b), [0] * TICKS)
    assert abs(bottom_of(world, plank) - GROUND_Y) < 3


@pytest.mark.parametrize(
    "path",
    [[(0.0, 0.0), (0.0, 0.0)], [(0.0, 0.0), (0.0, 0.0), (200.0, 0.0)], [(0, 0), (9, 9), (9, 9)]],
)
def test_a_moving_platform_with_repeated_path_points_plays(path: list[tuple[float, float]]) -> None:
    for mode in ("loop", "pingpong"):
        b = LevelBuilder()
        plat = b.entity(
            E.MovingPlatform, x=400.0, y=900.0, material="wood", path=pack_points(path), mode=mode
        )
        world = assert_plays(with_ground(b), RIGHT_AND_HOP)
        x, y = world.bodies[plat].position
        assert min(400 + px for px, _ in path) <= x <= max(400 + px for px, _ in path)
        assert min(900 + py for _, py in path) <= y <= max(900 + py for _, py in path)


def test_a_crate_inside_a_wall_at_the_start_plays() -> None:
    b = LevelBuilder()
    b.box(400, 700, 700, GROUND_Y)
    crate = b.entity(E.Crate, x=550.0, y=850.0, material="wood")
    overlapping = [b.entity(E.Crate, x=800.0 + i, y=900.0, material="wood") for i in range(5)]
    world = assert_plays(with_ground(b), RIGHT_AND_HOP)
    for ident in [crate, *overlapping]:
        assert bottom_of(world, ident) <= GROUND_Y + 1  # pushed apart, none through the ground


# Levels that would crash pymunk ("Dynamic bodies must have a mass > 0 and < inf and moment > 0")
# or make NaN positions: validate refuses them, naming the field.


def test_a_tiny_crate_is_rejected_by_validate() -> None:
    b = LevelBuilder()
    b.entity(E.Crate, x=500.0, y=800.0, width=1e-200, height=1e-200, material="wood")
    b.ground()
    b.spawn()
    assert [str(p) for p in validate(b.build())] == [
        "$.level.entities[0].width: must be at least 6 px for a body that moves, not 1e-200",
        "$.level.entities[0].height: must be at least 6 px for a body that moves, not 1e-200",
    ]


def test_a_material_of_almost_no_density_is_rejected_by_validate() -> None:
    b = LevelBuilder()
    b.materials.append(Material(name="air", density=5e-324))
    b.entity(E.Crate, x=500.0, y=800.0, material="air")  # would land at NaN
    b.ground()
    b.spawn()
    assert [str(p) for p in validate(b.build())] == [
        "$.level.materials[3].density: must be at least 1e-06, not 4.94066e-324"
    ]
