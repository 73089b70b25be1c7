"""A PNG's pixel stream is inflated (not decoded) by validation: damage inside it is caught."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from engine.validation.assets import png_data_damage


def _png(mode: str, size: tuple[int, int] = (37, 23)) -> bytes:
    out = io.BytesIO()
    color: object = 1 if mode in ("1", "L", "P", "I;16", "I") else (10, 200, 30, 255)[: len(mode)]
    Image.new(mode, size, color).save(out, format="PNG")  # type: ignore[arg-type]
    return out.getvalue()


def _with_idat(png: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """The PNG with its first IDAT payload changed, the chunk's CRC fixed up to match."""
    data = bytearray(png)
    i = data.index(b"IDAT")
    (n,) = struct.unpack(">I", data[i - 4 : i])
    body = change(bytes(data[i + 4 : i + 4 + n]))
    crc = struct.pack(">I", zlib.crc32(b"IDAT" + body) & 0xFFFFFFFF)
    return (
        bytes(data[: i - 4])
        + struct.pack(">I", len(body))
        + b"IDAT"
        + body
        + crc
        + bytes(data[i + 8 + n :])
    )


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGB", "RGBA", "I;16"])
def test_whole_pngs_of_every_kind_pass(mode: str) -> None:
    assert png_data_damage(_png(mode)) == ""
    assert png_data_damage(_png(mode, (1, 1))) == ""


def test_a_pixel_stream_cut_short_is_named() -> None:
    png = _png("RGB", (64, 64))
    raw = zlib.decompress(png[png.index(b"IDAT") + 4 :].split(b"IEND")[0][:-8])
    short = _with_idat(png, lambda body: zlib.compress(raw[:-100]))
    assert png_data_damage(short) == (
        f"its pixel data is cut short ({len(raw) - 100:,} of {len(raw):,} bytes)"
    )


def test_a_damaged_stream_is_named() -> None:
    png = _png("RGB", (64, 64))
    broken = _with_idat(png, lambda body: body[:2] + bytes(b ^ 0xFF for b in body[2:]))
    assert png_data_damage(broken).startswith("its pixel data is damaged (Error -3 ")


def test_too_much_pixel_data_is_named() -> None:
    png = _png("RGB", (8, 8))
    raw = zlib.decompress(png[png.index(b"IDAT") + 4 :].split(b"IEND")[0][:-8])
    assert png_data_damage(_with_idat(png, lambda b: zlib.compress(raw + raw))) == (
        "more pixel data than its size needs"
    )


def _problems(data: bytes) -> list[str]:
    from engine.validation.assets import _check_image, bombs_are_errors
    from engine.validation.report import Report

    report = Report()
    with bombs_are_errors(True):
        _check_image(report, "$.a", data)
    return [str(p) for p in report.problems]


@pytest.mark.parametrize("at", [12, 16, 20, 29])
def test_a_damaged_header_is_said_in_words_not_pillows_object_address(at: int) -> None:
    data = bytearray(_png("RGB"))
    data[at] ^= 0xFF
    assert _problems(bytes(data)) == [
        "$.a: image cannot be read: it is not an image, or its header is damaged"
    ]


def test_a_text_chunk_zip_bomb_is_named_without_pillows_internals() -> None:
    png = _png("RGB")
    text = b"k\0\0" + zlib.compress(b"\0" * (60 * 1024 * 1024), 9)
    chunk = struct.pack(">I", len(text)) + b"zTXt" + text
    chunk += struct.pack(">I", zlib.crc32(b"zTXt" + text))
    bomb = png[:33] + chunk + png[33:]
    assert _problems(bomb) == [
        "$.a: image cannot be read: a text or colour-profile chunk inflates to more than an "
        "image may hold (a zip bomb)"
    ]


@pytest.mark.parametrize("row", [0, 5, 22])
def test_a_row_with_a_filter_type_png_does_not_have_is_refused(row: int) -> None:
    """Pillow and libpng refuse to draw it, so a design holding it could not be rendered."""

    def bad_row(body: bytes) -> bytes:
        pixels = bytearray(zlib.decompress(body))
        pixels[row * (1 + 37 * 3)] = 7  # 37 px of RGB a row, after its filter type byte
        return zlib.compress(bytes(pixels))

    data = _with_idat(_png("RGB"), bad_row)
    assert png_data_damage(data) == (
        "its pixel data is damaged (a row's filter type is 7, not 0 to 4)"
    )
    with pytest.raises(OSError):
        Image.open(io.BytesIO(data)).load()


def test_an_interlaced_png_is_checked_pass_by_pass() -> None:
    """Adam7: seven passes, each its own rows; a filter byte of each is where its row starts."""
    width, height = 13, 11
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2)]
    passes.append((0, 1, 1, 2))
    stream = bytearray()
    for x0, y0, dx, dy in passes:
        w, h = -(-(width - x0) // dx), -(-(height - y0) // dy)
        for _ in range(h if w > 0 else 0):
            stream += bytes([1]) + bytes(w)  # grey, 8 bits: a byte a pixel, filter "sub"
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 1)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        return struct.pack(">I", len(body)) + kind + body + crc

    def png(pixels: bytes) -> bytes:
        body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels))
        return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IEND", b"")

    assert png_data_damage(png(bytes(stream))) == ""
    Image.open(io.BytesIO(png(bytes(stream)))).load()
    last_pass_row = len(stream) - (1 + width)
    stream[last_pass_row] = 9
    assert png_data_damage(png(bytes(stream))) == (
        "its pixel data is damaged (a row's filter type is 9, not 0 to 4)"
    )


def test_an_importer_names_a_tileset_image_that_is_not_one_without_pillows_internals(
    tmp_path: Path,
) -> None:
    from engine.importers import import_map

    (tmp_path / "bad.png").write_bytes(b"not an image at all")
    (tmp_path / "m.tmx").write_text(
        '<?xml version="1.0"?><map version="1.10" orientation="orthogonal" width="2" height="1" '
        'tilewidth="32" tileheight="32" infinite="0"><tileset firstgid="1" name="t" '
        'tilewidth="32" tileheight="32" tilecount="1" columns="1"><image source="bad.png" '
        'width="32" height="32"/></tileset><layer id="1" name="ground" width="2" height="1">'
        '<data encoding="csv">1,1</data></layer></map>'
    )
    with pytest.raises(Exception) as err:
        import_map(tmp_path / "m.tmx")
    assert "it is not an image, or its header is damaged" in str(err.value)
    assert "BytesIO" not in str(err.value)
