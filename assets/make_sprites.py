"""Save the entity and player sprites that ``engine/render/sprites.py`` draws as PNG files.

The play window draws these with pygame's primitives at run time (crisp at any size, no files to
ship); this script saves the same drawings to ``assets/sprites/`` for the editor's palette, the
docs and the gallery. Run: ``.venv/bin/python assets/make_sprites.py``. Licence: CC0-1.0.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from engine.render import sprites
from engine.sim import player as tuning

OUT = Path(__file__).resolve().parent / "sprites"
WOOD = (160, 112, 62)
Draw = Callable[[pygame.Surface, float, float], None]

SPRITES: dict[str, tuple[tuple[int, int], Draw]] = {
    "player": ((40, 56), lambda s, x, y: sprites.player(s, x, y, tuning.WIDTH, tuning.HEIGHT, 1)),
    "goal": ((56, 72), lambda s, x, y: sprites.goal(s, x, y, 48, 64)),
    "checkpoint": ((40, 72), lambda s, x, y: sprites.checkpoint(s, x - 8, y, True)),
    "collectible": ((32, 32), lambda s, x, y: sprites.collectible(s, x, y, 0)),
    "spikes": ((40, 24), lambda s, x, y: sprites.hazard(s, x, y, 32, 16, "spikes")),
    "lava": ((40, 24), lambda s, x, y: sprites.hazard(s, x, y, 32, 16, "lava")),
    "saw": ((48, 48), lambda s, x, y: sprites.hazard(s, x, y, 32, 32, "saw")),
    "switch": ((40, 20), lambda s, x, y: sprites.switch(s, x, y, 32, 12, False)),
    "switch-on": ((40, 20), lambda s, x, y: sprites.switch(s, x, y, 32, 12, True)),
    "door": ((32, 104), lambda s, x, y: sprites.door(s, _rect(x, y, 24, 96), False)),
    "sign": ((48, 56), lambda s, x, y: sprites.sign(s, x, y + 8)),
    "bounce-pad": ((56, 24), lambda s, x, y: sprites.bounce_pad(s, x, y + 4, 48, 12)),
    "platform": (
        (104, 24),
        lambda s, x, y: sprites.platform(s, _rect(x, y, 96, 16), (160, 112, 62)),
    ),
}


def _rect(cx: float, cy: float, w: int, h: int) -> pygame.Rect:
    r = pygame.Rect(0, 0, w, h)
    r.center = (round(cx), round(cy))
    return r


def main(out: Path = OUT) -> int:
    pygame.display.init()
    try:
        pygame.display.set_mode((1, 1))
        out.mkdir(parents=True, exist_ok=True)
        for name, ((w, h), draw) in SPRITES.items():
            surf = pygame.Surface((w, h), pygame.SRCALPHA)
            draw(surf, w / 2, h / 2)
            pygame.image.save(surf, os.fspath(out / f"{name}.png"))
        crate = sprites.crate(pygame.Surface((1, 1)), 32, 32)
        pygame.image.save(crate, os.fspath(out / "crate.png"))
        print(f"{out}: {len(SPRITES) + 1} sprites")
        return 0
    finally:
        pygame.quit()


if __name__ == "__main__":
    sys.exit(main())
