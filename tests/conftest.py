"""Shared pytest fixtures. Each area registers its fixtures here with one import line."""

from tests.backends import backend, backend_servers, server_info, store  # noqa: F401
from tests.crash.helpers import built_store  # noqa: F401  (reliability suite, issue 8)
