"""The actors' descriptions and country votes, kept next to an on-disk store and followed change by change.

Why: after every build or removal, the links (:mod:`kg.graph.links`) and the
event summary's actor table (:mod:`kg.graph.actors`) need every actor's
label, type, aliases and countries, and how many documents place it in each
country. Read with SPARQL that is three whole-store queries (~9 s at 100k
actors and a million events), although a day's change touches a few hundred
actors. So writers keep what those queries give in
``<store>/derived/actors.json`` and follow the change instead
(:meth:`ActorCache.follow`):

* descriptions: the actors the change touched (:func:`kg.ingest.entities.rebuild_entities`
  rewrites exactly those) are read again, the pruned ones dropped, and the
  countries :func:`kg.graph.links.reconcile_countries` writes are applied;
* votes: the removed or replaced documents' votes (read before they go,
  :func:`document_votes`) are taken off, the written documents' added;
* what the documents say of each widely named actor (labels, aliases,
  titles: :data:`WIDELY_NAMED`), from which its description is made, is
  followed the same way (:func:`document_said`), so describing an actor that
  half the store names does not read half the store again.

The result is what reading the store would give (``tests/test_summary_updates.py``
checks it over random sequences of builds, replacements, removals and curation). Like every
derived file it is deleted by any write to the store, so a change made any
other way (``kg query --update``, a crash) means one full reading next time.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple

import orjson

from .. import vocab as V
from ..files import atomic_binary_file
from ..heap import paused_gc
from ..store.base import Store, iri_values

__all__ = ["ActorCache", "ActorChange", "Description", "WIDELY_NAMED", "document_said", "document_votes",
           "labelled_by", "load_actor_cache", "said_of", "save_actor_cache", "widely_named"]

#: Bumped whenever the file's layout or meaning changes.
FORMAT_VERSION = 3
CACHE_NAME = "actors.json"
_STATED = V.KG + "documentCountry"
_log = logging.getLogger(__name__)


class Description(NamedTuple):
    """What ``graph/entities`` says of one actor (countries and aliases sorted)."""

    id: str | None
    label: str | None
    type: str | None
    stated: tuple[str, ...]
    inferred: tuple[str, ...]
    aliases: tuple[str, ...]


# Every quad of the entity graph, or those of some actors (the graph fixed: looked up actor by actor).
_ALL_QUADS = "SELECT ?a ?p ?o WHERE { GRAPH <%s> { ?a ?p ?o } }" % V.ENTITY_GRAPH
_SOME_QUADS = "SELECT ?a ?p ?o WHERE { VALUES ?a { %s } GRAPH <" + V.ENTITY_GRAPH + "> { ?a ?p ?o } }"
# How many documents place each actor in each country (stated and inferred apart); one branch per
# predicate (Oxigraph reads each from its predicate index). A quad is stated once per graph, so
# COUNT(*) counts documents.
_ALL_VOTES = V.PREFIXES + """
SELECT ?a ?p ?c (COUNT(*) AS ?n)
WHERE { { GRAPH ?g { ?a kg:documentCountry ?c } BIND(kg:documentCountry AS ?p) }
        UNION { GRAPH ?g { ?a kg:documentInferredCountry ?c } BIND(kg:documentInferredCountry AS ?p) } }
GROUP BY ?a ?p ?c
"""
_SOME_VOTES = V.PREFIXES + """
SELECT ?a ?p ?c (COUNT(*) AS ?n)
WHERE { { SELECT ?g ?a ?p ?c WHERE { VALUES ?g { %s } GRAPH ?g { ?a ?p ?c } FILTER(?p IN (kg:documentCountry, kg:documentInferredCountry)) } } }
GROUP BY ?a ?p ?c
"""


# What the documents say of each actor (label, alias, title), counted in documents: the whole store
# one predicate per branch, or some documents.
_ALL_SAID = V.PREFIXES + """
SELECT ?a ?p ?o (COUNT(*) AS ?n)
WHERE { { GRAPH ?g { ?a kg:documentLabel ?o } BIND(kg:documentLabel AS ?p) }
        UNION { GRAPH ?g { ?a kg:documentAlias ?o } BIND(kg:documentAlias AS ?p) }
        UNION { GRAPH ?g { ?a kg:documentTitle ?o } BIND(kg:documentTitle AS ?p) } }
GROUP BY ?a ?p ?o
"""
_SOME_SAID = V.PREFIXES + """
SELECT ?a ?p ?o (COUNT(*) AS ?n)
WHERE { { SELECT ?g ?a ?p ?o WHERE { VALUES ?g { %s } GRAPH ?g { ?a ?p ?o }
          FILTER(?p IN (kg:documentLabel, kg:documentAlias, kg:documentTitle)) } } }
GROUP BY ?a ?p ?o
"""


def _add_said(said: dict[str, Counter], rows: Iterable) -> None:
    for iri, pred, value, n in rows:
        said.setdefault(iri, Counter())[(pred[len(V.KG):], str(value))] += int(n)


# The same for given actors, over every document. The predicates as a FILTER, not a second VALUES:
# Oxigraph joins two VALUES blocks with a scan of every quad of every document (39 s for 500 actors in a
# 1M-event store) instead of reading each actor's own quads (0.26 s).
_SAID_OF = V.PREFIXES + """
SELECT ?a ?p ?o (COUNT(*) AS ?n)
WHERE { VALUES ?a { %s } GRAPH ?g { ?a ?p ?o } FILTER(?p IN (kg:documentLabel, kg:documentAlias, kg:documentTitle)) }
GROUP BY ?a ?p ?o
"""


def said_of(store: Store, iris: Iterable[str]) -> dict[str, Counter]:
    """What every document says of these actors (IRIs), counted like :func:`document_said`."""
    said: dict[str, Counter] = {}
    for values in iri_values(sorted(set(iris))):
        _add_said(said, store.query(_SAID_OF % values, prefixes=False, allow_service=True).rows)
    return said


def document_said(store: Store, doc_iris: Iterable[str]) -> dict[str, Counter]:
    """What these documents (graph IRIs) alone say of their actors:
    IRI -> ``Counter({(predicate name, value): documents})`` (see :func:`kg.ingest.entities.description`)."""
    said: dict[str, Counter] = {}
    for values in iri_values(sorted(set(doc_iris))):
        _add_said(said, store.query(_SOME_SAID % values, prefixes=False, allow_service=True).rows)
    return said


#: Actors that at least this many documents label have what the documents say of them kept here
#: (:attr:`ActorCache.said`): describing them again from their documents would read every one of
#: them (0.6 s of a removal touching the most named actors of a 1M-event store). The others'
#: statements are read from their few documents when a change touches them.
WIDELY_NAMED = 50


def labelled_by(said: Mapping[tuple[str, str], int]) -> int:
    """How many documents label an actor, from what they say of it (one label per document)."""
    return sum(n for (kind, _), n in said.items() if kind == "documentLabel")


def widely_named(said: Mapping[str, Mapping]) -> dict[str, Mapping]:
    """The part of ``said`` the cache keeps: the actors at least :data:`WIDELY_NAMED` documents label."""
    return {iri: counts for iri, counts in said.items() if labelled_by(counts) >= WIDELY_NAMED}


def _counted(before: dict[str, Counter], gone: dict[str, Counter],
             new: dict[str, Counter]) -> tuple[dict[str, Counter], set[str]]:
    """``before`` less ``gone`` plus ``new``, and the keys whose counts moved (counters replaced, never changed
    in place: ``before`` is another cache's)."""
    after = dict(before)
    for iri in set(gone) | set(new):
        counter = Counter(after.get(iri, ()))
        counter.subtract(gone.get(iri, Counter()))
        counter.update(new.get(iri, Counter()))
        counter = +counter  # no zero or negative counts left
        if counter:
            after[iri] = counter
        else:
            after.pop(iri, None)
    return after, set(gone) | set(new)


def _add_votes(votes: dict[str, Counter], rows: Iterable) -> None:
    for iri, pred, code, n in rows:
        votes.setdefault(iri, Counter())[(pred == _STATED, code)] += int(n)


def document_votes(store: Store, doc_iris: Iterable[str]) -> dict[str, Counter]:
    """The country votes of these documents (graph IRIs) alone: actor IRI -> ``Counter({(stated?, code): docs})``.

    Writers read them before the documents are removed or replaced, to take
    them off the kept votes afterwards.
    """
    votes: dict[str, Counter] = {}
    docs = sorted(set(doc_iris))
    for values in iri_values(docs):
        _add_votes(votes, store.query(_SOME_VOTES % values, prefixes=False, allow_service=True).rows)
    return votes


def _describe(quads: Iterable) -> dict[str, Description]:
    """Descriptions from ``(actor, predicate, object)`` rows of the entity graph (actors typed kg:Actor only)."""
    facts: dict[str, dict] = {}
    for a, p, o in quads:
        f = facts.setdefault(a, {"actor": False, "id": None, "label": None, "type": None,
                                 "stated": set(), "inferred": set(), "aliases": set()})
        if p == V.RDF + "type":
            if o == V.KG + "Actor":
                f["actor"] = True
            else:
                f["type"] = o[len(V.KG):] if o.startswith(V.KG) else ""
        elif p == V.KG + "entityId":
            f["id"] = str(o)
        elif p == V.SKOS + "prefLabel":
            f["label"] = str(o)
        elif p == V.SKOS + "altLabel":
            f["aliases"].add(str(o))
        elif p == V.KG + "country":
            f["stated"].add(str(o))
        elif p == V.KG + "inferredCountry":
            f["inferred"].add(str(o))
    return {a: Description(f["id"], f["label"], f["type"], tuple(sorted(f["stated"])), tuple(sorted(f["inferred"])),
                           tuple(sorted(f["aliases"]))) for a, f in facts.items() if f["actor"]}


@dataclass
class ActorCache:
    """Every actor's description (actor IRI -> :class:`Description`) and country votes
    (actor IRI -> ``Counter({(stated?, code): documents})``)."""

    descriptions: dict[str, Description] = field(default_factory=dict)
    votes: dict[str, Counter] = field(default_factory=dict)
    #: What the documents say of each widely named actor (:func:`document_said`, :data:`WIDELY_NAMED`),
    #: from which its description is made
    said: dict[str, Counter] = field(default_factory=dict)
    #: For a cache :meth:`follow` made: the cache it followed, and every actor whose description, votes or
    #: statements may differ from that one's (what the event table describes again, :mod:`kg.graph.table_update`).
    followed: "ActorCache | None" = field(default=None, compare=False, repr=False)
    changed: set[str] = field(default_factory=set, compare=False, repr=False)
    #: Ties the cache to the link index saved with it (:mod:`kg.graph.link_index`); None: no index matches.
    token: str | None = field(default=None, compare=False, repr=False)

    def changed_since(self, other: "ActorCache") -> set[str]:
        """The actors whose description, votes or statements may differ between ``other`` and this cache."""
        if self.followed is other:
            return set(self.changed)
        found = {iri for iri, _ in self.descriptions.items() ^ other.descriptions.items()}
        for mine, theirs in ((self.votes, other.votes), (self.said, other.said)):
            for iri in mine.keys() | theirs.keys():
                if mine.get(iri) != theirs.get(iri):
                    found.add(iri)
        return found

    @classmethod
    def read(cls, store: Store) -> "ActorCache":
        """Read every actor's description and votes from the store (the full reading)."""
        votes: dict[str, Counter] = {}
        said: dict[str, Counter] = {}
        _add_votes(votes, store.query(_ALL_VOTES, prefixes=False).rows)
        _add_said(said, store.query(_ALL_SAID, prefixes=False).rows)
        return cls(_describe(store.query(_ALL_QUADS, prefixes=False).rows), votes, widely_named(said))

    def follow(self, store: Store, change: "ActorChange") -> "ActorCache":
        """This cache after ``change``: its touched actors described anew, the counts it moved
        (:meth:`ActorChange.count`) taken over."""
        votes, said, moved = change.count(store)
        descriptions = dict(self.descriptions)
        todo = sorted(set(change.touched or ()))
        for iri in todo:
            descriptions.pop(iri, None)
        for values in iri_values(todo):
            descriptions.update(_describe(store.query(_SOME_QUADS % values, prefixes=False, allow_service=True).rows))
        return ActorCache(descriptions, votes, said, followed=self, changed=set(todo) | moved, token=self.token)

    def entity_rows(self) -> list[tuple[str, str, str, list[str]]]:
        """``(iri, label, type, aliases)`` of every labelled, typed actor, in IRI order (what linking reads)."""
        return [(iri, *row[:2], list(row[2])) for iri in sorted(self.descriptions)
                if (row := self.link_row(iri)) is not None]

    def link_row(self, iri: str) -> tuple[str, str, tuple[str, ...]] | None:
        """``(label, type, aliases)`` of a labelled, typed actor, as linking reads it; None for any other IRI."""
        d = self.descriptions.get(iri)
        return None if d is None or d.label is None or d.type is None else (d.label, d.type, d.aliases)

    def set_country(self, iri: str, code: str, inferred: bool) -> None:
        """Record the one country :func:`kg.graph.links.reconcile_countries` wrote for an actor."""
        d = self.descriptions[iri]
        self.changed.add(iri)
        self.descriptions[iri] = d._replace(stated=() if inferred else (code,), inferred=(code,) if inferred else ())


@dataclass
class ActorChange:
    """What a writer changed, so :func:`kg.graph.links.refresh_links` can follow its actor cache.

    ``before``: the cache as the writer found it (read before its first
    write; None: there was none); ``touched``: the actors whose descriptions
    the change may have rewritten (None: any); ``gone``: the votes of the
    removed and replaced documents (:func:`document_votes`, read before they
    went); ``written``: the graph IRIs of the documents written;
    ``gone_said``: what the removed and replaced documents said of their
    actors (:func:`document_said`, read before they went).
    ``after`` is set by ``refresh_links``: the actors as they now are.
    """

    before: ActorCache | None
    touched: set[str] | None
    gone: dict[str, Counter] = field(default_factory=dict)
    written: set[str] = field(default_factory=set)
    after: ActorCache | None = None
    gone_said: dict[str, Counter] = field(default_factory=dict)
    _counts: tuple | None = field(default=None, repr=False)

    def followable(self) -> bool:
        return self.before is not None and self.touched is not None

    def count(self, store: Store) -> tuple[dict[str, Counter], dict[str, Counter], set[str]]:
        """``(votes, said, moved)`` after the change (the gone documents' off, the written ones' on; read
        once): what the touched actors' descriptions and countries are made from, without reading every
        document that names them again; ``moved``: the actors whose counts changed."""
        if self._counts is None:
            assert self.before is not None
            kept = self.before.said
            votes, voted = _counted(self.before.votes, self.gone, document_votes(store, self.written))
            said, told = _counted(kept, {i: c for i, c in self.gone_said.items() if i in kept},
                                  {i: c for i, c in document_said(store, self.written).items() if i in kept})
            self._counts = (votes, said, voted | told)
        return self._counts

    def settle(self, read: Mapping[str, Mapping]) -> None:
        """Keep what the documents say of the touched actors as :data:`WIDELY_NAMED` decides, once the
        others' statements are ``read`` from their documents (the kept ones fallen below it are let go)."""
        votes, said, moved = self._counts  # type: ignore[misc]
        settled = widely_named({**said, **read})
        self._counts = (votes, settled, moved | set(read) | (said.keys() ^ settled.keys()))


def _path(store: Store) -> Path | None:
    folder = store.derived_dir
    return None if folder is None else folder / CACHE_NAME


_SEP = "\x1f"  # between the countries or aliases of one actor (as the store's GROUP_CONCATs separate them)
_SAID_KINDS = ("documentLabel", "documentAlias", "documentTitle")  # (saved as their index)


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split(_SEP)) if text else ()


def load_actor_cache(store: Store) -> ActorCache | None:
    """The store's saved actor cache, or None (none, another kg's, or damaged: then the store is read)."""
    path = _path(store)
    if path is None:
        return None
    try:
        with paused_gc():  # 100k actors' objects: the cyclic collector would scan them again and again (0.2 s)
            data = orjson.loads(path.read_bytes())
            cache = _cache_of(data)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        _log.warning("ignoring the actor cache %s (%s); reading the store instead", path, exc)
        return None
    return cache


def _cache_of(data: object) -> ActorCache | None:
    """The cache a loaded JSON value holds (None: another kg's format); ValueError and friends when damaged."""
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        return None
    columns = [data[name] for name in ("iris", "ids", "labels", "types", "stated", "inferred", "aliases")]
    if len({len(c) for c in columns}) != 1:
        raise ValueError("columns of different lengths")
    for k, column in enumerate(columns):  # (types counted in C: a damaged file is refused, not trusted)
        if not set(map(type, column)) <= ({str, type(None)} if k in (1, 2, 3) else {str}):
            raise ValueError("a value that is not text")
    descriptions = {iri: Description(eid, label, type_, _split(stated), _split(inferred), _split(aliases))
                    for iri, eid, label, type_, stated, inferred, aliases in zip(*columns)}
    # counts as plain dicts (a Counter each costs 2 us to make: 0.4 s at 100k actors); whoever changes
    # one makes a Counter of it
    votes: dict[str, dict] = {}
    for iri, stated, code, n in zip(data["vote_iris"], data["vote_stated"], data["vote_codes"],
                                    data["vote_counts"], strict=True):
        votes.setdefault(iri, {})[(bool(stated), str(code))] = int(n)
    said: dict[str, dict] = {}
    kinds = dict(enumerate(_SAID_KINDS))
    for iri, kind, value, n in zip(data["said_iris"], data["said_kinds"], data["said_values"],
                                   data["said_counts"], strict=True):
        said.setdefault(iri, {})[(kinds[kind], str(value))] = int(n)
    token = data.get("token")
    return ActorCache(descriptions, votes, said, token=token if isinstance(token, str) else None)


def save_actor_cache(store: Store, cache: ActorCache) -> Path | None:
    """Save ``cache`` next to an on-disk store opened for writing (temporary file, then rename); else None.

    Column by column (one JSON list per field): 20x faster to read back
    than one object per actor (0.3 s against 1.0 s at 100k actors).
    """
    path = _path(store)
    if path is None or store.read_only:
        return None
    iris = sorted(cache.descriptions)
    rows = [cache.descriptions[iri] for iri in iris]
    # (one sort of every row, not one per actor: the same order, a third of the time at 100k actors)
    votes = sorted((iri, int(stated), code, n) for iri, counts in cache.votes.items()
                   for (stated, code), n in counts.items())
    kinds = {kind: k for k, kind in enumerate(_SAID_KINDS)}
    said = [(iri, kinds[kind], value, n) for iri in sorted(cache.said)
            for (kind, value), n in sorted(cache.said[iri].items())]
    data = {"version": FORMAT_VERSION, "token": cache.token, "iris": iris, "ids": [d.id for d in rows],
            "labels": [d.label for d in rows], "types": [d.type for d in rows],
            "stated": [_SEP.join(d.stated) for d in rows], "inferred": [_SEP.join(d.inferred) for d in rows],
            "aliases": [_SEP.join(d.aliases) for d in rows],
            **{name: [v[k] for v in votes] for k, name in enumerate(("vote_iris", "vote_stated", "vote_codes",
                                                                    "vote_counts"))},
            **{name: [v[k] for v in said] for k, name in enumerate(("said_iris", "said_kinds", "said_values",
                                                                   "said_counts"))}}
    path.parent.mkdir(exist_ok=True)
    with atomic_binary_file(path, durable=False) as handle:  # a checked cache: damaged means counted again
        handle.write(orjson.dumps(data))
    return path
