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

Next to the data sits a folder for derived data (``<store>/derived``:
the event summary of :mod:`kg.graph.summary`, which makes the analysis of a
large store load in seconds). The store does not know what is in it; it
only empties it before every write, so a derived file that exists always
describes the store as it is. Writers save fresh ones when they finish.
Subfolders are left alone: what they hold is followed change by change by
kg's writers and checks its own validity (the link index of
:mod:`kg.graph.link_index`, matched to the actor cache by a token).
"""
from __future__ import annotations

import fcntl
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator

import pyoxigraph as ox

from .. import vocab as V
from ..errors import QueryError, StoreError
from .evaluation import call_with_timeout, evaluate, query_error, start_query
from .base import (CONTENT_HASH, PENDING_DOCUMENT, PENDING_GRAPH, PREFIX_MAP, QueryResult, document_hashes,
                   insert_data, merge_entity_quads, one_line, refuse_service, term_value)

__all__ = ["KgStore", "DERIVED_DIR", "LOCK_NAME"]

LOCK_NAME = "kg-writer.lock"
#: The folder (inside a store directory) of derived data that every write empties.
DERIVED_DIR = "derived"
#: Where kg before the store/graph split kept the event summary; removed like derived data.
_LEGACY_SUMMARY = "kg-summary.npz"


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
        """The underlying ``pyoxigraph.Store`` (``kg serve``'s query workers, benchmarks)."""
        return self._store

    #: Oxigraph returns every ``GROUP_CONCAT`` whole.
    full_group_concat = True

    @property
    def derived_dir(self) -> Path | None:
        """``<store>/derived``: data derived from this store, emptied by every write (None in memory)."""
        return None if self.location == "memory" else Path(self.location) / DERIVED_DIR

    # -- writing ---------------------------------------------------------------
    def _writable(self, *, changes: bool = True) -> ox.Store:
        """The Oxigraph store, for a writer; ``changes``: the caller is about to change data."""
        if self.read_only:
            raise StoreError(f"store {self.location} was opened read-only")
        if changes:
            self._drop_derived()
        return self._store

    def _drop_derived(self) -> None:
        """Delete the derived files before the data changes: they would describe the past (subfolders stay)."""
        folder = self.derived_dir
        if folder is None:
            return
        for path in [*folder.glob("*"), folder.parent / _LEGACY_SUMMARY]:
            try:
                path.unlink()
            except (FileNotFoundError, IsADirectoryError):
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
        quads = [*quads, *merge_entity_quads(_stored_value(store), entity_quads)]
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
        pending = [ox.Quad(g, PENDING_DOCUMENT, g, PENDING_GRAPH) for g, _, _ in run]
        store.extend(pending)
        entities = merge_entity_quads(_stored_value(store), (q for _, _, eq in run for q in eq))
        marks: list[ox.Quad] = []

        def stream() -> Iterator[ox.Quad]:
            for g, quads, _ in run:
                for q in quads:
                    if q.predicate == CONTENT_HASH and q.subject == g:
                        marks.append(q)
                    else:
                        yield q
            yield from entities

        try:
            store.bulk_extend(stream())
        except (OSError, RuntimeError) as exc:  # e.g. the disk filled up: no half-written files stay behind
            self._remove_bulk_debris()
            raise StoreError(f"loading into {self.location} failed ({one_line(exc)}); the documents of this "
                             "batch were not loaded and the next build loads them again"
                             + ("; free some disk space first" if "No space left" in str(exc) else "")) from None
        store.extend(marks)
        store.remove_graph(PENDING_GRAPH)

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
        listed = [q.subject for q in store.quads_for_pattern(None, PENDING_DOCUMENT, None, PENDING_GRAPH)]
        if listed:
            self._drop_derived()
        for graph in listed:
            store.remove_graph(graph)
        if listed or _has_graph(store, PENDING_GRAPH):
            store.remove_graph(PENDING_GRAPH)
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
                store.update(sparql, prefixes=PREFIX_MAP)
            except SyntaxError as exc:
                raise QueryError(f"SPARQL syntax error: {one_line(exc)}") from None
            except OSError as exc:
                raise QueryError(f"update failed: {one_line(exc)}") from None

        call_with_timeout(run, timeout, "update")

    # -- reading ---------------------------------------------------------------
    def document_hashes(self) -> dict[str, str]:
        """Content hash of every loaded document, by document id."""
        return document_hashes(self)

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
            :class:`~kg.errors.QueryError` before it runs (:mod:`kg.rdf.sparql_text`).
        """
        refuse_service(sparql, allow_service)
        store = self._store
        return call_with_timeout(lambda: evaluate(store, sparql, prefixes, limit), timeout, "query")

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
            result = start_query(self._store, sparql, prefixes)
        except (SyntaxError, OSError, RuntimeError) as exc:
            raise query_error(exc) from None
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("only SELECT results can be streamed")
        variables = [v.value for v in result.variables]

        def rows() -> Iterator[list[Any]]:
            try:
                for sol in result:
                    yield [term_value(sol[v]) for v in variables]
            except (OSError, RuntimeError) as exc:
                raise query_error(exc) from None

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


def _stored_value(store: ox.Store) -> Callable[[Any, Any, Any], Any]:
    """What :func:`kg.store.base.merge_entity_quads` asks: the value stored for (subject, predicate, graph)."""
    def stored(subject: Any, predicate: Any, graph: Any) -> Any:
        found = next(iter(store.quads_for_pattern(subject, predicate, None, graph)), None)
        return None if found is None else found.object
    return stored


def _has_graph(store: ox.Store, graph: ox.NamedNode) -> bool:
    try:
        return store.contains_named_graph(graph)
    except OSError:
        return False
