"""Publish from the design editor: share the design being edited in a gallery (no pygame here).

A design needs no clear run; it is published only when it is valid and print preflight finds no
error (:func:`blockers` says what stands in the way, one line each). The gallery and the token
are the level editor's (:func:`editor.publish.publish_target`: ``cocreate edit --server``, else
``$COCREATE_SERVER``, else the last signed in to with ``cocreate login``). The upload is
``cocreate push``'s (``share.client.sync.Client.push``: the revision after the gallery's, a
remix of someone else's creation), and :func:`publish_design` returns the page's URL and the
design as the gallery now holds it, for the editor to carry on from (``adopt_identity``).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from editor.publish import PublishError as PublishError
from editor.publish import publish_target as publish_target
from editor.publish import sign_in_hint as sign_in_hint

if TYPE_CHECKING:
    from engine.document import DesignDocument


@dataclass(frozen=True)
class Published:
    url: str
    """The creation's page (``SERVER/c/ID``), as ``cocreate push`` prints."""
    doc: DesignDocument
    """The design as the gallery holds it now (its revision; a new id for a remix)."""


def blockers(doc: DesignDocument) -> list[str]:
    """Why ``doc`` cannot be published: validation's problems, else preflight's errors."""
    from engine.errors import CocreateError, one_line
    from engine.preflight import preflight
    from engine.validation import validate

    problems = [one_line(str(p)) for p in validate(doc)]
    if problems:
        return problems
    try:
        return [str(f) for f in preflight(doc).errors]
    except CocreateError as exc:
        return [one_line(f"error: preflight: {exc}")]


def _file_name(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-")
    return f"{slug or 'design'}.cocreate"


def publish_design(doc: DesignDocument, *, server: str, token: str) -> Published:
    """Upload ``doc`` as ``cocreate push`` does. :class:`PublishError` before any request when
    it has :func:`blockers` (the first is named) or when the gallery has a newer revision;
    ``ShareError`` (``NetworkError``, ``ServerError``) as push raises them."""
    from engine import codec
    from engine.document import DesignDocument
    from share.client import config, state
    from share.client.api import Gallery
    from share.client.refs import page_url
    from share.client.sync import Client, Report

    found = blockers(doc)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise PublishError(f"not published: {found[0]}{more}")
    url = config.normalize(server)
    with tempfile.TemporaryDirectory(prefix="cocreate-publish-") as tmp:
        path = Path(tmp) / _file_name(doc.meta.title)
        path.write_bytes(codec.encode(doc))
        report = Report()
        with Gallery(url, token) as gallery:
            client = Client(gallery, gallery.me())
            client.push(path, state.load(path.parent), report)
        if report.problems:
            raise PublishError(_problem(report.problems[0], path, doc.id))
        final = codec.decode(path.read_bytes(), source=str(path))
    assert isinstance(final, DesignDocument)
    return Published(page_url(url, final.id), final)


def _problem(line: str, path: Path, ident: str) -> str:
    """A push problem about the temporary file, said about the design being edited."""
    if "changed here and in the gallery" in line:
        return (
            f"not published: the gallery has a newer revision of this design (published from "
            f"elsewhere); cocreate pull {ident} and edit that"
        )
    return "not published: " + line.removeprefix(f"{path}: ")
