"""``kg build`` (module named builder so ``kg.build`` stays the function): documents in, a loaded store (and a graph page) out.

Incremental by content hash: a document whose text and metadata are
unchanged since the last build is skipped before parsing; a changed one has
its named graph replaced in one Oxigraph transaction, so a build can be
re-run every day on a growing folder without duplicating anything.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from pyoxigraph import Literal, NamedNode, Quad

from ..documents import ReadReport, iter_documents
from ..extract.nlp import DEFAULT_MODEL
from ..model import Document, EntityRef
from ..rdf.quads import content_hash, document_quads, entity_quads
from ..store.base import Store, hashes_of
from ..store import open_store
from ..vocab import KG, RDF, doc_iri

if TYPE_CHECKING:  # pragma: no cover
    from ..graph.actor_cache import ActorCache
    from ..graph.event_rows import EventRows
    from ..graph.summary import Previous

__all__ = ["BuildReport", "MAX_CHARS", "MAX_UNBROKEN_CHARS", "build", "load_quads", "load_results", "unparseable"]

#: Longest document parsed (spaCy's ``nlp.max_length``; longer texts make it raise).
MAX_CHARS = 1_000_000
#: Longest stretch without a line break or sentence-ending punctuation. Such a
#: stretch is one sentence to the parser, and the extraction rules take time
#: quadratic in sentence length (20,000 characters already take seconds), so a
#: pasted blob or binary-ish text would stall a build for hours.
MAX_UNBROKEN_CHARS = 10_000
_UNBROKEN = re.compile(rf"[^\n.!?;\u3002\uff01\uff1f]{{{MAX_UNBROKEN_CHARS + 1},}}")


def unparseable(document: Document) -> str | None:
    """Why ``document`` cannot be parsed (too long, or a run-on stretch of text), else None.

    Given to :func:`kg.documents.iter_documents` as ``reject``, so the
    document is reported with its ``file:line`` and skipped.

    >>> unparseable(Document("d", "Short. Fine.")) is None
    True
    >>> unparseable(Document("d", "x" * 20_000))
    '20000 characters without a sentence break (at most 10000 are parsed); split the text into sentences'
    """
    if len(document.text) > MAX_CHARS:
        return (f"document too long to parse ({len(document.text)} characters; at most {MAX_CHARS}); "
                "split it into several documents")
    run = _UNBROKEN.search(document.text)
    if run is not None:
        return (f"{run.end() - run.start()} characters without a sentence break (at most "
                f"{MAX_UNBROKEN_CHARS} are parsed); split the text into sentences")
    return None


@dataclass
class BuildReport:
    """What a build did, for the summary line and for tests."""

    read: ReadReport = field(default_factory=ReadReport)
    unchanged: int = 0
    loaded: int = 0
    triples: int = 0
    events: int = 0
    #: quads in the store after the build (None when the caller did not ask: counting reads every quad)
    quads_after: int | None = 0
    #: IRIs of the actors whose descriptions the loaded (or replaced) documents touch
    touched: set[str] = field(default_factory=set)

    def summary(self) -> str:
        quads = "" if self.quads_after is None else f"; store has {self.quads_after} quads"
        return (f"{self.read.summary()}; {self.loaded} loaded, {self.unchanged} unchanged; "
                f"{self.triples} triples, {self.events} events{quads}")


def _merged_entities(mentioned: list[EntityRef], seen: list[EntityRef]) -> list[EntityRef]:
    """Mentioned entities with the aliases the document's name clusters found for them."""
    aliases = {e.id: set(e.aliases) for e in seen}
    out = []
    for e in mentioned:
        merged = set(e.aliases) | aliases.get(e.id, set())
        out.append(dataclasses.replace(e, aliases=sorted(merged)))
    return out


#: A load batch closes at this many quads or documents, whichever comes first.
LOAD_BATCH_QUADS = 100_000
LOAD_BATCH_DOCUMENTS = 2_000
_RDF_TYPE = NamedNode(RDF + "type")
_EVENT_CLASS = NamedNode(KG + "Event")
_MINHASH = NamedNode(KG + "minhash")
#: Incoming documents whose stored hashes are looked up in one query: as many as spaCy parses in one
#: batch, which waits for them anyway, so a slow pipe into ``kg build -`` is not held back any further.
_HASH_LOOKUP = 64


def load_quads(result) -> tuple[list, list, list[EntityRef]]:
    """One document's quads for its own graph, its entity-graph quads, and the actors it describes.

    The document graph also holds what the document says of each actor
    (:func:`kg.ingest.entities.document_entity_quads`), from which the shared
    descriptions are rebuilt after every build or removal.
    """
    from ..graph.reprints import signature
    from .entities import document_entity_quads

    quads, mentioned = document_quads(result)
    minhash = signature(result.document.text)
    if minhash is not None:  # for finding reprints of the same story (kg.graph.reprints)
        g = NamedNode(doc_iri(result.document.id))
        quads.append(Quad(g, _MINHASH, Literal(minhash), g))
    merged = _merged_entities(mentioned, result.entities)
    quads += document_entity_quads(result.document.id, merged)
    return quads, list(entity_quads(merged)), merged


def load_results(store: Store, results: Iterable, report: BuildReport,
                 progress: Callable[[int], None] | None = None, *,
                 batch_quads: int = LOAD_BATCH_QUADS, batch_documents: int = LOAD_BATCH_DOCUMENTS) -> None:
    """Write extraction results into the store in batches, streaming.

    At most one batch (``batch_quads`` quads or ``batch_documents``
    documents) is held in memory. A batch goes to
    :meth:`Store.load_documents` (bulk loader for new documents, a
    transaction per replaced one; a document is whole or absent either way);
    a store without that method gets one :meth:`replace_document` per document.
    """
    batch: list[tuple[str, list, list]] = []
    size = 0
    from ..vocab import entity_iri

    for result in results:
        quads, entities, merged = load_quads(result)
        report.touched.update(entity_iri(e.id) for e in merged)
        batch.append((result.document.id, quads, entities))
        size += len(quads) + len(entities)
        report.loaded += 1
        report.triples += len(result.triples)
        report.events += sum(1 for q in quads if q.object == _EVENT_CLASS and q.predicate == _RDF_TYPE)
        if progress:
            progress(1)
        if size >= batch_quads or len(batch) >= batch_documents:
            _write_batch(store, batch)
            batch, size = [], 0
    _write_batch(store, batch)


def _write_batch(store: Store, batch: list[tuple[str, list, list]]) -> None:
    if not batch:
        return
    load_documents = getattr(store, "load_documents", None)
    if load_documents is not None:
        load_documents(batch)
        return
    for doc_id, quads, entities in batch:  # e.g. a SPARQL endpoint store
        store.replace_document(doc_id, quads, entities)


def _confident(results: Iterable, threshold: float) -> Iterator:
    """Extraction results with the triples below ``threshold`` confidence left out."""
    try:
        for result in results:
            result.triples = [t for t in result.triples if t.confidence >= threshold]
            yield result
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()


def _pipelines(store: Store) -> bool:
    """Whether a one-process build extracts in a worker process while this one writes (see :func:`build`).

    Only for a store on disk, where reading the derived data before the
    first write and writing each batch are work worth overlapping (a
    million-event store: 1.2 s of reading), on a machine with a second CPU
    for it, where processes can be forked.
    """
    import multiprocessing

    from ..processes import usable_cpus

    return (store.derived_dir is not None and usable_cpus() > 1
            and "fork" in multiprocessing.get_all_start_methods())


def build(inputs: Iterable[str], *, store: str | None = None, model: str = DEFAULT_MODEL,
          lines: bool = False, date: str | None = None, strict: bool = False,
          n_process: int = 1, batch_size: int = 64, force: bool = False,
          progress: Callable[[int], None] | None = None, kg_store: Store | None = None,
          scheduler: str | None = None, workers: int | None = None,
          curation: str | None = None, min_confidence: float = 0.0, actions: Sequence[str] = (),
          count_quads: bool = True, extract_in_worker: bool = False) -> BuildReport:
    """Extract every document under ``inputs`` and load it into the store.

    With ``extract_in_worker`` (what ``kg build`` asks for), ``n_process``
    1, a store on disk and a second CPU, one worker process loads the model
    and extracts while this one reads the store's derived data and writes
    each batch as the next is extracted; the results are the same as
    extracting here, in the same order. Worth it in a process that builds
    once; one that builds again and again had better keep the model loaded
    in itself (the default), which a worker then shares.

    Parameters
    ----------
    inputs : iterable of str
        Files, directories or ``-`` (see :func:`kg.documents.iter_documents`).
    store : str, optional
        Store location (directory, ``memory``); default ``$KG_STORE`` or ``output/store``.
    force : bool
        Re-extract documents even when their content hash is unchanged.
    kg_store : Store, optional
        An already open store to load into (then ``store`` is ignored and it is left open).
    scheduler, workers : optional
        Extract on a Dask cluster: the scheduler's address, or a number of
        local worker processes (a ``LocalCluster``); see :mod:`kg.extract.parallel`.
        Results are loaded in input order, as in a single-process build.
    min_confidence : float
        Load only triples whose extraction confidence is at least this (0 loads all).
    actions : sequence of str
        Action lexicon files (Turtle, like ``ontology/actions.ttl``) merged over the bundled one.
    curation : str, optional
        A curation ledger shared between stores (default: the store's own
        ``kg-curation.jsonl``, if any); applied after every build (:mod:`kg.graph.curation`).
    count_quads : bool
        Count the store's quads for the report (``quads_after``); an embedded
        store counts by reading every quad (2 s at a million events), so a
        caller that shows no summary passes False.
    extract_in_worker : bool
        Extract in one worker process while this one reads and writes (above).

    Returns
    -------
    BuildReport
    """
    report = BuildReport()
    own = kg_store is None
    target = kg_store if kg_store is not None else open_store(store)
    try:
        session = _LoadSession(target, report, force, progress)
        from ..extract.pipeline import extract_documents

        documents = iter_documents(inputs, lines=lines, date=date, strict=strict, report=report.read,
                                   reject=unparseable)
        if scheduler or workers:
            from ..extract.pipeline import extraction_stream

            results = extraction_stream(session.changed(documents), model=model, batch_size=batch_size,
                                        scheduler=scheduler, workers=workers, actions=actions)
        elif extract_in_worker and n_process == 1 and _pipelines(target):
            from ..extract.parallel import extract_in_processes

            # one worker process loads the model and extracts while this one reads the derived data
            # (before its first write) and then writes each batch as the worker extracts the next
            results = extract_in_processes(session.changed(documents), model=model, n_process=1,
                                           batch_size=batch_size, actions=actions, preload=False,
                                           while_first_batch=session.read_derived)
        else:
            results = extract_documents(session.changed(documents), model=model, n_process=n_process,
                                        batch_size=batch_size, actions=actions)
        if min_confidence:
            results = _confident(results, min_confidence)
        with closing(results):  # stops worker processes / the Dask cluster even on errors
            load_results(target, session.marked(results), report, progress)
        session.finish(curation, count_quads)
    finally:
        if own:
            target.close()
    return report


class _LoadSession:
    """What every write of documents into a store shares, whether extracted (build) or read (load).

    Unchanged documents are skipped by content hash; links are marked stale
    before the first write (a run killed after it relinks next time); at the
    end the touched actors' descriptions, links, curation and the event
    summary are refreshed.
    """

    def __init__(self, target: Store, report: BuildReport, force: bool,
                 progress: Callable[[int], None] | None) -> None:
        from .maintenance import links_pending

        self.target, self.report, self.force, self.progress = target, report, force, progress
        self.known: dict[str, str] = {}  # content hashes of the incoming documents the store holds
        # what the derived data said before the first write empties it (read by read_derived)
        self.rows_before: EventRows | None = None
        self.actors_before: ActorCache | None = None
        self.previous: Previous | None = None
        self._derived_read = False
        self.gone_votes: dict = {}  # the country votes of the documents replaced, read before they are replaced
        self.gone_said: dict = {}  # and what they said of their actors
        self.written: set[str] = set()  # graph IRIs of the documents written
        self.interrupted = links_pending(target)  # an earlier build or removal died before its refresh

    def read_derived(self) -> None:
        """Read the derived data as it was, once a document is to be written and before the first write.

        The events per document, so the summary follows the change instead
        of counting every event again; the actors' descriptions and country
        votes, so the links and the summary read again only the actors this
        change touches (with force, every document may be replaced unseen:
        none); and the table they were merged into. A build that changes
        nothing reads none of it (0.6 s at a million events).
        """
        if self._derived_read:
            return
        from ..graph.summary import read_before_write

        self._derived_read = True
        self.rows_before, self.actors_before, self.previous = read_before_write(self.target, actors=not self.force)

    def changed(self, docs: Iterable[Document]) -> Iterator[Document]:
        """``docs`` without the ones the store already holds unchanged.

        Their stored hashes are looked up by id, a parser batch at a time
        (reading every document's took 3 s at 100,000 documents).
        """
        return self._unchanged_left_out(docs, lambda doc: doc)

    def changed_results(self, results: Iterable) -> Iterator:
        """Read records (``kg load``) without those whose document the store holds unchanged."""
        return self._unchanged_left_out(results, lambda result: result.document)

    def _unchanged_left_out(self, items: Iterable, document_of: Callable) -> Iterator:
        chunk: list = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= _HASH_LOOKUP:
                yield from self._changed_in(chunk, document_of)
                chunk = []
        yield from self._changed_in(chunk, document_of)

    def _changed_in(self, items: list, document_of: Callable) -> Iterator:
        from ..graph.actor_cache import document_said, document_votes
        from .entities import mentioned_by

        if not self.force and items:
            ids = [document_of(item).id for item in items]
            self.known.update(hashes_of(self.target, [i for i in ids if i not in self.known]))
        for item in items:
            doc = document_of(item)
            if self.known.get(doc.id) == content_hash(doc):
                self.report.unchanged += 1
                if self.progress:
                    self.progress(1)
                continue
            # replaced (known only without force): the actors its old version described are touched too, and
            # its old votes go (used if there is an actor cache to follow)
            if doc.id in self.known:
                self.report.touched.update(mentioned_by(self.target, [doc.id]))
                for iri, votes in document_votes(self.target, [doc_iri(doc.id)]).items():
                    self.gone_votes.setdefault(iri, Counter()).update(votes)
                for iri, said in document_said(self.target, [doc_iri(doc.id)]).items():
                    self.gone_said.setdefault(iri, Counter()).update(said)
            yield item

    def marked(self, results: Iterable) -> Iterator:
        """``results``, with the links marked stale before the first one is written."""
        from .maintenance import mark_links_stale

        for n, result in enumerate(results):
            if n == 0:
                self.read_derived()
                mark_links_stale(self.target)
            self.written.add(doc_iri(result.document.id))
            yield result

    def finish(self, curation: str | None, count_quads: bool = True) -> None:
        from ..graph.actor_cache import ActorChange
        from ..graph.curation import refresh_curation
        from ..graph.summary import refresh_summary
        from .maintenance import links_pending, refresh_derived

        # a run that died after loading left no record of what it touched: then every actor is rebuilt
        change = ActorChange(self.actors_before, None if self.interrupted else self.report.touched,
                             self.gone_votes, set(self.written), gone_said=self.gone_said)
        if self.report.loaded or self.force or links_pending(self.target):
            self.written |= refresh_derived(self.target, change, None if self.interrupted or self.force
                                            else set(self.written))
        refresh_curation(self.target, curation)  # the analyst's decisions hold after every build
        # the event counts analysis reads (rewritten only when missing): the written documents' events
        # read again, the others' kept from before; the actors as the links left them
        refresh_summary(self.target, self.rows_before, self.written, change.after or self.actors_before,
                        self.previous)
        self.report.quads_after = self.target.quad_count() if count_quads else None


def load_files(paths: Iterable[str], fmt: str, *, kg_store: Store, mapping: dict[str, str] | None = None,
               strict: bool = False, force: bool = False, progress: Callable[[int], None] | None = None,
               curation: str | None = None) -> BuildReport:
    """Load existing event data (``kg load``): see :mod:`kg.ingest.loading` for the formats.

    The same guarantees as :func:`build`: unchanged documents are skipped,
    changed ones replaced whole, links, curation and the summary refreshed.
    """
    from .loading import read_records

    report = BuildReport()
    session = _LoadSession(kg_store, report, force, progress)

    def records() -> Iterator:
        for path in paths:
            yield from read_records(path, fmt, report.read, mapping=mapping, strict=strict)

    load_results(kg_store, session.marked(session.changed_results(records())), report, progress)
    session.finish(curation)
    return report
