"""The simulation: the player's moves, every entity, and the outcome."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from engine.level import entities as E
from engine.packed import pack_points
from engine.sim import player as tuning
from engine.sim.inputs import Buttons
from engine.sim.world import Status, World
from engine.validation import validate
from tests.engine.sim.builders import GROUND_Y, LevelBuilder

L, R, J, D = Buttons.LEFT, Buttons.RIGHT, Buttons.JUMP, Buttons.DOWN


def play(world: World, buttons: Callable[[int], int] | int, ticks: int) -> World:
    for t in range(ticks):
        world.step(int(buttons(t) if callable(buttons) else buttons))
        if world.status is not Status.PLAYING:
            break
    return world


def flat() -> LevelBuilder:
    b = LevelBuilder()
    b.ground()
    b.spawn()
    return b


def settled(b: LevelBuilder) -> World:
    doc = b.build()
    assert validate(doc) == []
    world = World(doc)
    play(world, 0, 30)
    assert world.player_state.grounded
    return world


def feet(world: World) -> float:
    return float(world.player.position.y + tuning.HEIGHT / 2)


def test_player_lands_on_the_ground_and_stands_still() -> None:
    world = settled(flat())
    assert feet(world) == pytest.approx(GROUND_Y, abs=1.5)
    x = world.player.position.x
    play(world, 0, 120)
    assert world.player.position.x == pytest.approx(x, abs=0.01)


def test_running_reaches_run_speed_and_clears_the_goal() -> None:
    b = flat()
    b.goal(1000.0)
    world = settled(b)
    play(world, R, 30)
    assert world.player.velocity.x == pytest.approx(tuning.RUN_SPEED, abs=1)
    play(world, R, 600)
    out = world.outcome()
    assert out.status is Status.CLEARED
    assert out.reason == "reached the goal"
    assert 30 + 150 < out.tick + 30 < 30 + 230  # ~880 px at 300 px/s is ~176 ticks


def test_held_jump_goes_higher_than_a_tap() -> None:
    def peak(hold: int) -> float:
        world = settled(flat())
        top = feet(world)
        for t in range(90):
            world.step(J if t < hold else 0)
            top = min(top, feet(world))
        return GROUND_Y - top

    full = peak(60)
    tap = peak(3)
    expected = tuning.JUMP_SPEED**2 / (2 * 980.0)
    assert full == pytest.approx(expected, rel=0.05)
    assert tap < full * 0.5


def _ledge_world() -> World:
    b = LevelBuilder()
    b.box(0, GROUND_Y, 400, GROUND_Y + 100)
    b.box(0, 1400 - 50, 3000, 1400, material="ground")  # a floor far below, to fall onto
    b.size.height = 1600
    b.spawn(x=300)
    return settled(b)


def _jumps_after_leaving_ledge(delay: int) -> bool:
    world = _ledge_world()
    # run until clear of the ledge's (slightly rounded) corner and off the ground
    while world.player_state.grounded or world.player.position.x < 400 + tuning.WIDTH / 2 + 3:
        world.step(R)
    left_at = world.tick
    while world.tick < left_at + delay:
        world.step(R)
    world.step(R | J)
    world.step(R | J)
    return bool(world.player.velocity.y < -tuning.JUMP_SPEED * 0.8)


def test_coyote_time_allows_a_late_jump_off_a_ledge() -> None:
    assert _jumps_after_leaving_ledge(tuning.COYOTE_TICKS - 2)
    assert not _jumps_after_leaving_ledge(tuning.COYOTE_TICKS + 4)


def test_jump_pressed_just_before_landing_is_buffered() -> None:
    def bounced(early: int) -> bool:
        world = settled(flat())
        play(world, J, 60)  # jump and hold until we come down...
        play(world, 0, 1)
        while not world.player_state.grounded:
            # press jump `early` ticks before the landing we predict from height and speed
            rest = (GROUND_Y - feet(world)) / max(world.player.velocity.y, 1) * 60
            world.step(J if world.player.velocity.y > 0 and rest <= early else 0)
        play(world, J, 3)
        return bool(world.player.velocity.y < -tuning.JUMP_SPEED * 0.8)

    assert bounced(3)
    assert not bounced(tuning.BUFFER_TICKS + 8)


def test_standing_on_a_slope_does_not_slide_and_running_climbs_it() -> None:
    b = LevelBuilder()
    b.ground()
    # a 30° ramp rising to the right from x=600 to x=1100
    b.polygon([(600, GROUND_Y), (1100, GROUND_Y - 288.7), (1100, GROUND_Y)])
    b.spawn(x=900, y=GROUND_Y - 200)
    world = settled(b)
    x0 = world.player.position.x
    play(world, 0, 120)
    assert abs(world.player.position.x - x0) < 2.0
    y0 = world.player.position.y
    play(world, R, 30)  # half a second up the ramp, still on it
    assert world.player_state.grounded
    assert y0 - world.player.position.y > 50  # went up the ramp


def test_one_way_platform_is_jumped_through_from_below_and_stood_on() -> None:
    b = flat()
    b.box(40, GROUND_Y - 120, 300, GROUND_Y - 104, one_way=True)
    world = settled(b)
    play(world, J, 60)
    play(world, 0, 60)
    assert world.player_state.grounded
    assert feet(world) == pytest.approx(GROUND_Y - 120, abs=2)
    play(world, D | J, 4)  # drop through
    play(world, 0, 60)
    assert feet(world) == pytest.approx(GROUND_Y, abs=2)


def test_hazard_costs_a_life_and_respawns_at_the_last_checkpoint() -> None:
    b = flat()
    cp = b.entity(E.Checkpoint, x=300.0, y=GROUND_Y - 32)
    b.entity(E.Hazard, x=600.0, y=GROUND_Y - 8, width=64.0, height=16.0)
    world = settled(b)
    while world.deaths == 0 and world.tick < 300:
        world.step(R)
    assert world.deaths == 1
    assert world.player_state.lives == tuning.LIVES - 1
    assert world.respawn_point == (300.0, GROUND_Y - 32)
    assert cp
    play(world, R, 600)
    out = world.outcome()
    assert out.status is Status.DIED
    assert out.reason == "touched a hazard"
    assert out.deaths == tuning.LIVES


def test_falling_out_of_the_level_costs_a_life() -> None:
    b = LevelBuilder()
    b.box(0, GROUND_Y, 400, GROUND_Y + 100)
    b.spawn()
    world = settled(b)
    play(world, R, 200)
    assert world.deaths == 1


def test_collectibles_add_their_value_once() -> None:
    b = flat()
    b.entity(E.Collectible, x=300.0, y=GROUND_Y - 20, value=5)
    b.entity(E.Collectible, x=500.0, y=GROUND_Y - 20)
    world = settled(b)
    play(world, R, 120)
    play(world, L, 120)
    assert world.score == 6
    assert len(world.collected) == 2


def test_switch_opens_a_linked_door() -> None:
    b = flat()
    sw = b.entity(E.Switch, x=300.0, y=GROUND_Y - 6)
    door = b.entity(E.Door, x=700.0, y=GROUND_Y - 48, width=24.0, height=96.0)
    b.goal(900.0)
    closed = settled(b)  # not linked yet: the door stays shut
    play(closed, R, 300)
    assert closed.status is Status.PLAYING
    assert closed.player.position.x < 700
    b.link(sw, door)
    world = settled(b)
    play(world, R, 400)
    assert world.status is Status.CLEARED


def test_moving_platform_follows_its_path_and_carries_the_player() -> None:
    b = flat()
    plat = b.entity(
        E.MovingPlatform,
        x=200.0,
        y=GROUND_Y - 60,
        material="wood",
        path=pack_points([(0, 0), (400, 0)]),
        speed=100.0,
    )
    b.entities[0] = E.Spawn(id=b.entities[0].id, x=200.0, y=GROUND_Y - 120)  # on the platform
    world = settled(b)
    start = world.player.position.x
    play(world, 0, 120)  # 2 s at 100 px/s
    body = world.bodies[plat]
    assert body.position.x == pytest.approx(200 + 100 * 150 / 60, abs=2)
    assert world.player.position.x - start == pytest.approx(200, abs=15)


def test_crate_is_pushed_and_bounce_pad_launches() -> None:
    b = flat()
    crate = b.entity(E.Crate, x=400.0, y=GROUND_Y - 16, material="wood")
    pad = b.entity(E.BouncePad, x=1200.0, y=GROUND_Y - 6, strength=1100.0)
    world = settled(b)
    play(world, R, 120)
    assert world.bodies[crate].position.x > 450
    assert pad
    world2 = settled(flat_with(E.BouncePad, x=400.0, y=GROUND_Y - 6, strength=1100.0))
    top = feet(world2)
    for _ in range(120):
        world2.step(R)
        top = min(top, feet(world2))
    assert GROUND_Y - top > 500  # 1100²/(2·980) ≈ 617 px


def flat_with(cls: type, **kw: object) -> LevelBuilder:
    b = flat()
    b.entity(cls, **kw)
    return b


def test_ice_is_slippery_for_the_player() -> None:
    def slide(material: str) -> float:
        b = LevelBuilder()
        b.ground(material=material)
        b.spawn()
        world = settled(b)
        play(world, R, 60)
        speeds.append(float(world.player.velocity.x))
        x = world.player.position.x
        play(world, 0, 60)
        return float(world.player.position.x - x)

    speeds: list[float] = []
    assert slide("ground") < 20
    assert slide("ice") > 100  # keeps sliding long after letting go
    assert speeds[0] == pytest.approx(tuning.RUN_SPEED)
    assert speeds[1] < tuning.RUN_SPEED  # and is slow to get going


def test_landing_on_bumpy_ground_never_falls_through() -> None:
    import random

    for seed in range(40):
        rng = random.Random(seed)
        b = LevelBuilder()
        top, y = [], GROUND_Y
        for x in range(0, 3001, 60):
            y = min(GROUND_Y + 40, max(GROUND_Y - 40, y + rng.uniform(-8, 8)))
            top.append((float(x), y))
        b.polygon([*top, (3000.0, GROUND_Y + 200), (0.0, GROUND_Y + 200)])
        b.spawn(rng.uniform(100, 2800), GROUND_Y - 250)
        world = World(b.build())
        start = None
        for t in range(240):
            world.step(int(R) if t < 120 else int(L | (J if t % 40 < 10 else 0)))
            if start is None and world.player_state.grounded:
                start = (t, world.player.position.x)
        assert world.player.position.y < GROUND_Y + 45, f"seed {seed}: fell into the ground"
        assert start is not None


def test_a_pressure_plate_holds_a_door_open_only_while_weighed_down() -> None:
    b = flat()
    plate = b.entity(E.Switch, x=300.0, y=GROUND_Y - 6, mode="plate")
    door = b.entity(E.Door, x=700.0, y=GROUND_Y - 48, width=24.0, height=96.0)
    b.link(plate, door)
    world = settled(b)
    play(world, R, 40)  # onto the plate
    assert world.switches[plate].on
    assert world.doors[door].sensor  # open
    play(world, R, 30)  # off it again, short of the door
    assert world.player.position.x < 680
    assert not world.switches[plate].on
    assert not world.doors[door].sensor  # shut again
