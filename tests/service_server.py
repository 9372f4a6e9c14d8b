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
from dataclasses import dataclass
from pathlib import Path

import httpx

PORTS = range(18100, 18200)
ASEANKG_BIN = Path(sys.executable).parent / "aseankg"
ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Server:
    """A running service: its base URL, process and log file."""

    url: str
    proc: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def free_port(ports: range = PORTS) -> int:
    """A port of ``ports`` that nothing listens on now."""
    for port in ports:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any ASEANKG_* setting of the caller, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASEANKG_")}
    env.update(extra)
    return env


@contextmanager
def serve(store: Path | str, workdir: Path, *, args: Sequence[str] = (),
          env: dict[str, str] | None = None, ports: range = PORTS,
          start_timeout: float = 60.0) -> Iterator[Server]:
    """Run ``aseankg serve --store STORE ARGS`` until the block ends; the whole log (uvicorn
    and the app, stdout and stderr) is kept in ``workdir`` and shown if it fails to start."""
    environment = clean_env(**(env or {}))
    for _attempt in range(5):  # another job may take the port between probe and bind
        port = free_port(ports)
        log = workdir / f"serve-{port}-{time.monotonic_ns()}.log"
        cmd = [str(ASEANKG_BIN), "serve", "--host", "127.0.0.1", "--port", str(port),
               "--store", str(store), *args]
        with open(log, "wb") as out:
            proc = subprocess.Popen(cmd, env=environment, stdout=out, stderr=subprocess.STDOUT,
                                    cwd=ROOT)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + start_timeout
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        else:
            proc.kill()
            proc.wait(10)
            if "address already in use" in log.read_text(errors="replace"):
                continue
            raise RuntimeError(f"the service did not start:\n{log.read_text(errors='replace')}")
        try:
            yield Server(url, proc, log)
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        return
    raise RuntimeError(f"could not bind a port in {ports.start}-{ports.stop - 1}")


@contextmanager
def running_service(workdir: Path, *, token: str | None = None, args: Sequence[str] = (),
                    store: Path | None = None, start_timeout: float = 60.0) -> Iterator[str]:
    """Yield the base URL of a freshly started service over ``store`` (default: a new one)."""
    env = {"ASEANKG_TOKEN": token} if token else None
    with serve(store or workdir / "store", workdir, args=args, env=env,
               start_timeout=start_timeout) as server:
        yield server.url
