"""Comparing several articles about one event: see ``engine.compare``."""

from parallax.compare.engine import compare, compare_analyses
from parallax.compare.facts import ContradictionModel

__all__ = ["ContradictionModel", "compare", "compare_analyses"]
