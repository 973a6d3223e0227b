"""A kg store on a SPARQL 1.1 server (Virtuoso, Fuseki, Oxigraph server): ``--store http(s)://…/sparql``.

:class:`SparqlEndpointStore` meets the :class:`kg.store.base.Store` contract with
the same meaning as the embedded store, so build, query, centrality, viz,
export and validate work unchanged against a server.

Protocol and client
-------------------
SPARQL 1.1 Protocol over HTTP with ``httpx`` (:mod:`kg.store.http`), not
SPARQLWrapper or rdflib's ``SPARQLUpdateStore``: httpx keeps one pooled
keep-alive connection for the many small requests a build makes
(SPARQLWrapper opens a urllib connection per request), has timeouts, and
speaks HTTP Basic and Digest (Virtuoso's ``/sparql-auth`` wants Digest); it
is maintained and already installed with spaCy. ``SPARQLUpdateStore`` sends
``CREATE GRAPH``, which Virtuoso rejects for existing graphs, and adds
triple by triple. Results are read with pyoxigraph's SPARQL results parser,
so values arrive as the pyoxigraph terms the embedded store returns and go
through the same :func:`kg.store.base.term_value` conversion.

Configuration
-------------
Arguments of :class:`SparqlEndpointStore` (and of :func:`kg.store.open_store`):
``update_endpoint`` when it differs from the query URL (the CLI's
``--update-endpoint``), ``user``/``password`` (Basic or Digest, whichever the
server's challenge asks for) and ``timeout``. Credentials and timeout default
to ``$KG_SPARQL_USER`` / ``$KG_SPARQL_PASSWORD`` / ``$KG_SPARQL_TIMEOUT``
(default 300 s), so secrets need not appear on a command line.

Semantics kept equal to the embedded store
------------------------------------------
* Writing: ``INSERT DATA { GRAPH <g> { … } }`` in batches of ``batch_size``
  quads (Virtuoso's SPARQL parser runs out of stack near 5,000 triples in
  one block); replacing is ``DROP SILENT GRAPH`` then the inserts (never
  ``CREATE GRAPH``), sent as one request (one transaction on Virtuoso) when
  the document fits in ``request_quads``; a bigger one is split and its
  ``kg:contentHash`` goes last, so an interrupted write is re-done by the
  next build instead of being skipped as unchanged. A build sends its
  batches of documents through :meth:`SparqlEndpointStore.load_documents`:
  the same operations, many documents per request (never one document
  split over two requests when it fits in one).
* Scope: a kg store on a server is the set of named graphs under kg's
  resource namespace (``vocab.ID``); ``quad_count``, ``iter_quads`` and
  ``dump`` see only those, not the server's own graphs (Virtuoso keeps
  ~2,500 system triples). Queries see the server's default graph, which on
  Virtuoso is the union of all graphs, as on the embedded store; kg's own
  queries select by kg's classes and graphs, so they answer the same.
* Virtuoso cuts results at ``ResultSetMaxRows`` (10,000 in its stock ini)
  and says so in ``X-SPARQL-MaxRows``: a cut SELECT without its own
  LIMIT/OFFSET is re-run in pages over an ordered subquery (Virtuoso's
  documented idiom); one with LIMIT/OFFSET fails with a clear message
  instead of returning part of the answer.
* Virtuoso returns ASK as a one-column SELECT and ``xsd:boolean`` as
  ``1``/``0``; both are read back as the embedded store gives them. It
  prints ``xsd:double`` with 6 significant digits, so a confidence such as
  ``0.7500000000000001`` comes back as ``0.75``.
"""
from __future__ import annotations

from typing import IO, Any, Callable, Iterable, Iterator

import httpx
import pyoxigraph as ox

from .. import vocab as V
from ..errors import QueryError, StoreError
from ..rdf.sparql_text import inspect_query, query_form
from .http import SparqlHttp, media_type, redact
from .base import (CONTENT_HASH, FUNCTIONAL, QueryResult, cut_result, document_hashes, insert_data, merge_entity_quads,
                   refuse_service, term_value)
from .sparql_results import (canonical_term, deadline_after, parse_answer, read_solutions,
                             results_format, time_left)

__all__ = ["SparqlEndpointStore"]

_RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"
#: kg's prefixes on one line ahead of the user's text, so the server's "line N" in a syntax error is the user's line N.
_PROLOGUE = " ".join(V.PREFIXES.split()) + " "
_IN_KG = f'FILTER(STRSTARTS(STR(?g), "{V.ID}"))'

def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class SparqlEndpointStore:
    """A kg store on a SPARQL 1.1 Query/Update endpoint.

    Parameters
    ----------
    query_endpoint : str
        The ``http(s)://…`` query URL (``--store``).
    update_endpoint : str, optional
        Default: ``query_endpoint``.
    read_only : bool
        Refuse every write (readers: stats, query, viz, export).
    user, password : str, optional
        Default ``$KG_SPARQL_USER`` / ``$KG_SPARQL_PASSWORD``.
    timeout : float, optional
        Seconds to wait for one answer; default ``$KG_SPARQL_TIMEOUT``, else 300.
    batch_size : int
        Quads per ``INSERT DATA`` block.
    request_quads : int
        Quads per update request (a document up to this size is replaced atomically).
    request_operations : int
        Operations per update request (Virtuoso refuses a request of some
        hundreds of small ``INSERT DATA`` and ``DROP`` operations: "Query too
        large").
    page_size : int
        Rows per request when reading all quads.

    Examples
    --------
    >>> store = SparqlEndpointStore("http://127.0.0.1:8890/sparql", read_only=True)
    >>> store.location
    'http://127.0.0.1:8890/sparql'
    >>> store.close()
    """

    def __init__(self, query_endpoint: str, *, update_endpoint: str | None = None, read_only: bool = False,
                 user: str | None = None, password: str | None = None, timeout: float | None = None,
                 batch_size: int = 1000, request_quads: int = 10000, request_operations: int = 20,
                 page_size: int = 10000):
        self.query_endpoint = query_endpoint
        self.update_endpoint = update_endpoint or query_endpoint
        self.location = redact(query_endpoint)
        self.read_only = read_only
        self.batch_size = batch_size
        self.request_quads = max(request_quads, batch_size)
        self.request_operations = max(request_operations, 2)
        self.page_size = page_size
        self._http = SparqlHttp(user=user, password=password, timeout=timeout)

    #: No folder for derived data: analysis asks the server every time.
    derived_dir = None
    #: A server may cap the length of a ``GROUP_CONCAT`` (Virtuoso does), so kg never relies on it whole.
    full_group_concat = False

    # -- lifecycle -----------------------------------------------------------
    def __enter__(self) -> "SparqlEndpointStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP connections (the data lives on the server)."""
        self._http.close()

    # -- HTTP ------------------------------------------------------------------
    def _post_query(self, sparql: str, accept: str, deadline: float | None = None) -> httpx.Response:
        return self._http.query(self.query_endpoint, sparql, accept, timeout=time_left(deadline, "query"))

    def _send_update(self, operations: list[str], deadline: float | None = None) -> None:
        self._http.update(self.update_endpoint, " ;\n".join(operations), timeout=time_left(deadline, "update"))

    # -- writing ---------------------------------------------------------------
    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} was opened read-only")

    def _write(self, quads: list[ox.Quad], *, drop: str | None = None) -> None:
        """Optionally drop a graph, then insert quads: one request while they fit, in order."""
        self._send_packed([([(f"DROP SILENT GRAPH <{drop}>", 0)] if drop else []) + self._inserts(quads)])

    def _inserts(self, quads: list[ox.Quad]) -> list[tuple[str, int]]:
        """``INSERT DATA`` operations of ``batch_size`` quads each, with their quad counts."""
        return [(insert_data(batch), len(batch)) for batch in _batches(quads, self.batch_size)]

    def _send_packed(self, units: Iterable[list[tuple[str, int]]]) -> None:
        """Send each unit's ``(operation, quads)`` in order, many units per request (up to the request limits).

        A unit (one document's drop and inserts) that fits in one request is
        never split across two, so the server applies it whole; a bigger one
        is split at batch boundaries.
        """
        pending: list[str] = []
        size = 0
        for unit in units:
            if pending and (size + sum(n for _, n in unit) > self.request_quads
                            or len(pending) + len(unit) > self.request_operations):
                self._send_update(pending)
                pending, size = [], 0
            for operation, n in unit:
                if pending and (size + n > self.request_quads or len(pending) >= self.request_operations):
                    self._send_update(pending)
                    pending, size = [], 0
                pending.append(operation)
                size += n
        if pending:
            self._send_update(pending)

    def replace_document(self, doc_id: str, quads: Iterable[ox.Quad], entity_quads: Iterable[ox.Quad] = ()) -> None:
        """Replace a document's named graph and merge entity descriptions (one request when it fits)."""
        self._writable()
        entity_quads = list(entity_quads)
        merged = merge_entity_quads(self._stored_values(entity_quads), entity_quads)
        own = sorted(quads, key=lambda q: q.predicate == CONTENT_HASH)  # hash last: partial writes get redone
        self._write([*merged, *own], drop=V.doc_iri(doc_id))

    def load_documents(self, documents: Iterable[tuple[str, Iterable[ox.Quad], Iterable[ox.Quad]]]) -> None:
        """Replace a batch of documents, each ``(doc_id, quads, entity_quads)``, in as few requests as fit.

        The same writes as one :meth:`replace_document` per document, in the
        same order and with the same entity merge (one lookup of the stored
        labels and countries for the whole batch instead of one per
        document), packed into requests of up to ``request_quads`` quads and
        ``request_operations`` operations: one round trip per several news
        articles instead of two per article (2.3x faster into Virtuoso, see
        the README's Performance section). Each document's graph is dropped and rewritten with its
        ``kg:contentHash`` last, so a request that fails part-way leaves no
        document that the next build would take as loaded.
        """
        self._writable()
        batch = [(doc_id, list(quads), list(entity_quads)) for doc_id, quads, entity_quads in documents]
        entity_quads = [q for _, _, quads in batch for q in quads]
        units = [self._inserts(merge_entity_quads(self._stored_values(entity_quads), entity_quads))]
        for doc_id, quads, _ in batch:
            own = sorted(quads, key=lambda q: q.predicate == CONTENT_HASH)  # hash last: partial writes get redone
            units.append([(f"DROP SILENT GRAPH <{V.doc_iri(doc_id)}>", 0), *self._inserts(own)])
        self._send_packed(units)

    def replace_graph(self, graph_iri: str, quads: Iterable[ox.Quad]) -> None:
        """Replace the content of any named graph."""
        self._writable()
        self._write(list(quads), drop=graph_iri)

    def bulk_load(self, quads: Iterable[ox.Quad]) -> None:
        """Insert quads in batches (no graph is dropped)."""
        self._writable()
        chunk: list[ox.Quad] = []
        for q in quads:
            chunk.append(q)
            if len(chunk) >= self.request_quads:
                self._write(chunk)
                chunk = []
        self._write(chunk)

    def remove_document(self, doc_id: str) -> bool:
        """Drop a document's named graph; True if it existed."""
        self._writable()
        graph = V.doc_iri(doc_id)
        if not self.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", prefixes=False).boolean:
            return False
        self._send_update([f"DROP SILENT GRAPH <{graph}>"])
        return True

    def update(self, sparql: str, *, timeout: float | None = None, allow_service: bool = False) -> None:
        """Run a SPARQL UPDATE on the update endpoint (kg's prefixes predeclared, as on the embedded store).

        With ``timeout``, :class:`~kg.errors.QueryTimeout` is raised when the
        server has not answered in time (it may still finish the update).
        ``allow_service`` as for :meth:`query`.
        """
        refuse_service(sparql, allow_service)
        self._writable()
        self._send_update([_PROLOGUE + sparql], deadline_after(timeout))

    def _stored_values(self, quads: list[ox.Quad]) -> Callable[[Any, Any, Any], Any]:
        """Stored values of the functional entity properties these quads set, in one query per 500."""
        keys = sorted({(q.subject, q.predicate, q.graph_name) for q in quads if q.predicate in FUNCTIONAL}, key=str)
        found: dict[tuple, Any] = {}
        for batch in _batches(keys, 500):
            values = " ".join(f"({s} {p} {g})" for s, p, g in batch)
            q = f"SELECT ?s ?p ?g ?o WHERE {{ VALUES (?s ?p ?g) {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
            _, rows = self._solutions(q, "SELECT")
            for s, p, g, o in rows:
                found.setdefault((s, p, g), o)
        return lambda subject, predicate, graph: found.get((subject, predicate, graph))

    # -- reading ---------------------------------------------------------------
    def document_hashes(self) -> dict[str, str]:
        """Content hash of every loaded document, by document id."""
        return document_hashes(self)

    def quad_count(self) -> int:
        """Number of quads in kg's graphs on the server."""
        rows = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_IN_KG} }}",
                          prefixes=False).rows
        return int(rows[0][0]) if rows else 0

    def __len__(self) -> int:
        return self.quad_count()

    def query(self, sparql: str, *, prefixes: bool = True, limit: int | None = None,
              timeout: float | None = None, allow_service: bool = False) -> QueryResult:
        """Run a SPARQL query on the server (Virtuoso's default graph is the union of all graphs).

        Parameters
        ----------
        sparql : str
            A SELECT, ASK, CONSTRUCT or DESCRIBE query.
        prefixes : bool
            Predeclare kg's prefixes (kg, act, skos, schema, prov, dct, xsd, rdf, rdfs).
        limit : int, optional
            Keep at most this many rows (or triples) and set ``truncated`` if there were more.
        timeout : float, optional
            Seconds for the whole answer (all pages).

        Raises
        ------
        QueryError
            The server rejected or failed the query (its message, on one line).
        QueryTimeout
            No complete answer within ``timeout`` seconds.
        StoreError
            The server cannot be reached or refuses access.
        """
        refuse_service(sparql, allow_service)  # the server would call another one on our behalf
        text = _PROLOGUE + sparql if prefixes else sparql
        form = query_form(sparql)
        deadline = deadline_after(timeout)
        if form in ("CONSTRUCT", "DESCRIBE"):
            response = self._post_query(text, _RDF_ACCEPT, deadline)
            fmt = ox.RdfFormat.from_media_type(media_type(response))
            if fmt is None:  # some servers answer graph queries with s/p/o solutions anyway
                variables, rows = read_solutions(self.location, response)
                triples = [f"{s} {p} {o} ." for s, p, o in rows]
            else:
                triples = [f"{t.subject} {t.predicate} {canonical_term(t.object)} ."
                           for t in parse_answer(self.location, ox.parse, response.content, fmt)]
            return cut_result(QueryResult("graph", triples=triples), triples, limit)
        if form == "ASK":
            response = self._post_query(text, _RESULTS_ACCEPT, deadline)
            results = parse_answer(self.location, ox.parse_query_results, response.content, results_format(response))
            if isinstance(results, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(results))
            rows = [[sol[v] for v in results.variables] for sol in results]  # Virtuoso: __ASK_RETVAL rows
            return QueryResult("ask", boolean=bool(rows and rows[0] and term_value(rows[0][0])))
        variables, rows = self._solutions(text, form, limit=limit, deadline=deadline)
        out = QueryResult("select", variables, [[term_value(t) for t in row] for row in rows[:limit]])
        out.truncated = limit is not None and len(rows) > limit
        return out

    def _solutions(self, sparql: str, form: str, *, limit: int | None = None,
                   deadline: float | None = None) -> tuple[list[str], list[list[Any]]]:
        """Variables and rows of pyoxigraph terms; re-reads in pages when the server cut the result."""
        response = self._post_query(sparql, _RESULTS_ACCEPT, deadline)
        variables, rows = read_solutions(self.location, response)
        cap = response.headers.get("x-sparql-maxrows")
        if cap is None or form != "SELECT" or len(rows) < int(cap) or (limit is not None and len(rows) > limit):
            return variables, rows
        return variables, self._paged(sparql, variables, int(cap), deadline)

    def _paged(self, sparql: str, variables: list[str], page: int, deadline: float | None) -> list[list[Any]]:
        shape = inspect_query(sparql)
        prologue, body = sparql[:shape.prologue_end], sparql[shape.prologue_end:]
        if shape.keywords & {"LIMIT", "OFFSET"}:
            raise QueryError(f"SPARQL endpoint {self.location} cut the result at {page} rows; page through it "
                             "with LIMIT/OFFSET below that or raise the server's limit (Virtuoso: "
                             "[SPARQL] ResultSetMaxRows in virtuoso.ini)")
        if "ORDER" not in shape.keywords:
            body += "\nORDER BY " + " ".join(f"?{v}" for v in variables)
        rows: list[list[Any]] = []
        while True:
            q = f"{prologue}SELECT * WHERE {{ {{ {body}\n}} }} LIMIT {page} OFFSET {len(rows)}"
            names, chunk = read_solutions(self.location, self._post_query(q, _RESULTS_ACCEPT, deadline))
            index = [names.index(v) for v in variables]
            rows.extend([row[i] for i in index] for row in chunk)
            if len(chunk) < page:
                return rows

    def stream_select(self, sparql: str, *, prefixes: bool = True,
                      allow_service: bool = False) -> tuple[list[str], Iterator[list[Any]]]:
        """A SELECT's variables and rows (read whole from the server, then handed out one by one)."""
        result = self.query(sparql, prefixes=prefixes, allow_service=allow_service)
        if result.kind != "select":
            raise QueryError("only SELECT results can be streamed")
        return result.variables, iter(result.rows)

    def iter_quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """All quads of kg's graphs, or those of one named graph (read in pages of whole graphs)."""
        if graph:
            yield from self._graph_quads([graph])
            return
        sizes = self.query(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_IN_KG} }} GROUP BY ?g",
                           prefixes=False).rows
        batch: list[str] = []
        rows = 0
        for g, n in sorted(sizes):
            if batch and rows + n > self.page_size:
                yield from self._graph_quads(batch)
                batch, rows = [], 0
            batch.append(g)
            rows += n
        if batch:
            yield from self._graph_quads(batch)

    def _graph_quads(self, graphs: list[str]) -> Iterator[ox.Quad]:
        if len(graphs) == 1:
            graph = ox.NamedNode(graphs[0])
            _, rows = self._solutions(f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}", "SELECT")
            for s, p, o in rows:
                yield ox.Quad(s, p, canonical_term(o), graph)
            return
        values = " ".join(f"<{g}>" for g in graphs)
        q = f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        _, rows = self._solutions(q, "SELECT")
        for s, p, o, g in rows:
            yield ox.Quad(s, p, canonical_term(o), g)

    def dump(self, output: IO[bytes], fmt: ox.RdfFormat, *, from_graph: str | None = None) -> None:
        """Serialise kg's graphs (or one graph) to a binary stream, read from the server in pages."""
        if from_graph:
            quads = self.iter_quads(from_graph)
            if not fmt.supports_datasets:
                ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), output, fmt)
                return
            ox.serialize(quads, output, fmt)
            return
        if not fmt.supports_datasets:
            raise ValueError(f"A RDF format supporting datasets was expected, {fmt.name} found")
        ox.serialize(self.iter_quads(), output, fmt)
