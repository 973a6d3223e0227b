"""The store contract: what every back-end offers kg, and the pieces all back-ends share.

Why a Protocol and not a base class: the back-ends have nothing in common
underneath (an embedded RocksDB-backed Oxigraph, an HTTP client for any
SPARQL 1.1 server), but the rest of kg must not care which one it holds.
:class:`Store` is that promise, checked by mypy and by the store tests
that run the same checks on every back-end. Code above this package asks
a store for capabilities (``derived_dir``, ``full_group_concat``), never
for its class.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Protocol, Sequence, runtime_checkable

import pyoxigraph as ox

from .. import vocab as V
from ..errors import QueryError

__all__ = ["DEFAULT_STORE", "PREFIX_MAP", "Store", "QueryResult", "term_value", "store_location", "insert_data", "iri_values",
           "refuse_service", "one_line", "cut_result", "merge_entity_quads", "document_hashes", "document_ids", "hashes_of",
           "FUNCTIONAL", "CONTENT_HASH",
           "PENDING_GRAPH", "PENDING_DOCUMENT"]

DEFAULT_STORE = "output/store"

#: The prefixes kg predeclares for queries (``kg query``, ``kg serve``, every store).
PREFIX_MAP = {"kg": V.KG, "act": V.ACT, "schema": V.SCHEMA, "skos": V.SKOS, "prov": V.PROV,
              "dct": V.DCT, "xsd": V.XSD, "rdf": V.RDF, "rdfs": V.RDFS}

_PREF_LABEL = ox.NamedNode(V.SKOS + "prefLabel")
_ALT_LABEL = ox.NamedNode(V.SKOS + "altLabel")
#: Entity properties with at most one value (ontology/shapes.ttl): the first value stored wins.
FUNCTIONAL = (_PREF_LABEL, ox.NamedNode(V.KG + "country"), ox.NamedNode(V.KG + "inferredCountry"))
#: A document's completion mark: written after all its other quads, so a half-written document is redone.
CONTENT_HASH = ox.NamedNode(V.KG + "contentHash")
#: Documents a bulk load is writing; the graph is empty except while (or after a crash during) a load.
PENDING_GRAPH = ox.NamedNode(V.ID + "graph/pending")
PENDING_DOCUMENT = ox.NamedNode(V.KG + "pendingDocument")


def store_location(location: str | os.PathLike | None) -> str:
    """The effective location: the argument, else ``$KG_STORE``, else ``output/store``."""
    if location:
        return str(location)
    return os.environ.get("KG_STORE") or DEFAULT_STORE


@dataclass
class QueryResult:
    """Result of a SPARQL query in plain Python values.

    ``kind`` is ``"select"``, ``"ask"`` or ``"graph"`` (CONSTRUCT/DESCRIBE).
    For SELECT, ``rows`` hold one list per solution with IRIs as strings,
    literals as Python values (int, float, bool, str) and unbound as None.
    For ASK, ``boolean`` is set. For graphs, ``triples`` holds N-Triples lines.
    ``truncated`` is True when a row limit stopped the query before its last
    row (or triple).
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[str] = field(default_factory=list)
    truncated: bool = False

    def dicts(self) -> list[dict[str, Any]]:
        """Rows as dicts keyed by variable name."""
        return [dict(zip(self.variables, row)) for row in self.rows]


@runtime_checkable
class Store(Protocol):
    """What kg needs from a store, whatever holds the data.

    Writers open a store with ``read_only=False``; every write method then
    either applies whole or raises. Queries see the union of kg's named
    graphs as the default graph.
    """

    #: Where the store is (a directory, ``memory``, or a URL without credentials).
    location: str
    read_only: bool

    @property
    def derived_dir(self) -> Path | None:
        """A folder for data derived from the store (caches); every write empties it. None: no such folder."""

    @property
    def full_group_concat(self) -> bool:
        """True if ``GROUP_CONCAT`` results are never cut short (a server may cap their length)."""

    def __enter__(self) -> "Store": ...

    def __exit__(self, *exc: object) -> None: ...

    def close(self) -> None: ...

    def replace_document(self, doc_id: str, quads: Iterable[ox.Quad],
                         entity_quads: Iterable[ox.Quad] = ()) -> None: ...

    def load_documents(self, documents: Iterable[tuple[str, Iterable[ox.Quad], Iterable[ox.Quad]]]) -> None: ...

    def replace_graph(self, graph_iri: str, quads: Iterable[ox.Quad]) -> None: ...

    def bulk_load(self, quads: Iterable[ox.Quad]) -> None: ...

    def remove_document(self, doc_id: str) -> bool: ...

    def update(self, sparql: str, *, timeout: float | None = None, allow_service: bool = False) -> None: ...

    def document_hashes(self) -> dict[str, str]: ...

    def quad_count(self) -> int: ...

    def query(self, sparql: str, *, prefixes: bool = True, limit: int | None = None,
              timeout: float | None = None, allow_service: bool = False) -> QueryResult: ...

    def stream_select(self, sparql: str, *, prefixes: bool = True,
                      allow_service: bool = False) -> tuple[list[str], Iterator[list[Any]]]: ...

    def iter_quads(self, graph: str | None = None) -> Iterator[ox.Quad]: ...

    def dump(self, output: IO[bytes], fmt: ox.RdfFormat, *, from_graph: str | None = None) -> None: ...


_NUMERIC: dict[str, Callable[[str], Any]] = {
    V.XSD + t: int for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger",
                             "negativeInteger", "unsignedInt")}
_NUMERIC.update({V.XSD + t: float for t in ("double", "float", "decimal")})


def term_value(term: Any) -> Any:
    """Convert a pyoxigraph term to a plain Python value (IRI -> str, typed literal -> value)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype is not None else None
        cast = _NUMERIC.get(dt or "")
        if cast is not None:
            try:
                return cast(term.value)
            except ValueError:
                return term.value
        if dt == V.XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)


_HASHES = "GRAPH ?g { ?g dct:identifier ?id ; kg:contentHash ?h }"
_DOCUMENT_HASHES = "SELECT ?id ?h WHERE { %s }" % _HASHES
_DOCUMENT_IDS = "SELECT ?id WHERE { GRAPH ?g { ?g dct:identifier ?id } }"


def document_hashes(store: Store) -> dict[str, str]:
    """Content hash of every loaded document, by document id (one query, the same on every back-end)."""
    return {row[0]: row[1] for row in store.query(V.PREFIXES + _DOCUMENT_HASHES, prefixes=False).rows}


def document_ids(store: Store) -> list[str]:
    """Every loaded document's id (to suggest one for a mistyped id: 0.2 s at 100,000 documents, where
    reading every id with its hash took 3-11 s)."""
    return [str(row[0]) for row in store.query(V.PREFIXES + _DOCUMENT_IDS, prefixes=False).rows]


def hashes_of(store: Store, doc_ids: Iterable[str]) -> dict[str, str]:
    """Content hash of those of ``doc_ids`` the store holds, looked up by id (not every document read).

    Ids are data in the query (string literals with N-Triples escaping), whatever characters they hold.
    """
    ids = list(dict.fromkeys(doc_ids))
    found: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        values = " ".join(str(ox.Literal(d)) for d in ids[start:start + 500])
        q = V.PREFIXES + f"SELECT ?id ?h WHERE {{ VALUES ?id {{ {values} }} {_HASHES} }}"
        found.update({str(i): str(h) for i, h in store.query(q, prefixes=False, allow_service=True).rows})
    return found


def merge_entity_quads(stored: Callable[[Any, Any, Any], Any], quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Entity quads to add without giving an actor a second prefLabel or country.

    Entity descriptions from many documents merge in one graph; a later
    document naming an actor differently ("PRAIA" vs "Praia") adds an
    altLabel instead. ``stored(subject, predicate, graph)`` gives the value
    the store already holds for a functional property, or None.
    """
    out: list[ox.Quad] = []
    current: dict[tuple, Any] = {}
    for q in quads:
        if q.predicate in FUNCTIONAL:
            key = (q.subject, q.predicate, q.graph_name)
            if key not in current:
                found = stored(q.subject, q.predicate, q.graph_name)
                current[key] = found if found is not None else q.object
            if current[key] != q.object:
                if q.predicate == _PREF_LABEL:
                    out.append(ox.Quad(q.subject, _ALT_LABEL, q.object, q.graph_name))
                continue
        out.append(q)
    return out


def refuse_service(sparql: str, allowed: bool) -> None:
    """Raise :class:`QueryError` if ``sparql`` may call another server (``SERVICE``) and that is not allowed."""
    from ..rdf.sparql_text import may_use_service

    if not allowed and may_use_service(sparql):
        raise QueryError("the query may use SERVICE (a federated query: the store would call another "
                         "server); kg makes no outgoing requests unless you pass --allow-service "
                         "(allow_service=True)")


def one_line(exc: BaseException) -> str:
    """An error message on one line (Oxigraph's syntax errors span several)."""
    return " ".join(str(exc).split())


def cut_result(result: QueryResult, items: list, limit: int | None) -> QueryResult:
    """Keep the first ``limit`` rows (or triples) of ``items``, the result's own list; mark it truncated if cut."""
    if limit is not None and len(items) > limit:
        del items[limit:]
        result.truncated = True
    return result


def iri_values(iris: Sequence[str], size: int = 500) -> Iterator[str]:
    """The bodies of ``VALUES`` blocks for these IRIs, ``size`` at a time (``"<a> <b> ..."``).

    Why batches: a query about thousands of actors or documents is sent as
    several of bounded length (servers limit a request's size, and Oxigraph
    looks each value up in its indexes anyway).

    >>> list(iri_values(["http://x/a", "http://x/b", "http://x/c"], size=2))
    ['<http://x/a> <http://x/b>', '<http://x/c>']
    """
    for start in range(0, len(iris), size):
        yield " ".join(f"<{iri}>" for iri in iris[start:start + size])


def insert_data(quads: list[ox.Quad]) -> str:
    """A SPARQL ``INSERT DATA`` request for quads (terms written in N-Triples syntax)."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    blocks = [f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items()]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"
