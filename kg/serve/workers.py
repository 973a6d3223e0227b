"""Run ``kg serve``'s queries in worker processes that are killed when they run out of time.

Why processes: Oxigraph cannot cancel a running query, so a query that runs
into its timeout in a thread keeps burning CPU and memory until it ends, and
a few never-ending queries sent by any web page take the server down (every
later request gets "busy"). A worker process can be killed: on timeout the
request gets 503, the worker is killed and a fresh one takes its place, so the
CPU is free again at once. Each worker also has a memory cap
(``RLIMIT_DATA``): a query that needs more fails in its worker (answered 503),
not in the server.

Workers are started on demand (at most ``size``), each opens the store
read-only itself and reopens it when a build changed it, and they die with
the server (a watchdog thread checks the parent).
"""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from dataclasses import dataclass
from typing import Any

from ..errors import KgError
from .protocol import Answer, ProtocolError, QueryRequest

__all__ = ["QueryProcesses", "DEFAULT_MEMORY_LIMIT"]

#: Heap a query may use in its worker (bytes); the store's files are mapped, not counted.
DEFAULT_MEMORY_LIMIT = 2 << 30
#: Seconds a new worker may take to import kg and open the store.
_START_TIMEOUT = 60.0


@dataclass
class _Task:
    request: QueryRequest
    accept: str | None
    max_rows: int


def _worker_main(conn: Any, location: str, memory_limit: int | None, parent: int) -> None:
    """Loop of one worker process: answer tasks from ``conn`` until it closes."""
    from ..processes import watch_parent

    watch_parent(parent)  # started from a passing thread: the parent-death signal would fire too early
    if memory_limit:
        import resource

        try:
            resource.setrlimit(resource.RLIMIT_DATA, (memory_limit, memory_limit))
        except (ValueError, OSError):  # pragma: no cover - a lower hard limit already applies
            pass
    from .handles import StoreHandle
    from .protocol import execute

    try:
        handle = StoreHandle(location)
    except KgError as exc:
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready",))
    while True:
        try:
            task: _Task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = execute(handle.current().oxigraph, task.request, accept=task.accept, max_rows=task.max_rows)
            reply: tuple = ("ok", answer)
        except ProtocolError as exc:
            reply = ("refused", exc.status, str(exc))
        except MemoryError:
            reply = ("refused", 503, "the query needed more memory than kg serve allows a query; narrow it")
        except KgError as exc:
            reply = ("failed", str(exc))
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


class _Worker:
    def __init__(self, ctx: Any, location: str, memory_limit: int | None) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, location, memory_limit, os.getpid()),
                                   name="kg-serve-query", daemon=True)
        self.process.start()
        child.close()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryProcesses:
    """At most ``size`` worker processes answering queries; a query past ``timeout_s`` is killed with its worker."""

    def __init__(self, location: str, *, size: int, timeout_s: float,
                 memory_limit: int | None = DEFAULT_MEMORY_LIMIT) -> None:
        self.location, self.size, self.timeout_s, self.memory_limit = location, size, timeout_s, memory_limit
        self._ctx = multiprocessing.get_context("spawn")  # never fork a threaded server
        self._idle: list[_Worker] = []
        self._busy = 0
        self._lock = threading.Lock()

    def _take(self) -> _Worker:
        with self._lock:
            if self._idle:
                worker = self._idle.pop()
            elif self._busy < self.size:
                worker = None
            else:
                raise ProtocolError(503, f"server busy: {self.size} queries are already running; retry later")
            self._busy += 1
        if worker is None or not worker.process.is_alive():
            try:
                worker = self._start()
            except BaseException:
                with self._lock:
                    self._busy -= 1
                raise
        return worker

    def _start(self) -> _Worker:
        """A new worker, once it has opened the store (its start-up is not part of any query's time)."""
        try:
            worker = _Worker(self._ctx, self.location, self.memory_limit)
        except OSError:
            raise ProtocolError(503, "server busy: cannot start a query worker; retry later") from None
        try:
            reply = worker.conn.recv() if worker.conn.poll(_START_TIMEOUT) else ("failed", "worker did not start")
        except (EOFError, OSError):
            reply = ("failed", "worker did not start")
        if reply[0] != "ready":
            worker.kill()
            raise ProtocolError(503, f"cannot start a query worker: {reply[1]}")
        return worker

    def _give_back(self, worker: _Worker | None) -> None:
        with self._lock:
            self._busy -= 1
            if worker is not None:
                self._idle.append(worker)

    async def run(self, request: QueryRequest, accept: str | None, max_rows: int) -> Answer:
        """Answer one query in a worker; raises :class:`ProtocolError` (503 on timeout, memory, busy)."""
        worker = await asyncio.to_thread(self._take)
        try:
            worker.conn.send(_Task(request, accept, max_rows))
            reply = await asyncio.wait_for(asyncio.to_thread(worker.conn.recv), self.timeout_s)
        except TimeoutError:
            worker.kill()  # the query stops now, with its worker; a new one is started on demand
            self._give_back(None)
            raise ProtocolError(503, f"query timed out after {self.timeout_s:g} s (stopped)") from None
        except (EOFError, OSError, BrokenPipeError):
            worker.kill()
            self._give_back(None)
            raise ProtocolError(503, "the query worker stopped (the query needed more memory than kg serve "
                                     "allows a query?); retry with a narrower query") from None
        self._give_back(worker)
        if reply[0] == "ok":
            return reply[1]
        if reply[0] == "refused":
            raise ProtocolError(reply[1], reply[2])
        raise KgError(reply[1])

    def close(self) -> None:
        """Stop every worker (the server is shutting down)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()

    @property
    def processes(self) -> list[int]:
        """PIDs of the idle workers (for tests)."""
        with self._lock:
            return [w.process.pid for w in self._idle if w.process.is_alive()]
