"""Broken image and font files, and designs whose file holds one (as a file from elsewhere may:
the edit commands refuse them), for the tests of embedding and of the design editor."""

from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import Image

from engine import codec
from engine.document import Asset, DesignDocument
from engine.edit.command import replace
from engine.edit.design import AddImageLayer, AddTextLayer
from engine.render import ASSETS
from engine.starter import new_design

FONT = (ASSETS / "fonts" / "LiberationSans-Bold.ttf").read_bytes()


def garbage(n: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(n)


def corrupt_ttf() -> bytes:
    """A TTF's signature and garbage after it (FreeType: "unknown file format")."""
    return b"\x00\x01\x00\x00" + garbage(2000)


def png(size: tuple[int, int] = (400, 300)) -> bytes:
    out = io.BytesIO()
    Image.radial_gradient("L").resize(size).convert("RGB").save(out, "PNG")
    return out.getvalue()


def truncated_png() -> bytes:
    """A real PNG cut in half (its header reads; its pixels do not)."""
    whole = png()
    return whole[: len(whole) // 2]


def fake_png() -> bytes:
    """A PNG's signature and garbage after it."""
    return b"\x89PNG\r\n\x1a\n" + garbage(500)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_of(width: int, height: int, rows: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )


def png_bomb() -> bytes:
    """A PNG whose header says 20,000 × 20,000 pixels (a decompression bomb)."""
    return _png_of(20_000, 20_000, b"\x00" * 61)


def jpeg_bomb() -> bytes:
    """A small JPEG whose frame header says 30,000 × 30,000 pixels."""
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(out, "JPEG")
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 30_000, 30_000)
    return bytes(data)


def bad_filter_png() -> bytes:
    """A PNG whose chunks and pixel stream are whole but whose rows name filter 7 (there are
    0 to 4): validation passes it, Pillow cannot decode it."""
    width = height = 300
    return _png_of(width, height, b"".join(b"\x07" + b"\x80" * width * 3 for _ in range(height)))


def broken_glyph_font() -> bytes:
    """Liberation Sans with its glyph outlines overwritten: FreeType loads it (validation
    passes it) but cannot draw a letter."""
    data = bytearray(FONT)
    (tables,) = struct.unpack(">H", data[4:6])
    for i in range(tables):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        if tag == b"glyf":
            data[offset : offset + length] = b"\xff" * length
    return bytes(data)


def design() -> DesignDocument:
    """A design with a text layer ("Headline", layer 0) and an image layer ("photo", layer 1)."""
    doc = new_design()
    doc = AddTextLayer(
        name="Headline", text="Hello", font=FONT, file_name="f.ttf", color="#000000", x=6, y=3
    ).apply(doc)
    return AddImageLayer(name="photo", image=png(), file_name="photo.png", x=6, y=9).apply(doc)


def with_asset_data(doc: DesignDocument, layer: int, data: bytes) -> DesignDocument:
    """``doc`` with the image or font of ``layer`` holding ``data`` instead (keyed by its
    digest, as a file would hold it), bypassing the edit commands' checks."""
    old_layer = doc.design.layers[layer]
    field = "font" if hasattr(old_layer, "font") else "image"
    old = getattr(old_layer, field)
    key = codec.digest(data)
    assets = {k: a for k, a in doc.assets.items() if k != old}
    kind = "image/jpeg" if data.startswith(b"\xff\xd8\xff") else doc.assets[old].type
    assets[key] = Asset(type=kind, name=doc.assets[old].name, data=data)
    layers = list(doc.design.layers)
    layers[layer] = replace(old_layer, **{field: key})
    return replace(doc, assets=assets, design=replace(doc.design, layers=layers))
