"""Shared helpers for the service page, linked-data, validation and browser tests: a seeded store
(``seed.trig``, shaped like docs/model.md), the app under test, and a live uvicorn server on a
loopback port in 18200–18299 for the headless-Chromium tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from starlette.applications import Starlette

from graph.store import Store

HERE = Path(__file__).parent
SEED = HERE / "seed.trig"
BASE = "https://w3id.org/aseankg/"
IAI3 = BASE + "id/workplan/iai-3"
TOKEN = "test-token-for-inserts"


def seeded_store() -> Store:
    """An in-memory pyoxigraph store holding the seed dataset."""
    from graph.stores.oxigraph import OxigraphStore

    store = OxigraphStore(None)
    store.load(SEED.read_bytes(), "application/trig")
    return store


def make_app(store: Store, **settings: object) -> Starlette:
    """The real application (``graph.service.app.create_app``) over ``store``."""
    from graph.service.app import create_app
    from graph.service.settings import Settings

    return create_app(store, Settings(**settings))  # type: ignore[arg-type]


def free_port(lo: int = 18200, hi: int = 18299) -> int:
    for port in range(lo, hi + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free loopback port in {lo}-{hi}")


SERVER_SCRIPT = """
import sys, uvicorn
sys.path.insert(0, {root!r})
from tests.browser.support import seeded_store, make_app, TOKEN
app = make_app(seeded_store(), token=TOKEN)
uvicorn.run(app, host="127.0.0.1", port={port}, log_level="warning")
"""


@contextlib.contextmanager
def live_server(timeout: float = 60.0) -> Iterator[str]:
    """Run the app on uvicorn in a child process; yields its base URL; always stops it."""
    import httpx

    port = free_port()
    code = SERVER_SCRIPT.format(root=str(HERE.parent.parent), port=port)
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=str(HERE.parent.parent))
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}")
            try:
                httpx.get(url + "/", timeout=2.0)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def find_chromium() -> tuple[str, str] | None:
    """(browser, chromedriver) paths from Debian's chromium packages, or None."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or (
        "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    if browser and driver:
        return browser, driver
    return None


def chrome_options(user_data_dir: str | None = None) -> list[str]:
    return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1280,1600",
            f"--user-data-dir={user_data_dir or tempfile.mkdtemp(prefix='akg-chrome-')}"]
