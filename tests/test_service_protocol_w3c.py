"""The W3C SPARQL 1.1 Protocol test suite (tests/w3c/protocol/manifest.ttl), replayed over real
HTTP against ``aseankg serve`` on a loopback port, plus checks that the runner itself can fail."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.service_server import running_service
from tests.w3c_runner import (
    PROTOCOL_MANIFEST,
    Expect,
    _check_content,
    _status_ok,
    load_manifest,
    report,
    run_suite,
)

TOKEN = "w3c-protocol-token"


def test_manifest_has_every_protocol_test() -> None:
    tests = load_manifest(PROTOCOL_MANIFEST)
    assert len(tests) == 34
    assert all(t.requests for t in tests)


def test_every_w3c_protocol_test_passes(tmp_path: Path) -> None:
    with running_service(tmp_path, token=TOKEN) as base:
        outcomes = run_suite(base, TOKEN, [PROTOCOL_MANIFEST])
    print(report(outcomes))
    failed = [o for o in outcomes if not o.passed]
    assert len(outcomes) == 34
    assert not failed, report(failed)


@pytest.mark.parametrize(("code", "expected", "ok"), [
    (200, ["StatusCode2xx", "StatusCode3xx"], True),
    (400, ["StatusCode2xx"], False),
    (500, ["StatusCode4xx"], False),
    (201, ["Created"], True),
    (204, ["OK"], False),
])
def test_runner_status_classes(code: int, expected: list[str], ok: bool) -> None:
    assert _status_ok(code, expected) is ok


def test_runner_rejects_a_wrong_boolean_and_a_wrong_format() -> None:
    request = httpx.Request("GET", "http://x/")
    false = httpx.Response(200, request=request, content=b'{"head":{},"boolean":false}',
                           headers={"content-type": "application/sparql-results+json"})
    assert _check_content(false, Expect([], boolean=True, fmt="boolean"))
    assert not _check_content(false, Expect([], boolean=False, fmt="boolean"))
    turtle = httpx.Response(200, request=request, content=b"<a:b> <a:c> <a:d> .",
                            headers={"content-type": "text/turtle"})
    assert _check_content(turtle, Expect([], fmt="tabular"))
    assert _check_content(turtle, Expect([], body="<a:b> <a:c> <a:e> ."))
    assert not _check_content(turtle, Expect([], body="<a:b> <a:c> <a:d> ."))
