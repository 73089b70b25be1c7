"""``engine.validation.jpeg``: a JPEG's structure and tables, checked without decoding pixels,
refuses whatever Pillow's decoder refuses."""

from __future__ import annotations

import io
import random
import warnings

import numpy as np
import pytest
from PIL import Image

from engine.validation.jpeg import CUT_SHORT, jpeg_damage


def _jpeg(mode: str, size: tuple[int, int], seed: int, **options: object) -> bytes:
    rng = np.random.default_rng(seed)
    channels = {"L": 1, "RGB": 3, "CMYK": 4}[mode]
    pixels = rng.integers(0, 256, (size[1], size[0], channels), dtype=np.uint8)
    image = Image.fromarray(pixels[:, :, 0], "L") if mode == "L" else Image.fromarray(pixels, mode)
    out = io.BytesIO()
    image.save(out, "JPEG", **options)
    return out.getvalue()


KINDS = {
    "baseline": _jpeg("RGB", (96, 64), 1, quality=90),
    "progressive": _jpeg("RGB", (80, 60), 2, quality=80, progressive=True),
    "optimised 4:4:4": _jpeg("RGB", (50, 40), 3, quality=70, optimize=True, subsampling=0),
    "grey": _jpeg("L", (40, 40), 4, quality=85),
    "cmyk": _jpeg("CMYK", (32, 32), 5, quality=85),
    "grey progressive": _jpeg("L", (37, 13), 6, quality=95, progressive=True, optimize=True),
}


def _decoder_refuses(data: bytes) -> bool:
    """Whether Pillow refuses to open or decode ``data`` (the check this module replaces)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as im:
                im.load()
    except Exception:
        return True
    return False


def _opens(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.size  # noqa: B018 - reading the header is the point
    except Exception:
        return False
    return True


@pytest.mark.parametrize("name", KINDS)
def test_whole_jpegs_pass(name: str) -> None:
    data = KINDS[name]
    assert jpeg_damage(data) == ""
    assert jpeg_damage(data + b"trailing bytes after the end marker") == ""


@pytest.mark.parametrize("name", KINDS)
def test_every_cut_is_refused(name: str) -> None:
    data = KINDS[name]
    for end in range(4, len(data) - 1, max(1, len(data) // 150)):
        assert jpeg_damage(data[:end]) != "", end
    assert jpeg_damage(data[:-2]) == CUT_SHORT  # only the end marker gone


def test_a_broken_huffman_table_is_refused() -> None:
    data = bytearray(KINDS["baseline"])
    dht = data.index(b"\xff\xc4")
    data[dht + 5 : dht + 21] = b"\xff" * 16  # code counts that no Huffman table can have
    assert _opens(bytes(data))
    assert "broken data stream" in jpeg_damage(bytes(data))


@pytest.mark.parametrize("name", KINDS)
def test_refuses_whatever_the_decoder_refuses(name: str) -> None:
    """Random bit flips, changed, inserted and deleted bytes and cuts: every copy that Pillow's
    full decode refuses (and that still opens) is refused here too."""
    rng = random.Random(name)
    refused = 0
    for _ in range(400):
        data = bytearray(KINDS[name])
        i = rng.randrange(len(data))
        how = rng.choice(["flip", "byte", "insert", "delete", "cut"])
        if how == "flip":
            data[i] ^= 1 << rng.randrange(8)
        elif how == "byte":
            data[i] = rng.randrange(256)
        elif how == "insert":
            data[i:i] = bytes([rng.randrange(256)])
        elif how == "delete":
            del data[i]
        else:
            del data[i:]
        mutated = bytes(data)
        if not mutated.startswith(b"\xff\xd8") or not _opens(mutated):
            continue  # refused before this check runs
        if _decoder_refuses(mutated):
            refused += 1
            assert jpeg_damage(mutated) != "", (how, i)
    assert refused >= 40  # the sample exercises the decoder's refusals


def _flat(mode: str, size: tuple[int, int], **options: object) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, 255 if mode == "L" else (255,) * len(mode)).save(out, "JPEG", **options)
    return out.getvalue()


@pytest.mark.parametrize(
    "options",
    [{}, {"progressive": True, "optimize": True}, {"optimize": True, "subsampling": 0}],
    ids=["baseline", "progressive optimised", "optimised 4:4:4"],
)
@pytest.mark.parametrize("mode", ["RGB", "L", "CMYK"])
def test_the_flattest_large_jpegs_pass(mode: str, options: dict[str, object]) -> None:
    """A frame of one colour is as small as a Huffman-coded JPEG gets: still over the bound."""
    assert jpeg_damage(_flat(mode, (2000, 1999), **options)) == ""
    assert jpeg_damage(_flat(mode, (4001, 3), **options)) == ""


def test_a_frame_far_larger_than_its_scans_is_refused() -> None:
    """libjpeg reads it, fills the missing blocks with grey and only warns: the print would be a
    grey block. Here an 8 × 8 image's frame header says 6000 × 6000."""
    data = bytearray(_flat("RGB", (8, 8)))
    sof = data.find(b"\xff\xc0")
    data[sof + 5 : sof + 9] = (6000).to_bytes(2, "big") * 2
    assert not _decoder_refuses(bytes(data))  # what the check must see past
    assert jpeg_damage(bytes(data)) == (
        "its scan data is too short for a 6000 × 6000 image (cut short or damaged)"
    )
