"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint and HTML view of a store, on localhost.

Routes
------
``GET|POST /sparql``
    SPARQL 1.1 Protocol queries: ``GET ?query=``, ``POST`` form (``query=``) or
    ``POST application/sparql-query``; ``default-graph-uri``/``named-graph-uri``
    set the dataset (otherwise the default graph is the union of all graphs, as
    in ``kg query``). Results by ``Accept``: SPARQL JSON (default), XML, CSV,
    TSV; CONSTRUCT/DESCRIBE as Turtle (default), JSON-LD, N-Triples or RDF/XML.
    Updates (``update=``, ``application/sparql-update`` or an update as query)
    get 403, syntax errors 400 with Oxigraph's message (see
    :mod:`kg.sparql_protocol`).
``GET /``
    A page with a query box, the example queries of ``ontology/queries/*.rq``
    and a link to the graph. Offline: no external URL, a Content-Security-Policy
    that allows only our own inline script, results put in the page as text.
``GET /graph``
    The interactive graph of the store (:func:`kg.viz.to_html`).

Web stack: Starlette + uvicorn. Starlette is a small, maintained ASGI toolkit
(routing, responses, TrustedHost middleware and a TestClient on httpx, so tests
call ``create_app(...)`` without a socket); uvicorn is its reference server and
stops cleanly on Ctrl-C. Being async matters here: a request waiting for a slow
query holds no server thread, so a query that runs into its timeout does not
stop the page, the graph or other queries from being served (with a WSGI pair
such as Flask + waitress each waiting request holds one of a few threads).
Forms are decoded with the standard library, so python-multipart is not needed.

Limits (the same as ``kg query``'s, issue 7):

* Timeout: on a store directory each query runs in a worker process
  (:mod:`kg.serve_workers`); after ``timeout_s`` the request gets 503 "query
  timed out" and the worker is killed and replaced, so the query really
  stops (Oxigraph itself cannot cancel one). An open ``KgStore`` handed to
  :func:`create_app` is queried in threads instead (a timed-out query then
  runs to its end). At most ``workers`` queries run at once; beyond that the
  answer is 503 "server busy".
* Rows: more than ``max_rows`` solutions (or triples) are cut to ``max_rows``
  and the response carries ``X-KG-Truncated: true`` and ``X-KG-Max-Rows``
  (rather than 413: clients still get a usable answer, as Virtuoso's
  ``ResultSetMaxRows`` does). The cut also stops the evaluation.
* Network: binds 127.0.0.1 unless ``allow_remote`` (the CLI then requires a
  bearer ``token``); the Host header must be an allowed name (defence against
  DNS rebinding); cross-site browser requests are refused; no CORS headers;
  a query that may use ``SERVICE`` is refused so the server never makes
  outgoing requests (:mod:`kg.sparql_text`).

The store is opened with Oxigraph's read-only mode, so a running ``kg build``
is not blocked, and reopened when its files change so finished builds show up.
Oxigraph documents reading while another process writes as undefined
behaviour: answers during a build may fail or be stale; they never change the
store, which a read-only instance cannot write.
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import ipaddress
import os
import re
import socket
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import KgError
from .protocol import (
    Answer,
    ProtocolError,
    execute,
    parse_form,
    protocol_request,
)
from ..store import store_location
from ..store.base import PREFIX_MAP
from ..store.oxigraph import KgStore
from ..store.oxigraph_open import open_oxigraph

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

__all__ = ["LOOPBACK_HOSTS", "create_app", "host_names", "listen", "run_server", "server_url"]

#: Host header values accepted when the server is not opened to the network.
LOOPBACK_HOSTS: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]")
MAX_QUERY_BYTES = 1 << 20
_TEMPLATE = Path(__file__).resolve().parent.parent / "views" / "templates" / "serve.html.j2"
_INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)
_T = TypeVar("_T")
_INITIAL_QUERY = """SELECT ?label ?type WHERE {
  ?actor a kg:Actor ; skos:prefLabel ?label ; a ?class .
  FILTER (?class != kg:Actor)
  BIND (STRAFTER(STR(?class), "#") AS ?type)
} ORDER BY ?label
LIMIT 20"""


class _StoreHandle:
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


class _QueryRunner:
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
                _drop_frame_locals(exc)
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


def _drop_frame_locals(exc: BaseException | None) -> None:
    """Clear the locals of an exception's frames in this thread.

    pyoxigraph's result iterators must be dropped on the thread that made them;
    a traceback carried to the event loop would otherwise drop them there.
    """
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__cause__ or exc.__context__


async def _capped_body(request: Request) -> bytes:
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


class _RequestGate:
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


def _examples() -> list[dict[str, str]]:
    """Example queries shipped in ontology/queries: name, leading comment, text."""
    from ..rdf.queries import example_queries

    return [{"name": name, "description": description, "text": text}
            for name, (description, text) in example_queries().items()]


def _index_page(location: str, timeout_s: float, max_rows: int) -> tuple[str, str]:
    """The rendered query page and its Content-Security-Policy (hashes of its inline script and styles)."""
    import jinja2

    examples = _examples()
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    page = env.from_string(_TEMPLATE.read_text(encoding="utf-8")).render(
        store=location, timeout=f"{timeout_s:g}", max_rows=max_rows, examples=examples,
        prefixes=", ".join(sorted(PREFIX_MAP)),
        initial_query=_INITIAL_QUERY,
    )
    hashes: dict[str, list[str]] = {"script": [], "style": []}
    for tag, body in _INLINE.findall(page):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        hashes[tag].append(f"'sha256-{digest}'")
    csp = (f"default-src 'none'; script-src {' '.join(hashes['script'])}; style-src {' '.join(hashes['style'])}; "
           "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
    return page, csp


async def _protocol_request(request: Request):
    """Read a SPARQL Protocol request (GET, form POST or sparql-query POST) into a QueryRequest."""
    url_params: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        url_params.setdefault(name, []).append(value)
    if request.method in ("GET", "HEAD"):
        return protocol_request(url_params)
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/sparql-update":
        raise ProtocolError(403, "SPARQL UPDATE is not allowed: kg serve is read-only")
    try:
        declared = int(request.headers.get("content-length") or 0)
    except ValueError:
        raise ProtocolError(400, "Content-Length is not a number") from None
    if declared > MAX_QUERY_BYTES:
        raise ProtocolError(413, f"request body larger than {MAX_QUERY_BYTES} bytes")
    body = await _capped_body(request)
    if media == "application/x-www-form-urlencoded":
        form = parse_form(body)
        if "update" in url_params:
            form.setdefault("update", url_params["update"])
        return protocol_request(form)
    if media == "application/sparql-query":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError(400, "the query body is not UTF-8") from None
        return protocol_request(url_params, body_query=text)
    raise ProtocolError(415, "POST the query as application/x-www-form-urlencoded (query=...) "
                             "or as application/sparql-query")


def create_app(store_location: str | os.PathLike | KgStore, *, timeout_s: float = 30.0, max_rows: int = 10_000,
               workers: int = 4, allowed_hosts: Sequence[str] | None = LOOPBACK_HOSTS,
               token: str | None = None, memory_limit: int | None = None) -> Starlette:
    """Build the ASGI app serving a store read-only (run it with :func:`run_server` or any ASGI server).

    Parameters
    ----------
    store_location : str, path or KgStore
        A store directory (opened read-only, reopened when it changes), or an
        open :class:`~kg.store.KgStore` to serve as it is (tests, embedding).
    timeout_s : float
        Seconds to wait for a query before answering 503 "query timed out".
    max_rows : int
        Results are cut to this many solutions/triples (header ``X-KG-Truncated: true``).
    workers : int
        Queries running at once; more get 503 "server busy".
    allowed_hosts : sequence of str or None
        Accepted ``Host`` header names (DNS-rebinding defence); None accepts any.
    token : str, optional
        Require ``Authorization: Bearer <token>`` on every route (for ``--allow-remote``).
    memory_limit : int, optional
        Bytes of heap one query may use in its worker process (default 2 GiB).

    Returns
    -------
    starlette.applications.Starlette

    Raises
    ------
    StoreError
        If there is no store at ``store_location``.
    KgError
        For limits below their minimum or the 'memory' location.

    Examples
    --------
    >>> from starlette.testclient import TestClient            # doctest: +SKIP
    >>> client = TestClient(create_app("output/store"), base_url="http://127.0.0.1")  # doctest: +SKIP
    >>> client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"]  # doctest: +SKIP
    True
    """
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route

    if not timeout_s > 0:
        raise KgError(f"the query timeout must be above 0 seconds, got {timeout_s}")
    if max_rows < 1 or workers < 1:
        raise KgError(f"max_rows and workers must be at least 1, got {max_rows} and {workers}")
    handle = _StoreHandle(store_location)
    processes = None
    if handle.on_disk:  # a store directory: queries in worker processes that are killed on timeout
        from .workers import DEFAULT_MEMORY_LIMIT, QueryProcesses

        processes = QueryProcesses(handle.location, size=workers, timeout_s=timeout_s,
                                   memory_limit=memory_limit or DEFAULT_MEMORY_LIMIT)
    runner = _QueryRunner(workers, timeout_s)  # an open KgStore given by the caller: threads
    page, csp = _index_page(handle.location, timeout_s, max_rows)
    gate = _RequestGate(token)

    def refusal(exc: ProtocolError) -> Response:
        return PlainTextResponse(str(exc) + "\n", status_code=exc.status)

    async def index(request: Request) -> Response:
        try:
            gate.check(request)
        except ProtocolError as exc:
            return refusal(exc)
        return HTMLResponse(page, headers={"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff"})

    async def sparql(request: Request) -> Response:
        try:
            gate.check(request)
            query = await _protocol_request(request)
            accept = request.headers.get("accept")
            if processes is not None:
                answer: Answer = await processes.run(query, accept, max_rows)
            else:
                answer = await runner.run(
                    lambda cancel: execute(handle.current().oxigraph, query, accept=accept, max_rows=max_rows,
                                           cancel=cancel))
        except ProtocolError as exc:
            return refusal(exc)
        except KgError as exc:  # Oxigraph failed while evaluating, or the store cannot be opened
            return PlainTextResponse(str(exc) + "\n", status_code=500)
        headers = {"Vary": "Accept", "X-Content-Type-Options": "nosniff"}
        if answer.truncated:
            headers.update({"X-KG-Truncated": "true", "X-KG-Max-Rows": str(max_rows)})
        return Response(answer.body, media_type=answer.media_type, headers=headers)

    async def graph(request: Request) -> Response:
        try:
            gate.check(request)
            html = await run_in_threadpool(handle.graph_page)
        except ProtocolError as exc:
            return refusal(exc)
        except KgError as exc:
            return PlainTextResponse(str(exc) + "\n", status_code=500)
        return HTMLResponse(html, headers={"X-Content-Type-Options": "nosniff"})

    middleware = []
    if allowed_hosts is not None and "*" not in allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts), www_redirect=False))
    app = Starlette(routes=[Route("/", index, methods=["GET"]),
                            Route("/sparql", sparql, methods=["GET", "HEAD", "POST"]),
                            Route("/graph", graph, methods=["GET"])], middleware=middleware)
    app.state.kg_store_location = handle.location
    app.state.kg_query_processes = processes
    return app


def _is_loopback(address: str) -> bool:
    return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback


def listen(host: str, port: int, *, allow_remote: bool = False) -> socket.socket:
    """Bind a listening socket, refusing non-loopback addresses unless ``allow_remote``.

    Port 0 picks a free port; read it from ``sock.getsockname()``.

    Raises
    ------
    KgError
        If ``host`` does not resolve, is not a loopback address (without
        ``allow_remote``), or the port cannot be bound.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise KgError(f"cannot resolve host {host!r}: {exc.strerror}") from None
    if not allow_remote:
        remote = [info[4][0] for info in infos if not _is_loopback(info[4][0])]
        if remote:
            raise KgError(f"refusing to listen on {host} ({remote[0]}): it is not a loopback address and kg serve "
                          "is open to the network only with --allow-remote (and a --token); use --host 127.0.0.1")
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise KgError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def server_url(sock: socket.socket) -> str:
    """``http://host:port/`` of a listening socket."""
    host, port = sock.getsockname()[:2]
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def host_names(host: str) -> list[str]:
    """Host header values to accept for a server bound to ``host`` (loopback names plus ``host``)."""
    name = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return [*LOOPBACK_HOSTS, *([name.lower()] if name.lower() not in LOOPBACK_HOSTS else [])]


def run_server(app: Any, sock: socket.socket, *, verbose: bool = False) -> None:
    """Serve ``app`` with uvicorn on a bound socket until Ctrl-C (or SIGTERM), then return."""
    import uvicorn

    config = uvicorn.Config(app, lifespan="off", log_level="info" if verbose else "warning",
                            access_log=verbose, timeout_graceful_shutdown=3)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn shuts down, then re-raises the signal it caught
        pass
    finally:
        sock.close()
