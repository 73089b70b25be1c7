"""Checks on the envelope and metadata: identity, timestamps, licence, lineage."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from engine import limits
from engine.document import Document
from engine.validation.report import Report, is_digest

LICENSES: tuple[str, ...] = (
    "CC0-1.0",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-ND-4.0",
    "CC-BY-NC-ND-4.0",
    "MIT",
    "Apache-2.0",
    "GPL-3.0-or-later",
    "OFL-1.1",
    "Unlicense",
)
"""SPDX ids offered to creators; any ``LicenseRef-…`` id is accepted too (SPDX's own rule)."""
_LICENSE_REF = re.compile(r"LicenseRef-[A-Za-z0-9.\-]+")
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def check_uuid(report: Report, path: str, value: str) -> None:
    try:
        ok = str(uuid.UUID(value)) == value
    except ValueError:
        ok = False
    if not ok:
        report.add(path, f"{value!r} is not a UUID in canonical form (8-4-4-4-12, lower case)")


def _timestamp(report: Report, path: str, value: str) -> datetime | None:
    if _TIMESTAMP.fullmatch(value):
        try:  # by hand: datetime.strptime imports _strptime and locale (1 ms of start-up)
            return datetime(
                int(value[0:4]), int(value[5:7]), int(value[8:10]),
                int(value[11:13]), int(value[14:16]), int(value[17:19]),
            )  # fmt: skip
        except ValueError:
            pass
    report.add(path, f"{value!r} is not a UTC time like 2026-01-31T12:00:00Z")
    return None


def check_envelope(doc: Document, report: Report) -> None:
    report.name("$.app", doc.app)
    check_uuid(report, "$.id", doc.id)
    if doc.revision < 1:
        report.add("$.revision", f"must be 1 or more, not {doc.revision}")
    elif doc.revision > limits.MAX_ID:
        report.add("$.revision", f"more than {limits.MAX_ID:,} (limit MAX_ID)")
    meta = doc.meta
    report.name("$.meta.title", meta.title)
    for i, tag in enumerate(meta.tags):
        if report.name(f"$.meta.tags[{i}]", tag) and tag in meta.tags[:i]:
            report.add(f"$.meta.tags[{i}]", f"tag {tag!r} is listed twice")
    if meta.license not in LICENSES and not _LICENSE_REF.fullmatch(meta.license):
        report.add(
            "$.meta.license",
            f"{meta.license!r} is not a licence cocreate knows; use one of "
            f"{', '.join(LICENSES)} or a LicenseRef-… id",
        )
    created = _timestamp(report, "$.meta.created", meta.created)
    modified = _timestamp(report, "$.meta.modified", meta.modified)
    if created and modified and modified < created:
        report.add("$.meta.modified", f"is earlier than created ({meta.created})")
    seen: set[tuple[str, int]] = set()
    for i, parent in enumerate(meta.parents):
        base = f"$.meta.parents[{i}]"
        check_uuid(report, f"{base}.id", parent.id)
        if parent.revision < 1:
            report.add(f"{base}.revision", f"must be 1 or more, not {parent.revision}")
        if not is_digest(parent.digest):
            report.add(f"{base}.digest", "is not a sha256 digest (64 lower-case hex digits)")
        if parent.id == doc.id:
            report.add(f"{base}.id", "a creation cannot be its own parent")
        key = (parent.id, parent.revision)
        if key in seen:
            report.add(base, "this parent is listed twice")
        seen.add(key)
