"""Schemathesis against ``/openapi.json`` (issue 8, item 1): generated requests to every
non-SPARQL route of the real app (seed dataset, in-memory pyoxigraph) never get a server
error. Bounded: 25 examples per operation."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.browser.support import make_app, seeded_store

APP = make_app(seeded_store(), timeout=10.0)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_server_error(case) -> None:  # type: ignore[no-untyped-def]
    response = case.call()
    case.validate_response(response, checks=(not_a_server_error,))
    if response.status_code >= 400:
        assert response.text.strip(), "every refusal carries a message"


def test_the_description_lists_the_routes() -> None:
    from starlette.testclient import TestClient

    with TestClient(APP) as c:
        spec = c.get("/openapi.json").json()
    assert {"/health", "/doc/{path}", "/validate", "/queries/{name}.json"} <= set(spec["paths"])
