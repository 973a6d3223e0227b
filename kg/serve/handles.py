"""What a running ``kg serve`` holds: the store (reopened when a build changes it), query threads, a request gate.

Why apart from the app: the worker processes (:mod:`kg.serve.workers`) open
the store the same way the app does, and neither should import the other.
"""
from __future__ import annotations

import asyncio
import os
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import KgError
from ..store import store_location
from ..store.oxigraph import KgStore
from ..store.oxigraph_open import open_oxigraph
from .protocol import ProtocolError

if TYPE_CHECKING:
    from starlette.requests import Request

__all__ = ["MAX_QUERY_BYTES", "StoreHandle", "QueryRunner", "RequestGate", "capped_body", "drop_frame_locals"]

#: Largest request body (a query or a form) read, in bytes; larger ones get 413.
MAX_QUERY_BYTES = 1 << 20
_T = TypeVar("_T")


class StoreHandle:
    """The store opened read-only, reopened when its files change on disk."""

    def __init__(self, location: str | os.PathLike | KgStore):
        self._lock = threading.Lock()
        self._graph_page: tuple[Any, str] | None = None
        if isinstance(location, KgStore):
            self.location, self._path, self._store = location.location, None, location
            return
        self.location = store_location(location)
        if self.location == "memory" or self.location.startswith(("http://", "https://")):
            raise KgError(f"kg serve serves a store directory built with `kg build`, not {self.location!r} "
                          "(a SPARQL server already has its own endpoint)")
        self._path = Path(self.location).expanduser()
        self._store, self._signature = None, None
        self.current()  # fail now, with open_store's message, if there is no store

    @property
    def on_disk(self) -> bool:
        """True when serving a store directory (which worker processes can open themselves)."""
        return self._path is not None

    def _files(self) -> tuple:
        try:
            return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns)
                                for e in os.scandir(self._path) if e.is_file()))
        except OSError:
            return ()

    def current(self) -> KgStore:
        """The open store, reopened first if a writer changed it since."""
        if self._path is None:
            return self._store
        signature = self._files()
        with self._lock:
            if self._store is None or signature != self._signature:
                # the old instance stays alive while running queries still use it
                self._store = open_oxigraph(self.location, read_only=True, create=False)
                self._signature = signature
            return self._store

    def graph_page(self) -> str:
        """The kg.viz page of the current store (cached until the store changes)."""
        from ..graph.mirror import ActorGraph
        from ..views.graph_page import graph_page_html

        store = self.current()
        cached = self._graph_page
        if cached is not None and cached[0] is store:
            return cached[1]
        page = graph_page_html(ActorGraph(store), title=f"kg graph — {Path(self.location).name}")
        self._graph_page = (store, page)
        return page


class QueryRunner:
    """Runs jobs in daemon threads, at most ``workers`` at once, and stops waiting after ``timeout_s``."""

    def __init__(self, workers: int, timeout_s: float):
        self.workers, self.timeout_s = workers, timeout_s
        self._slots = threading.BoundedSemaphore(workers)

    async def run(self, job: Callable[[threading.Event], _T]) -> _T:
        if not self._slots.acquire(blocking=False):
            raise ProtocolError(503, f"server busy: {self.workers} queries are already running; retry later")
        loop = asyncio.get_running_loop()
        done: asyncio.Future = loop.create_future()
        cancel = threading.Event()

        def settle(ok: bool, value: Any) -> None:
            if not done.done():
                done.set_result(value) if ok else done.set_exception(value)

        def work() -> None:
            try:
                outcome = (True, job(cancel))
            except BaseException as exc:  # noqa: BLE001 - handed over to the waiting request, not swallowed
                drop_frame_locals(exc)
                outcome = (False, exc)
            finally:
                self._slots.release()
            try:
                loop.call_soon_threadsafe(settle, *outcome)
            except RuntimeError:  # the request's event loop is gone (server stopped)
                pass

        # daemon threads: a query Oxigraph cannot cancel must not keep Ctrl-C from exiting
        try:
            threading.Thread(target=work, name="kg-serve-query", daemon=True).start()
        except RuntimeError:  # no thread could be started
            self._slots.release()
            raise ProtocolError(503, "server busy: cannot start a query thread; retry later") from None
        try:
            return await asyncio.wait_for(done, self.timeout_s)
        except TimeoutError:
            cancel.set()
            raise ProtocolError(503, f"query timed out after {self.timeout_s:g} s") from None


def drop_frame_locals(exc: BaseException | None) -> None:
    """Clear the locals of an exception's frames in this thread.

    pyoxigraph's result iterators must be dropped on the thread that made them;
    a traceback carried to the event loop would otherwise drop them there.
    """
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__cause__ or exc.__context__


async def capped_body(request: Request) -> bytes:
    """The request body, read chunk by chunk and refused (413) as soon as it passes MAX_QUERY_BYTES.

    A chunked upload with no Content-Length is never held whole in memory.
    """
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_QUERY_BYTES:
            raise ProtocolError(413, f"request body larger than {MAX_QUERY_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


class RequestGate:
    """Refuses cross-site browser requests, and requests without the token when one is set.

    A web page on another origin can make the browser send GET/POST requests
    (an ``<img>``, a form, ``fetch(..., {mode: "no-cors"})``) even though it
    cannot read the answers; those requests still cost the server a query.
    Browsers mark them with ``Sec-Fetch-Site`` (and ``Origin``); SPARQL clients
    such as curl and SPARQLWrapper send neither, so they are unaffected.
    """

    def __init__(self, token: str | None) -> None:
        self.token = token

    def check(self, request: Request) -> None:
        site = request.headers.get("sec-fetch-site", "").lower()
        if site in ("cross-site", "same-site"):
            raise ProtocolError(403, "cross-site requests are refused: open the page of this server instead")
        origin = request.headers.get("origin")
        if origin is not None and origin != "null":
            own = f"{request.url.scheme}://{request.headers.get('host', '')}"
            if origin.rstrip("/").lower() != own.lower():
                raise ProtocolError(403, f"requests from {origin} are refused (only this server's own pages)")
        elif origin == "null":
            raise ProtocolError(403, "requests from an opaque origin are refused")
        if self.token is not None:
            import hmac

            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {self.token}".encode()):
                raise ProtocolError(401, "missing or wrong token: send 'Authorization: Bearer <token>'")
