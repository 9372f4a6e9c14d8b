"""Crash safety (issue 8, item 4): ``kill -9`` during a large ``aseankg load`` never leaves a
partial load behind. Runs ``tests/crash/kill9.py`` (20 runs; ``ASEANKG_CRASH_RUNS`` changes
it) and requires every reopened store to open and hold all or none of the load."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.crash.kill9 import run_campaign

pytestmark = pytest.mark.slow


def test_kill_9_during_a_large_load_leaves_all_or_none(tmp_path: Path) -> None:
    runs = int(os.environ.get("ASEANKG_CRASH_RUNS", "20"))
    campaign = run_campaign(tmp_path, runs=runs)
    summary = campaign.summary()
    print("kill -9 campaign:", summary)
    bad = [r for r in campaign.runs if r.outcome not in ("none", "all")]
    assert not bad, f"partial or unopenable stores after kill -9: {bad}"
    assert campaign.survived == runs
    # the campaign must really have interrupted loads, not only killed finished processes
    assert summary["killed_mid_load"] >= 1, summary
