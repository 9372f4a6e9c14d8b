"""Start the real service (``aseankg serve`` on uvicorn) on a loopback port for a test, and stop it.

Ports come from the range reserved for service tests (18100–18199). The server's log goes to a
file in the test's tmp directory and is shown if it fails to start.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

PORTS = range(18100, 18200)
ASEANKG_BIN = Path(sys.executable).parent / "aseankg"


def free_port() -> int:
    """A port in the service-test range that nothing listens on now."""
    for port in PORTS:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18100-18199")


@contextmanager
def running_service(workdir: Path, *, token: str | None = None, args: Sequence[str] = (),
                    store: Path | None = None, start_timeout: float = 60.0) -> Iterator[str]:
    """Yield the base URL of a freshly started service over ``store`` (default: a new one)."""
    store = store or workdir / "store"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASEANKG_")}
    if token:
        env["ASEANKG_TOKEN"] = token
    log_path = workdir / f"serve-{time.monotonic_ns()}.log"
    for _ in range(5):  # another helper may grab the port between probe and bind
        port = free_port()
        cmd = [str(ASEANKG_BIN), "serve", "--host", "127.0.0.1", "--port", str(port),
               "--store", str(store), *args]
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + start_timeout
        up = False
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    up = True
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        if up:
            break
        proc.kill()
        proc.wait(10)
        if "address already in use" not in log_path.read_text(errors="replace"):
            raise RuntimeError(f"the service did not start:\n{log_path.read_text()}")
    else:
        raise RuntimeError("could not bind a port in 18100-18199")
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
