"""Errors keep the input and the reason, also after crossing a process boundary."""

from __future__ import annotations

import pickle

import pytest

from parallax.errors import ExtractionError, FetchError, InputError, ParallaxError


@pytest.mark.parametrize("kind", [ParallaxError, InputError, FetchError, ExtractionError])
def test_errors_survive_pickling(kind: type[ParallaxError]) -> None:
    error = kind("feeds/harbour.xml", "entry 3 has no link")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is kind
    assert (copy.source, copy.reason) == ("feeds/harbour.xml", "entry 3 has no link")
    assert copy.exit_code == kind.exit_code
    assert str(copy) == "feeds/harbour.xml: entry 3 has no link"
