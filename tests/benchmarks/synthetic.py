"""Synthetic extraction results for the load and analysis benchmarks.

Two sources, both streamed (nothing holds the whole set in memory):

* :func:`replicated_results` repeats real results (from extracting the
  shared eval texts once) under new document ids, so quads look exactly like
  a real build's;
* :func:`synthetic_results` makes a news-like actor graph of any size:
  ``n_actors`` actors, ``n_events`` events in documents of
  ``events_per_doc``, actors drawn with a Zipf-like law (a few actors are in
  many events, most in a handful), 90% of events with a target, PLOVER
  categories, dates over 2025-2026.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import random
from itertools import accumulate
from typing import Iterable, Iterator

from kg.extract.pipeline import ExtractionResult
from kg.model import Action, Document, EntityRef, Triple

__all__ = ["actor_ref", "replicated_results", "synthetic_results"]

_TYPES = ("Person", "Organization", "Country", "Group", "Location")
_COUNTRIES = ("USA", "ECU", "SEN", "PRT", "ESP", "FRA", "GBR", "COL", "MEX", None)
_ACTIONS = (("attacked", "attack", "ASSAULT"), ("met", "meet", "CONSULT"), ("accused", "accuse", "ACCUSE"),
            ("sanctioned", "sanction", "SANCTION"), ("supported", "support", "SUPPORT"),
            ("threatened", "threaten", "THREATEN"), ("arrested", "arrest", "COERCE"),
            ("signed with", "sign", "AGREE"), ("criticised", "criticise", "DISAPPROVE"),
            ("visited", "visit", None))


def replicated_results(results: list[ExtractionResult], copies: int) -> Iterator[ExtractionResult]:
    """``results`` repeated ``copies`` times, each copy under new document ids (``<id>~<copy>``)."""
    for copy in range(copies):
        for r in results:
            doc = dataclasses.replace(r.document, id=f"{r.document.id}~{copy}")
            triples = [dataclasses.replace(t, doc=doc.id) for t in r.triples]
            yield dataclasses.replace(r, document=doc, triples=triples)


def actor_ref(i: int) -> EntityRef:
    """The ``i``-th synthetic actor."""
    type_ = _TYPES[i % len(_TYPES)]
    label = f"Actor {i}"
    return EntityRef(text=label, id=f"{type_}/actor-{i}", label=label, type=type_,
                     country=_COUNTRIES[i % len(_COUNTRIES)], aliases=[f"A{i}"] if i % 7 == 0 else [])


def synthetic_results(n_actors: int, n_events: int, *, events_per_doc: int = 10,
                      seed: int = 7) -> Iterator[ExtractionResult]:
    """A news-like event graph of ``n_actors`` actors and ``n_events`` events (see module docs)."""
    rng = random.Random(seed)
    cum = list(accumulate(1.0 / (i + 1) ** 0.8 for i in range(n_actors)))
    start = dt.date(2025, 1, 1)
    n_docs = (n_events + events_per_doc - 1) // events_per_doc
    for d in range(n_docs):
        doc_id = f"synthetic/{d}"
        date = (start + dt.timedelta(days=d * 730 // max(1, n_docs))).isoformat()
        count = min(events_per_doc, n_events - d * events_per_doc)
        subjects = rng.choices(range(n_actors), cum_weights=cum, k=count)
        objects = rng.choices(range(n_actors), cum_weights=cum, k=count)
        triples, entities = [], {}
        for k, (s, o) in enumerate(zip(subjects, objects)):
            if o == s:
                o = (s + 1) % n_actors
            subject = entities.setdefault(s, actor_ref(s))
            obj = entities.setdefault(o, actor_ref(o)) if rng.random() < 0.9 else None
            text, lemma, category = _ACTIONS[rng.randrange(len(_ACTIONS))]
            sentence = f"{subject.label} {text} {obj.label if obj else 'the area'} on {date}."
            triples.append(Triple(doc=doc_id, sentence=k, text=sentence, span=(k * 80, k * 80 + len(sentence)),
                                  subject=subject, action=Action(text, lemma, category), object=obj,
                                  date=date, confidence=round(0.5 + rng.random() / 2, 3)))
        document = Document(doc_id, f"(synthetic document {d})", date=date)
        yield ExtractionResult(document, triples, list(entities.values()), sentences=count)


def count_events(results: Iterable[ExtractionResult]) -> int:
    """Number of triples in ``results`` (consumes the iterable)."""
    return sum(len(r.triples) for r in results)
