"""Links from a switch or other source entity to the entity it drives."""

from __future__ import annotations

from dataclasses import dataclass

from engine import limits
from engine.document import LevelDocument
from engine.edit.level.common import LevelCommand, _entity_index, _kind, _with_level
from engine.errors import EditError
from engine.level.entities import (
    LINK_SOURCES,
    LINK_TARGETS,
)
from engine.level.model import Link


@dataclass(frozen=True)
class AddLink(LevelCommand):
    """Wire switch ``source`` to ``target`` (a door or a moving platform)."""

    source: int
    target: int

    @property
    def label(self) -> str:
        return f"Link switch {self.source} to {self.target}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        base = f"$.level.links[{len(level.links)}]"
        source = level.entities[_entity_index(level, self.source)]
        target = level.entities[_entity_index(level, self.target)]
        if not isinstance(source, LINK_SOURCES):
            raise EditError(
                f"{base}.source: entity {self.source} is a {_kind(source)}, not a switch"
            )
        if not isinstance(target, LINK_TARGETS):
            raise EditError(
                f"{base}.target: entity {self.target} is a {_kind(target)}, "
                "not a door or moving platform"
            )
        if any((k.source, k.target) == (self.source, self.target) for k in level.links):
            raise EditError(f"$.level.links: switch {self.source} already links to {self.target}")
        if len(level.links) >= limits.MAX_LINKS:
            raise EditError(f"$.level.links: already {limits.MAX_LINKS:,} links (limit MAX_LINKS)")
        link = Link(source=self.source, target=self.target)
        return _with_level(doc, links=[*level.links, link])


@dataclass(frozen=True)
class DeleteLink(LevelCommand):
    """Remove the wire from switch ``source`` to ``target``."""

    source: int
    target: int

    @property
    def label(self) -> str:
        return f"Unlink switch {self.source} from {self.target}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        links = doc.level.links
        kept = [k for k in links if (k.source, k.target) != (self.source, self.target)]
        if len(kept) == len(links):
            raise EditError(f"$.level.links: switch {self.source} does not link to {self.target}")
        return _with_level(doc, links=kept)
