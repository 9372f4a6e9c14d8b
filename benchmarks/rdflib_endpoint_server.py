"""The rdflib-endpoint baseline for P4: the data in an rdflib Dataset whose default graph is the
union (as rdflib-endpoint's own CLI does), served by uvicorn on loopback, access log off.

``python -m benchmarks.rdflib_endpoint_server DATA.nq PORT``"""

from __future__ import annotations

import sys


def main() -> None:
    import rdflib
    import uvicorn
    from rdflib_endpoint import SparqlEndpoint

    data, port = sys.argv[1], int(sys.argv[2])
    ds = rdflib.Dataset(default_union=True)
    ds.parse(data, format="nquads")
    app = SparqlEndpoint(graph=ds, path="/sparql", cors_enabled=False)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
