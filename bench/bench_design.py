"""Design rendering benchmarks (issue 5).

1. Print render of an 8-layer design (2 images, 3 text layers, 3 shapes; rotation, flip,
   opacity, multiply / screen / overlay) at 4,500 × 5,400 px, ``render_print(doc, size)``,
   against a bare Pillow script compositing the same layers the plain way (open, resize,
   rotate, draw, ``ImageChops`` blends, ``alpha_composite``): the limit. Target: ratio ≤ 1.2.
2. Mockups of the design in 6 colours, art rendered once: target ≤ 1 s for all six; and six
   400 px thumbnails from the same art.
3. Peak memory of one 4,500 × 5,400 print render, in a child process (``ru_maxrss`` after the
   render minus before it).

Run: ``.venv/bin/python bench/bench_design.py``; exits 1 when a target is missed.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageChops, ImageDraw, ImageFont  # noqa: E402

from bench.timing import medians, ms, show, within  # noqa: E402
from engine import APP  # noqa: E402
from engine.design.model import (  # noqa: E402
    Design,
    Garment,
    GarmentColor,
    ImageLayer,
    Layer,
    PrintArea,
    ShapeLayer,
    TextLayer,
    Transform,
)
from engine.document import Asset, DesignDocument, Meta  # noqa: E402
from engine.render.mockup import Mockups  # noqa: E402
from engine.render.print_art import render_print  # noqa: E402
from engine.validation import validate  # noqa: E402

SIZE = (4500, 5400)
COLORS = ["#ffffff", "#111111", "#1f2a44", "#b8b8b8", "#bfe8d2", "#8b1e2d"]


def _photo() -> bytes:
    """A 1,800 × 1,200 noisy gradient 'photo' (JPEG q90)."""
    rng = random.Random(5)
    base = Image.linear_gradient("L").resize((1800, 1200))
    noise = Image.frombytes("L", (1800, 1200), rng.randbytes(1800 * 1200))
    r = ImageChops.blend(base, noise, 0.25)
    im = Image.merge("RGB", [r, base.transpose(Image.Transpose.ROTATE_180), noise])
    out = io.BytesIO()
    im.save(out, "JPEG", quality=90)
    return out.getvalue()


def build() -> DesignDocument:
    photo = _photo()
    badge = (ROOT / "assets" / "art" / "sunrise.png").read_bytes()
    font = (ROOT / "assets" / "fonts" / "LiberationSans-Bold.ttf").read_bytes()
    assets = {
        hashlib.sha256(d).hexdigest(): Asset(type=t, name=n, data=d)  # type: ignore[arg-type]
        for d, t, n in (
            (photo, "image/jpeg", "photo.jpg"),
            (badge, "image/png", "badge.png"),
            (font, "font/ttf", "sans.ttf"),
        )
    }
    p, b, f = (hashlib.sha256(d).hexdigest() for d in (photo, badge, font))
    layers: list[Layer] = [
        ImageLayer(id=1, name="photo", transform=Transform(x=6.0, y=6.0, scale=1.5), image=p,
                   opacity=0.9),
        ShapeLayer(id=2, name="band", transform=Transform(x=6.0, y=9.0, rotation=-6.0),
                   width=11.0, height=1.6, corner_radius=0.3, fill="#ffcc33", blend="multiply"),
        ImageLayer(id=3, name="badge", transform=Transform(x=6.0, y=4.0, scale=0.6, rotation=8.0,
                   flip_x=True), image=b),
        TextLayer(id=4, name="title", transform=Transform(x=6.0, y=11.5), text="MAKE REMIX",
                  font=f, size=110.0, color="#ffffff", stroke="#1b1b2f", stroke_width=4.0),
        TextLayer(id=5, name="sub", transform=Transform(x=6.0, y=13.2, rotation=-4.0),
                  text="share it with everyone", font=f, size=48.0, color="#ff6f61",
                  blend="screen"),
        TextLayer(id=6, name="small", transform=Transform(x=6.0, y=14.6), text="cocreate 2026",
                  font=f, size=24.0, color="#2c2a5c", letter_spacing=0.2, opacity=0.8),
        ShapeLayer(id=7, name="sun", transform=Transform(x=9.5, y=2.5), shape="ellipse",
                   width=2.5, height=2.5, fill="#ff6f61", blend="overlay"),
        ShapeLayer(id=8, name="star", transform=Transform(x=2.5, y=2.5, rotation=15.0),
                   shape="star", width=2.5, height=2.5, fill="#ffffff", stroke="#2c2a5c",
                   stroke_width=0.08),
    ]  # fmt: skip
    doc = DesignDocument(
        app=APP,
        id="3f2504e0-4f89-41d3-9a0c-0305e82c3301",
        meta=Meta(title="bench", created="2026-01-01T00:00:00Z", modified="2026-01-01T00:00:00Z"),
        assets=assets,
        design=Design(
            garment=Garment(
                colors=[GarmentColor(name=f"c{i}", color=c) for i, c in enumerate(COLORS)]
            ),
            print_area=PrintArea(width=12.0, height=16.0, dpi=300),
            layers=layers,
            next_id=9,
        ),
    )
    problems = validate(doc)
    assert not problems, problems
    return doc


# -- the peer: the same layers with Pillow, written the plain way ---------------------------------

BLENDS = {
    "multiply": ImageChops.multiply,
    "screen": ImageChops.screen,
    "overlay": ImageChops.overlay,
}


def bare_pillow(doc: DesignDocument) -> Image.Image:
    """What a Pillow user writes for this design: no document model, no validation."""
    area = doc.design.print_area
    ppi = min(SIZE[0] / area.width, SIZE[1] / area.height)
    ox = (SIZE[0] - area.width * ppi) / 2
    oy = (SIZE[1] - area.height * ppi) / 2
    canvas = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    for layer in doc.design.layers:
        t = layer.transform
        if isinstance(layer, ImageLayer):
            im = Image.open(io.BytesIO(doc.assets[layer.image].data)).convert("RGBA")
            k = ppi * t.scale / area.dpi
            im = im.resize((round(im.width * k), round(im.height * k)), Image.Resampling.BICUBIC)
        elif isinstance(layer, TextLayer):
            font = ImageFont.truetype(
                io.BytesIO(doc.assets[layer.font].data), layer.size / 72 * ppi
            )
            sw = layer.stroke_width / 72 * ppi if layer.stroke else 0
            gap = layer.letter_spacing * layer.size / 72 * ppi
            w = font.getlength(layer.text) + gap * len(layer.text) + 2 * sw + 4
            a, d = font.getmetrics()
            mask = Image.new("L", (math.ceil(w), math.ceil(a + d + 2 * sw) + 4))
            draw = ImageDraw.Draw(mask)
            x = sw + 2
            for ch in layer.text if gap else [layer.text]:
                draw.text((x, sw + 2 + a), ch, fill=255, font=font, anchor="ls", stroke_width=sw)
                x += font.getlength(ch) + gap
            im = Image.new("RGBA", mask.size, layer.color)
            if sw:
                inner = Image.new("L", mask.size)
                ImageDraw.Draw(inner).text((sw + 2, sw + 2 + a), layer.text, fill=255,
                                           font=font, anchor="ls")  # fmt: skip
                im = Image.composite(im, Image.new("RGBA", mask.size, layer.stroke), inner)
            im.putalpha(mask)
        else:
            assert isinstance(layer, ShapeLayer)
            w, h = layer.width * ppi * t.scale, layer.height * ppi * t.scale
            ss = 2
            mask = Image.new("L", (math.ceil(w) * ss, math.ceil(h) * ss))
            draw = ImageDraw.Draw(mask)
            box = (0, 0, w * ss, h * ss)
            if layer.shape == "ellipse":
                draw.ellipse(box, fill=255)
            elif layer.shape == "star":
                pts = []
                for i in range(10):
                    r = (1 if i % 2 == 0 else 0.5) * w * ss / 2
                    ang = math.pi * i / 5 - math.pi / 2
                    pts.append((w * ss / 2 + r * math.cos(ang), h * ss / 2 + r * math.sin(ang)))
                draw.polygon(pts, fill=255, outline=0, width=round(layer.stroke_width * ppi * ss))
            else:
                draw.rounded_rectangle(box, radius=layer.corner_radius * ppi * ss, fill=255)
            mask = mask.reduce(ss)
            im = Image.new("RGBA", mask.size, layer.fill)
            im.putalpha(mask)
        if t.flip_x:
            im = im.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        if t.rotation:
            im = im.rotate(-t.rotation, Image.Resampling.BICUBIC, expand=True)
        if layer.opacity < 1:
            im.putalpha(im.getchannel("A").point(lambda v, o=layer.opacity: round(v * o)))
        x = round(ox + t.x * ppi - im.width / 2)
        y = round(oy + t.y * ppi - im.height / 2)
        box = (max(0, x), max(0, y), min(SIZE[0], x + im.width), min(SIZE[1], y + im.height))
        im = im.crop((box[0] - x, box[1] - y, box[2] - x, box[3] - y))
        if layer.blend == "normal":
            canvas.alpha_composite(im, box[:2])
            continue
        below = canvas.crop(box)
        rgb = im.convert("RGB")
        mixed = Image.composite(BLENDS[layer.blend](below.convert("RGB"), rgb), rgb,
                                below.getchannel("A"))  # fmt: skip
        mixed.putalpha(im.getchannel("A"))
        below.alpha_composite(mixed)
        canvas.paste(below, box)
    return canvas


# -- memory ---------------------------------------------------------------------------------------

CHILD = """
import sys, json
from pathlib import Path
sys.path.insert(0, sys.argv[1])


def hwm():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024

from engine.fileio import load
from engine.render.print_art import render_print
doc = load(sys.argv[2])
before = hwm()
render_print(doc, (4500, 5400))
after = hwm()
print(json.dumps({"before": before, "after": after}))
"""


def peak_memory(doc: DesignDocument) -> tuple[int, int]:
    """Peak RSS (VmHWM: ru_maxrss would carry the parent's over) before and after one render,
    in a child that only loads the saved design."""
    from engine.fileio import save

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.cocreate"
        save(doc, path)
        ran = subprocess.run(
            [sys.executable, "-c", CHILD, str(ROOT), str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
    got = json.loads(ran.stdout.splitlines()[-1])
    return got["before"], got["after"]


def main() -> int:
    doc = build()
    ours, peer = medians(lambda: render_print(doc, SIZE), lambda: bare_pillow(doc),
                         repeats=7, warmup=1)  # fmt: skip
    r1 = within("print render 8 layers at 4,500 × 5,400", ours, peer, ratio=1.2)
    show(r1, "render_print", "bare Pillow")

    def six_mockups() -> None:
        m = Mockups(doc)
        for c in COLORS:
            m.mockup(c)

    def six_thumbnails() -> None:
        m = Mockups(doc)
        for c in COLORS:
            m.thumbnail(c)

    times = {}
    for name, fn in (("6 mockups", six_mockups), ("6 thumbnails", six_thumbnails)):
        fn()
        runs = []
        for _ in range(7):
            start = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - start)
        times[name] = sorted(runs)[len(runs) // 2]
    ok_mockups = times["6 mockups"] <= 1.0 and times["6 thumbnails"] <= 1.0
    for name, t in times.items():
        print(
            f"{name} (art rendered once): {ms(t)} · target ≤ 1000 ms · "
            f"{'PASS' if t <= 1.0 else 'FAIL'}"
        )
    before, after = peak_memory(doc)
    canvas = SIZE[0] * SIZE[1] * 4
    print(
        f"peak memory of one 4,500 × 5,400 render: {(after - before) / 2**20:.0f} MiB over a "
        f"baseline of {before / 2**20:.0f} MiB ({(after - before) / canvas:.1f}× the "
        f"{canvas / 2**20:.0f} MiB RGBA canvas)"
    )
    return 0 if r1.passed and ok_mockups else 1


if __name__ == "__main__":
    raise SystemExit(main())
