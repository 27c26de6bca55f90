"""The ingest chain run in memory on articles already read: how the evaluation groups a
corpus with exactly the code ``parallax ingest`` uses, minus the disk."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from parallax.model import Article

IN_MEMORY_DB = "sqlite://"


def group_articles(articles: Sequence[Article], *, workers: int | None = 1) -> list[str]:
    """The story of each article, in input order, assigned online in that order.

    Articles that could not be analysed get a story of their own (``failed:<n>``), so the
    result always lines up with the input.
    """
    from parallax.store import Store, schema
    from parallax.store.ingest import ingest_articles

    with Store(IN_MEMORY_DB) as store:
        ingest_articles(articles, store, workers=workers)
        with store.read() as connection:
            story_of = dict(
                connection.execute(select(schema.assignments.c.article_id, schema.assignments.c.story_id)).all()
            )
    return [str(story_of[a.id]) if a.id in story_of else f"failed:{n}" for n, a in enumerate(articles)]
