"""The simulated level: a pymunk space built from a level document, stepped at a fixed 60 Hz.

The document is the truth and stays untouched; the world maps document ids to bodies and keeps
the play state (player, collectibles taken, switches, doors). Nothing in a step depends on the
wall clock, dict order of anything but the document, or hash seeds; pymunk runs single-threaded
(its threaded solver is not deterministic). ``state_hash`` fingerprints every body's position,
angle and velocity, so two runs can be compared tick by tick.
"""

from __future__ import annotations

import hashlib
import math
import struct
from dataclasses import dataclass, field
from enum import Enum

import pymunk

from engine.document import LevelDocument
from engine.level.entities import (
    BouncePad,
    Checkpoint,
    Collectible,
    Crate,
    Door,
    Goal,
    Hazard,
    MovingPlatform,
    Spawn,
    Switch,
)
from engine.level.model import Material
from engine.packed import unpack_points
from engine.sim import player as tuning
from engine.sim.player import PlayerState, control
from engine.sim.terrain import (
    add_segment_chain,
    convex_pieces,
    inset_rings,
    rings_of,
    solid_tile_polygons,
)

TICK_RATE = 60
DT = 1.0 / TICK_RATE
FALL_MARGIN = 400.0
"""The player dies this far below the bottom of the level."""

# collision types
PLAYER, TERRAIN, ONE_WAY, CRATE, PLATFORM, DOOR = 1, 2, 3, 4, 5, 6
GOAL, CHECKPOINT, COLLECTIBLE, HAZARD, SWITCH, BOUNCE = 10, 11, 12, 13, 14, 15
_SENSORS = (GOAL, CHECKPOINT, COLLECTIBLE, HAZARD, SWITCH, BOUNCE)
COLLECTIBLE_RADIUS = 12.0
CHECKPOINT_SIZE = (32.0, 64.0)


class Status(Enum):
    PLAYING = "playing"
    CLEARED = "cleared"
    DIED = "died"
    TIMED_OUT = "timed out"


@dataclass
class Outcome:
    status: Status
    tick: int
    score: int
    collected: int
    deaths: int
    reason: str = ""


@dataclass
class _Platform:
    entity: MovingPlatform
    body: pymunk.Body
    path: list[tuple[float, float]]
    travel: float = 0.0
    active: bool = True
    route: _Route = field(init=False)

    def __post_init__(self) -> None:
        self.route = _Route.along(self.path, self.entity.mode)


@dataclass
class _Switch:
    entity: Switch
    on: bool = False
    pressing: set[int] = field(default_factory=set)
    """Collision ids (player 0, crates by id) currently on a plate."""


class World:
    """A level being played."""

    def __init__(self, doc: LevelDocument) -> None:
        self.doc = doc
        level = doc.level
        self.level = level
        self.tick = 0
        self.status = Status.PLAYING
        self.reason = ""
        self.score = 0
        self.deaths = 0
        self.collected: set[int] = set()
        self.events: list[tuple[int, int]] = []
        """(collision type, entity id) touched by the player in the last step."""

        space = pymunk.Space(threaded=False)
        space.gravity = (level.gravity.x, level.gravity.y)
        space.iterations = 12
        self.space = space
        self._materials: dict[str, Material] = {m.name: m for m in level.materials}
        self._fallback = Material(name="", color="#888888")
        self.bodies: dict[int, pymunk.Body] = {}
        """Document id → the body of each dynamic or kinematic shape, crate and platform."""
        self._entity_of: dict[pymunk.Shape, int] = {}
        self.doors: dict[int, pymunk.Shape] = {}
        self._collectible_shapes: dict[int, pymunk.Shape] = {}
        self.platforms: dict[int, _Platform] = {}
        self.switches: dict[int, _Switch] = {}
        self._links: dict[int, list[int]] = {}
        for link in level.links:
            self._links.setdefault(link.source, []).append(link.target)

        self._build_terrain()
        self._build_entities()
        spawn = next((e for e in level.entities if isinstance(e, Spawn)), None)
        self.spawn_point = (spawn.x, spawn.y) if spawn else (level.size.width / 2, 0.0)
        self.respawn_point = self.spawn_point
        self.player_state = PlayerState()
        self.player = self._make_player()
        self._install_handlers()

    # -- building ----------------------------------------------------------------------------

    def _material(self, name: str) -> Material:
        return self._materials.get(name, self._fallback)

    def _build_terrain(self) -> None:
        space, level = self.space, self.level
        for shape in level.shapes:
            mat = self._material(shape.material)
            ctype = ONE_WAY if shape.one_way else TERRAIN
            if shape.body == "static":
                outline, *holes = rings_of(shape)
                self._add_static(outline, holes, mat, ctype)
                continue
            pieces = convex_pieces(shape)
            if not pieces:
                continue
            kind = pymunk.Body.DYNAMIC if shape.body == "dynamic" else pymunk.Body.KINEMATIC
            body = pymunk.Body(body_type=kind)
            polys = []
            for tri in pieces:
                poly = pymunk.Poly(body, tri)
                poly.density = mat.density
                poly.friction = mat.friction
                poly.elasticity = mat.restitution
                poly.collision_type = ctype
                polys.append(poly)
            space.add(body, *polys)
            self.bodies[shape.id] = body
        for layer in level.tile_layers:
            if not layer.solid:
                continue
            mat = self._material(layer.material)
            for outline, holes in solid_tile_polygons(layer):
                self._add_static(outline, holes, mat, TERRAIN)
        # invisible walls at the level's sides
        w, h = level.size.width, level.size.height
        for x in (0.0, w):
            wall = pymunk.Segment(space.static_body, (x, -h * 4), (x, h + FALL_MARGIN * 4), 1.0)
            wall.friction = 0.0
            wall.collision_type = TERRAIN
            space.add(wall)

    def _add_static(
        self,
        outline: list[tuple[float, float]],
        holes: list[list[tuple[float, float]]],
        mat: Material,
        ctype: int,
    ) -> None:
        """A static polygon: a rounded chain of segments on its surface (smooth to slide on)
        around a solid filling of triangles (a body that sinks in is pushed back out)."""
        static = self.space.static_body
        rings, radius, filling = inset_rings(outline, holes)
        shapes: list[pymunk.Shape] = []
        for ring in rings:
            shapes.extend(add_segment_chain(static, ring, mat, radius=radius))
        for tri in filling:
            piece = pymunk.Poly(static, tri)
            piece.friction = mat.friction
            piece.elasticity = mat.restitution
            shapes.append(piece)
        for s in shapes:
            s.collision_type = ctype
        self.space.add(*shapes)

    def _box(self, body: pymunk.Body, w: float, h: float, ctype: int, entity: int) -> pymunk.Poly:
        shape = pymunk.Poly.create_box(body, (w, h))
        shape.collision_type = ctype
        self._entity_of[shape] = entity
        return shape

    def _sensor(self, x: float, y: float, w: float, h: float, ctype: int, ent: int) -> None:
        body = pymunk.Body(body_type=pymunk.Body.STATIC)
        body.position = (x, y)
        shape = self._box(body, w, h, ctype, ent)
        shape.sensor = True
        self.space.add(body, shape)

    def _build_entities(self) -> None:
        space = self.space
        for ent in self.level.entities:
            if isinstance(ent, Goal):
                self._sensor(ent.x, ent.y, ent.width, ent.height, GOAL, ent.id)
            elif isinstance(ent, Checkpoint):
                self._sensor(ent.x, ent.y, *CHECKPOINT_SIZE, CHECKPOINT, ent.id)
            elif isinstance(ent, Hazard):
                self._sensor(ent.x, ent.y, ent.width, ent.height, HAZARD, ent.id)
            elif isinstance(ent, BouncePad):
                self._sensor(ent.x, ent.y, ent.width, ent.height, BOUNCE, ent.id)
            elif isinstance(ent, Switch):
                self._sensor(ent.x, ent.y, ent.width, ent.height, SWITCH, ent.id)
                self.switches[ent.id] = _Switch(ent)
            elif isinstance(ent, Collectible):
                body = pymunk.Body(body_type=pymunk.Body.STATIC)
                body.position = (ent.x, ent.y)
                circle = pymunk.Circle(body, COLLECTIBLE_RADIUS)
                circle.sensor = True
                circle.collision_type = COLLECTIBLE
                self._entity_of[circle] = ent.id
                self._collectible_shapes[ent.id] = circle
                space.add(body, circle)
            elif isinstance(ent, Crate):
                mat = self._material(ent.material)
                body = pymunk.Body()
                body.position = (ent.x, ent.y)
                box = self._box(body, ent.width, ent.height, CRATE, ent.id)
                box.density = mat.density
                box.friction = mat.friction
                box.elasticity = mat.restitution
                space.add(body, box)
                self.bodies[ent.id] = body
            elif isinstance(ent, MovingPlatform):
                mat = self._material(ent.material)
                body = pymunk.Body(body_type=pymunk.Body.KINEMATIC)
                body.position = (ent.x, ent.y)
                box = self._box(body, ent.width, ent.height, PLATFORM, ent.id)
                box.friction = max(mat.friction, 0.8)
                space.add(body, box)
                self.bodies[ent.id] = body
                path = [(ent.x + px, ent.y + py) for px, py in unpack_points(ent.path)]
                self.platforms[ent.id] = _Platform(ent, body, path, active=ent.active)
            elif isinstance(ent, Door):
                body = pymunk.Body(body_type=pymunk.Body.KINEMATIC)
                body.position = (ent.x, ent.y)
                box = self._box(body, ent.width, ent.height, DOOR, ent.id)
                box.friction = 0.5
                space.add(body, box)
                self.doors[ent.id] = box
                if ent.open:
                    box.sensor = True

    def _make_player(self) -> pymunk.Body:
        body = pymunk.Body(tuning.MASS, math.inf)
        body.position = self.spawn_point
        shape = pymunk.Poly.create_box(body, (tuning.WIDTH, tuning.HEIGHT), radius=1.0)
        shape.friction = 0.0
        shape.collision_type = PLAYER
        self.space.add(body, shape)
        return body

    def _install_handlers(self) -> None:
        space = self.space

        def one_way(arbiter: pymunk.Arbiter, _space: pymunk.Space, _data: object) -> None:
            ny = arbiter.normal.y  # from the first shape (player or crate) into the platform
            mover = arbiter.shapes[0].body
            assert mover is not None
            dropping = mover is self.player and self.player_state.drop_ticks > 0
            if ny < tuning.GROUND_NORMAL_Y or mover.velocity.y < -1.0 or dropping:
                arbiter.process_collision = False

        space.on_collision(PLAYER, ONE_WAY, pre_solve=one_way)
        space.on_collision(CRATE, ONE_WAY, pre_solve=one_way)

        def touch(arbiter: pymunk.Arbiter, _space: pymunk.Space, _data: object) -> None:
            other = arbiter.shapes[1]
            self.events.append((other.collision_type, self._entity_of.get(other, 0)))

        for kind in _SENSORS:
            space.on_collision(PLAYER, kind, begin=touch)

        def press(arbiter: pymunk.Arbiter, _space: pymunk.Space, _data: object) -> None:
            a, b = arbiter.shapes
            sw = self.switches.get(self._entity_of.get(b, 0))
            if sw is not None:
                sw.pressing.add(self._entity_of.get(a, 0))

        def release(arbiter: pymunk.Arbiter, _space: pymunk.Space, _data: object) -> None:
            a, b = arbiter.shapes
            sw = self.switches.get(self._entity_of.get(b, 0))
            if sw is not None:
                sw.pressing.discard(self._entity_of.get(a, 0))

        space.on_collision(PLAYER, SWITCH, begin=press, separate=release)
        space.on_collision(CRATE, SWITCH, begin=press, separate=release)

    # -- stepping ----------------------------------------------------------------------------

    def step(self, buttons: int) -> None:
        """Advance one tick (1/60 s) with the player's buttons for this tick."""
        if self.status is not Status.PLAYING:
            return
        self._move_platforms()
        v = self.player.velocity
        vx, vy = control(self.player_state, buttons, (v.x, v.y), DT)
        self.player.velocity = (vx, vy)
        self.events.clear()
        self.space.step(DT)
        self.tick += 1
        self._sense_ground()
        self._apply_events()
        self._update_switches()
        if self.player.position.y > self.level.size.height + FALL_MARGIN:
            self._die("fell out of the level")

    def _move_platforms(self) -> None:
        for plat in self.platforms.values():
            if not plat.active or len(plat.path) < 2:
                plat.body.velocity = (0.0, 0.0)
                continue
            plat.travel += plat.entity.speed * DT
            tx, ty = plat.route.point_at(plat.travel)
            px, py = plat.body.position
            plat.body.velocity = ((tx - px) / DT, (ty - py) / DT)

    def _sense_ground(self) -> None:
        state = self.player_state
        best: tuple[float, tuple[float, float], tuple[float, float], float] | None = None

        def look(arbiter: pymunk.Arbiter) -> None:
            nonlocal best
            if not arbiter.process_collision:
                return
            other = arbiter.shapes[1]
            if other.sensor:
                return
            n = arbiter.normal
            if n.y >= tuning.GROUND_NORMAL_Y and (best is None or n.y > best[0]):
                assert other.body is not None
                v = other.body.velocity
                best = (n.y, (n.x, n.y), (v.x, v.y), other.friction)

        self.player.each_arbiter(look)
        if best is None:
            state.grounded = False
            state.ground_velocity = (0.0, 0.0)
        else:
            state.grounded = True
            state.ground_normal = best[1]
            state.ground_velocity = best[2]
            state.ground_friction = best[3]

    def _apply_events(self) -> None:
        for kind, ident in self.events:
            if kind == GOAL:
                self.status = Status.CLEARED
                self.reason = "reached the goal"
                return
            if kind == HAZARD:
                self._die("touched a hazard")
                return
            if kind == CHECKPOINT:
                ent = next(e for e in self.level.entities if e.id == ident)
                self.respawn_point = (ent.x, ent.y)
            elif kind == COLLECTIBLE and ident not in self.collected:
                self.collected.add(ident)
                ent = next(e for e in self.level.entities if e.id == ident)
                assert isinstance(ent, Collectible)
                self.score += ent.value
                self.space.remove(self._collectible_shapes[ident])
            elif kind == BOUNCE:
                ent = next(e for e in self.level.entities if e.id == ident)
                assert isinstance(ent, BouncePad)
                self.player.velocity = (self.player.velocity.x, -ent.strength)
                self.player_state.rising_from_jump = False

    def _update_switches(self) -> None:
        for ident, sw in self.switches.items():
            # a plate is down while weighed; a button latches
            on = bool(sw.pressing) if sw.entity.mode == "plate" else sw.on or bool(sw.pressing)
            if on != sw.on:
                sw.on = on
                for target in self._links.get(ident, []):
                    self._toggle(target)

    def _toggle(self, target: int) -> None:
        if target in self.doors:
            door = self.doors[target]
            door.sensor = not door.sensor
        elif target in self.platforms:
            plat = self.platforms[target]
            plat.active = not plat.active

    def _die(self, why: str) -> None:
        self.deaths += 1
        self.player_state.lives -= 1
        if self.player_state.lives <= 0:
            self.status = Status.DIED
            self.reason = why
            return
        self.player.position = self.respawn_point
        self.player.velocity = (0.0, 0.0)
        self.player_state = PlayerState(lives=self.player_state.lives)
        self.space.reindex_shapes_for_body(self.player)

    # -- results -----------------------------------------------------------------------------

    def outcome(self) -> Outcome:
        return Outcome(
            self.status, self.tick, self.score, len(self.collected), self.deaths, self.reason
        )

    def time_out(self) -> None:
        if self.status is Status.PLAYING:
            self.status = Status.TIMED_OUT
            self.reason = "ran out of time"

    def state_hash(self) -> str:
        """sha256 over the tick, play state and every body's position, angle and velocity."""
        h = hashlib.sha256()
        st = self.player_state
        h.update(struct.pack("<qqqq", self.tick, self.score, self.deaths, st.lives))
        bodies = [(0, self.player), *sorted(self.bodies.items())]
        for ident, body in bodies:
            x, y = body.position
            vx, vy = body.velocity
            h.update(struct.pack("<q6d", ident, x, y, body.angle, vx, vy, body.angular_velocity))
        return h.hexdigest()


@dataclass(frozen=True)
class _Route:
    """A platform's path with its segment lengths worked out once (not on every tick)."""

    points: list[tuple[float, float]]
    lengths: list[float]
    total: float
    loop: bool

    @classmethod
    def along(cls, path: list[tuple[float, float]], mode: str) -> _Route:
        points = [*path, path[0]] if mode == "loop" and path else path
        lengths = [math.dist(points[i], points[i + 1]) for i in range(len(points) - 1)]
        return cls(points, lengths, sum(lengths), mode == "loop")

    def point_at(self, travel: float) -> tuple[float, float]:
        """Where ``travel`` px along the path lands (looping, or back and forth)."""
        points, total = self.points, self.total
        if total <= 0:
            return points[0]
        if self.loop:
            s = travel % total
        else:
            s = travel % (2 * total)
            if s > total:
                s = 2 * total - s
        for (ax, ay), (bx, by), seg in zip(points, points[1:], self.lengths, strict=False):
            if s <= seg and seg > 0:
                f = s / seg
                return (ax + (bx - ax) * f, ay + (by - ay) * f)
            s -= seg
        return points[-1]
