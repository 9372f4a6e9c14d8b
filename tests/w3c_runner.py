"""Replay the W3C SPARQL 1.1 Protocol and Graph Store Protocol test manifests against a running
service, over real HTTP.

Each manifest test is a sequence of HTTP requests (``ht:requests``) with expected responses
(``mf:expectedStatus`` classes or codes, ``mf:expectedBoolean``, ``mf:expectedFormat``,
response ``content-type`` and a body compared by graph isomorphism, ``mf:expectedLocation``
template variables). Before each test the store is emptied (``DROP ALL`` through /update) and
the test's ``ut:graphData`` is loaded through the Graph Store Protocol, so tests are independent.

Paths are rewritten as the manifests ask: ``/sparql/`` → ``/sparql`` and ``/gsp`` → ``/store``.

Usage::

    python tests/w3c_runner.py http://127.0.0.1:8000 --token SECRET [manifest.ttl ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.term import Node

HERE = Path(__file__).parent / "w3c"
PROTOCOL_MANIFEST = HERE / "protocol" / "manifest.ttl"
GSP_MANIFEST = HERE / "graph-store-protocol" / "manifest.ttl"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")

STATUS_NAMES = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404,
                "BadRequest": 400}
PATH_PREFIXES = (("/sparql/", "/sparql"), ("/gsp", "/store"))
RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


@dataclass
class Expect:
    statuses: list[str]
    boolean: bool | None = None
    fmt: str | None = None
    location_var: str | None = None
    content_type: str | None = None
    body: str | None = None


@dataclass
class HttpRequest:
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes | None
    expect: Expect


@dataclass
class ProtocolTest:
    iri: str
    name: str
    requests: list[HttpRequest]
    graph_data: list[tuple[Path, str]] = field(default_factory=list)


@dataclass
class Outcome:
    test: ProtocolTest
    passed: bool
    problems: list[str]


def _list(g: Graph, head: Node | None) -> list[Node]:
    return [] if head is None else list(Collection(g, head))


def _headers(g: Graph, node: Node) -> list[tuple[str, str]]:
    return [(str(g.value(h, HT.fieldName)), str(g.value(h, HT.fieldValue)))
            for h in _list(g, g.value(node, HT.headers))]


def _body(g: Graph, node: Node) -> tuple[bytes | None, str | None]:
    b = g.value(node, HT.body)
    if b is None:
        return None, None
    chars = str(g.value(b, CNT.chars))
    encoding = str(g.value(b, CNT.characterEncoding) or "UTF-8")
    return chars.encode(encoding), chars


def load_manifest(path: Path) -> list[ProtocolTest]:
    """Every test of a manifest, following ``mf:include``, in manifest order."""
    g = Graph().parse(path, format="turtle")
    manifest = URIRef(path.resolve().as_uri())
    tests: list[ProtocolTest] = []
    for inc in _list(g, g.value(manifest, MF.include)):
        tests += load_manifest(Path(str(inc).removeprefix("file://")))
    for entry in _list(g, g.value(manifest, MF.entries)):
        action = g.value(entry, MF.action)
        reqs = []
        for r in _list(g, g.value(action, HT.requests)):
            resp = g.value(r, HT.resp)
            body, _ = _body(g, r)
            expect = Expect(
                statuses=[str(s).rsplit("#", 1)[-1] for s in g.objects(resp, MF.expectedStatus)])
            if (b := g.value(resp, MF.expectedBoolean)) is not None:
                expect.boolean = bool(b.toPython())
            if (f := g.value(resp, MF.expectedFormat)) is not None:
                expect.fmt = str(f)
            if (loc := g.value(resp, MF.expectedLocation)) is not None:
                expect.location_var = str(loc)
            for name, value in _headers(g, resp):
                if name.lower() == "content-type":
                    expect.content_type = value
            _, expect.body = _body(g, resp)
            reqs.append(HttpRequest(str(g.value(r, HT.methodName)),
                                    str(g.value(r, HT.absolutePath)), _headers(g, r), body,
                                    expect))
        data = [(Path(str(g.value(d, UT.graph)).removeprefix("file://")),
                 str(g.value(d, RDFS.label))) for d in g.objects(entry, UT.graphData)]
        tests.append(ProtocolTest(str(entry), str(g.value(entry, MF.name)), reqs, data))
    return tests


def _rewrite(path: str) -> str:
    for old, new in PATH_PREFIXES:
        if path.startswith(old):
            return new + path[len(old):]
    return path


def _status_ok(code: int, expected: list[str]) -> bool:
    for name in expected:
        if name.startswith("StatusCode") and name.endswith("xx"):
            if code // 100 == int(name[len("StatusCode")]):
                return True
        elif STATUS_NAMES.get(name) == code:
            return True
    return not expected


def _media(value: str | None) -> tuple[str, str | None]:
    parts = [p.strip().lower() for p in (value or "").split(";")]
    charset = next((p.split("=", 1)[1].strip('"') for p in parts[1:]
                    if p.startswith("charset=")), None)
    return parts[0], charset


def _check_content(resp: httpx.Response, expect: Expect) -> list[str]:
    problems = []
    media, _ = _media(resp.headers.get("content-type"))
    if expect.fmt in ("boolean", "tabular"):
        fmt = RESULT_FORMATS.get(media)
        if fmt is None:
            return [f"expected SPARQL results, got Content-Type {media!r}"]
        try:
            parsed = ox.parse_query_results(resp.content, format=fmt)
        except SyntaxError as exc:
            return [f"results do not parse as {media}: {exc}"]
        if expect.fmt == "boolean" and not isinstance(parsed, ox.QueryBoolean):
            problems.append("expected a boolean result")
        if expect.fmt == "tabular" and not isinstance(parsed, ox.QuerySolutions):
            problems.append("expected tabular results")
        if expect.boolean is not None and isinstance(parsed, ox.QueryBoolean) \
                and bool(parsed) != expect.boolean:
            problems.append(f"expected boolean {expect.boolean}, got {bool(parsed)}")
    elif expect.fmt == "RDF":
        rdf = ox.RdfFormat.from_media_type(media)
        if rdf is None:
            return [f"expected RDF, got Content-Type {media!r}"]
        try:
            list(ox.parse(resp.content, format=rdf))
        except SyntaxError as exc:
            problems.append(f"RDF does not parse as {media}: {exc}")
    if expect.content_type:
        want, want_cs = _media(expect.content_type)
        got, got_cs = _media(resp.headers.get("content-type"))
        if want != got or (want_cs and (got_cs or "utf-8") != want_cs):
            problems.append(f"Content-Type {resp.headers.get('content-type')!r}, "
                            f"expected {expect.content_type!r}")
    if expect.body is not None and not problems:
        expected = Graph().parse(data=expect.body, format="turtle")
        try:
            got_graph = Graph().parse(data=resp.content, format="turtle")
        except Exception as exc:  # the body must parse; report why it did not
            return [f"response body does not parse as Turtle: {exc}"]
        if not isomorphic(expected, got_graph):
            problems.append("response graph is not isomorphic to the expected graph:\n"
                            + resp.text[:400])
    return problems


def reset(client: httpx.Client, token: str) -> None:
    r = client.post("/update", content=b"DROP ALL", headers={
        "content-type": "application/sparql-update", "authorization": f"Bearer {token}"})
    r.raise_for_status()


def run_test(client: httpx.Client, test: ProtocolTest, token: str) -> Outcome:
    auth = {"authorization": f"Bearer {token}"}
    reset(client, token)
    for data_file, graph in test.graph_data:
        r = client.put("/store", params={"graph": graph}, content=data_file.read_bytes(),
                       headers={"content-type": "application/n-triples", **auth})
        if r.status_code >= 300:
            return Outcome(test, False, [f"loading {data_file.name}: {r.status_code} {r.text}"])
    variables: dict[str, str] = {}
    problems: list[str] = []
    for i, req in enumerate(test.requests, 1):
        path = _rewrite(req.path)
        body = req.body
        for var, value in variables.items():
            path = path.replace(var, value)
            if body is not None:
                body = body.replace(var.encode(), value.encode())
        headers = dict(req.headers)
        headers.update(auth)
        resp = client.request(req.method, path, content=body, headers=headers)
        where = f"request {i} ({req.method} {path[:80]})"
        if not _status_ok(resp.status_code, req.expect.statuses):
            problems.append(f"{where}: status {resp.status_code}, expected "
                            f"{req.expect.statuses}: {resp.text[:300]}")
            break
        if resp.status_code < 300 and req.method != "HEAD":
            problems += [f"{where}: {p}" for p in _check_content(resp, req.expect)]
        elif req.method == "HEAD" and req.expect.content_type:
            want, _ = _media(req.expect.content_type)
            if _media(resp.headers.get("content-type"))[0] != want:
                problems.append(f"{where}: HEAD Content-Type "
                                f"{resp.headers.get('content-type')!r}, expected {want}")
        if req.expect.location_var:
            location = resp.headers.get("location")
            if not location:
                problems.append(f"{where}: no Location header")
                break
            variables[req.expect.location_var] = location
    return Outcome(test, not problems, problems)


def run_suite(base_url: str, token: str, manifests: list[Path] | None = None,
              timeout: float = 30.0) -> list[Outcome]:
    """Run every test of the manifests against ``base_url``; one Outcome per test."""
    outcomes = []
    with httpx.Client(base_url=base_url, timeout=timeout) as client:
        for manifest in manifests or [PROTOCOL_MANIFEST, GSP_MANIFEST]:
            for test in load_manifest(manifest):
                outcomes.append(run_test(client, test, token))
    return outcomes


def report(outcomes: list[Outcome]) -> str:
    lines = [f"{'PASS' if o.passed else 'FAIL'} {o.test.iri.rsplit('#', 1)[-1]}: {o.test.name}"
             + "".join(f"\n    {p}" for p in o.problems) for o in outcomes]
    passed = sum(o.passed for o in outcomes)
    lines.append(f"{passed}/{len(outcomes)} W3C protocol tests passed")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("--token", required=True)
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    parser.add_argument("manifests", nargs="*", type=Path)
    args = parser.parse_args(argv)
    outcomes = run_suite(args.base_url, args.token, args.manifests or None)
    if args.json:
        print(json.dumps({"passed": sum(o.passed for o in outcomes), "total": len(outcomes),
                          "failed": [o.test.iri for o in outcomes if not o.passed]}))
    else:
        print(report(outcomes))
    return 0 if all(o.passed for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
