"""A real headless Chromium (Debian's package) driven by Playwright, for the report tests.

Locally the tests skip with a reason when /usr/bin/chromium or playwright is missing;
under CI=true they fail instead, so a green CI always means the browser tests ran.
``make test`` installs chromium when it is missing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("PARALLAX_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root in a container
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (make test installs chromium)")
    pytest.skip(f"{reason} (apt-get install -y chromium, or run make test)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class ReportPage:
    """A page with a report loaded from a file, recording anything suspicious it did."""

    def __init__(self, browser: Any, html: str, path: Path, viewport: dict[str, int]):
        path.write_text(html, encoding="utf-8")
        self.page = browser.new_page(viewport=viewport)
        self.page.set_default_timeout(10_000)  # a broken report fails fast instead of after 30 s
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        self.requests: list[str] = []
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: self.console.append(message.text))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(path.as_uri(), wait_until="load")

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def open_report(browser: Any, tmp_path: Path) -> Iterator[Any]:
    """``open_report(html, width=1400, height=900)`` -> ReportPage; closed after the test."""
    pages: list[ReportPage] = []

    def open_(html: str, width: int = 1400, height: int = 900) -> ReportPage:
        report = ReportPage(browser, html, tmp_path / f"report{len(pages)}.html", {"width": width, "height": height})
        pages.append(report)
        return report

    yield open_
    for report in pages:
        report.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
