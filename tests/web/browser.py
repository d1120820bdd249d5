"""Debian's headless Chromium, driven by Playwright: open a page at a width, light or dark, and
collect what went wrong on it and every request it made.

`executable_path` points Playwright at the system's Chromium (tests/setup/20-chromium.sh installs
it), so no browser is downloaded and `playwright install` is never run. Playwright starts each
browser with a fresh profile of its own (a new temporary --user-data-dir; it refuses one in
`args`), and test_browser.py reads chrome://version to check the binary, the flags and that profile.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field

from playwright.sync_api import BrowserContext, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"  # Debian's package
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--font-render-hinting=none",
    # Any name but 127.0.0.1 fails to resolve: nothing can leave this machine, and an attempt
    # shows up as a failed request the test reports.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


@dataclass
class Visit:
    """One page opened at one viewport, with what happened while it loaded and since."""

    page: Page
    problems: list[str] = field(default_factory=list)  # console errors, exceptions, failed loads, dialogs
    requests: list[str] = field(default_factory=list)  # every URL the page asked for

    def evaluate(self, expression: str):
        return self.page.evaluate(expression)


class Browser:
    """One headless Chromium; each `open` gets a new context (viewport, mobile, colour scheme)."""

    def __init__(self) -> None:
        if shutil.which("chromium") is None:
            raise RuntimeError("chromium is not installed: run tests/setup/20-chromium.sh")
        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        self._context: BrowserContext | None = None

    def open(self, url: str, width: int, height: int = 800, dark: bool = False) -> Visit:
        if self._context is not None:
            self._context.close()
        self._context = self.browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=1,
            is_mobile=width < 600,
            color_scheme="dark" if dark else "light",
        )
        visit = Visit(self._context.new_page())
        _watch(visit)
        visit.page.goto(url, wait_until="load")
        return visit

    def close(self) -> None:
        if self._context is not None:
            self._context.close()
        self.browser.close()
        self._playwright.stop()


def _watch(visit: Visit) -> None:
    page, problems = visit.page, visit.problems

    def console(message) -> None:
        # Chromium's own log (a CSP refusal, a failed resource) arrives here as console errors too.
        if message.type in ("error", "assert"):
            problems.append(f"console.{message.type}: {message.text} {message.location.get('url', '')}".rstrip())

    def dialog(box) -> None:
        problems.append(f"dialog: {box.message}")
        box.dismiss()

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"exception: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"load failed: {request.url} {request.failure}"))
    page.on("dialog", dialog)
    page.on("request", lambda request: visit.requests.append(request.url))
