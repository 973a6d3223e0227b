"""Mirror a store's actor graph into networkx: one path from the event table to every view.

:class:`ActorGraph` is a store seen through one :class:`GraphFilter`:

1. the event table (:func:`kg.graph.summary.load_event_table`: the cache
   next to an on-disk store, else two SPARQL queries on any store);
2. the weighted actor graph (:attr:`ActorGraph.weighted`): the table's rows
   the filter keeps, summed per actor pair, then shaped by the filter
   (types, minimum weight, one actor's neighbourhood); the same as arrays
   (:attr:`ActorGraph.pairs`) for the rankings and communities of big graphs;
3. on demand, the events behind the weighted graph's edges with their
   evidence (:meth:`ActorGraph.events`), for all actors or only those a view
   shows (the top actors of a page, an ego network's ring); for a page,
   only the events whose evidence it shows (:meth:`ActorGraph.shown_events`):
   a million-event store gives a 500-actor page in seconds.

Nodes are actors keyed by entity id (``label, type, country, aliases,
mentions``); short names linked to a full one by :mod:`kg.graph.links`
("BMM" -> "Black Mangrove Militia") are one node.
"""
from __future__ import annotations

from functools import cached_property
from typing import Callable, Collection, Mapping

import networkx as nx
import numpy as np

from ..store.base import Store
from .actors import find_actor
from .edge_groups import EdgeGroups, GroupKey
from .evidence import event_multigraph, read_events, read_pair_events
from .filter import GraphFilter
from .pair_arrays import PairArrays
from .summary import load_event_table, read_rows
from .table import EventTable, needed_columns

__all__ = ["ActorGraph", "GraphFilter", "to_networkx", "to_weighted_digraph", "collapse", "find_actor"]


class ActorGraph:
    """One store's actor graph under one filter: the weighted graph, and the events with evidence on demand.

    Parameters
    ----------
    store : Store
    flt : GraphFilter, optional
    table : EventTable, optional
        An event table already loaded (several filters over one store read it once).

    Examples
    --------
    >>> from kg.store import open_store
    >>> with open_store("memory") as store:
    ...     view = ActorGraph(store, GraphFilter(since="2026-03-01"))
    ...     view.weighted.number_of_nodes(), view.events().number_of_edges()
    (0, 0)
    """

    def __init__(self, store: Store, flt: GraphFilter | None = None, *, table: EventTable | None = None):
        self.store = store
        self.filter = flt or GraphFilter()
        self._table = table

    @property
    def table(self) -> EventTable:
        """The store's event table, with the columns the filter reads (loaded once)."""
        return self.table_for()

    def table_for(self, columns: Collection[str] = ()) -> EventTable:
        """The event table with at least these columns (``date``, ``category``, ``confidence``) and the filter's.

        From the summary it has them all; counted by SPARQL (no summary) it
        has only those asked for so far, and is counted again when a view
        needs more.
        """
        need = needed_columns(self.filter) | frozenset(columns)
        if self._table is None or not need <= self._table.columns:
            self._table = load_event_table(self.store, need | (self._table.columns if self._table else frozenset()))
        return self._table

    @cached_property
    def weighted(self) -> nx.DiGraph:
        """Weighted DiGraph: one edge per actor pair, ``weight`` = its events; nodes carry ``mentions``."""
        return self.filter.shape(self.table.weighted(self.table.mask(self.filter)))

    @cached_property
    def pairs(self) -> PairArrays:
        """:attr:`weighted` as arrays (:class:`~kg.graph.pair_arrays.PairArrays`): what rankings and communities
        of a big graph read, counted on the event table without a networkx graph (6 s less at 100k actors)."""
        flt = self.filter
        if self.weighted_built or flt.types or flt.min_weight > 1 or flt.actor:  # a shaped graph: from the graph
            return PairArrays.from_digraph(self.weighted)
        return self.table.pair_arrays(self.table.mask(flt))

    @property
    def weighted_built(self) -> bool:
        """True once :attr:`weighted` has been built (a view that has it needs no shortcut around it)."""
        return "weighted" in self.__dict__

    def top_by_events(self, max_nodes: int) -> "tuple[nx.DiGraph, dict[str, float], int] | None":
        """The ``max_nodes`` actors with most events, counted on the event table without the whole graph.

        Returns ``(weighted graph of those actors and the pairs among them,
        every actor's events, how many actors have any)``: what a page ranked
        by the default metric needs, the same as :attr:`weighted` gives (node
        attributes, weights, ties broken by id), without building a
        networkx graph of every actor (3 s at 100k actors). None when the
        filter shapes the graph (types, minimum weight, one actor's
        neighbourhood): then :attr:`weighted` is needed.
        """
        flt = self.filter
        if flt.types or flt.min_weight > 1 or flt.actor:
            return None
        P = self.pairs
        scores = dict(zip(P.ids, P.mentions.tolist()))  # as metric_scores(D, "events") gives them
        shown = _top_indices(P.mentions, P.ids, max_nodes)
        member = np.zeros(P.number_of_nodes(), dtype=bool)
        member[shown] = True
        return P.to_digraph(nodes=member), scores, P.number_of_nodes()

    def events(self, among: Collection[str] | None = None, *,
               pairs: Collection[tuple[str, str]] | None = None,
               weighted: nx.DiGraph | None = None) -> nx.MultiDiGraph:
        """The events (one edge each, key = event IRI) of the weighted graph's pairs, with their evidence.

        ``among`` (entity ids): only these actors and the events among them,
        read by the store without reading the others. ``pairs`` (``(actor
        id, target id)``, with ``among``): only the events of these pairs
        (a page's drawn links). Node attributes are those of :attr:`weighted`
        (``mentions`` counts the whole window); ``weighted``: a part of it
        holding the actors and pairs asked for (:meth:`top_by_events`).
        """
        D = self.weighted if weighted is None else weighted
        ids = None if among is None else set(among) & set(D)
        actors, links = self.table.actor_iris()  # the table's actors: not read again
        if pairs is not None:  # the summary's per-document rows say where the pairs' events are
            rows = read_pair_events(self.store, actors, links, self.filter.events_only(),
                                    [(u, v) for u, v in pairs if D.has_edge(u, v)], rows=read_rows(self.store))
        else:
            rows = read_events(self.store, actors, links, self.filter.events_only(), among=ids)
        return event_multigraph(D, rows, among=ids)

    def shown_events(self, among: Collection[str], pairs: Collection[tuple[str, str]], weighted: nx.DiGraph,
                     shares: Callable[[Mapping[GroupKey, int]], Mapping[GroupKey, int]],
                     ) -> tuple[nx.MultiDiGraph, dict[GroupKey, int] | None]:
        """``(events, events per edge)`` of a page drawing these links: only the events whose evidence it shows.

        The page's edges (a link's events by lemma, category and negation) are
        counted from the summary's rows (:class:`~kg.graph.edge_groups.EdgeGroups`);
        ``shares`` says from those counts how many pieces of evidence each
        edge shows (the page's budget), and only each edge's newest events
        for them are read. Without rows per document (a SPARQL server's
        store): every event of the links, and None (the page counts them).
        ``among``, ``pairs`` and ``weighted`` are as for :meth:`events`.
        """
        rows = read_rows(self.store)
        flt = self.filter.events_only()
        ends = {i for pair in pairs for i in pair}
        iris_of = {node: iris for (node, _), iris in zip(self.table.nodes, self.table.iris) if node in ends}
        groups = None if rows is None else EdgeGroups.count(rows, iris_of, flt, set(pairs))
        if groups is None:
            return self.events(among=among, pairs=pairs, weighted=weighted), None
        actors, links = self.table.actor_iris()
        events = groups.newest_events(self.store, actors, links, flt, shares(groups.counts))
        return event_multigraph(weighted, events, among=set(among) & set(weighted)), groups.counts


def _top_indices(counts: np.ndarray, names: list[str], k: int) -> list[int]:
    """Indices of the ``k`` largest ``counts``, ties by name: ``sorted(..., key=(-count, name))[:k]`` without
    sorting every actor."""
    candidates = list(range(len(counts)))
    if 0 < k < len(counts):
        cut = np.partition(counts, len(counts) - k)[len(counts) - k]
        candidates = np.flatnonzero(counts >= cut).tolist()
    return sorted(candidates, key=lambda i: (-int(counts[i]), names[i]))[:k]


def to_networkx(store: Store, flt: GraphFilter | None = None, *,
                among: Collection[str] | None = None) -> nx.MultiDiGraph:
    """Build the actor graph of a store, one edge per event.

    Parameters
    ----------
    store : Store
    flt : GraphFilter, optional
    among : collection of str, optional
        Entity ids: only these actors and the events among them (the store
        looks them up instead of reading every event).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes: entity id -> ``label, type, country, aliases, mentions``.
        Edges: one per event with a target, key = event IRI, attributes
        ``action, lemma, category, date, doc, sentence, evidence, negated, confidence, weight``.
    """
    return ActorGraph(store, flt).events(among)


def to_weighted_digraph(store: Store, flt: GraphFilter | None = None) -> nx.DiGraph:
    """Build the weighted actor graph: one edge per actor pair, ``weight`` = its events.

    What :func:`collapse` of :func:`to_networkx` gives, with the same nodes
    and attributes, without reading a single event's evidence: from the
    store's event summary when it has one, else counted with SPARQL. The
    way to go for rankings on large graphs.
    """
    return ActorGraph(store, flt).weighted


def collapse(G: nx.MultiDiGraph) -> nx.DiGraph:
    """Weighted DiGraph: parallel events between two actors summed into one edge weight."""
    D = nx.DiGraph()
    D.add_nodes_from(G.nodes(data=True))
    for u, v, data in G.edges(data=True):
        w = data.get("weight", 1.0)
        if D.has_edge(u, v):
            D[u][v]["weight"] += w
        else:
            D.add_edge(u, v, weight=w)
    return D
