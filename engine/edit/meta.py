"""The metadata commands, shared by the level and the design editor: title, description, tags,
licence, author and contribution terms.

Each is a ``Command[Doc]`` for both kinds, so either editor's history holds them. They check
what validation checks of the field they set (a title that is not blank, a tag not listed twice,
a licence cocreate knows) and leave ``meta.modified`` alone: saving sets it.

:class:`SetIdentity` is not a user's edit but the gallery's answer: after a publish the level
carries on as the gallery holds it (a new revision; a remix's new id and parents).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine import limits
from engine.document import Parent
from engine.edit.command import Command, Doc, replace
from engine.errors import EditError
from engine.validation.envelope import check_envelope
from engine.validation.report import Report


def _meta(doc: Doc, **changes: object) -> Doc:
    return replace(doc, meta=replace(doc.meta, **changes))


def _check_length(path: str, value: str, most: int, limit: str) -> None:
    if len(value) > most:
        raise EditError(f"{path}: more than {most:,} characters (limit {limit})")


def _check_name(path: str, value: str) -> None:
    """A Name that must be there: not blank, no control characters, not too long."""
    _check_length(path, value, limits.MAX_NAME_CHARS, "MAX_NAME_CHARS")
    report = Report()
    if not report.name(path, value):
        raise EditError(str(report.problems[0]))


def _check_tags(tags: list[str]) -> None:
    if len(tags) > limits.MAX_TAGS:
        raise EditError(
            f"$.meta.tags: {len(tags)} tags, more than {limits.MAX_TAGS} (limit MAX_TAGS)"
        )
    for i, tag in enumerate(tags):
        _check_name(f"$.meta.tags[{i}]", tag)
        if tag in tags[:i]:
            raise EditError(f"$.meta.tags[{i}]: tag {tag!r} is listed twice")


@dataclass(frozen=True)
class SetTitle(Command[Doc]):
    title: str

    @property
    def label(self) -> str:
        return "Change title"

    def apply(self, doc: Doc) -> Doc:
        _check_name("$.meta.title", self.title)
        return _meta(doc, title=self.title)


@dataclass(frozen=True)
class SetDescription(Command[Doc]):
    description: str

    @property
    def label(self) -> str:
        return "Change description"

    def apply(self, doc: Doc) -> Doc:
        _check_length(
            "$.meta.description", self.description, limits.MAX_TEXT_CHARS, "MAX_TEXT_CHARS"
        )
        return _meta(doc, description=self.description)


@dataclass(frozen=True)
class SetAuthor(Command[Doc]):
    """Who made it (may be empty: validation checks only its length)."""

    author: str

    @property
    def label(self) -> str:
        return "Change author"

    def apply(self, doc: Doc) -> Doc:
        _check_length("$.meta.author", self.author, limits.MAX_NAME_CHARS, "MAX_NAME_CHARS")
        return _meta(doc, author=self.author)


@dataclass(frozen=True)
class SetTerms(Command[Doc]):
    """The contribution terms: free text on how others may build on it."""

    terms: str

    @property
    def label(self) -> str:
        return "Change contribution terms"

    def apply(self, doc: Doc) -> Doc:
        _check_length("$.meta.terms", self.terms, limits.MAX_TEXT_CHARS, "MAX_TEXT_CHARS")
        return _meta(doc, terms=self.terms)


@dataclass(frozen=True)
class SetTags(Command[Doc]):
    """Replace every tag (in this order)."""

    tags: tuple[str, ...]

    @property
    def label(self) -> str:
        return "Change tags"

    def apply(self, doc: Doc) -> Doc:
        tags = list(self.tags)
        _check_tags(tags)
        return _meta(doc, tags=tags)


@dataclass(frozen=True)
class AddTag(Command[Doc]):
    """Add a tag at the end."""

    tag: str

    @property
    def label(self) -> str:
        return f"Add tag {self.tag!r}"

    def apply(self, doc: Doc) -> Doc:
        tags: list[str] = doc.meta.tags
        path = f"$.meta.tags[{len(tags)}]"
        if self.tag in tags:
            raise EditError(f"{path}: tag {self.tag!r} is already there")
        if len(tags) >= limits.MAX_TAGS:
            raise EditError(f"$.meta.tags: already {limits.MAX_TAGS} tags (limit MAX_TAGS)")
        _check_name(path, self.tag)
        return _meta(doc, tags=[*tags, self.tag])


@dataclass(frozen=True)
class RemoveTag(Command[Doc]):
    """Remove a tag, named by its text."""

    tag: str

    @property
    def label(self) -> str:
        return f"Remove tag {self.tag!r}"

    def apply(self, doc: Doc) -> Doc:
        if self.tag not in doc.meta.tags:
            raise EditError(f"$.meta.tags: no tag {self.tag!r}")
        return _meta(doc, tags=[t for t in doc.meta.tags if t != self.tag])


@dataclass(frozen=True)
class SetLicense(Command[Doc]):
    """The licence, as an SPDX id: one of ``engine.validation.envelope.LICENSES`` or a
    ``LicenseRef-…`` id, checked by validation's own check."""

    license: str

    @property
    def label(self) -> str:
        return f"Licence {self.license}"

    def apply(self, doc: Doc) -> Doc:
        _check_length("$.meta.license", self.license, limits.MAX_NAME_CHARS, "MAX_NAME_CHARS")
        changed = _meta(doc, license=self.license)
        report = Report()
        check_envelope(changed, report)
        for problem in report.problems:
            if problem.path == "$.meta.license":
                raise EditError(str(problem))
        return changed


IDENTITY_PATHS = ("$.id", "$.revision", "$.meta.parents")


@dataclass(frozen=True)
class SetIdentity(Command[Doc]):
    """Set what the gallery changes when it takes a creation: ``id``, ``revision`` and
    ``meta.parents`` (checked as validation checks them: a canonical UUID, a revision of 1 or
    more, parents with UUIDs, revisions, digests, listed once, not the creation itself)."""

    id: str
    revision: int
    parents: tuple[Parent, ...] = ()

    @property
    def label(self) -> str:
        return f"Set identity (revision {self.revision})"

    def apply(self, doc: Doc) -> Doc:
        if len(self.parents) > limits.MAX_PARENTS:
            raise EditError(
                f"$.meta.parents: {len(self.parents)} parents, more than {limits.MAX_PARENTS} "
                "(limit MAX_PARENTS)"
            )
        meta = replace(doc.meta, parents=list(self.parents))
        changed = replace(doc, id=self.id, revision=self.revision, meta=meta)
        report = Report()
        check_envelope(changed, report)
        for problem in report.problems:
            if problem.path.startswith(IDENTITY_PATHS):
                raise EditError(str(problem))
        return changed
