"""Shared fixtures: where ../shared lives, and how tests that need it are skipped.

Tests that read the real seeds and corpora are skipped with a reason when ../shared is
absent on a developer machine, but never under CI=true: there a missing ../shared is a
failure, so a green CI always means the real-data tests ran.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PARALLAX_SHARED", ROOT.parent / "shared"))


def _require(path: Path) -> Path:
    if path.exists():
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{path} is missing; CI must run the real-data tests")
    pytest.skip(f"{path} is absent (real data lives in ../shared beside the checkout)")


@pytest.fixture(scope="session")
def shared() -> Path:
    return _require(SHARED)


@pytest.fixture(scope="session")
def seeds(shared: Path) -> list[Path]:
    return sorted(_require(shared / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def datasets(shared: Path) -> Path:
    return _require(shared / "datasets")
