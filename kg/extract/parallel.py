"""Extraction spread over processes: a local process pool, or a Dask cluster.

spaCy's own ``nlp.pipe(n_process=N)`` parallelises the parse only: the
workers send every parsed ``Doc`` back as bytes and kg's rules then run in
the parent, one document at a time, so the rules (and the ``Doc``
deserialisation) never scale past one core. Here each worker runs the whole
extraction, ``nlp.pipe`` *and* the rules, on a batch of documents and sends
back only the small results (triples, entities, sentence count); the parent
re-attaches its own :class:`~kg.model.Document` objects.

Both back ends stream: at most ``window`` batches are submitted or waiting
to be yielded at any time, so a corpus of any size goes through in
constant memory, and results come back in input order (completed batches
that overtake a slower one wait in a small buffer). Input order makes a
parallel build load the store exactly as a single-process one does,
including which label wins when two documents name an actor differently.
Each worker process loads the spaCy model once (``load_nlp`` is cached per
process) and keeps it for every later batch.
"""
from __future__ import annotations

import logging
import os
from collections import deque
from contextlib import contextmanager
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..errors import KgError
from ..model import Document
from ..processes import die_with_parent
from .serial import ExtractionResult, extract_serially

__all__ = ["dask_client", "extract_batch", "extract_in_processes", "extract_on_dask"]

#: What a worker sends back per document: (triples, entities, sentences).
_Compact = tuple[list, list, int]


def extract_batch(model: str, documents: list[Document], batch_size: int = 64,
                  actions: tuple[str, ...] = ()) -> list[_Compact]:
    """Extract a batch of documents in this process (the task every worker runs).

    Returns one ``(triples, entities, sentences)`` tuple per document, in order;
    the text is not sent back.
    """
    return [(r.triples, r.entities, r.sentences)
            for r in extract_serially(documents, model=model, batch_size=batch_size, n_process=1, actions=actions)]


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(documents)
    while batch := list(islice(it, size)):
        yield batch


def _results(batch: list[Document], compact: list[_Compact]) -> Iterator[ExtractionResult]:
    for document, (triples, entities, sentences) in zip(batch, compact):
        yield ExtractionResult(document, triples, entities, sentences)


def extract_in_processes(documents: Iterable[Document], *, model: str, n_process: int,
                         batch_size: int = 64, window: int | None = None,
                         actions: Sequence[str] = (), preload: bool = True,
                         while_first_batch: Callable[[], None] | None = None) -> Iterator[ExtractionResult]:
    """Extract with ``n_process`` worker processes, yielding results in input order.

    The parent loads the model first (a missing model fails here, with the
    install command) and the workers are forked from it, as spaCy's own
    ``n_process`` does: they share the loaded model copy-on-write, need no
    ``if __name__ == "__main__"`` guard in the calling script, and inherit
    the parent's hash seed, so anything derived from ``hash()`` comes out
    as in a single-process run. With ``preload`` False and the model not
    yet loaded here, the worker loads it (a missing model then fails at the
    first result) while the parent gets on with its own work.

    Parameters
    ----------
    documents : iterable of Document
    model : str
        spaCy pipeline package name.
    n_process : int
        Worker processes.
    batch_size : int
        Documents per task.
    window : int, optional
        Tasks submitted ahead (default ``3 * n_process``); bounds memory.
    actions : sequence of str
        Action lexicon files merged over the bundled one, in every worker.
    preload : bool
        Load the model in the parent before forking (see above).
    while_first_batch : callable, optional
        Called once, when the first batches are submitted and before the
        first result is awaited: work the caller can do while the workers
        load the model and extract (a build reads its derived data then).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from .nlp import load_nlp

    if preload:
        load_nlp(model)
    window = window or 3 * n_process
    context = multiprocessing.get_context("fork")
    pending: deque[tuple[list[Document], Any]] = deque()
    executor = ProcessPoolExecutor(max_workers=n_process, mp_context=context, initializer=die_with_parent,
                                   initargs=(os.getpid(),))
    try:
        for batch in _batches(documents, batch_size):
            pending.append((batch, executor.submit(extract_batch, model, batch, batch_size, tuple(actions))))
            if len(pending) >= window:
                if while_first_batch is not None:
                    while_first_batch, call = None, while_first_batch
                    call()
                done, future = pending.popleft()
                yield from _results(done, future.result())
        if pending and while_first_batch is not None:
            while_first_batch()
        while pending:
            done, future = pending.popleft()
            yield from _results(done, future.result())
    finally:
        for _, future in pending:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """A Dask ``Client``: connected to ``scheduler``, or to a new LocalCluster of ``workers`` processes.

    Raises
    ------
    KgError
        If ``dask[distributed]`` is not installed, or neither argument is given.
    """
    try:
        from distributed import Client, LocalCluster
    except ModuleNotFoundError as exc:
        raise KgError("distributed extraction needs Dask; install it with: pip install 'kg[dask]'") from exc
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    if not workers:
        raise KgError("give a Dask scheduler address or a number of local workers")
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def extract_on_dask(documents: Iterable[Document], *, client: Any, model: str, batch_size: int = 64,
                    window: int | None = None, actions: Sequence[str] = ()) -> Iterator[ExtractionResult]:
    """Extract on a Dask cluster, yielding results in input order as batches complete.

    Batches are submitted ahead (``window``, default 3 per worker thread) and
    gathered with ``as_completed``; a batch that finishes before an earlier
    one waits in a buffer that counts against the window, so memory stays
    bounded even when one batch is slow. Workers need kg and the model
    installed, and the ``actions`` lexicon files at the same paths; each
    loads the model on its first batch and keeps it.
    """
    from distributed import as_completed

    threads = sum(client.nthreads().values()) or 1
    window = window or 3 * threads
    batches = _batches(documents, batch_size)
    inputs: dict[int, list[Document]] = {}
    index_of: dict[str, int] = {}
    live: dict[str, Any] = {}
    finished: dict[int, list[_Compact]] = {}
    futures = as_completed()
    submitted = 0
    next_out = 0

    def submit_more() -> None:
        nonlocal submitted
        while len(index_of) + len(finished) < window:
            batch = next(batches, None)
            if batch is None:
                return
            future = client.submit(extract_batch, model, batch, batch_size, tuple(actions), pure=False)
            inputs[submitted] = batch
            index_of[future.key] = submitted
            live[future.key] = future
            futures.add(future)
            submitted += 1

    submit_more()
    try:
        for future in futures:
            index = index_of.pop(future.key)
            finished[index] = future.result()
            del live[future.key]
            future.release()
            while next_out in finished:
                yield from _results(inputs.pop(next_out), finished.pop(next_out))
                next_out += 1
            submit_more()
    finally:
        futures.clear()
        if live:  # stopped early (error or consumer gone): drop the work still queued
            client.cancel(list(live.values()))
