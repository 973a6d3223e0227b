"""The store's events as the documents wrote them, counted (per document when asked): what the event table is merged from.

Why apart from the table (:mod:`kg.graph.table`): the table counts events
between actors *as analysis sees them* (short names merged into full names,
curation applied), and any build may change that. These rows count events
between the IRIs the documents wrote, so they change only where documents
change. Counted per document, they let the summary follow a build or a
removal (:mod:`kg.graph.summary`): drop the rows of the documents it replaced
or removed, read only the new documents' events
(:meth:`EventRows.read` with ``docs``), and merge the actors again with NumPy
(:meth:`EventRows.merged`), instead of counting a million events again.

Rows are distinct (document, actor, target, date, category, confidence,
copy, lemma, negated) with their number of events, as index arrays into
``docs``, ``iris``, ``dates``, ``categories``, ``confidences`` and
``lemmas`` (``-1``: none; ``doc`` is -1 everywhere when the rows were not
counted per document). An event whose doer the text does not say
(``kg:AgentlessEvent``) has actor -1 and a target.

Lemma and negation are what a graph page groups an edge's events by
(:mod:`kg.views.edges`): counted per document, they let the page count
its edges' groups and read only the few events whose evidence it shows
(:mod:`kg.graph.edge_groups`). Only rows counted per document have them
(the summary's); rows counted for a view alone leave them out (lemma -1,
not negated), as the table does not use them.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Collection, Iterable

import numpy as np

from .. import vocab as V
from ..heap import paused_gc
from ..store.base import Store
from .int_grid import unique_rows
from .reprints import REPRINT_GRAPH

__all__ = ["EventRows", "ROW_ARRAYS", "COLUMNS"]

#: The columns beyond actor and target; rows read for one view may leave out those it does not need.
COLUMNS = frozenset({"date", "category", "confidence"})
#: The integer columns of the rows, in the order they are saved.
ROW_ARRAYS = ("doc", "actor", "target", "date", "category", "confidence", "copy", "lemma", "negated", "count")
_ORDER = ("date", "category", "confidence")

# Each pattern is its own sub-SELECT joined on ?e: Oxigraph hash-joins whole-predicate scans instead of
# one index lookup per event (5x less CPU at 1M events).
_PATTERNS = {
    "target": "OPTIONAL { SELECT ?e ?target WHERE { GRAPH ?g { ?e kg:target ?target } } }",
    "date": "OPTIONAL { SELECT ?e ?date WHERE { GRAPH ?g { ?e kg:date ?date } } }",
    "category": "OPTIONAL { SELECT ?e ?cat WHERE { GRAPH ?g { ?e kg:category ?cat } } }",
    "confidence": "OPTIONAL { SELECT ?e ?conf WHERE { GRAPH ?g { ?e kg:confidence ?conf } } }",
    "copy": "OPTIONAL { SELECT ?e ?copied WHERE { GRAPH <%s> { ?e kg:copyOf ?copied } } }" % REPRINT_GRAPH,
    "lemma": "OPTIONAL { SELECT ?e ?lemma WHERE { GRAPH ?g { ?e kg:lemma ?lemma } } }",
    "negated": "OPTIONAL { SELECT ?e ?negated WHERE { GRAPH ?g { ?e kg:negated ?negated } } }",
}
# The same properties looked up event by event: for the events of a few documents (a build's delta). The
# documents' events come from a sub-SELECT: with the VALUES beside GRAPH ?g { ... OPTIONAL ... } instead,
# Oxigraph scanned every event of the store (24 s for 50 documents of 1M events; 0.02 s this way).
_LOOKUPS = {"target": "OPTIONAL { GRAPH ?g { ?e kg:target ?target } }", "date": "OPTIONAL { GRAPH ?g { ?e kg:date ?date } }",
            "category": "OPTIONAL { GRAPH ?g { ?e kg:category ?cat } }",
            "confidence": "OPTIONAL { GRAPH ?g { ?e kg:confidence ?conf } }",
            "lemma": "OPTIONAL { GRAPH ?g { ?e kg:lemma ?lemma } }",
            "negated": "OPTIONAL { GRAPH ?g { ?e kg:negated ?negated } }"}
_TEXT = {"target": 'COALESCE(STR(?target), "")', "date": 'COALESCE(STR(?date), "")',
         "category": 'COALESCE(STRAFTER(STR(?cat), "%s"), "")' % V.ACT, "confidence": 'COALESCE(STR(?conf), "")',
         "copy": 'IF(BOUND(?copied), "1", "0")', "negated": 'COALESCE(STR(?negated), "")',
         # last on its line, so it may hold spaces; a line break in it would start a line of its own
         "lemma": 'COALESCE(REPLACE(STR(?lemma), "\\n", " "), "")'}
_VARIABLE = {"target": "?target", "date": "?date", "category": "?cat", "confidence": "?conf", "lemma": "?lemma",
             "negated": "?negated"}
#: Read only with the rows of each document (the summary's), which a graph page groups by.
_PAGE_COLUMNS = ("negated", "lemma")
#: Every event with its actor, and the events without one ("14 people were killed": a kg:AgentlessEvent,
#: counted for its target alone) with ?actor unbound.
_DOERS = "GRAPH ?g { { ?e kg:actor ?actor } UNION { ?e a kg:AgentlessEvent } }"


def _names(columns: frozenset[str]) -> list[str]:
    return ["target", *sorted(columns, key=_ORDER.index)]


def _lines_query(columns: frozenset[str], per_document: bool) -> str:
    """One row per actor (or per document) with its events as text lines, for the embedded store.

    Per actor: "target date category confidence copy" (missing columns
    empty), so each actor IRI is decoded once (1.6x faster than one row per
    group); per document: the actor first, then negation and lemma last.
    """
    names = _names(columns)
    key = "?g" if per_document else "?actor"
    page = _PAGE_COLUMNS if per_document else ()
    fields = (['COALESCE(STR(?actor), "")'] if per_document else []) + \
        [_TEXT[n] if n in names else '""' for n in ("target", *_ORDER)] + [_TEXT["copy"]] + [_TEXT[n] for n in page]
    where = "{ SELECT ?e ?actor ?g WHERE { %s } }\n  " % _DOERS + \
        "\n  ".join(_PATTERNS[n] for n in [*names, "copy", *page])
    concat = ', " ", '.join(fields)
    return (V.PREFIXES + f"SELECT {key} (GROUP_CONCAT(CONCAT({concat}); SEPARATOR=\"\\n\") AS ?events)\n"
            f"WHERE {{\n  {where}\n}} GROUP BY {key}")


def _grouped_query(columns: frozenset[str], per_document: bool, docs: list[str] | None) -> str:
    """The plain ``GROUP BY`` form: for a server (which may cut ``GROUP_CONCAT`` short) and for a few documents."""
    names = _names(columns)
    page = _PAGE_COLUMNS if per_document else ()
    variables = " ".join(_VARIABLE[n] if n in names else '("" AS ?%s)' % n for n in ("target", *_ORDER)) + \
        "".join(f" {_VARIABLE[n]}" if n in page else f' ("" AS ?{n})' for n in _PAGE_COLUMNS)
    grouped = " ".join(_VARIABLE[n] for n in [*names, *page])
    if docs is not None:
        values = " ".join(f"<{d}>" for d in docs) or f"<{V.ID}none>"
        where = (f"{{ SELECT ?g ?e ?actor WHERE {{ VALUES ?g {{ {values} }} {_DOERS} }} }}\n  "
                 + "\n  ".join(_LOOKUPS[n] for n in [*names, *page])
                 + f"\n  OPTIONAL {{ GRAPH <{REPRINT_GRAPH}> {{ ?e kg:copyOf ?copied }} }}")
    else:
        where = "{ SELECT ?e ?actor ?g WHERE { %s } }\n  " % _DOERS + \
            "\n  ".join(_PATTERNS[n] for n in [*names, "copy", *page])
    doc = "?g" if per_document else '("" AS ?doc)'
    return (V.PREFIXES + f"SELECT {doc} ?actor {variables} ?copy (COUNT(*) AS ?n)\nWHERE {{\n  {where}\n}} "
            f"GROUP BY {'?g ' if per_document else ''}?actor {grouped} (BOUND(?copied) AS ?copy)")


@dataclass
class EventRows:
    """Events counted per (document, actor IRI, target IRI, date, category, confidence, copy, lemma, negated)."""

    docs: list[str]
    iris: list[str]
    dates: list[str]
    categories: list[str]
    confidences: list[float]
    doc: np.ndarray
    actor: np.ndarray
    target: np.ndarray
    date: np.ndarray
    category: np.ndarray
    confidence: np.ndarray
    #: 1 for events that repeat an event of an earlier document of their story (:mod:`kg.graph.reprints`)
    copy: np.ndarray
    count: np.ndarray
    #: The action's lemma (index into ``lemmas``; -1 when not counted per document)
    lemma: np.ndarray
    #: 1 for negated events ("did not attack")
    negated: np.ndarray
    lemmas: list[str]
    #: The columns counted (a column left out reads as "none" everywhere).
    columns: frozenset[str] = COLUMNS

    @classmethod
    def read(cls, store: Store, columns: frozenset[str] = COLUMNS, *, per_document: bool = False,
             docs: Iterable[str] | None = None) -> "EventRows":
        """Count the store's events with one SPARQL query.

        ``per_document``: keep the documents apart (what the summary keeps).
        ``docs`` (document IRIs, implies ``per_document``): only these
        documents' events, looked up event by event (a build's new documents).
        """
        columns = frozenset(columns)
        parsed = _Parsed()
        if docs is not None:
            docs = sorted(set(docs))
            for start in range(0, len(docs), 500):
                query = _grouped_query(columns, True, docs[start:start + 500])
                for row in store.query(query, prefixes=False, allow_service=True).rows:
                    parsed.add(*row)
        elif store.full_group_concat:
            for key, lines in store.query(_lines_query(columns, per_document), prefixes=False).rows:
                parsed.add_lines(key, lines or "", per_document)
        else:
            for row in store.query(_grouped_query(columns, per_document, None), prefixes=False).rows:
                parsed.add(*row)
        return parsed.rows(columns)

    # -- following a change ------------------------------------------------------------
    def without(self, docs: Collection[str]) -> "EventRows":
        """These rows without those of ``docs`` (document IRIs)."""
        return self._where(docs, False)

    def only(self, docs: Collection[str]) -> "EventRows":
        """Only the rows of ``docs`` (document IRIs), in the same value lists."""
        return self._where(docs, True)

    def _where(self, docs: Collection[str], inside: bool) -> "EventRows":
        listed = np.array([d in docs for d in self.docs] + [False], dtype=bool)
        return self.selected(listed[self.doc] if inside else ~listed[self.doc])

    def selected(self, keep: np.ndarray) -> "EventRows":
        """The rows ``keep`` (a boolean array, one per row) selects, in the same value lists."""
        return replace(self, **{name: getattr(self, name)[keep] for name in ROW_ARRAYS})

    def plus(self, other: "EventRows") -> "EventRows":
        """These rows and ``other``'s (of other documents), in one set of value lists."""
        if self.columns != other.columns:
            raise ValueError("rows counted with different columns cannot be added")
        tables = {}
        arrays = {name: [getattr(self, name)] for name in ROW_ARRAYS}
        for values, name in (("docs", "doc"), ("iris", "actor"), ("iris", "target"), ("dates", "date"),
                             ("categories", "category"), ("confidences", "confidence"), ("lemmas", "lemma")):
            if values not in tables:  # (built once: "iris" codes both actor and target)
                own = getattr(self, values)
                tables[values] = dict(zip(own, range(len(own))))
            index = tables[values]
            codes = np.array([index.setdefault(v, len(index)) for v in getattr(other, values)] + [-1], dtype=np.int64)
            arrays[name].append(codes[getattr(other, name)])
        for name in ("copy", "negated", "count"):
            arrays[name].append(getattr(other, name))
        return EventRows(**{values: list(index) for values, index in tables.items()},
                         **{name: np.concatenate(parts) for name, parts in arrays.items()}, columns=self.columns)


class _Parsed:
    """The events as the store lists them, factorised: each distinct IRI and (date, category,
    confidence, copy) is handled once, then the rows are counted with NumPy (a million events in seconds)."""

    def __init__(self) -> None:
        self.docs: list[str] = []
        self.actors: list[str] = []
        self.targets: list[str] = []
        self.rests: list[Any] = []  # "date category confidence copy[ negated lemma]" text, or a tuple of the six
        self.counts: list[int] = []

    def add_lines(self, key: str, lines: str, per_document: bool) -> None:
        """One ``GROUP_CONCAT`` row: an actor's "target rest" lines, or a document's "actor target rest" lines."""
        if not lines:
            return
        before = len(self.targets)
        for line in lines.split("\n"):
            if per_document:
                parts = line.split(" ", 2)
                if len(parts) < 3 or parts[2].count(" ") < 5:  # (a lemma's line breaks are replaced by the query)
                    continue
                actor, target, rest = parts
                self.actors.append(actor)
            else:
                target, _, rest = line.partition(" ")
            self.targets.append(target)
            self.rests.append(rest)
        n = len(self.targets) - before
        self.counts.extend([1] * n)
        if per_document:
            self.docs.extend([key] * n)
        else:
            self.actors.extend([key or ""] * n)
            self.docs.extend([""] * n)

    def add(self, doc: str | None, actor: str | None, target: str | None, date: Any, cat: str | None, conf: Any,
            negated: Any, lemma: Any, copy: Any, n: Any) -> None:
        """One counted group of the plain ``GROUP BY`` form."""
        self.docs.append(doc or "")
        self.actors.append(actor or "")
        self.targets.append(target or "")
        self.rests.append((date, cat[len(V.ACT):] if cat else None, conf, copy in (True, "true", "1"),
                           negated, str(lemma or "").replace("\n", " ")))
        self.counts.append(int(n))

    def rows(self, columns: frozenset[str]) -> EventRows:
        with paused_gc():
            doc_codes, docs = _factorise(self.docs)
            iris: dict[str, int] = {}
            actor_codes, actors = _factorise(self.actors)
            target_codes, targets = _factorise(self.targets)
            actor_iri = np.array([iris.setdefault(a, len(iris)) if a else -1 for a in actors], dtype=np.int64)
            target_iri = np.array([iris.setdefault(t, len(iris)) if t else -1 for t in targets], dtype=np.int64)
            rest_codes, rests = _factorise(self.rests)
            dates: dict[str, int] = {}
            categories: dict[str, int] = {}
            confidences: dict[Any, int] = {}  # keyed by the value as the store gave it (text or number)
            lemmas: dict[str, int] = {}
            decoded = []
            for rest in rests:
                if isinstance(rest, str):
                    date, category, conf, copy, *page = rest.split(" ", 5)
                else:
                    date, category, conf, copy, *page = rest
                negated, lemma = page or (None, "")
                decoded.append((dates.setdefault(str(date), len(dates)) if date else -1,
                                categories.setdefault(category, len(categories)) if category else -1,
                                confidences.setdefault(conf, len(confidences)) if conf not in (None, "") else -1,
                                1 if copy in (True, "1") else 0,
                                lemmas.setdefault(lemma, len(lemmas)) if lemma else -1,
                                1 if negated in (True, "true", "1") else 0))
        if docs == [""]:  # not counted per document
            docs = []
        doc_index = np.array(list(range(len(docs))) + [-1], dtype=np.int64)
        parts = np.array(decoded, dtype=np.int64).reshape(-1, 6)[rest_codes]
        rows = np.column_stack([doc_index[doc_codes] if docs else np.full(len(doc_codes), -1, dtype=np.int64),
                                actor_iri[actor_codes], target_iri[target_codes], parts]).reshape(-1, 9)
        rows, inverse = unique_rows(rows)
        count = np.bincount(inverse.ravel(), weights=np.array(self.counts, dtype=np.int64),
                            minlength=len(rows)).astype(np.int64)
        return EventRows(docs=docs, iris=list(iris), dates=list(dates), categories=list(categories),
                         confidences=[float(c) for c in confidences], doc=rows[:, 0].copy(), actor=rows[:, 1].copy(),
                         target=rows[:, 2].copy(), date=rows[:, 3].copy(), category=rows[:, 4].copy(),
                         confidence=rows[:, 5].copy(), copy=rows[:, 6].copy(), lemma=rows[:, 7].copy(),
                         negated=rows[:, 8].copy(), lemmas=list(lemmas), count=count, columns=columns)


def _factorise(values: list) -> tuple[np.ndarray, list]:
    """``(codes, distinct values)``: each value's index among the distinct ones, in first-seen order."""
    index: dict[Any, int] = {}
    codes = [index.setdefault(v, len(index)) for v in values]
    return np.array(codes, dtype=np.int64), list(index)
