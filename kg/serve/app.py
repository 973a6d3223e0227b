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
    :mod:`kg.serve.protocol`).
``GET /``
    A page with a query box, the example queries of ``ontology/queries/*.rq``
    and a link to the graph. Offline: no external URL, a Content-Security-Policy
    that allows only our own inline script, results put in the page as text.
``GET /graph``
    The interactive graph of the store (:func:`kg.views.viz.to_html`).

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
  (:mod:`kg.serve.workers`); after ``timeout_s`` the request gets 503 "query
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
  outgoing requests (:mod:`kg.rdf.sparql_text`).

The store is opened with Oxigraph's read-only mode, so a running ``kg build``
is not blocked, and reopened when its files change so finished builds show up.
Oxigraph documents reading while another process writes as undefined
behaviour: answers during a build may fail or be stale; they never change the
store, which a read-only instance cannot write.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import KgError
from .protocol import (
    Answer,
    ProtocolError,
    execute,
    parse_form,
    protocol_request,
)
from ..store.base import PREFIX_MAP
from ..views.csp import inline_hashes
from ..store.oxigraph import KgStore
from .handles import MAX_QUERY_BYTES, QueryRunner, RequestGate, StoreHandle, capped_body
from .network import LOOPBACK_HOSTS, host_names, listen, run_server, server_url

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request

__all__ = ["MAX_QUERY_BYTES", "LOOPBACK_HOSTS", "create_app", "host_names", "listen", "run_server", "server_url"]

_TEMPLATE = Path(__file__).resolve().parent.parent / "views" / "templates" / "serve.html.j2"
_INITIAL_QUERY = """SELECT ?label ?type WHERE {
  ?actor a kg:Actor ; skos:prefLabel ?label ; a ?class .
  FILTER (?class != kg:Actor)
  BIND (STRAFTER(STR(?class), "#") AS ?type)
} ORDER BY ?label
LIMIT 20"""


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
    scripts, styles = " ".join(inline_hashes(page, "script")), " ".join(inline_hashes(page, "style"))
    csp = (f"default-src 'none'; script-src {scripts}; style-src {styles}; "
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
    body = await capped_body(request)
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
        open :class:`~kg.store.oxigraph.KgStore` to serve as it is (tests, embedding).
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
    handle = StoreHandle(store_location)
    processes = None
    if handle.on_disk:  # a store directory: queries in worker processes that are killed on timeout
        from .workers import DEFAULT_MEMORY_LIMIT, QueryProcesses

        processes = QueryProcesses(handle.location, size=workers, timeout_s=timeout_s,
                                   memory_limit=memory_limit or DEFAULT_MEMORY_LIMIT)
    runner = QueryRunner(workers, timeout_s)  # an open KgStore given by the caller: threads
    page, csp = _index_page(handle.location, timeout_s, max_rows)
    gate = RequestGate(token)

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
