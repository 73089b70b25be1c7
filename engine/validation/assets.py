"""Checks on embedded assets: digests, types, images (under the pixel limit) and fonts."""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

from engine import limits
from engine.document import FONT_TYPES, IMAGE_TYPES, Asset, AssetType, Document
from engine.errors import Problem, image_trouble
from engine.validation.jpeg import jpeg_damage
from engine.validation.report import Report, is_digest

if TYPE_CHECKING:
    from engine.validation.workers import Batch

MAGIC: dict[AssetType, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "font/ttf": (b"\x00\x01\x00\x00", b"true"),
    "font/otf": (b"OTTO",),
}


class AssetIndex:
    """What the assets are, for the checks that refer to them."""

    def __init__(self, checks: AssetChecks | None = None) -> None:
        self.types: dict[str, str] = {}
        self.used: set[str] = set()
        self.checks = checks
        """Where each image's size comes from once it is read (None: no image was read)."""

    def ref(self, report: Report, path: str, key: str, *, want: str, optional: bool) -> None:
        """Check that ``key`` names an asset of kind ``want`` (``image`` or ``font``)."""
        if key == "" and optional:
            return
        if key == "":
            report.add(path, f"needs {'an' if want == 'image' else 'a'} {want} asset")
            return
        self.used.add(key)
        kind = self.types.get(key)
        if kind is None:
            report.add(path, f"asset {key[:12]}… is not in $.assets")
        elif not kind.startswith(want if want == "image" else "font"):
            report.add(
                path, f"asset {key[:12]}… is {kind}, not {'an' if want == 'image' else 'a'} {want}"
            )

    def image_size(self, key: str) -> tuple[int, int] | None:
        """The pixel size of a readable image asset (waiting for its check if it runs on a
        worker), None for anything else."""
        return self.checks.size(key) if self.checks is not None else None

    def report_unused(self, report: Report) -> None:
        for key in sorted(set(self.types) - self.used):
            report.add(f"$.assets[{key[:12]}…]", "asset is not used by anything; remove it")


PARALLEL_BYTES = 256 * 1024
"""Assets of this many bytes in all are checked on worker threads (hashing and image decoding
release the GIL) while the caller checks the rest of the document; fewer are checked at once
on the calling thread."""

AssetResult = tuple[list[Problem], tuple[int, int] | None]
"""One asset's problems, in order, and its pixel size if it is a readable image."""


class AssetChecks:
    """The checks of a document's assets, started when made; :meth:`finish` adds their problems
    to a report in the assets' order, as if they had run there and then.

    Fonts are checked on the calling thread in :meth:`finish` (FreeType is not thread-safe).
    Pillow's decompression-bomb warning is an error from start to finish (the warning filters
    are process-wide, so they are set once here rather than in each thread's check); call
    :meth:`close` in a ``finally``.
    """

    def __init__(self, doc: Document) -> None:
        self.index = AssetIndex(checks=self)
        self._items = list(doc.assets.items())
        for key, asset in self._items:
            self.index.types[key] = asset.type
        self._done: dict[str, AssetResult] = {}
        self._batch: Batch[tuple[str, Asset], AssetResult] | None = None
        self._where: dict[str, int] = {}
        self._bombs: contextlib.AbstractContextManager[None] | None = bombs_are_errors(
            any(a.type in IMAGE_TYPES for _, a in self._items)
        )
        self._bombs.__enter__()
        try:
            self._start([item for item in self._items if item[1].type not in FONT_TYPES])
        except BaseException:
            self.close()
            raise

    def _start(self, rest: list[tuple[str, Asset]]) -> None:
        if sum(len(asset.data) for _, asset in rest) >= PARALLEL_BYTES and _cores() > 1:
            from engine.validation.workers import Batch

            # Largest first: the workers take them from the front, the caller from the back.
            rest.sort(key=lambda item: -len(item[1].data))
            self._where = {key: i for i, (key, _) in enumerate(rest)}
            self._batch = Batch(_check_asset, rest)
        else:
            self._done = {item[0]: _check_asset(item) for item in rest}

    def size(self, key: str) -> tuple[int, int] | None:
        if key in self._where and self._batch is not None:
            return self._batch.result(self._where[key])[1]
        found = self._done.get(key)
        return found[1] if found else None

    def finish(self, report: Report) -> None:
        if self._batch is not None:
            keys = list(self._where)
            self._done.update(zip(keys, self._batch.results(), strict=True))
            self._batch = None
            self._where = {}
        for item in self._items:
            if item[0] not in self._done:  # a font
                self._done[item[0]] = _check_asset(item)
            report.problems.extend(self._done[item[0]][0])
        self.close()

    def close(self) -> None:
        if self._batch is not None:
            self._batch.cancel()
            self._batch = None
        if self._bombs is not None:
            bombs, self._bombs = self._bombs, None
            bombs.__exit__(None, None, None)


def _cores() -> int:
    from engine.validation.workers import cores

    return cores()


@contextlib.contextmanager
def bombs_are_errors(images: bool) -> Iterator[None]:
    """Pillow's decompression-bomb warning raised as an error, on every thread (the warning
    filters are global, so they are set here once rather than in each thread's check)."""
    if not images:
        yield
        return
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _check_asset(item: tuple[str, Asset]) -> AssetResult:
    """The problems of one asset, in order, and its pixel size if it is a readable image."""
    import hashlib  # only when there are assets (loading OpenSSL is 2 ms of start-up)

    key, asset = item
    report = Report()
    path = f"$.assets[{key[:12]}…]"
    if not is_digest(key):
        report.add(path, "key is not a sha256 digest (64 lower-case hex digits)")
    elif hashlib.sha256(asset.data).hexdigest() != key:
        report.add(f"{path}.data", "sha256 of the data does not match the asset's key")
    report.name(f"{path}.name", asset.name)
    size = check_data(report, f"{path}.data", asset.type, asset.data)
    return report.problems, size


def check_data(report: Report, path: str, kind: AssetType, data: bytes) -> tuple[int, int] | None:
    """Whether ``data`` is what an asset of type ``kind`` must hold: its signature, then an
    image Pillow reads whole under the limits (call inside :func:`bombs_are_errors`), or a font
    FreeType loads; the image's pixel size when it is one."""
    if not data.startswith(MAGIC[kind]):
        report.add(path, f"data is not {kind}")
    elif kind in IMAGE_TYPES:
        return _check_image(report, path, data)
    elif kind in FONT_TYPES:
        _check_font(report, path, data)
    return None


def _check_image(report: Report, path: str, data: bytes) -> tuple[int, int] | None:
    """Open under the pixel limit (call inside :func:`bombs_are_errors`) and check it is whole:
    a JPEG's structure and tables (:mod:`engine.validation.jpeg`), a PNG's chunks and pixel
    stream."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            w, h = im.size
            pixels = w * h
            if max(w, h) > limits.MAX_IMAGE_SIDE:
                report.add(
                    path,
                    f"image is {w} × {h}, a side over {limits.MAX_IMAGE_SIDE:,} "
                    "(limit MAX_IMAGE_SIDE)",
                )
                return None
            if pixels > limits.MAX_IMAGE_PIXELS:
                report.add(
                    path,
                    f"image is {w} × {h} = {pixels:,} pixels, more than "
                    f"{limits.MAX_IMAGE_PIXELS:,} (limit MAX_IMAGE_PIXELS)",
                )
                return None
            if im.format == "JPEG":
                damage = jpeg_damage(data)  # its structure and every table
            else:
                im.verify()  # PNG: every chunk's CRC
                damage = png_data_damage(data)  # and the pixel stream, inflated but not decoded
            if damage:
                report.add(path, f"image cannot be read: {damage}")
                return None
            return (w, h)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        m = re.search(r"Image size \((\d+) pixels\)", str(exc))
        size = f"{int(m[1]):,} pixels, " if m else ""
        report.add(
            path,
            f"image is a decompression bomb: {size}more than {limits.MAX_IMAGE_PIXELS:,} "
            "(limit MAX_IMAGE_PIXELS)",
        )
    except Exception as exc:  # Pillow raises many kinds on broken images
        report.add(path, f"image cannot be read: {image_trouble(exc)}")
    return None


_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_ADAM7 = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)


def png_data_damage(data: bytes) -> str:
    """Why a PNG's pixel stream is broken (``""`` when it is whole): the IDAT chunks inflate,
    end where the stream ends, and hold exactly the bytes the header's size needs."""
    import struct
    import zlib

    pos, header, parts = 8, b"", []
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            parts.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if len(header) < 13 or not parts:
        return "no image data"
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", header[:13])
    bits = depth * _CHANNELS.get(color, 4)
    passes = _ADAM7 if interlace else ((0, 0, 1, 1),)
    rows: list[tuple[int, int, int]] = []  # each pass's (first byte, row length, rows)
    expected = 0
    for x0, y0, dx, dy in passes:
        w, h = -(-(width - x0) // dx), -(-(height - y0) // dy)
        if w > 0 and h > 0:
            rows.append((expected, 1 + -(-(w * bits) // 8), h))
            expected += h * rows[-1][1]
    inflater = zlib.decompressobj()
    produced = 0
    try:
        for part in parts:
            chunk = inflater.decompress(part, 1 << 20)
            why = _bad_filter(chunk, produced, rows)
            produced += len(chunk)
            while not why and inflater.unconsumed_tail and produced <= expected:
                chunk = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
                why = _bad_filter(chunk, produced, rows)
                produced += len(chunk)
            if why:
                return why
            if produced > expected:
                return "more pixel data than its size needs"
        chunk = inflater.flush()
        why = _bad_filter(chunk, produced, rows)
        produced += len(chunk)
    except zlib.error as exc:
        return f"its pixel data is damaged ({exc})"
    if why:
        return why
    if not inflater.eof or produced != expected:
        return f"its pixel data is cut short ({produced:,} of {expected:,} bytes)"
    return ""


def _bad_filter(chunk: bytes, at: int, rows: list[tuple[int, int, int]]) -> str:
    """Why ``chunk`` (the pixel stream from byte ``at``) is damaged: a row whose first byte,
    its filter type, is not one PNG has (0 to 4: Pillow and libpng refuse to draw it)."""
    import numpy as np

    if not chunk:
        return ""
    data = np.frombuffer(chunk, dtype=np.uint8)
    end = at + len(chunk)
    for first, length, count in rows:
        lo = max(0, -(-(at - first) // length))
        hi = min(count, -(-(end - first) // length))
        if lo < hi:
            types = data[first + np.arange(lo, hi) * length - at]
            if types.max() > 4:
                return (
                    f"its pixel data is damaged (a row's filter type is {types.max()}, not 0 to 4)"
                )
    return ""


def _check_font(report: Report, path: str, data: bytes) -> None:
    from PIL import ImageFont

    try:
        ImageFont.truetype(io.BytesIO(data), 12)
    except Exception as exc:  # FreeType's errors come as OSError and friends
        report.add(path, f"font cannot be read: {exc}")
