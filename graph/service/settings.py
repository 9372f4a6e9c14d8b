"""Service settings: one frozen dataclass, filled from CLI options and ``ASEANKG_*`` variables.

The token is kept out of ``repr`` so it can never end up in a log line or a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

__all__ = ["Settings"]


def _split(value: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in value.split(",") if x.strip())


@dataclass(frozen=True)
class Settings:
    """What an operator can change. Defaults are the safe ones: read-only, 30 s, no remote hosts."""

    base_iri: str = "https://w3id.org/aseankg/"
    token: str | None = field(default=None, repr=False)  # None: updates and GSP writes refused
    timeout: float = 30.0                    # seconds a query may run before its worker is killed
    row_limit: int = 100_000                 # rows (SELECT) or triples (CONSTRUCT) per response
    body_limit: int = 10 * 1024 * 1024       # bytes of request body; larger → 413
    allow_hosts: tuple[str, ...] = ()        # hosts SERVICE and LOAD may contact
    cors_origins: tuple[str, ...] = ()       # empty: no CORS headers at all
    workers: int = 2                         # query worker processes kept running
    max_workers: int = 4                     # burst size when all workers are busy
    worker_memory_mb: int = 2048             # address-space cap per worker; 0 = none

    @property
    def update_enabled(self) -> bool:
        return bool(self.token)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from ``ASEANKG_BASE_IRI``, ``ASEANKG_TOKEN``, ``ASEANKG_TIMEOUT``,
        ``ASEANKG_ROW_LIMIT``, ``ASEANKG_BODY_LIMIT``, ``ASEANKG_ALLOW_HOSTS`` (comma list),
        ``ASEANKG_CORS_ORIGINS`` (comma list), ``ASEANKG_WORKERS``, ``ASEANKG_MAX_WORKERS``,
        ``ASEANKG_WORKER_MEMORY_MB``; explicit ``overrides``
        (CLI options) win when not None."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"ASEANKG_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            if f.name in ("allow_hosts", "cors_origins"):
                values[f.name] = _split(raw)
            elif f.name == "timeout":
                values[f.name] = float(raw)
            elif f.name in ("row_limit", "body_limit", "workers", "max_workers",
                            "worker_memory_mb"):
                values[f.name] = int(raw)
            else:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        for name in ("allow_hosts", "cors_origins"):
            if isinstance(values.get(name), str):
                values[name] = _split(str(values[name]))
        settings = replace(cls(), **values)  # type: ignore[arg-type]
        if settings.timeout <= 0 or settings.row_limit <= 0 or settings.body_limit <= 0:
            raise ValueError("timeout, row limit and body limit must be positive")
        if 0 < settings.worker_memory_mb < 768:
            # an idle worker already maps ~470 MiB of address space (Python, RocksDB)
            raise ValueError("the worker memory cap must be 0 (none) or at least 768 MiB")
        return settings
