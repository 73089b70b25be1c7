"""Validation: every problem with a document, each with its JSON path, found in one pass.

:func:`validate` checks a decoded document (values, references, geometry, embedded images and
fonts); :func:`check_bytes` / :func:`check_file` also decode and check the bytes are canonical.
The decoder already enforced types and length limits; this is everything that needs the values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from engine import codec
from engine.document import (
    FORMAT_VERSION,
    DesignDocument,
    Document,
    LevelDocument,
    ReplayDocument,
)
from engine.errors import FormatError, Problem
from engine.validation.assets import AssetChecks
from engine.validation.envelope import check_envelope
from engine.validation.report import Report


def validate(doc: Document) -> list[Problem]:
    """Every problem with ``doc`` (empty when it is valid)."""
    return _validate(doc, None)[0]


def _validate(doc: Document, data: bytes | None) -> tuple[list[Problem], bool]:
    """:func:`validate`, and whether ``data`` (when given) is ``doc``'s canonical encoding.

    The assets are checked on worker threads while this thread checks the rest; their problems
    still come in the same place (after the envelope's, before the rest's). So that the
    canonical-form check overlaps them too, it runs before the assets' problems are known when
    nothing else was found; its answer counts only if nothing is found at all.
    """
    report = Report()
    check_envelope(doc, report)
    assets = AssetChecks(doc)
    body = Report()
    canonical = True
    try:
        if isinstance(doc, LevelDocument):
            from engine.validation.level import check_level

            check_level(doc, assets.index, body)
        elif isinstance(doc, DesignDocument):
            from engine.validation.design import check_design

            check_design(doc, assets.index, body)
        elif isinstance(doc, ReplayDocument):
            from engine.validation.replay import check_replay

            check_replay(doc, body)
        if data is not None and not report.problems and not body.problems:
            canonical = codec.encode_decoded(doc) == data
        assets.finish(report)
    finally:
        assets.close()
    report.problems.extend(body.problems)
    assets.index.report_unused(report)
    return report.problems, canonical


@dataclass
class Checked:
    """The outcome of checking a file's bytes."""

    document: Document | None
    problems: list[Problem] = field(default_factory=list)
    error: FormatError | None = None
    """Set when the bytes could not be decoded at all (then ``document`` is None)."""
    version_read: int = FORMAT_VERSION

    @property
    def ok(self) -> bool:
        return self.error is None and not self.problems


def check_bytes(data: bytes, *, source: str = "") -> Checked:
    """Decode, validate, and check the bytes are in canonical form."""
    try:
        decoded = codec.read(data, source=source)
    except FormatError as exc:
        return Checked(None, error=exc)
    doc = decoded.document
    current = decoded.version_read == FORMAT_VERSION
    problems, canonical = _validate(doc, data if current else None)
    if not problems and not canonical:
        problems.extend(_not_canonical(data))
    return Checked(doc, problems, None, decoded.version_read)


def _not_canonical(data: bytes) -> list[Problem]:
    """Why bytes that decode to a valid document are not its canonical form."""
    from engine import schema

    missing = [
        Problem(
            p.path,
            p.message.replace("required ", "")
            + " (a canonical file writes every key, defaults too)",
        )
        for p in schema.problems(codec.decode_untyped(data), every_key=True)
    ]
    return missing or [
        Problem(
            "$",
            "not in canonical form (keys out of order, a number in a longer form than "
            "needed, or a repeated key); saving it with cocreate rewrites it canonically",
        )
    ]


def check_file(path: str | os.PathLike[str]) -> Checked:
    """:func:`check_bytes` of a file; a path that cannot be read raises FileAccessError."""
    from engine.fileio import read_bytes

    name = os.fspath(path)
    try:
        data = read_bytes(name)
    except FormatError as exc:  # too large
        return Checked(None, error=exc)
    return check_bytes(data, source=name)


__all__ = ["Checked", "Report", "check_bytes", "check_file", "validate"]
