"""The system's Chromium (Debian's package) driven by playwright from PyPI: no browser is ever
downloaded. Tests that need it are skipped where it is not installed."""

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager, suppress
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


def _default_signals() -> None:
    """The server takes Ctrl-C and kill as a person's shell would give them: a test runner or a
    background job may have them ignored, and ignored signals are inherited."""
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)


@contextmanager
def served(command: list[str], url: str, stop: int, **popen):
    """`command` started in a session of its own, waited for until `url` answers; on leaving, sent
    `stop` (as a person's Ctrl-C or kill would) and given time to close, killed if it does not
    (a loaded machine can take a minute). Yields the process; its output is kept in `.output`."""
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True, preexec_fn=_default_signals, **popen)
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                urllib.request.urlopen(url, timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"{' '.join(command)} did not start: {server.communicate()[0][-2000:]}") from None
                time.sleep(0.5)
        yield server
    finally:
        with suppress(ProcessLookupError):
            os.killpg(server.pid, stop)
        try:
            server.output, _ = server.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.output, _ = server.communicate()
