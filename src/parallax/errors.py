"""Exceptions raised by the library, each naming the input and the reason.

The CLI turns any ``ParallaxError`` into one line ``<input>: <reason>`` and a non-zero
exit code; the library never prints.
"""

from __future__ import annotations


class ParallaxError(Exception):
    """Base class: ``source`` names the input, ``reason`` says what is wrong with it."""

    exit_code = 1

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type[ParallaxError], tuple[str, str]]:
        # Exceptions pickle their ``args`` (the joined message) by default, which does not
        # fit this two-argument constructor; ingest workers send errors across processes.
        return (type(self), (self.source, self.reason))


class InputError(ParallaxError):
    """The input cannot be read: missing, empty, binary, too large, undecodable."""

    exit_code = 2


class FetchError(ParallaxError):
    """A URL could not be fetched: unreachable, refused address, HTTP error, too large."""

    exit_code = 3


class ExtractionError(ParallaxError):
    """The input was read but holds no article body."""

    exit_code = 4


def first_line(error: BaseException, limit: int | None = None) -> str:
    """A third-party error's own message, fit for a one-line reason: the driver's error
    a wrapper carries (SQLAlchemy's ``orig``), its first line (at most ``limit``
    characters), control characters shown as "?"."""
    original = getattr(error, "orig", None) or error
    text = str(original).strip() or type(original).__name__
    line = text.splitlines()[0][:limit]
    return "".join(char if char.isprintable() else "?" for char in line)
