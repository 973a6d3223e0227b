"""``kg build`` (module named builder so ``kg.build`` stays the function): documents in, a loaded store (and a graph page) out.

Incremental by content hash: a document whose text and metadata are
unchanged since the last build is skipped before parsing; a changed one has
its named graph replaced in one Oxigraph transaction, so a build can be
re-run every day on a growing folder without duplicating anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .documents import ReadReport, iter_documents
from .extract.nlp import DEFAULT_MODEL
from .model import Document, EntityRef
from .rdf import content_hash, document_quads, entity_quads
from .store import KgStore, open_store

__all__ = ["BuildReport", "build", "load_results"]


@dataclass
class BuildReport:
    """What a build did, for the summary line and for tests."""

    read: ReadReport = field(default_factory=ReadReport)
    unchanged: int = 0
    loaded: int = 0
    triples: int = 0
    events: int = 0
    quads_before: int = 0
    quads_after: int = 0

    def summary(self) -> str:
        return (f"{self.read.summary()}; {self.loaded} loaded, {self.unchanged} unchanged; "
                f"{self.triples} triples, {self.events} events; store has {self.quads_after} quads")


def _merged_entities(mentioned: list[EntityRef], seen: list[EntityRef]) -> list[EntityRef]:
    """Mentioned entities with the aliases the document's name clusters found for them."""
    aliases = {e.id: set(e.aliases) for e in seen}
    out = []
    for e in mentioned:
        merged = set(e.aliases) | aliases.get(e.id, set())
        out.append(EntityRef(text=e.text, id=e.id, label=e.label, type=e.type, country=e.country,
                             aliases=sorted(merged)))
    return out


def load_results(store: KgStore, results: Iterable, report: BuildReport,
                 progress: Callable[[int], None] | None = None) -> None:
    """Write extraction results into the store, one document graph per transaction."""
    for result in results:
        quads, mentioned = document_quads(result)
        entities = _merged_entities(mentioned, result.entities)
        store.replace_document(result.document.id, quads, entity_quads(entities))
        report.loaded += 1
        report.triples += len(result.triples)
        report.events += sum(1 for q in quads if q.predicate.value.endswith("#actor"))
        if progress:
            progress(1)


def build(inputs: Iterable[str], *, store: str | None = None, model: str = DEFAULT_MODEL,
          lines: bool = False, date: str | None = None, strict: bool = False,
          n_process: int = 1, batch_size: int = 64, force: bool = False,
          progress: Callable[[int], None] | None = None, kg_store: KgStore | None = None) -> BuildReport:
    """Extract every document under ``inputs`` and load it into the store.

    Parameters
    ----------
    inputs : iterable of str
        Files, directories or ``-`` (see :func:`kg.documents.iter_documents`).
    store : str, optional
        Store location (directory, ``memory``); default ``$KG_STORE`` or ``output/store``.
    force : bool
        Re-extract documents even when their content hash is unchanged.
    kg_store : KgStore, optional
        An already open store to load into (then ``store`` is ignored and it is left open).

    Returns
    -------
    BuildReport
    """
    report = BuildReport()
    own = kg_store is None
    target = kg_store if kg_store is not None else open_store(store)
    try:
        report.quads_before = target.quad_count()
        known = {} if force else target.document_hashes()

        def changed(docs: Iterable[Document]) -> Iterator[Document]:
            for doc in docs:
                if known.get(doc.id) == content_hash(doc):
                    report.unchanged += 1
                    if progress:
                        progress(1)
                    continue
                yield doc

        from .extract.pipeline import extract_documents

        documents = iter_documents(inputs, lines=lines, date=date, strict=strict, report=report.read)
        results = extract_documents(changed(documents), model=model, n_process=n_process,
                                    batch_size=batch_size)
        load_results(target, results, report, progress)
        if report.loaded or force:
            from .linking import refresh_links

            refresh_links(target)
        report.quads_after = target.quad_count()
    finally:
        if own:
            target.close()
    return report
