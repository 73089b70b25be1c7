"""The metadata commands, on both kinds of document and in either editor's history."""

from __future__ import annotations

from typing import Any

import pytest

from engine import codec, limits
from engine.document import DesignDocument, LevelDocument
from engine.edit import Command, History
from engine.edit.meta import (
    AddTag,
    RemoveTag,
    SetAuthor,
    SetDescription,
    SetLicense,
    SetTags,
    SetTerms,
    SetTitle,
)
from engine.errors import EditError
from engine.starter import new_design, new_level
from engine.validation import check_bytes

LEVEL = new_level("Level", ident="0f8fad5b-d9cb-469f-a165-70867728950e")
DESIGN = new_design("Design", ident="7c9e6679-7425-40de-944b-e07fc1f90ae7")
STARTS: list[LevelDocument | DesignDocument] = [LEVEL, DESIGN]


def refuses(doc: Any, command: Command[Any], match: str) -> None:
    before = codec.encode(doc)
    with pytest.raises(EditError, match=match):
        command.apply(doc)
    assert codec.encode(doc) == before


@pytest.mark.parametrize("start", STARTS, ids=["level", "design"])
def test_every_field_is_set_and_the_result_is_valid(start: Any) -> None:
    history: History[Any] = History(start)
    for command in (
        SetTitle("Rope Bridge"),
        SetDescription("Cross the gap.\nMind the lava."),
        SetAuthor("ana"),
        SetTerms("Remixes welcome; credit the parents."),
        SetTags(("puzzle", "short")),
        AddTag("lava"),
        RemoveTag("short"),
        SetLicense("CC-BY-SA-4.0"),
    ):
        history.apply(command)
    meta = history.doc.meta
    assert (meta.title, meta.author, meta.license) == ("Rope Bridge", "ana", "CC-BY-SA-4.0")
    assert meta.description == "Cross the gap.\nMind the lava."
    assert meta.terms == "Remixes welcome; credit the parents."
    assert meta.tags == ["puzzle", "lava"]
    assert meta.modified == start.meta.modified  # saving sets it, not editing
    assert type(history.doc) is type(start)
    assert check_bytes(codec.encode(history.doc)).problems == []
    while history.can_undo:
        history.undo()
    assert codec.encode(history.doc) == codec.encode(start)


@pytest.mark.parametrize("start", STARTS, ids=["level", "design"])
def test_bad_values_are_refused_with_their_path(start: Any) -> None:
    refuses(start, SetTitle("  "), r"^\$\.meta\.title: must not be empty$")
    refuses(start, SetTitle("a\tb"), r"^\$\.meta\.title: must not contain control characters$")
    refuses(
        start, SetTitle("x" * 201), r"title: more than 200 characters \(limit MAX_NAME_CHARS\)$"
    )
    refuses(start, SetAuthor("x" * 201), r"^\$\.meta\.author: more than 200 characters")
    refuses(start, SetDescription("x" * 20_001), r"description: more than 20,000 characters")
    refuses(start, SetTerms("x" * 20_001), r"^\$\.meta\.terms: more than 20,000 characters")
    refuses(start, SetTags(("a", "b", "a")), r"^\$\.meta\.tags\[2\]: tag 'a' is listed twice$")
    refuses(start, SetTags(("a", "")), r"^\$\.meta\.tags\[1\]: must not be empty$")
    many = tuple(f"t{n}" for n in range(limits.MAX_TAGS + 1))
    refuses(start, SetTags(many), r"^\$\.meta\.tags: 33 tags, more than 32 \(limit MAX_TAGS\)$")
    tagged = SetTags(many[:-1]).apply(start)
    refuses(tagged, AddTag("one more"), r"^\$\.meta\.tags: already 32 tags \(limit MAX_TAGS\)$")
    refuses(tagged, AddTag("t3"), r"^\$\.meta\.tags\[32\]: tag 't3' is already there$")
    refuses(start, AddTag("a\nb"), r"^\$\.meta\.tags\[0\]: must not contain control characters$")
    refuses(start, RemoveTag("nope"), r"^\$\.meta\.tags: no tag 'nope'$")
    refuses(start, SetLicense("GPL"), r"^\$\.meta\.license: 'GPL' is not a licence cocreate knows")


def test_licences_are_checked_as_validation_checks_them() -> None:
    doc = LEVEL
    for ok in ("CC0-1.0", "MIT", "OFL-1.1", "LicenseRef-my-own.2"):
        assert SetLicense(ok).apply(doc).meta.license == ok
    for bad in ("cc-by-4.0", "LicenseRef-", "LicenseRef-has space", ""):
        refuses(doc, SetLicense(bad), r"^\$\.meta\.license: .* is not a licence cocreate knows")


def test_meta_commands_sit_in_either_history_with_the_editors_commands() -> None:
    from engine.edit.design import AddGarmentColor

    history: History[DesignDocument] = History(DESIGN)
    history.apply(SetTitle("Sunrise"))
    history.apply(AddGarmentColor("navy", "#1f2a44"))
    history.apply(AddTag("retro"))
    assert history.undo_label == "Add tag 'retro'"
    assert history.undo().meta.tags == []
    assert history.undo().meta.title == "Sunrise"
    assert SetTitle("x").label == "Change title" and SetLicense("MIT").label == "Licence MIT"
