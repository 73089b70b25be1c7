"""SetIdentity: the id, revision and parents a publish gives a creation, checked like validation."""

from __future__ import annotations

from typing import Any

import pytest

from engine import codec, limits
from engine.document import DesignDocument, LevelDocument, Parent
from engine.edit import History
from engine.edit.meta import SetIdentity
from engine.errors import EditError
from engine.starter import new_design, new_level
from engine.validation import check_bytes

LEVEL = new_level("Level", ident="0f8fad5b-d9cb-469f-a165-70867728950e")
DESIGN = new_design("Design", ident="7c9e6679-7425-40de-944b-e07fc1f90ae7")
OTHER = "16fd2706-8baf-433b-82eb-8c7fada847da"
DIGEST = "ab" * 32
STARTS: list[LevelDocument | DesignDocument] = [LEVEL, DESIGN]


def refuses(doc: Any, command: SetIdentity[Any], match: str) -> None:
    before = codec.encode(doc)
    with pytest.raises(EditError, match=match):
        command.apply(doc)
    assert codec.encode(doc) == before


@pytest.mark.parametrize("start", STARTS, ids=["level", "design"])
def test_sets_id_revision_and_parents_and_undoes(start: Any) -> None:
    history: History[Any] = History(start)
    remix = "9a1b2c3d-0000-4000-8000-000000000001"
    parent = Parent(id=start.id, revision=3, digest=DIGEST)
    history.apply(SetIdentity(remix, 1, (parent,)))
    doc = history.doc
    assert (doc.id, doc.revision, doc.meta.parents) == (remix, 1, [parent])
    assert doc.meta.title == start.meta.title and doc.meta.modified == start.meta.modified
    assert type(doc) is type(start)
    assert check_bytes(codec.encode(doc)).problems == []
    history.apply(SetIdentity(remix, 2, (parent,)))
    assert (history.doc.revision, history.doc.meta.parents) == (2, [parent])
    assert history.undo_label == "Set identity (revision 2)"
    history.undo()
    history.undo()
    assert codec.encode(history.doc) == codec.encode(start)


@pytest.mark.parametrize("start", STARTS, ids=["level", "design"])
def test_bad_identities_are_refused_with_their_path(start: Any) -> None:
    ident = start.id
    refuses(start, SetIdentity("not-a-uuid", 1), r"^\$\.id: 'not-a-uuid' is not a UUID")
    refuses(start, SetIdentity(ident.upper(), 1), r"^\$\.id: .* lower case\)$")
    refuses(start, SetIdentity(ident, 0), r"^\$\.revision: must be 1 or more, not 0$")
    refuses(start, SetIdentity(ident, -2), r"^\$\.revision: must be 1 or more, not -2$")
    bad_id = Parent(id="x", revision=1, digest=DIGEST)
    refuses(start, SetIdentity(ident, 1, (bad_id,)), r"^\$\.meta\.parents\[0\]\.id: 'x' is not")
    bad_rev = Parent(id=OTHER, revision=0, digest=DIGEST)
    refuses(
        start,
        SetIdentity(ident, 1, (bad_rev,)),
        r"^\$\.meta\.parents\[0\]\.revision: must be 1 or more, not 0$",
    )
    bad_digest = Parent(id=OTHER, revision=1, digest="abc")
    refuses(
        start,
        SetIdentity(ident, 1, (bad_digest,)),
        r"^\$\.meta\.parents\[0\]\.digest: is not a sha256 digest",
    )
    own = Parent(id=ident, revision=1, digest=DIGEST)
    refuses(
        start,
        SetIdentity(ident, 2, (own,)),
        r"^\$\.meta\.parents\[0\]\.id: a creation cannot be its own parent$",
    )
    good = Parent(id=OTHER, revision=1, digest=DIGEST)
    refuses(
        start,
        SetIdentity(ident, 1, (good, good)),
        r"^\$\.meta\.parents\[1\]: this parent is listed twice$",
    )
    many = tuple(
        Parent(id=f"16fd2706-8baf-433b-82eb-{n:012x}", revision=1, digest=DIGEST)
        for n in range(limits.MAX_PARENTS + 1)
    )
    refuses(
        start,
        SetIdentity(ident, 1, many),
        r"^\$\.meta\.parents: 65 parents, more than 64 \(limit MAX_PARENTS\)$",
    )


def test_other_problems_of_the_document_are_not_its_business() -> None:
    """A level whose title is blank (validation would say so) still takes a new identity."""
    import msgspec

    blank = msgspec.structs.replace(LEVEL, meta=msgspec.structs.replace(LEVEL.meta, title=" "))
    changed = SetIdentity(OTHER, 4).apply(blank)
    assert (changed.id, changed.revision, changed.meta.title) == (OTHER, 4, " ")
