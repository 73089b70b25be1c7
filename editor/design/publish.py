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

from dataclasses import dataclass
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
    """Why ``doc`` cannot be published: validation's problems, else preflight's errors (or
    the layers that cannot be drawn: :func:`editor.design.drawable.preflight_lines`)."""
    from editor.design import drawable
    from engine.errors import one_line
    from engine.validation import validate

    problems = [one_line(str(p)) for p in validate(doc)]
    return problems or drawable.preflight_lines(doc, errors_only=True)


def publish_design(doc: DesignDocument, *, server: str, token: str) -> Published:
    """Upload ``doc`` as ``cocreate push`` does. :class:`PublishError` before any request when
    it has :func:`blockers` (the first is named) or when the gallery has a newer revision;
    ``ShareError`` (``NetworkError``, ``ServerError``) as push raises them."""
    from editor.publish import push_document

    found = blockers(doc)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise PublishError(f"not published: {found[0]}{more}")
    url, final = push_document(doc, server=server, token=token)
    return Published(url, final)
