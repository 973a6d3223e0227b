"""Answer one read-only SPARQL 1.1 Protocol request against an Oxigraph store.

This is the web-framework-free half of ``kg serve`` (:mod:`kg.serve` is the
other): inspect the query text, pick the result format from the ``Accept``
header, run the query and serialise the answer with Oxigraph's own writers
(``QuerySolutions.serialize``, ``QueryBoolean.serialize``, ``pyoxigraph.serialize``);
no result format is written by hand here.

Row limit. Oxigraph has no "stop after N solutions" option for a query it is
given, and we do not rewrite the user's query. Instead the solutions are
streamed through Oxigraph's TSV writer (one line per solution: the SPARQL
TSV format escapes newlines and tabs inside terms, and it is lossless: IRIs,
blank nodes, datatypes and language tags survive), the stream is cut after
``max_rows`` lines, parsed back with ``parse_query_results`` and written in
the negotiated format. Cutting the stream also stops the evaluation, so a
query with millions of solutions costs ``max_rows`` of them, not millions.
CONSTRUCT/DESCRIBE triples are counted the same way, in Python.

What is refused (:class:`ProtocolError` carries the HTTP status):

* any SPARQL UPDATE (403): the store is opened read-only anyway; this makes
  the refusal explicit instead of a 400 syntax error;
* ``SERVICE`` (403): Oxigraph would fetch the remote endpoint, turning a local
  read-only server into a proxy that makes outgoing requests;
* unparsable queries (400, with Oxigraph's line:column message), result
  types the client does not accept (406).
"""
from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ..errors import KgError, QueryError
from ..rdf.sparql_text import QueryShape, inspect_query  # noqa: F401  (re-exported: the one SPARQL inspector)
from ..store.base import PREFIX_MAP  # the prefixes `kg query` predeclares; one list for both

__all__ = [
    "GRAPH_TYPES",
    "SOLUTION_TYPES",
    "Answer",
    "ProtocolError",
    "QueryRequest",
    "QueryShape",
    "execute",
    "inspect_query",
    "negotiate",
    "parse_form",
    "protocol_request",
]

#: Media types for SELECT/ASK results, the first is the default.
SOLUTION_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: Media types for CONSTRUCT/DESCRIBE results, the first is the default.
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
# Other names clients use for the same formats (SPARQLWrapper sends some of these).
_SOLUTION_ALIASES = {"application/json": "application/sparql-results+json",
                     "application/xml": "application/sparql-results+xml", "text/xml": "application/sparql-results+xml"}
_GRAPH_ALIASES = {"application/x-turtle": "text/turtle", "application/turtle": "text/turtle",
                  "application/json": "application/ld+json", "text/plain": "application/n-triples"}


# Tokens of SPARQL's lexical grammar that can hide a keyword: strings, IRIs, comments, variables.
class ProtocolError(KgError):
    """A request the endpoint refuses; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class QueryRequest:
    """One protocol request: the query and the dataset given with ``default-graph-uri``/``named-graph-uri``."""

    query: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


@dataclass
class Answer:
    """A serialised result: bytes, their media type and whether ``max_rows`` cut them."""

    body: bytes
    media_type: str
    truncated: bool = False
    rows: int = 0


class _Cancelled(Exception):
    """The caller stopped waiting (timeout); raised inside Oxigraph's writer to end the query."""


class _EnoughRows(Exception):
    """``max_rows`` + 1 solutions seen; raised inside Oxigraph's writer to end the query."""


def _media_ranges(accept: str | None) -> list[str]:
    """Media ranges of an Accept header, best first (q descending, then header order); q=0 dropped."""
    if not accept or not accept.strip():
        return ["*/*"]
    ranked = []
    for index, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, index, media))
    return [media for _, _, media in sorted(ranked)]


def negotiate(accept: str | None, kind: str) -> tuple[str, Any]:
    """Choose the media type and Oxigraph format for a result ``kind`` ("solutions", "boolean" or "graph").

    Raises
    ------
    ProtocolError
        406 if nothing in ``accept`` can be produced for this kind of result.

    Examples
    --------
    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "solutions")[0]
    'application/sparql-results+xml'
    >>> negotiate(None, "graph")[0]
    'text/turtle'
    """
    table, aliases = (GRAPH_TYPES, _GRAPH_ALIASES) if kind == "graph" else (SOLUTION_TYPES, _SOLUTION_ALIASES)
    default = next(iter(table))
    for media in _media_ranges(accept):
        media = aliases.get(media, media)
        if media in table:
            return media, table[media]
        if media == "*/*":
            return default, table[default]
        if media.endswith("/*"):
            major = media[:-1]
            for candidate in table:
                if candidate.startswith(major):
                    return candidate, table[candidate]
    raise ProtocolError(406, f"cannot answer a {'CONSTRUCT/DESCRIBE' if kind == 'graph' else 'SELECT/ASK'} "
                             f"query with {accept!r}; acceptable types: {', '.join(table)}")


class _RowCappedWriter(io.RawIOBase):
    """Binary sink for Oxigraph's TSV writer that keeps the header and the first ``max_rows`` lines."""

    def __init__(self, max_rows: int, cancel: threading.Event):
        super().__init__()
        self._max_lines = max_rows + 1  # header line + rows
        self._cancel = cancel
        self._data = bytearray()
        self._lines = 0
        self.truncated = False

    def writable(self) -> bool:
        return True

    def write(self, chunk: Any) -> int:
        if self._cancel.is_set():
            raise _Cancelled()
        data = bytes(chunk)
        self._data += data
        self._lines += data.count(b"\n")
        if self._lines > self._max_lines:
            self.truncated = True
            raise _EnoughRows()
        return len(data)

    def value(self) -> bytes:
        """The header and at most ``max_rows`` solution lines."""
        if not self.truncated:
            return bytes(self._data)
        end = -1
        for _ in range(self._max_lines):
            end = self._data.index(b"\n", end + 1)
        return bytes(self._data[: end + 1])


def _run(store: ox.Store, request: QueryRequest, shape: QueryShape) -> Any:
    """Start the query with the protocol's dataset, else the union of all graphs as default graph."""
    options: dict[str, Any] = {"prefixes": PREFIX_MAP}
    try:
        if request.default_graphs or request.named_graphs:
            # SPARQL 1.1 Protocol §2.1.4: the protocol's dataset replaces FROM / FROM NAMED in the query
            options["default_graph"] = [ox.NamedNode(iri) for iri in request.default_graphs]
            options["named_graphs"] = [ox.NamedNode(iri) for iri in request.named_graphs]
        elif not shape.has_dataset:  # Oxigraph's union option would override the query's own FROM
            options["use_default_graph_as_union"] = True
    except ValueError as exc:
        raise ProtocolError(400, f"invalid graph IRI: {exc}") from None
    try:
        return store.query(request.query, **options)
    except SyntaxError as exc:
        raise ProtocolError(400, "SPARQL syntax error: " + " ".join(str(exc).split())) from None
    except (OSError, RuntimeError) as exc:
        raise QueryError(f"query failed: {exc}") from None


def execute(store: ox.Store, request: QueryRequest, *, accept: str | None = None, max_rows: int = 10_000,
            cancel: threading.Event | None = None) -> Answer:
    """Run a read-only query and serialise its result in the format ``accept`` asks for.

    Parameters
    ----------
    store : pyoxigraph.Store
        The store to query (open it read-only).
    request : QueryRequest
        Query text and optional protocol dataset (graph IRIs).
    accept : str, optional
        The HTTP ``Accept`` header; None means the default format of the result kind
        (SPARQL JSON for SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE).
    max_rows : int
        Keep at most this many solutions (or triples); ``Answer.truncated`` says if more existed.
    cancel : threading.Event, optional
        Set by a caller that stopped waiting: the query ends at its next chunk of output.
        Oxigraph cannot interrupt a query that has not produced output yet (sorting,
        aggregates), so such a query runs to its end in the calling thread.

    Returns
    -------
    Answer

    Raises
    ------
    ProtocolError
        403 for updates and SERVICE, 400 for syntax errors and bad graph IRIs, 406 for
        unacceptable media types.
    QueryError
        If Oxigraph fails while evaluating.
    """
    cancel = cancel or threading.Event()
    shape = inspect_query(request.query)
    if shape.is_update:
        raise ProtocolError(403, "SPARQL UPDATE is not allowed: kg serve is read-only "
                                 "(use `kg query --update` on the store to change it)")
    if shape.uses_service:
        raise ProtocolError(403, "SERVICE (federated query) is disabled: kg serve makes no outgoing requests")
    result = _run(store, request, shape)
    try:
        if isinstance(result, ox.QueryBoolean):
            media, fmt = negotiate(accept, "boolean")
            return Answer(result.serialize(format=fmt), media, rows=1)
        if isinstance(result, ox.QuerySolutions):
            return _solutions(result, accept, max_rows, cancel)
        return _triples(result, accept, max_rows, cancel)
    except (OSError, RuntimeError) as exc:  # evaluation errors surface while results stream
        raise QueryError(f"query failed: {exc}") from None


def _solutions(result: ox.QuerySolutions, accept: str | None, max_rows: int, cancel: threading.Event) -> Answer:
    media, fmt = negotiate(accept, "solutions")
    sink = _RowCappedWriter(max_rows, cancel)
    try:
        result.serialize(sink, ox.QueryResultsFormat.TSV)
    except _EnoughRows:
        pass
    tsv = sink.value()
    rows = tsv.count(b"\n") - 1
    if fmt == ox.QueryResultsFormat.TSV:
        body = tsv
    else:
        body = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(format=fmt)
    return Answer(body, media, truncated=sink.truncated, rows=rows)


def _triples(result: ox.QueryTriples, accept: str | None, max_rows: int, cancel: threading.Event) -> Answer:
    media, fmt = negotiate(accept, "graph")
    triples: list[ox.Triple] = []
    truncated = False
    for triple in result:
        if cancel.is_set():
            raise _Cancelled()
        if len(triples) == max_rows:
            truncated = True
            break
        triples.append(triple)
    prefixes = PREFIX_MAP if fmt == ox.RdfFormat.TURTLE else None
    return Answer(ox.serialize(triples, format=fmt, prefixes=prefixes), media, truncated=truncated, rows=len(triples))


def parse_form(body: bytes) -> dict[str, list[str]]:
    """Decode an ``application/x-www-form-urlencoded`` body (UTF-8) into lists of values per name."""
    from urllib.parse import parse_qsl

    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError(400, f"cannot decode the form body: {exc}") from None
    form: dict[str, list[str]] = {}
    for name, value in pairs:
        form.setdefault(name, []).append(value)
    return form


def protocol_request(params: dict[str, list[str]], *, body_query: str | None = None) -> QueryRequest:
    """Build a :class:`QueryRequest` from protocol parameters (URL query string or form body).

    ``body_query`` is the body of an ``application/sparql-query`` POST, whose
    other parameters come from the URL.

    Raises
    ------
    ProtocolError
        403 for an ``update`` parameter, 400 for a missing or repeated ``query``.
    """
    if "update" in params:
        raise ProtocolError(403, "SPARQL UPDATE is not allowed: kg serve is read-only")
    queries: Sequence[str] = [body_query] if body_query is not None else params.get("query", [])
    if body_query is not None and "query" in params:
        raise ProtocolError(400, "give the query either in the body or as a query parameter, not both")
    if len(queries) != 1:
        raise ProtocolError(400, "missing 'query' parameter" if not queries else "more than one 'query' parameter")
    if not queries[0].strip():
        raise ProtocolError(400, "the query is empty")
    return QueryRequest(queries[0], list(params.get("default-graph-uri", [])),
                        list(params.get("named-graph-uri", [])))
