"""The aseankg HTTP service: SPARQL 1.1 Protocol, Graph Store Protocol, and the feature routes
other modules register (linked data, pages, validation). ``create_app`` lives in ``app``.

Kept import-free on purpose: query worker processes import ``graph.service.workers`` and must not
pay for Starlette or rdflib.
"""
