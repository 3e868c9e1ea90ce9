"""The system's Chromium (Debian's package) driven by playwright from PyPI: no browser is ever
downloaded. Tests that need it are skipped where it is not installed."""

import shutil
import socket
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium (Debian: apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def chromium_page(width: int, height: int):
    """A page whose `problems` collects what a person would see go wrong: script errors, console
    errors, failed requests and HTTP errors."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = chromium.new_page(viewport={"width": width, "height": height})
        page.problems = []
        page.on("pageerror", lambda error: page.problems.append(f"error: {error}"))
        page.on("console", lambda message: message.type == "error" and page.problems.append(f"console: {message.text}"))
        page.on("requestfailed", lambda request: page.problems.append(f"failed: {request.url}"))
        page.on("response", lambda response: response.status >= 400 and page.problems.append(f"{response.status}: {response.url}"))
        try:
            yield page
        finally:
            chromium.close()
