"""Entity and player sprites, drawn by us with pygame's primitives (no image files needed).

Each function draws one thing centred on a screen point; ``assets/make_sprites.py`` saves them
as PNGs for the editor's palette and the docs.
"""

from __future__ import annotations

import math

import pygame

Color = tuple[int, int, int]


def _shade(color: Color, k: float) -> Color:
    r, g, b = color
    return (
        max(0, min(255, int(r * k))),
        max(0, min(255, int(g * k))),
        max(0, min(255, int(b * k))),
    )


def hex_color(value: str, default: Color = (136, 136, 136)) -> Color:
    if len(value) == 7 and value.startswith("#"):
        try:
            return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))
        except ValueError:
            pass
    return default


def player(surf: pygame.Surface, cx: float, cy: float, w: float, h: float, facing: int) -> None:
    body = pygame.Rect(0, 0, int(w), int(h))
    body.center = (round(cx), round(cy))
    pygame.draw.rect(surf, (235, 94, 40), body, border_radius=9)
    pygame.draw.rect(surf, (150, 50, 20), body, width=2, border_radius=9)
    visor = pygame.Rect(0, 0, int(w * 0.7), int(h * 0.28))
    visor.center = (round(cx + facing * w * 0.12), round(cy - h * 0.18))
    pygame.draw.rect(surf, (250, 240, 220), visor, border_radius=5)
    eye_x = visor.centerx + facing * 4
    pygame.draw.circle(surf, (30, 30, 40), (eye_x, visor.centery), 3)
    foot_y = body.bottom - 2
    for dx in (-w * 0.25, w * 0.25):
        pygame.draw.line(surf, (90, 30, 10), (cx + dx - 4, foot_y), (cx + dx + 4, foot_y), 3)


def goal(surf: pygame.Surface, cx: float, cy: float, w: float, h: float) -> None:
    pole_x = round(cx - w * 0.3)
    top, bottom = round(cy - h / 2), round(cy + h / 2)
    pygame.draw.line(surf, (70, 70, 80), (pole_x, top), (pole_x, bottom), 4)
    flag = [(pole_x + 2, top + 2), (pole_x + round(w * 0.75), top + 12), (pole_x + 2, top + 24)]
    pygame.draw.polygon(surf, (250, 200, 40), flag)
    pygame.draw.polygon(surf, (170, 120, 10), flag, 2)
    pygame.draw.circle(surf, (250, 200, 40), (pole_x, top), 5)


def checkpoint(surf: pygame.Surface, cx: float, cy: float, active: bool) -> None:
    top, bottom = round(cy - 32), round(cy + 32)
    x = round(cx)
    pygame.draw.line(surf, (90, 90, 100), (x, top), (x, bottom), 3)
    color = (60, 200, 120) if active else (180, 180, 190)
    pygame.draw.polygon(surf, color, [(x + 2, top + 2), (x + 26, top + 10), (x + 2, top + 18)])


def collectible(surf: pygame.Surface, cx: float, cy: float, tick: int) -> None:
    r = 11
    squash = abs(math.cos(tick / 12.0))
    rect = pygame.Rect(0, 0, max(3, int(2 * r * squash)), 2 * r)
    rect.center = (round(cx), round(cy))
    pygame.draw.ellipse(surf, (255, 210, 50), rect)
    pygame.draw.ellipse(surf, (200, 140, 20), rect, 2)


def hazard(surf: pygame.Surface, cx: float, cy: float, w: float, h: float, style: str) -> None:
    left, top = cx - w / 2, cy - h / 2
    if style == "lava":
        rect = pygame.Rect(round(left), round(top), round(w), round(h))
        pygame.draw.rect(surf, (230, 80, 20), rect)
        pygame.draw.rect(surf, (255, 180, 40), rect.inflate(0, -h * 0.6).move(0, -h * 0.2))
        return
    if style == "saw":
        r = min(w, h) / 2
        pygame.draw.circle(surf, (170, 170, 180), (round(cx), round(cy)), round(r))
        for i in range(10):
            a = i * math.tau / 10
            tip = (cx + math.cos(a) * r * 1.25, cy + math.sin(a) * r * 1.25)
            pygame.draw.line(surf, (120, 120, 130), (cx, cy), tip, 2)
        return
    n = max(1, round(w / 16))
    step = w / n
    for i in range(n):
        x0 = left + i * step
        spike = [(x0, top + h), (x0 + step / 2, top), (x0 + step, top + h)]
        pygame.draw.polygon(surf, (200, 200, 210), spike)
        pygame.draw.polygon(surf, (90, 90, 100), spike, 1)


def crate(surf: pygame.Surface, w: float, h: float) -> pygame.Surface:
    """A crate image (rotated by the caller)."""
    img = pygame.Surface((max(2, round(w)), max(2, round(h))), pygame.SRCALPHA)
    rect = img.get_rect()
    pygame.draw.rect(img, (176, 122, 64), rect)
    pygame.draw.rect(img, (110, 70, 30), rect, 3)
    pygame.draw.line(img, (110, 70, 30), rect.topleft, rect.bottomright, 3)
    pygame.draw.line(img, (110, 70, 30), rect.topright, rect.bottomleft, 3)
    return img


def platform(surf: pygame.Surface, rect: pygame.Rect, color: Color) -> None:
    pygame.draw.rect(surf, color, rect, border_radius=4)
    pygame.draw.rect(surf, _shade(color, 0.6), rect, 2, border_radius=4)
    for x in range(rect.left + 8, rect.right - 4, 16):
        pygame.draw.circle(surf, _shade(color, 0.5), (x, rect.centery), 2)


def switch(surf: pygame.Surface, cx: float, cy: float, w: float, h: float, on: bool) -> None:
    base = pygame.Rect(0, 0, round(w), max(4, round(h * 0.5)))
    base.midbottom = (round(cx), round(cy + h / 2))
    pygame.draw.rect(surf, (80, 80, 90), base, border_radius=3)
    cap = pygame.Rect(0, 0, round(w * 0.7), max(3, round(h * (0.3 if on else 0.6))))
    cap.midbottom = base.midtop
    pygame.draw.rect(surf, (60, 200, 90) if on else (220, 60, 60), cap, border_radius=3)


def door(surf: pygame.Surface, rect: pygame.Rect, open_: bool) -> None:
    if open_:
        pygame.draw.rect(surf, (120, 90, 160), rect, 2)
        return
    pygame.draw.rect(surf, (120, 90, 160), rect)
    pygame.draw.rect(surf, (70, 50, 100), rect, 3)
    for y in range(rect.top + 12, rect.bottom - 6, 14):
        pygame.draw.line(surf, (90, 70, 130), (rect.left + 4, y), (rect.right - 4, y), 2)


def sign(surf: pygame.Surface, cx: float, cy: float) -> None:
    post = pygame.Rect(0, 0, 6, 30)
    post.midbottom = (round(cx), round(cy + 16))
    pygame.draw.rect(surf, (120, 80, 40), post)
    board = pygame.Rect(0, 0, 40, 26)
    board.midbottom = (round(cx), post.top + 6)
    pygame.draw.rect(surf, (200, 160, 100), board, border_radius=3)
    pygame.draw.rect(surf, (120, 80, 40), board, 2, border_radius=3)
    for dy in (-5, 0, 5):
        y = board.centery + dy
        pygame.draw.line(surf, (120, 80, 40), (board.left + 7, y), (board.right - 7, y), 1)


def bounce_pad(surf: pygame.Surface, cx: float, cy: float, w: float, h: float) -> None:
    base = pygame.Rect(0, 0, round(w), max(4, round(h)))
    base.center = (round(cx), round(cy))
    pygame.draw.rect(surf, (60, 60, 70), base, border_radius=3)
    top = pygame.Rect(0, 0, round(w * 0.9), 5)
    top.midbottom = (base.centerx, base.top + 2)
    pygame.draw.rect(surf, (60, 160, 250), top, border_radius=2)
    for dx in (-w * 0.25, 0, w * 0.25):
        x = round(cx + dx)
        pygame.draw.line(surf, (200, 200, 210), (x - 4, base.top + 3), (x + 4, base.bottom - 3), 2)
