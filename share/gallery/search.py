"""Full-text search over title, description and tags (schema 0003).

A query is its words (letters and digits); a creation matches when it has every word, each as a
word or the start of one (``cave`` finds "Caves"), case aside. SQLite answers from
the FTS5 table ``creations_fts``, PostgreSQL from the ``search`` tsvector (GIN index).
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import HTTPException
from sqlalchemy import ColumnElement, Select, bindparam, literal_column, select, text

from share.gallery.models import Creation

MAX_WORDS = 16
_WORD = re.compile(r"\w+")


def words(q: str) -> list[str]:
    """The words of ``q``; 400 when it has none, or too many."""
    found = [w.lower() for w in _WORD.findall(q)]
    if not found:
        raise HTTPException(400, "q: no words to search for (letters or digits)")
    if len(found) > MAX_WORDS:
        raise HTTPException(400, f"q: {len(found)} words; search for at most {MAX_WORDS}")
    return found


def matching(dialect: str, q: str) -> ColumnElement[bool]:
    """A WHERE clause for creations that match ``q`` on the database ``dialect``."""
    found = words(q)
    if dialect == "postgresql":
        query = " & ".join(f"{w}:*" for w in found)
        return literal_column("creations.search").op("@@")(
            text("to_tsquery('simple', :fts_query)").bindparams(bindparam("fts_query", query))
        )
    query = " AND ".join(f'"{w}"*' for w in found)
    hits: Select[Any] = (
        select(literal_column("rowid"))
        .select_from(text("creations_fts"))
        .where(text("creations_fts MATCH :fts_query").bindparams(bindparam("fts_query", query)))
    )
    return Creation.pk.in_(hits)
