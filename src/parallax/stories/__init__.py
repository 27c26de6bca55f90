"""Stories: which articles report the same event, found online as articles arrive.

* ``parallax.stories.dedup``: near-duplicates and wire copies (MinHash over shingles).
* ``parallax.stories.features``: what the grouping reads in one article.
* ``parallax.stories.assign``: the online assignment with an ANN index over stories.
* ``parallax.stories.revise``: splitting a story found to hold two events.
* ``group_articles``: the whole chain on a list of articles, in memory (for evaluation).
"""

from __future__ import annotations

from parallax.stories.assign import Assignment, Split, StoryIndex, StoryProfile
from parallax.stories.pipeline import group_articles

__all__ = ["Assignment", "Split", "StoryIndex", "StoryProfile", "group_articles"]
