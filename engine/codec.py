"""Bytes ↔ documents: canonical msgpack, decoded with limits, errors converted at this one door.

Canonical form (``docs/format.md``): maps sorted by the UTF-8 bytes of their keys, integers in
their smallest form, floats as float64, text as str, bytes as bin, no ext types, every key
written. msgspec gives all of that with ``order="sorted"`` on typed Structs (struct fields are
never omitted). The same content therefore always has the same bytes and the same sha256.

Decoding is typed: msgspec validates types and the length limits from :mod:`engine.limits` while
it reads, so a hostile file is refused before it is built. A file of an older format version is
decoded untyped (``msgpack`` with its own size limits), migrated by :mod:`engine.migrations` and
decoded again; a newer one is refused.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import msgspec

from engine import limits
from engine.document import (
    FORMAT_NAME,
    FORMAT_VERSION,
    OLDEST_VERSION,
    Document,
)
from engine.errors import (
    CorruptFile,
    FormatError,
    LimitExceeded,
    Problem,
    SchemaError,
    UnsupportedVersion,
)

_ENCODER = msgspec.msgpack.Encoder(order="sorted")
_DECODER: msgspec.msgpack.Decoder[Document] = msgspec.msgpack.Decoder(Document)


class _Header(msgspec.Struct):
    """The envelope's identifying keys; everything else is skipped unread."""

    format: Any = None
    version: Any = None
    kind: Any = None


_HEADER_DECODER = msgspec.msgpack.Decoder(_Header)


class Decoded(NamedTuple):
    document: Document
    version_read: int
    """The format version the bytes were in (older ones were migrated)."""


def encode(doc: Document) -> bytes:
    """The canonical bytes of a document.

    Built in code, a struct may hold an int where the schema says float (``Spawn(x=120)``);
    msgspec writes what it holds, so the bytes go through the typed decoder once (which makes
    every such number a float) before the final encoding. That costs a decode, and makes the
    output canonical whatever the caller built.
    """
    first = _ENCODER.encode(doc)
    try:
        typed = _DECODER.decode(first)
    except msgspec.ValidationError as exc:
        raise _schema_error(exc) from exc
    return _ENCODER.encode(typed)


def encode_decoded(doc: Document) -> bytes:
    """The canonical bytes of a document that came from this module's decoder.

    Such a document already holds exactly the schema's types, so the typed round trip of
    :func:`encode` is not needed (the canonical-form check uses this).
    """
    return _ENCODER.encode(doc)


def encode_any(value: Any) -> bytes:
    """Canonical msgpack of plain values (maps sorted by key)."""
    return _ENCODER.encode(value)


def digest(data: bytes) -> str:
    """The sha256 hex digest of a file's bytes: a creation's identity at a revision."""
    import hashlib  # here: loading OpenSSL costs 2 ms of start-up that validation does not need

    return hashlib.sha256(data).hexdigest()


def decode(data: bytes, *, source: str = "") -> Document:
    """Decode a creation (migrating an older version); raise a :class:`FormatError`."""
    return read(data, source=source).document


def read(data: bytes, *, source: str = "") -> Decoded:
    """Like :func:`decode`, and also say which format version the bytes were in."""
    try:
        return _read(data)
    except FormatError as exc:
        exc.source = source
        raise


def _read(data: bytes) -> Decoded:
    if len(data) > limits.MAX_FILE_BYTES:
        raise LimitExceeded(
            f"file is {len(data):,} bytes, more than {limits.MAX_FILE_BYTES:,}",
            limit="MAX_FILE_BYTES",
        )
    if not data:
        raise CorruptFile("empty file, not a cocreate creation")
    try:
        doc = _DECODER.decode(data)
    except msgspec.ValidationError as exc:
        return _read_slow(data, exc)
    except Exception as exc:
        raise _corrupt(exc) from exc
    if doc.version != FORMAT_VERSION:
        _check_version(doc.version)
        return _migrate(data, doc.version)
    return Decoded(doc, FORMAT_VERSION)


def _read_slow(data: bytes, error: msgspec.ValidationError) -> Decoded:
    """The typed decode failed: an older or newer version, not ours at all, or a schema error."""
    try:
        header = _HEADER_DECODER.decode(data)
    except msgspec.ValidationError as exc:
        raise CorruptFile("not a cocreate creation (the file is not a msgpack map)") from exc
    except Exception as exc:
        raise _corrupt(exc) from exc
    for value in (header.format, header.version, header.kind):
        if isinstance(value, msgspec.msgpack.Ext):
            raise CorruptFile(_ext_message(value.code)) from error
    if header.format != FORMAT_NAME:
        found = f"format {header.format!r}" if header.format is not None else "no format key"
        raise CorruptFile(f"not a cocreate creation ({found})") from error
    version = header.version
    if not isinstance(version, int) or isinstance(version, bool):
        raise SchemaError([Problem("$.version", f"must be an integer, not {version!r}")])
    if version != FORMAT_VERSION:
        _check_version(version)
        return _migrate(data, version)
    raise _every_problem(data, error) from error


def _check_version(version: int) -> None:
    if version > FORMAT_VERSION:
        raise UnsupportedVersion(
            f"made by a newer cocreate (format {version}; this one reads up to {FORMAT_VERSION})",
            version=version,
        )
    if version < OLDEST_VERSION:
        raise UnsupportedVersion(
            f"format {version} is older than any this cocreate reads "
            f"({OLDEST_VERSION} to {FORMAT_VERSION})",
            version=version,
        )


def _migrate(data: bytes, version: int) -> Decoded:
    from engine import migrations

    raw = decode_untyped(data)
    upgraded = migrations.upgrade(raw, version)
    try:
        doc = _DECODER.decode(_ENCODER.encode(upgraded))
    except (msgspec.ValidationError, msgspec.EncodeError, TypeError) as exc:
        from engine import schema  # (TypeError: a map with a key that is not a string)

        found = schema.problems(upgraded)
        if found:
            raise SchemaError(found) from exc
        if isinstance(exc, msgspec.ValidationError):
            raise _schema_error(exc) from exc
        raise CorruptFile(f"cannot read this format {version} file ({exc})") from exc
    return Decoded(doc, version)


def decode_untyped(data: bytes) -> Any:
    """Plain Python values, with msgpack's size limits set from ours (old versions, ``dump``)."""
    import msgpack

    biggest_list = max(limits.MAX_SHAPES, limits.MAX_ENTITIES, limits.MAX_LINKS)

    def no_ext(code: int, _data: bytes) -> Any:
        raise CorruptFile(_ext_message(code))

    left = limits.MAX_VALUES

    def counted(container: Any) -> Any:  # each map and array, once it is read
        nonlocal left
        left -= 1 + len(container)
        if left < 0:
            raise LimitExceeded(
                f"more than {limits.MAX_VALUES:,} values (maps, arrays and their items) in all",
                limit="MAX_VALUES",
            )
        return container

    try:
        value = msgpack.unpackb(
            data,
            raw=False,
            strict_map_key=False,
            use_list=True,
            max_array_len=max(biggest_list, limits.MAX_POLYGON_POINTS),
            max_map_len=max(limits.MAX_ASSETS, 64),
            max_str_len=limits.MAX_TEXT_CHARS * 4,
            max_bin_len=limits.MAX_ASSET_BYTES,
            ext_hook=no_ext,
            list_hook=counted,
            object_hook=counted,
        )
    except (CorruptFile, LimitExceeded):
        raise
    except (ValueError, msgpack.ExtraData, msgpack.FormatError, msgpack.StackError) as exc:
        raise _corrupt(exc) from exc
    except Exception as exc:
        raise _corrupt(exc) from exc
    _check_depth(value)
    return value


def _check_depth(value: Any) -> None:
    """Refuse nesting deeper than MAX_DEPTH (the top-level map is depth 1)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limits.MAX_DEPTH:
            raise LimitExceeded(_TOO_DEEP, limit="MAX_DEPTH")
        children = (*item.keys(), *item.values()) if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list | tuple))


def _ext_message(code: int) -> str:
    return f"msgpack ext type {code} is not allowed in a cocreate file"


_TOO_DEEP = f"nested more than {limits.MAX_DEPTH} deep"
_UNTYPED_CAPS = {  # what msgpack says → (what it counts, the limit that sets its cap)
    "max_array_len": ("an array of {n:,} items", "MAX_SHAPES"),
    "max_map_len": ("a map of {n:,} entries", "MAX_ASSETS"),
    "max_str_len": ("a string of {n:,} bytes", "MAX_TEXT_CHARS"),
    "max_bin_len": ("a bin of {n:,} bytes", "MAX_ASSET_BYTES"),
}


# -- converting msgspec's errors ------------------------------------------------------------------

_AT = re.compile(r"^(?P<msg>.*?)(?: - at `(?P<path>[^`]*)`(?: in `(?P<inpath>[^`]*)`)?)?$", re.S)
_MAXLEN = re.compile(r"Expected `(?P<what>\w+)` of length <= (?P<n>\d+)")


def _every_problem(data: bytes, error: msgspec.ValidationError) -> FormatError:
    """The typed decode stopped at one problem: find them all (limits are refused at once)."""
    first = _schema_error(error)
    if isinstance(first, LimitExceeded):
        return first
    from engine import schema

    try:
        plain = decode_untyped(data)
    except FormatError:  # e.g. an unknown key holding something huge: the first problem will do
        return first
    found = schema.problems(plain)
    return SchemaError(found) if found else first


def _schema_error(exc: msgspec.ValidationError) -> FormatError:
    text = str(exc)
    m = _AT.match(text)
    assert m is not None
    msg, path = m["msg"], m["path"] or "$"
    if m["inpath"]:  # "at `key` in `$.assets`": a map key
        path = f"{m['inpath']} (a key)"
    limited = _MAXLEN.match(msg)
    if limited:
        from engine.structure import limit_at

        name = limit_at(path)
        unit = {"str": "characters", "bytes": "bytes", "array": "items", "object": "entries"}
        what = unit.get(limited["what"], "items")
        n = int(limited["n"])
        message = f"more than {n:,} {what}"
        if name in _PACKED and limited["what"] == "bytes":  # say it in points or cells
            things, size = _PACKED[name]
            message = f"more than {n // size:,} {things} ({n:,} bytes)"
        if name is None:  # a fixed size of the format (a colour, a digest), not a named limit
            return SchemaError([Problem(path, message)])
        return LimitExceeded(message, limit=name, path=path)
    return SchemaError([Problem(path, _reword(msg, path))])


_PACKED = {"MAX_POLYGON_POINTS": ("points", 16), "MAX_PATH_POINTS": ("points", 16)}
_PACKED |= {"MAX_TILES": ("cells", 4), "MAX_REPLAY_RUNS": ("runs", 8)}


def _reword(msg: str, path: str) -> str:
    if m := re.fullmatch(r"Object missing required field `(\w+)`", msg):
        return f"required key `{m[1]}` is missing"
    if m := re.fullmatch(r"Object contains unknown field `(.*)`", msg, re.S):
        return f"unknown key `{m[1]}` (not in this format version)"
    if m := re.fullmatch(r"Invalid (?:enum )?value (.*)", msg, re.S):
        from engine.structure import choices_at

        choices = choices_at(path)
        tail = f", expected one of: {', '.join(choices)}" if choices else ""
        return f"invalid value {m[1]}{tail}"
    if m := re.fullmatch(r"Expected `(\w+)`, got `(\w+)`", msg):
        want, got = m[1], m[2]
        if got == "ext":
            return "msgpack ext types are not allowed"
        if want == "object":
            want = "a map"
        return f"expected {want}, got {got}"
    return msg[:1].lower() + msg[1:]


def _corrupt(exc: BaseException) -> FormatError:
    if isinstance(exc, RecursionError):
        return LimitExceeded(_TOO_DEEP, limit="MAX_DEPTH")
    if isinstance(exc, UnicodeDecodeError):
        bad = exc.object[exc.start : exc.start + 1].hex()
        return CorruptFile(f"a string is not valid UTF-8 (byte {exc.start} of it is 0x{bad})")
    text = str(exc)
    if "truncated" in text:
        return CorruptFile("file is truncated (it ends in the middle of a value)")
    if m := re.search(r"trailing characters \(byte (\d+)\)", text):
        return CorruptFile(f"trailing bytes after the document (from byte {m[1]})")
    if type(exc).__name__ == "ExtraData":
        return CorruptFile("trailing bytes after the document")
    if type(exc).__name__ == "StackError":
        return LimitExceeded(_TOO_DEEP, limit="MAX_DEPTH")
    if m := re.fullmatch(r"(\d+) exceeds (max_\w+)\((\d+)\)", text):
        what, name = _UNTYPED_CAPS.get(m[2], ("a value of {n:,}", "MAX_FILE_BYTES"))
        cap = int(m[3])
        return LimitExceeded(f"{what.format(n=int(m[1]))}, more than {cap:,}", limit=name)
    return CorruptFile(f"not valid msgpack ({text or type(exc).__name__})")
