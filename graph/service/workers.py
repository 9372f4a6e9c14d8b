"""Query execution with a time limit that really stops the work.

pyoxigraph has no cancellation API: a query running in a thread cannot be stopped. So SPARQL
queries over the embedded on-disk store run in a small pool of *worker processes*; when a query
passes its deadline its worker is killed (SIGKILL) and a fresh one takes its place.

The workers never open the live store. pyoxigraph documents that opening a store read-only while
another process writes it is undefined behaviour, and the server process holds it for writing.
Instead the server makes a RocksDB checkpoint (``Store.backup``: hard links, milliseconds) into a
private snapshot directory, and workers open that snapshot with ``Store.read_only``. Nothing ever
writes a snapshot, so the read-only open is well defined. Every write through the service bumps a
version counter (``TrackedStore``); the next query sees the stale version and takes a new
snapshot first, so a client always reads its own writes. Old snapshots are deleted as soon as no
running query uses them.

Other backends (rdflib memory for tests, remote SPARQL servers, in-memory pyoxigraph) run in a
thread instead; the remote server enforces its own timeout, the others are test-only.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import itertools
import logging
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

__all__ = [
    "Job", "ProcessRunner", "QueryFailed", "RowLimitExceeded", "Runner", "ThreadRunner",
    "TrackedStore", "UpdateTrial", "execute", "make_runner",
]

log = logging.getLogger("aseankg.service")

_RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


@dataclass(frozen=True)
class Job:
    """One query to run. ``default_graphs``: None → union of named graphs (the aseankg model);
    [] → the store's own default graph (GSP ``?default``); a list → their merge (protocol
    ``default-graph-uri``). ``row_limit`` caps rows (SELECT) or triples (CONSTRUCT)."""

    sparql: str
    media_type: str
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None
    row_limit: int | None = None


class RowLimitExceeded(Exception):
    """The answer has more rows (or triples) than the service sends in one response."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the answer has more than {limit} rows")
        self.limit = limit


class QueryFailed(Exception):
    """The query parsed but could not be evaluated (e.g. a SERVICE call failed)."""


class _CountingWriter(io.RawIOBase):
    """Collects a line-based serialisation (TSV, N-Triples) and aborts once it has too many
    lines, so an oversized answer is never built in full."""

    def __init__(self, limit: int, header_lines: int) -> None:
        self.buf = bytearray()
        self.lines = -header_lines
        self.limit = limit
        self.exceeded = False

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        data = bytes(b)
        self.lines += data.count(b"\n")
        self.buf += data
        if self.lines > self.limit:
            self.exceeded = True
            raise RowLimitExceeded(self.limit)
        return len(data)


def _kwargs(job: Job) -> dict[str, object]:
    kwargs: dict[str, object] = {}
    if job.base_iri:
        kwargs["base_iri"] = job.base_iri
    if job.default_graphs is None:
        kwargs["use_default_graph_as_union"] = True
    elif job.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(u) for u in job.default_graphs]
    else:
        kwargs["default_graph"] = ox.DefaultGraph()
    if job.named_graphs is not None:
        kwargs["named_graphs"] = [ox.NamedNode(u) for u in job.named_graphs]
    return kwargs


def execute(store: ox.Store, job: Job) -> bytes:
    """Run one job on a pyoxigraph store and serialise the answer natively (no term
    conversion). With a row limit the answer is first written as TSV / N-Triples through a
    line counter, then re-serialised by pyoxigraph into the requested format."""
    res = store.query(job.sparql, **_kwargs(job))  # type: ignore[arg-type]
    if isinstance(res, ox.QueryBoolean):
        return res.serialize(format=_RESULTS[job.media_type])
    if isinstance(res, ox.QuerySolutions):
        fmt = _RESULTS[job.media_type]
        if job.row_limit is None:
            return res.serialize(format=fmt)
        w = _CountingWriter(job.row_limit, header_lines=1)
        _serialize_counted(lambda: res.serialize(w, format=ox.QueryResultsFormat.TSV), w)
        if fmt == ox.QueryResultsFormat.TSV:
            return bytes(w.buf)
        return ox.parse_query_results(bytes(w.buf), format=ox.QueryResultsFormat.TSV
                                      ).serialize(format=fmt)  # type: ignore[union-attr]
    rdf = ox.RdfFormat.from_media_type(job.media_type)
    if rdf is None:
        raise ValueError(f"unsupported RDF media type {job.media_type}")
    if job.row_limit is None:
        return res.serialize(format=rdf)
    w = _CountingWriter(job.row_limit, header_lines=0)
    _serialize_counted(lambda: res.serialize(w, format=ox.RdfFormat.N_TRIPLES), w)
    if rdf == ox.RdfFormat.N_TRIPLES:
        return bytes(w.buf)
    triples = [q.triple for q in ox.parse(bytes(w.buf), format=ox.RdfFormat.N_TRIPLES)]
    return ox.serialize(triples, format=rdf) or b""


def _serialize_counted(run: Any, writer: _CountingWriter) -> None:
    try:
        run()
    except Exception:
        if writer.exceeded:
            raise RowLimitExceeded(writer.limit) from None
        raise


@dataclass(frozen=True)
class UpdateTrial:
    """An update to try on a writable checkpoint (see ProcessRunner.trial_update)."""

    sparql: str


def _trial(job: UpdateTrial, path: str) -> None:
    trial = ox.Store(path)
    try:
        trial.update(job.sparql)
    finally:
        del trial


# -- the worker process ---------------------------------------------------------------------
def _worker_main(conn: Any) -> None:  # pragma: no cover - runs in the child process
    """Serve jobs from the pipe until it closes; keeps one snapshot open at a time."""
    current: str | None = None
    store: ox.Store | None = None
    while True:
        try:
            job, snapshot = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if isinstance(job, UpdateTrial):
                _trial(job, snapshot)
                conn.send(("ok", b""))
                continue
            if snapshot != current:
                store = None
                store = ox.Store.read_only(snapshot)
                current = snapshot
            assert store is not None
            conn.send(("ok", execute(store, job)))
        except SyntaxError as exc:
            conn.send(("syntax", str(exc)))
        except RowLimitExceeded as exc:
            conn.send(("rows", exc.limit))
        except Exception as exc:  # evaluation errors: SERVICE failures, type errors…
            conn.send(("error", f"{exc}"))


class _Worker:
    """One child interpreter (``python -m graph.service.workers FD``) talking over a socket
    pair. A plain subprocess rather than ``multiprocessing``: it never re-imports the parent's
    ``__main__`` (uvicorn, pytest, scripts), so it starts the same way under every launcher."""

    def __init__(self, memory_mb: int = 0) -> None:
        parent, child = socket.socketpair()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "graph.service.workers", str(child.fileno()),
             str(memory_mb)],
            pass_fds=[child.fileno()], stdin=subprocess.DEVNULL)
        child.close()
        self.conn = Connection(parent.detach())

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(5)
        self.conn.close()


# -- write tracking ---------------------------------------------------------------------------
class TrackedStore:
    """A Store that counts its writes, so query snapshots know when they are stale.

    Delegates everything to the wrapped backend; only the three write methods are wrapped.
    Every route that writes must write through ``request.app.state.store`` (this object)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.version = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def update(self, sparql: str) -> None:
        try:
            self.inner.update(sparql)
        finally:
            self.version += 1

    def replace_graphs(self, graphs: Mapping[str, Any], remove: Iterable[str] = ()) -> None:
        try:
            self.inner.replace_graphs(graphs, remove)
        finally:
            self.version += 1

    def load(self, data: bytes, media_type: str, graph: str | None = None,
             base_iri: str | None = None) -> int:
        try:
            return int(self.inner.load(data, media_type, graph, base_iri))
        finally:
            self.version += 1


# -- runners ------------------------------------------------------------------------------------
@dataclass
class Runner:
    """Runs jobs with a deadline. ``query`` raises QueryTimeout, RowLimitExceeded, QueryFailed
    or QuerySyntaxError (from graph.store)."""

    store: TrackedStore
    timeout: float
    stats: dict[str, float] = field(default_factory=lambda: {"queries": 0, "timeouts": 0})

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def query(self, job: Job, timeout: float | None = None) -> bytes:
        raise NotImplementedError

    async def trial_update(self, sparql: str, timeout: float | None = None) -> None:
        """Prove an update finishes in time without touching the store; runners that cannot
        (thread runners) accept every update."""
        return None

    def describe(self) -> dict[str, object]:
        return {"kind": type(self).__name__, **self.stats}


class ThreadRunner(Runner):
    """For backends without an on-disk pyoxigraph store. The deadline stops the *response*;
    the backend's own timeout (remote servers) is what stops the work."""

    async def query(self, job: Job, timeout: float | None = None) -> bytes:
        from graph.store import QueryTimeout

        limit = self.timeout if timeout is None else timeout
        self.stats["queries"] += 1
        call = asyncio.to_thread(
            self.store.query_raw, job.sparql, job.media_type, timeout=limit,
            default_graph_uris=job.default_graphs or (),
            named_graph_uris=job.named_graphs or ())
        try:
            body, _ = await asyncio.wait_for(call, limit)
        except TimeoutError:
            self.stats["timeouts"] += 1
            raise QueryTimeout(f"the query ran longer than {limit:g} s") from None
        except (OSError, ValueError, RuntimeError) as exc:
            # evaluation errors (a failing SERVICE…), reported as the worker processes do
            raise QueryFailed(str(exc)) from None
        return bytes(body)


class ProcessRunner(Runner):
    """Worker processes over read-only snapshots of the embedded store (see module doc)."""

    def __init__(self, store: TrackedStore, timeout: float, size: int = 2,
                 memory_mb: int = 0, max_size: int | None = None) -> None:
        super().__init__(store, timeout)
        self.size = max(1, size)
        self.max_size = max(self.size, max_size if max_size is not None else 2 * self.size)
        self.memory_mb = memory_mb
        self._spawning = 0
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        path = Path(store.path)
        # Only one process can hold the store for writing, so snapshot folders left next to it
        # belong to a server that died without cleaning up: remove them.
        for stale in path.parent.glob(f".{path.name}-snapshots-*"):
            shutil.rmtree(stale, ignore_errors=True)
        self._root = Path(tempfile.mkdtemp(prefix=f".{path.name}-snapshots-", dir=path.parent))
        self._gen = itertools.count(1)
        self._snapshot: Path | None = None
        self._snap_version = -1
        self._refs: dict[Path, int] = {}
        self._snap_lock: asyncio.Lock | None = None
        self._started = False
        self._tasks: set[asyncio.Task[None]] = set()
        self.stats.update(kills=0, snapshots=0, burst_spawns=0, update_trials=0,
                          last_stop_s=0.0)

    async def start(self) -> None:
        if self._started:
            return
        self._started = True
        self._idle = asyncio.Queue()
        self._snap_lock = asyncio.Lock()
        workers = await asyncio.gather(*(asyncio.to_thread(_Worker, self.memory_mb)
                                         for _ in range(self.size)))
        for w in workers:
            self._all.add(w)
            self._idle.put_nowait(w)

    async def close(self) -> None:
        for w in list(self._all):
            with contextlib.suppress(Exception):
                w.conn.close()
                w.proc.terminate()
                w.proc.wait(2)
        self._all.clear()
        shutil.rmtree(self._root, ignore_errors=True)

    # snapshots
    def _make_snapshot(self) -> Path:
        path = self._root / f"gen-{next(self._gen)}"
        self.store.inner.raw.backup(str(path))
        return path

    async def _current_snapshot(self) -> Path:
        assert self._snap_lock is not None
        async with self._snap_lock:
            version = self.store.version
            if self._snapshot is None or version != self._snap_version:
                fresh = await asyncio.to_thread(self._make_snapshot)
                old, self._snapshot, self._snap_version = self._snapshot, fresh, version
                self._refs.setdefault(fresh, 0)
                self.stats["snapshots"] += 1
                if old is not None:
                    self._collect(old)
            snap = self._snapshot
            self._refs[snap] += 1
            return snap

    def _release(self, snap: Path) -> None:
        self._refs[snap] -= 1
        self._collect(snap)

    def _collect(self, snap: Path) -> None:
        if snap != self._snapshot and self._refs.get(snap, 0) == 0:
            self._refs.pop(snap, None)
            shutil.rmtree(snap, ignore_errors=True)

    async def _acquire(self, limit: float) -> _Worker:
        """An idle worker; when all are busy and the pool is below its burst size, a new one
        (so two heavy queries cannot make every light query wait for their deadline)."""
        from graph.store import QueryTimeout

        assert self._idle is not None
        if not self._idle.empty():  # check and take with no await between: no race
            return self._idle.get_nowait()
        if len(self._all) + self._spawning < self.max_size:
            self._spawning += 1
            try:
                worker = await asyncio.to_thread(_Worker, self.memory_mb)
            finally:
                self._spawning -= 1
            self._all.add(worker)
            self.stats["burst_spawns"] += 1
            return worker
        try:
            return await asyncio.wait_for(self._idle.get(), limit)
        except TimeoutError:
            self.stats["timeouts"] += 1
            raise QueryTimeout(f"no query worker became free within {limit:g} s "
                               f"(all {len(self._all)} are busy)") from None

    def _give_back(self, worker: _Worker) -> None:
        """Back to the idle queue, unless the pool is above its base size with enough idle
        workers already: burst workers retire once the burst is over."""
        assert self._idle is not None
        if len(self._all) > self.size and self._idle.qsize() >= self.size:
            self._all.discard(worker)
            worker.kill()
        else:
            self._idle.put_nowait(worker)

    def _spawn_replacement(self, dead: _Worker) -> None:
        task = asyncio.get_running_loop().create_task(self._replace(dead))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self, dead: _Worker) -> None:
        self._all.discard(dead)
        if len(self._all) + self._spawning >= self.size:
            return  # a burst worker died: the base pool is still full
        self._spawning += 1
        try:
            fresh = await asyncio.to_thread(_Worker, self.memory_mb)
        finally:
            self._spawning -= 1
        self._all.add(fresh)
        assert self._idle is not None
        self._idle.put_nowait(fresh)

    async def _dispatch(self, payload: tuple[object, str], limit: float, what: str) -> tuple:
        """Send one payload to a worker and wait for its reply until the deadline; past it
        the worker is killed (the work stops) and QueryTimeout is raised."""
        from graph.store import QueryTimeout, StoreError

        await self.start()
        deadline = time.monotonic() + limit
        worker = await self._acquire(limit)
        alive: _Worker | None = worker
        answered = False  # False while the worker may still be busy with this job
        try:
            worker.conn.send(payload)
            left = max(0.0, deadline - time.monotonic())
            ready = await asyncio.to_thread(worker.conn.poll, left)
            if not ready:
                t0 = time.monotonic()
                worker.kill()
                alive = None
                self.stats["kills"] += 1
                self.stats["timeouts"] += 1
                self.stats["last_stop_s"] = round(time.monotonic() - t0, 4)
                self._spawn_replacement(worker)
                raise QueryTimeout(f"the {what} ran longer than {limit:g} s and was stopped")
            try:
                reply: tuple = await asyncio.to_thread(worker.conn.recv)
                answered = True
            except (EOFError, OSError):
                raise StoreError(f"the query worker died (out of memory?); the {what} was not "
                                 f"answered") from None
        finally:
            if alive is not None and not answered:
                # cancelled or crashed mid-job: its pipe may still carry this job's answer,
                # which must never be read as the next job's, so the worker goes.
                alive.kill()
                self._spawn_replacement(alive)
            elif alive is not None:
                self._give_back(alive)
        return reply

    async def query(self, job: Job, timeout: float | None = None) -> bytes:
        from graph.store import QuerySyntaxError
        from graph.stores.oxigraph import query_syntax_error

        await self.start()
        limit = self.timeout if timeout is None else timeout
        self.stats["queries"] += 1
        snap = await self._current_snapshot()
        try:
            reply = await self._dispatch((job, str(snap)), limit, "query")
        finally:
            self._release(snap)
        kind = reply[0]
        if kind == "ok":
            return bytes(reply[1])
        if kind == "syntax":
            err = query_syntax_error(SyntaxError(reply[1]))
            raise QuerySyntaxError(err.reason, err.line, err.column)
        if kind == "rows":
            raise RowLimitExceeded(int(reply[1]))
        raise QueryFailed(str(reply[1]))

    async def trial_update(self, sparql: str, timeout: float | None = None) -> None:
        """Run an update on a throw-away writable checkpoint in a worker, within the deadline.

        The caller holds the write lock, so the checkpoint equals the live store; if the trial
        finishes in time, the same update on the live store does the same work. Past the
        deadline the worker is killed and QueryTimeout raised: the live store is never touched.
        Errors are raised as the store would raise them (QuerySyntaxError, QueryFailed)."""
        from graph.store import QuerySyntaxError
        from graph.stores.oxigraph import query_syntax_error

        await self.start()
        limit = self.timeout if timeout is None else timeout
        self.stats["update_trials"] += 1
        trial = self._root / f"trial-{next(self._gen)}"
        try:
            await asyncio.to_thread(self.store.inner.raw.backup, str(trial))
            reply = await self._dispatch((UpdateTrial(sparql), str(trial)), limit, "update")
        finally:
            await asyncio.to_thread(shutil.rmtree, trial, True)
        if reply[0] == "syntax":
            err = query_syntax_error(SyntaxError(reply[1]))
            raise QuerySyntaxError(err.reason, err.line, err.column)
        if reply[0] != "ok":
            raise QueryFailed(str(reply[1]))

    def describe(self) -> dict[str, object]:
        return {"kind": "ProcessRunner", "workers": self.size, "max_workers": self.max_size,
                "idle": self._idle.qsize() if self._idle else 0,
                "pids": sorted(w.proc.pid for w in self._all), **self.stats}


def make_runner(store: TrackedStore, timeout: float, workers: int = 2,
                memory_mb: int = 0, max_workers: int | None = None) -> Runner:
    """Worker processes when the store is pyoxigraph on disk, a thread otherwise."""
    inner = store.inner
    if getattr(inner, "name", "") == "oxigraph" and getattr(inner, "path", None) is not None:
        return ProcessRunner(store, timeout, workers, memory_mb, max_workers)
    return ThreadRunner(store, timeout)


if __name__ == "__main__":  # pragma: no cover - the worker process entry point
    if len(sys.argv) > 2 and int(sys.argv[2]) > 0:
        # A runaway query (huge GROUP_CONCAT, ORDER BY over billions of rows) hits this cap and
        # kills only its worker, which the server reports and replaces, instead of the host.
        import resource

        cap = int(sys.argv[2]) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    # run the module's own copy, not __main__'s: the jobs the server pickles name
    # graph.service.workers classes, and isinstance must see those
    from graph.service import workers

    workers._worker_main(Connection(int(sys.argv[1])))
