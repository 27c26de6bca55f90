"""Full-text search over stored articles: SQLite FTS5 (bm25 ranking, snippets), PostgreSQL's
text search (a GIN index, ts_rank, ts_headline), or a plain ``LIKE`` scan on other databases.

User queries are words, not FTS5 syntax: each word is quoted, so ``U.S. "border" -guard``
cannot raise a syntax error; all words must occur (implicit AND), in title or body.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, and_, or_, select, text

from parallax.store import schema
from parallax.store.migrations import POSTGRES_DOCUMENT

_WORD = re.compile(r"\w+", re.UNICODE)
# A possessive ("bridge's") is searched as its word: the index splits it into "bridge" and
# "s", and a lone "s" would demand that every hit spell the possessive too.
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b", re.IGNORECASE)
SNIPPET_WORDS = 16


def query_words(query: str) -> list[str]:
    """The words of a user query, as every search backend takes them."""
    return _WORD.findall(_POSSESSIVE.sub("", query))


def fts_query(query: str) -> str | None:
    """The FTS5 MATCH expression for a user query: every word quoted; None if no words."""
    words = query_words(query)
    if not words:
        return None
    return " ".join(f'"{word}"' for word in words)


def search(connection: Connection, query: str, limit: int = 20) -> list:
    from parallax.store import SearchHit

    match = fts_query(query)
    if match is None:
        return []
    if connection.dialect.name == "sqlite":
        rows = connection.execute(
            text(
                "SELECT a.id, a.title, a.outlet, a.published, s.story_id, "
                f"snippet(articles_fts, 1, '[', ']', '…', {SNIPPET_WORDS}) AS snippet "
                "FROM articles_fts JOIN articles a ON a.key = articles_fts.rowid "
                "LEFT JOIN assignments s ON s.article_id = a.id "
                "WHERE articles_fts MATCH :match ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT :limit"
            ),
            {"match": match, "limit": limit},
        ).all()
        return [SearchHit(r.id, r.title, r.outlet, r.published, r.story_id, r.snippet) for r in rows]
    words = query_words(query)
    if connection.dialect.name == "postgresql":
        # plainto_tsquery takes the words as plain text (an AND of them), never as syntax.
        rows = connection.execute(
            text(
                "SELECT a.id, a.title, a.outlet, a.published, s.story_id, "
                "ts_headline('simple', a.text, q, "
                f"'StartSel=[, StopSel=], MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}') AS snippet "
                "FROM articles a CROSS JOIN plainto_tsquery('simple', :words) q "
                "LEFT JOIN assignments s ON s.article_id = a.id "
                f"WHERE ({POSTGRES_DOCUMENT}) @@ q ORDER BY ts_rank({POSTGRES_DOCUMENT}, q) DESC LIMIT :limit"
            ),
            {"words": " ".join(words), "limit": limit},
        ).all()
        return [SearchHit(r.id, r.title, r.outlet, r.published, r.story_id, r.snippet) for r in rows]
    articles, assignments = schema.articles, schema.assignments
    conditions = [or_(articles.c.title.ilike(f"%{w}%"), articles.c.text.ilike(f"%{w}%")) for w in words]
    rows = connection.execute(
        select(articles.c.id, articles.c.title, articles.c.outlet, articles.c.published, articles.c.text,
               assignments.c.story_id)
        .outerjoin(assignments, assignments.c.article_id == articles.c.id)
        .where(and_(*conditions))
        .order_by(articles.c.key.desc())
        .limit(limit)
    ).all()
    return [SearchHit(r.id, r.title, r.outlet, r.published, r.story_id, _plain_snippet(r.text, words)) for r in rows]


def _plain_snippet(body: str, words: list[str]) -> str:
    lowered = body.lower()
    position = min((lowered.find(w.lower()) for w in words if w.lower() in lowered), default=0)
    start = max(0, position - 60)
    return ("…" if start else "") + body[start : start + 160].replace("\n", " ") + "…"
