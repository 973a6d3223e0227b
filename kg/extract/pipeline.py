"""Stream documents through spaCy and kg's rules into triples: the entry points of extraction.

``nlp.pipe`` does the batching and the rules then run per parsed document
(:mod:`kg.extract.serial`); with ``n_process`` > 1 worker processes each run
both on batches of documents, and with a Dask scheduler or workers the
batches go to a cluster (:mod:`kg.extract.parallel`), so the rules scale with
the parse. Everything is a generator so a corpus of any size streams through
in constant memory.
"""
from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from ..model import Document, Triple
from .nlp import DEFAULT_MODEL
from .parallel import dask_client, extract_in_processes, extract_on_dask
from .serial import ExtractionResult, extract_serially, triples_from_doc

# ExtractionResult and triples_from_doc are re-exported: this module was their home.
__all__ = ["ExtractionResult", "extract", "extract_documents", "extract_text", "extraction_stream",
           "triples_from_doc"]


def extract_documents(documents: Iterable[Document], *, model: str = DEFAULT_MODEL,
                      batch_size: int = 64, n_process: int = 1,
                      actions: Sequence[str] = ()) -> Iterator[ExtractionResult]:
    """Parse and extract each document, yielding one result per document, in input order.

    Parameters
    ----------
    documents : iterable of Document
    model : str
        spaCy pipeline package name.
    batch_size : int
        Documents per ``nlp.pipe`` batch (and per worker task).
    n_process : int
        With more than one, worker processes run the parse *and* the rules on
        batches of documents (see :mod:`kg.extract.parallel`); the results are the
        same as with one process, in the same order.
    actions : sequence of str
        Action lexicon files (Turtle, like ``ontology/actions.ttl``) merged over the bundled one.
    """
    if n_process > 1:
        yield from extract_in_processes(documents, model=model, n_process=n_process, batch_size=batch_size,
                                        actions=actions)
        return
    yield from extract_serially(documents, model=model, batch_size=batch_size, n_process=n_process, actions=actions)


def extraction_stream(documents: Iterable[Document], *, model: str, n_process: int = 1, batch_size: int = 64,
                      scheduler: str | None = None, workers: int | None = None,
                      actions: Sequence[str] = ()) -> Iterator[ExtractionResult]:
    """Pick the back end: a Dask cluster when ``scheduler``/``workers`` is given, else local processes."""
    if scheduler or workers:
        with dask_client(scheduler, workers) as client:
            yield from extract_on_dask(documents, client=client, model=model, batch_size=batch_size, actions=actions)
        return
    yield from extract_documents(documents, model=model, n_process=n_process, batch_size=batch_size, actions=actions)


def extract(documents: Iterable[Document], *, corpus: bool = True, **kwargs) -> Iterator[Triple]:
    """Yield the triples of every document (see :func:`extract_documents` for options).

    With ``corpus`` (the default) names are resolved over all the documents
    first (:func:`kg.extract.consolidate.consolidate`: "Lobato" in one article
    is the "Marta Lobato" of another, one type and country per entity), so
    the triples come once every document is parsed; ``corpus=False`` streams
    each document's triples as soon as it is parsed.

    Examples
    --------
    >>> from kg.model import Document
    >>> triples = list(extract([Document("d1", "The army attacked the rebels.")]))  # doctest: +SKIP
    """
    results = extract_documents(documents, **kwargs)
    if corpus:
        from .consolidate import consolidate

        results = consolidate(results)
    for result in results:
        yield from result.triples


def extract_text(text: str, *, doc_id: str = "text", date: str | None = None,
                 model: str = DEFAULT_MODEL) -> list[Triple]:
    """Extract the triples of one string (a convenience for notebooks and tests)."""
    return list(extract([Document(doc_id, text, date)], model=model))
