"""Errors the loaders raise: one type, always naming the file and the reason.

The build reports a bad document and goes on with the others, so the message must be precise
enough for a person to fix the file without reading the loader's code.
"""

from __future__ import annotations


class LoaderError(ValueError):
    """An input the loader cannot turn into a document (empty, not UTF-8, too large…)."""

    def __init__(self, file: str | None, reason: str, *, offset: int | None = None) -> None:
        self.file = file
        self.reason = reason
        self.offset = offset
        where = file or "<text>"
        if offset is not None:
            where += f" (byte offset {offset})"
        super().__init__(f"{where}: {reason}")
