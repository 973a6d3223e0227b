"""Open a kg store from a location string and load, replace and query documents.

Locations (``--store`` on every command, env ``KG_STORE``):

* a directory: embedded Oxigraph on disk (the default, ``output/store``);
* ``memory``: an in-memory Oxigraph store (tests, one-off runs).

Why a small wrapper and not rdflib's Dataset: loading goes through
Oxigraph's native transactional ``extend`` / bulk loader, which is orders of
magnitude faster than adding triples one by one, and queries go straight to
Oxigraph's SPARQL engine with the union of all named graphs as default
graph (the same view a SPARQL server such as Virtuoso gives). rdflib is used
where its API is the point (serialisations, SHACL, exports).

A writer holds an exclusive ``flock`` on ``<store>/kg-writer.lock`` with its
PID inside, so a second writer gets "store is in use by PID …" instead of
RocksDB's cryptic lock error, and a lock left by a dead process is free.

Next to the data sits the event summary of :mod:`kg.summary`
(``<store>/kg-summary.npz``), derived state that makes the analysis mirror
of a large store load in seconds. Every write through :class:`KgStore`
deletes it first, so a summary that exists always describes the store as it
is; builds and removals write a fresh one when they finish.
"""
from __future__ import annotations

import fcntl
import itertools
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator

import pyoxigraph as ox

from .. import vocab as V
from ..errors import QueryError, QueryTimeout, StoreError, StoreLocked

__all__ = ["DEFAULT_STORE", "KgStore", "QueryResult", "insert_data", "open_store", "store_location"]

DEFAULT_STORE = "output/store"
_LOCK_NAME = "kg-writer.lock"
SUMMARY_NAME = "kg-summary.npz"


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


_NUMERIC = {V.XSD + t: int for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                                      "positiveInteger", "negativeInteger", "unsignedInt")}
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


class KgStore:
    """An open Oxigraph store (on disk or in memory) with kg's load and query operations.

    Use :func:`open_store` to create one; close it (or use ``with``) to
    release the writer lock.
    """

    def __init__(self, store: ox.Store, location: str, *, read_only: bool, lock: IO[str] | None = None):
        self._store = store
        self.location = location
        self.read_only = read_only
        self._lock = lock

    # -- lifecycle -----------------------------------------------------------
    def __enter__(self) -> "KgStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Flush to disk and release the writer lock."""
        if self._store is not None and not self.read_only:
            try:
                self._store.flush()
            except OSError:
                pass
        self._store = None  # type: ignore[assignment]
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (for fast paths and benchmarks)."""
        return self._store

    # -- writing ---------------------------------------------------------------
    @property
    def summary_path(self) -> Path | None:
        """Where this store's event summary lives (None for an in-memory store)."""
        return None if self.location == "memory" else Path(self.location) / SUMMARY_NAME

    def _writable(self, *, changes: bool = True) -> ox.Store:
        """The Oxigraph store, for a writer; ``changes``: the caller is about to change data."""
        if self.read_only:
            raise StoreError(f"store {self.location} was opened read-only")
        if changes:
            self._drop_summary()
        return self._store

    def _drop_summary(self) -> None:
        """Delete the event summary before the data changes: it would describe the past."""
        path = self.summary_path
        if path is not None:
            try:
                path.unlink()
            except FileNotFoundError:
                pass

    def replace_document(self, doc_id: str, quads: Iterable[ox.Quad], entity_quads: Iterable[ox.Quad] = ()) -> None:
        """Replace a document's named graph and merge entity descriptions, in one transaction.

        ``quads`` may also hold quads of other graphs (the build adds a marker
        to the link graph); they are written in the same transaction. Either
        everything is written or, if the process dies, nothing: a new
        document goes in with one transactional ``extend``, a replaced one
        with one SPARQL UPDATE (drop + insert), which Oxigraph also runs as
        one transaction (tests/test_crash.py kills builds to check this).
        """
        store = self._writable()
        graph = ox.NamedNode(V.doc_iri(doc_id))
        quads = [*quads, *_merge_entity_quads(store, entity_quads)]
        if not _has_graph(store, graph):
            store.extend(quads)  # one transaction: the document appears whole or not at all
            return
        # drop + insert in one SPARQL UPDATE request, which Oxigraph runs as one transaction
        store.update(f"DROP SILENT GRAPH {graph} ;\n" + insert_data(quads))

    def load_documents(self, documents: Iterable[tuple[str, Iterable[ox.Quad], Iterable[ox.Quad]]]) -> None:
        """Load a batch of documents, each ``(doc_id, quads, entity_quads)``, at bulk-loader speed.

        Documents with no graph in the store yet (a first build, or the new
        articles of a daily one) go through Oxigraph's bulk loader, one call
        per run of consecutive new documents; a document already present is
        replaced by :meth:`replace_document`. Input order is kept, so entity
        descriptions merge exactly as loading one document at a time would.

        Crash safety: the bulk loader is not transactional, so the new
        documents are first listed in a "pending" graph (one transaction);
        after the bulk load the listing is removed. If the process dies in
        between, the next ``load_documents`` (or :meth:`recover_pending`)
        drops every listed document's graph, so once loading resumes a
        document is whole or absent, never half there; and each document's
        ``kg:contentHash`` is held back until its quads are in, so
        :meth:`document_hashes` never reports a half-loaded document as
        unchanged and the build re-extracts it.
        """
        store = self._writable(changes=False)  # the writes below drop the summary themselves
        self.recover_pending()
        run: list[tuple[ox.NamedNode, Iterable[ox.Quad], Iterable[ox.Quad]]] = []
        in_run: set[str] = set()
        for doc_id, quads, entity_quads in documents:
            graph = ox.NamedNode(V.doc_iri(doc_id))
            if graph.value in in_run or _has_graph(store, graph):
                self._bulk_load_new(run)
                run, in_run = [], set()
                self.replace_document(doc_id, quads, entity_quads)
            else:
                run.append((graph, quads, entity_quads))
                in_run.add(graph.value)
        self._bulk_load_new(run)

    def _bulk_load_new(self, run: list[tuple[ox.NamedNode, Iterable[ox.Quad], Iterable[ox.Quad]]]) -> None:
        if not run:
            return
        store = self._writable()
        pending = [ox.Quad(g, _PENDING_DOCUMENT, g, _PENDING_GRAPH) for g, _, _ in run]
        store.extend(pending)
        entities = _merge_entity_quads(store, (q for _, _, eq in run for q in eq))
        marks: list[ox.Quad] = []

        def stream() -> Iterator[ox.Quad]:
            for g, quads, _ in run:
                for q in quads:
                    if q.predicate == _CONTENT_HASH and q.subject == g:
                        marks.append(q)
                    else:
                        yield q
            yield from entities

        try:
            store.bulk_extend(stream())
        except (OSError, RuntimeError) as exc:  # e.g. the disk filled up: no half-written files stay behind
            self._remove_bulk_debris()
            raise StoreError(f"loading into {self.location} failed ({_one_line(exc)}); the documents of this "
                             "batch were not loaded and the next build loads them again"
                             + ("; free some disk space first" if "No space left" in str(exc) else "")) from None
        store.extend(marks)
        store.remove_graph(_PENDING_GRAPH)

    def _remove_bulk_debris(self) -> int:
        """Delete temporary bulk-load files (``bulk-*.sst``) a failed or killed load left in the store."""
        if self.location == "memory":
            return 0
        removed = 0
        for leftover in Path(self.location).glob("bulk-*.sst"):
            try:
                leftover.unlink()
                removed += 1
            except OSError:
                pass
        return removed

    def recover_pending(self) -> list[str]:
        """Drop the graphs of documents an interrupted :meth:`load_documents` left pending; their ids."""
        store = self._writable(changes=False)
        listed = [q.subject for q in store.quads_for_pattern(None, _PENDING_DOCUMENT, None, _PENDING_GRAPH)]
        if listed:
            self._drop_summary()
        for graph in listed:
            store.remove_graph(graph)
        if listed or _has_graph(store, _PENDING_GRAPH):
            store.remove_graph(_PENDING_GRAPH)
        return [V.iri_to_doc_id(g.value) for g in listed]

    def replace_graph(self, graph_iri: str, quads: Iterable[ox.Quad]) -> None:
        """Replace the content of any named graph in one transaction."""
        graph = ox.NamedNode(graph_iri)
        self._writable().update(f"DROP SILENT GRAPH {graph} ;\n" + insert_data(list(quads)))

    def bulk_load(self, quads: Iterable[ox.Quad]) -> None:
        """Load many quads with Oxigraph's bulk loader (not transactional; for fresh data)."""
        self._writable().bulk_extend(quads)

    def remove_document(self, doc_id: str) -> bool:
        """Drop a document's named graph; True if it existed."""
        store = self._writable()
        graph = ox.NamedNode(V.doc_iri(doc_id))
        if not _has_graph(store, graph):
            return False
        store.remove_graph(graph)
        return True

    def update(self, sparql: str, *, timeout: float | None = None, allow_service: bool = False) -> None:
        """Run a SPARQL UPDATE (callers must have asked for write access explicitly).

        The update is one transaction: it is applied whole or not at all. With
        ``timeout``, see :meth:`query` for what happens when it runs out; for
        ``allow_service`` too.
        """
        refuse_service(sparql, allow_service)
        store = self._writable()

        def run() -> None:
            try:
                store.update(sparql, prefixes=_PREFIX_MAP)
            except SyntaxError as exc:
                raise QueryError(f"SPARQL syntax error: {_one_line(exc)}") from None
            except OSError as exc:
                raise QueryError(f"update failed: {_one_line(exc)}") from None

        _call_with_timeout(run, timeout, "update")

    # -- reading ---------------------------------------------------------------
    def document_hashes(self) -> dict[str, str]:
        """Content hash of every loaded document, by document id."""
        q = V.PREFIXES + "SELECT ?id ?h WHERE { GRAPH ?g { ?g dct:identifier ?id ; kg:contentHash ?h } }"
        return {row[0]: row[1] for row in self.query(q).rows}

    def __len__(self) -> int:
        return len(self._store)

    def quad_count(self) -> int:
        """Number of quads in the store."""
        return len(self._store)

    def query(self, sparql: str, *, prefixes: bool = True, limit: int | None = None,
              timeout: float | None = None, allow_service: bool = False) -> QueryResult:
        """Run a SPARQL query with the union of named graphs as the default graph.

        Parameters
        ----------
        sparql : str
            A SELECT, ASK, CONSTRUCT or DESCRIBE query.
        prefixes : bool
            Predeclare kg's prefixes (kg, act, skos, schema, prov, dct, xsd, rdf, rdfs).
        limit : int, optional
            Keep at most this many rows (or triples); the solutions are not
            read any further and ``truncated`` is set on the result.
        timeout : float, optional
            Seconds to wait for the result. The query runs in a worker thread;
            when the time is up :class:`~kg.errors.QueryTimeout` is raised, but
            Oxigraph cannot cancel a running query, so the thread goes on
            until the query ends (it is a daemon thread: it does not keep the
            process alive). Processes that must free the CPU exit (the CLI does).

        Raises
        ------
        QueryError
            On syntax errors (with Oxigraph's line:column) or evaluation errors.
        QueryTimeout
            When ``timeout`` seconds pass before the result is complete.
        allow_service : bool
            Run a query that may hold a ``SERVICE`` clause (Oxigraph would then
            call the named server). Off by default: such a query raises
            :class:`~kg.errors.QueryError` before it runs (:mod:`kg.sparql_text`).
        """
        refuse_service(sparql, allow_service)
        store = self._store
        return _call_with_timeout(lambda: _evaluate(store, sparql, prefixes, limit), timeout, "query")

    def stream_select(self, sparql: str, *, prefixes: bool = True,
                      allow_service: bool = False) -> tuple[list[str], Iterator[list[Any]]]:
        """Run a SELECT and return its variables and an iterator over its rows, read as they come.

        Unlike :meth:`query`, nothing is held in memory, so a result of
        millions of rows can be written out; iterate on the calling thread.
        There is no timeout: the caller bounds the time (``kg query`` exits).

        Raises
        ------
        QueryError
            On syntax errors, non-SELECT queries and evaluation errors.
        """
        refuse_service(sparql, allow_service)
        try:
            result = _start_query(self._store, sparql, prefixes)
        except (SyntaxError, OSError, RuntimeError) as exc:
            raise _query_error(exc) from None
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("only SELECT results can be streamed")
        variables = [v.value for v in result.variables]

        def rows() -> Iterator[list[Any]]:
            try:
                for sol in result:
                    yield [term_value(sol[v]) for v in variables]
            except (OSError, RuntimeError) as exc:
                raise _query_error(exc) from None

        return variables, rows()

    def iter_quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """All quads, or those of one named graph."""
        g = ox.NamedNode(graph) if graph else None
        return iter(self._store.quads_for_pattern(None, None, None, g))

    def dump(self, output: IO[bytes], fmt: ox.RdfFormat, *, from_graph: str | None = None) -> None:
        """Serialise the store (or one graph) to a binary stream."""
        if from_graph:
            self._store.dump(output, fmt, from_graph=ox.NamedNode(from_graph))
        else:
            self._store.dump(output, fmt)


_FROM = re.compile(r"\bFROM\s+(?:NAMED\s+)?(?:<|[A-Za-z_][\w.-]*:)", re.I)


def _start_query(store: ox.Store, sparql: str, prefixes: bool) -> Any:
    """Start a query: the union of all graphs is the default graph, unless it names its own with FROM."""
    union = _FROM.search(sparql) is None
    return store.query(sparql, use_default_graph_as_union=union, prefixes=_PREFIX_MAP if prefixes else None)


def _query_error(exc: BaseException) -> QueryError:
    """The user-readable error for a query Oxigraph refused or could not finish."""
    if isinstance(exc, SyntaxError):
        return QueryError(f"SPARQL syntax error: {_one_line(exc)}")
    if isinstance(exc, RuntimeError):  # RocksDB: a damaged block met while reading
        return QueryError(f"query failed, the store may be damaged ({_one_line(exc)}); restore it from a "
                          "backup or rebuild it with `kg build DOCS --store NEW_DIR`")
    return QueryError(f"query failed: {_one_line(exc)}")


def _evaluate(store: ox.Store, sparql: str, prefixes: bool, limit: int | None) -> QueryResult:
    """Run a query and read at most ``limit`` rows of its result."""
    try:
        result = _start_query(store, sparql, prefixes)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        head = iter(result) if limit is None else itertools.islice(result, limit + 1)
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            out = QueryResult("select", variables, [[term_value(sol[v]) for v in variables] for sol in head])
            items = out.rows
        else:
            out = QueryResult("graph", triples=[f"{t.subject} {t.predicate} {t.object} ." for t in head])
            items = out.triples
    except (SyntaxError, OSError, RuntimeError) as exc:
        raise _query_error(exc) from None
    if limit is not None and len(items) > limit:
        del items[limit:]
        out.truncated = True
    return out


def _call_with_timeout(func: Callable[[], Any], timeout: float | None, what: str) -> Any:
    """Run ``func`` in a daemon thread and wait at most ``timeout`` seconds for it.

    Oxigraph releases the GIL while it evaluates, so the caller wakes up on
    time; it cannot stop the evaluation, so on timeout the thread is left to
    finish (or die with the process) and :class:`QueryTimeout` is raised.
    """
    if timeout is None:
        return func()
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = func()
        except BaseException as exc:  # handed over to the caller's thread below
            outcome["error"] = exc

    worker = threading.Thread(target=work, name=f"kg-{what}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(f"the {what} did not finish within {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


_PREFIX_MAP = {"kg": V.KG, "act": V.ACT, "schema": V.SCHEMA, "skos": V.SKOS, "prov": V.PROV,
               "dct": V.DCT, "xsd": V.XSD, "rdf": V.RDF, "rdfs": V.RDFS}


_PREF_LABEL = ox.NamedNode(V.SKOS + "prefLabel")
_ALT_LABEL = ox.NamedNode(V.SKOS + "altLabel")
#: Entity properties with at most one value (ontology/shapes.ttl): the first value stored wins.
_FUNCTIONAL = (_PREF_LABEL, ox.NamedNode(V.KG + "country"), ox.NamedNode(V.KG + "inferredCountry"))
#: A document's completion mark: written after all its other quads (see KgStore.load_documents).
_CONTENT_HASH = ox.NamedNode(V.KG + "contentHash")
#: Documents a bulk load is writing; the graph is empty except while (or after a crash during) a load.
_PENDING_GRAPH = ox.NamedNode(V.ID + "graph/pending")
_PENDING_DOCUMENT = ox.NamedNode(V.KG + "pendingDocument")


def _merge_entity_quads(store: ox.Store, quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Entity quads to add without giving an actor a second prefLabel or country.

    Entity descriptions from many documents merge in one graph; a later document
    naming an actor differently ("PRAIA" vs "Praia") adds an altLabel instead.
    """
    out: list[ox.Quad] = []
    current: dict[tuple, Any] = {}
    for q in quads:
        if q.predicate in _FUNCTIONAL:
            key = (q.subject, q.predicate, q.graph_name)
            if key not in current:
                found = next(iter(store.quads_for_pattern(q.subject, q.predicate, None, q.graph_name)), None)
                current[key] = found.object if found is not None else q.object
            if current[key] != q.object:
                if q.predicate == _PREF_LABEL:
                    out.append(ox.Quad(q.subject, _ALT_LABEL, q.object, q.graph_name))
                continue
        out.append(q)
    return out


#: Read-only opens that meet a manifest a writer is just rewriting are retried this many times.
_READ_RETRIES = 5


def _open_read_only(path: Path) -> ox.Store:
    """Open a store for reading, retrying the transient errors of a concurrent writer.

    RocksDB may report a manifest as corrupt while a writer replaces it; a
    moment later the new one is complete. A damage that persists is a clear
    :class:`StoreError`, not a traceback.
    """
    import time

    for attempt in range(_READ_RETRIES):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            transient = "MANIFEST" in str(exc) or "No such file" in str(exc)
            if not transient or attempt == _READ_RETRIES - 1:
                raise _open_error(path, exc) from None
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _open_error(path: Path, exc: BaseException) -> StoreError:
    """A user-readable error for a store Oxigraph/RocksDB could not open."""
    text = _one_line(exc)
    if "Corruption" in text or "checksum" in text.lower():
        return StoreError(f"store {path} is damaged ({text}); restore it from a backup, or rebuild it into a "
                          "new directory with `kg build DOCS --store NEW_DIR`")
    if "No space left" in text:
        return StoreError(f"cannot open store {path}: the disk is full; free some space and retry")
    if "Permission denied" in text or "Read-only file system" in text:
        return StoreError(f"cannot open store {path}: no permission to write there ({text})")
    return StoreError(f"cannot open store {path}: {text}")


def refuse_service(sparql: str, allowed: bool) -> None:
    """Raise :class:`QueryError` if ``sparql`` may call another server (``SERVICE``) and that is not allowed."""
    from ..rdf.sparql_text import may_use_service

    if not allowed and may_use_service(sparql):
        raise QueryError("the query may use SERVICE (a federated query: the store would call another "
                         "server); kg makes no outgoing requests unless you pass --allow-service "
                         "(allow_service=True)")


def _one_line(exc: BaseException) -> str:
    """An error message on one line (Oxigraph's syntax errors span several)."""
    return " ".join(str(exc).split())


def insert_data(quads: list[ox.Quad]) -> str:
    """A SPARQL ``INSERT DATA`` request for quads (terms written in N-Triples syntax)."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    blocks = [f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items()]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"


def _has_graph(store: ox.Store, graph: ox.NamedNode) -> bool:
    try:
        return store.contains_named_graph(graph)
    except OSError:
        return False


def _acquire_lock(path: Path) -> IO[str]:
    lock_path = path / _LOCK_NAME
    handle = open(lock_path, "a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        pid = handle.read().strip() or "unknown"
        handle.close()
        raise StoreLocked(f"store {path} is in use by PID {pid}; wait for that kg command to finish "
                          f"or stop it, then retry") from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def open_store(location: str | os.PathLike | None = None, *, read_only: bool = False,
               create: bool = True) -> KgStore:
    """Open the store at ``location`` (see module docs for the forms).

    Parameters
    ----------
    location : str or path, optional
        A directory, ``"memory"``, or None for ``$KG_STORE`` / ``output/store``.
    read_only : bool
        Open without taking the writer lock; many readers may share a store.
    create : bool
        Create a missing on-disk store (writers); readers get a clear error instead.

    Raises
    ------
    StoreLocked
        Another process is writing to the store.
    StoreError
        The location is not a store, or does not exist for a reader.

    Examples
    --------
    >>> with open_store("memory") as store:
    ...     store.quad_count()
    0
    """
    loc = store_location(location)
    if loc == "memory":
        return KgStore(ox.Store(), "memory", read_only=False)
    if loc.startswith(("http://", "https://")):
        from .sparql import SparqlEndpointStore  # SPARQL 1.1 server; see kg/endpoint.py

        return SparqlEndpointStore(loc, read_only=read_only)  # type: ignore[return-value]
    path = Path(loc).expanduser()
    exists = (path / "CURRENT").is_file()
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} is a file, not a store directory")
    if path.is_dir() and not exists and any(p.name != _LOCK_NAME for p in path.iterdir()):
        if any(p.name.startswith("MANIFEST-") or p.suffix == ".sst" for p in path.iterdir()):
            raise StoreError(f"store {path} is damaged: its CURRENT file is missing (RocksDB's pointer to "
                             "its manifest); restore the store from a backup, or rebuild it into a new "
                             "directory with `kg build DOCS --store NEW_DIR`")
        raise StoreError(f"{path} exists and is not a kg store (no Oxigraph data in it); "
                         "choose an empty or new directory")
    if read_only:
        if not exists:
            raise StoreError(f"no store at {path}; run `kg build DOCS --store {loc}` first")
        return KgStore(_open_read_only(path), str(path), read_only=True)
    if not exists and not create:
        raise StoreError(f"no store at {path}; run `kg build DOCS --store {loc}` first")
    path.mkdir(parents=True, exist_ok=True)
    lock = _acquire_lock(path)
    try:
        store = ox.Store(str(path))
    except (OSError, RuntimeError) as exc:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()
        text = str(exc)
        if "Corruption" not in text and ("LOCK" in text or "No locks available" in text
                                         or "lock hold" in text.lower()):
            raise StoreLocked(f"store {path} is in use by another process; wait for it to finish") from None
        raise _open_error(path, exc) from None
    kg_store = KgStore(store, str(path), read_only=False, lock=lock)
    try:  # a build killed during a bulk load left half-written documents and temporary files: drop them now
        kg_store._remove_bulk_debris()
        kg_store.recover_pending()
    except BaseException:
        kg_store.close()
        raise
    return kg_store
