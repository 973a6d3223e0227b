"""The events behind the actor graph, as rows: who did what to whom, when, and where it is written.

Why this exists: an analyst's daily questions ("what did X do, to whom, and
when?", "every COERCE event in March") are about events, not rankings. A
timeline should not need hand-written SPARQL. :func:`event_table` answers
them from the same reader as every graph (:class:`kg.graph.mirror.ActorGraph`), so
a row here is exactly an edge there: same actors (links and curation
applied), same filters. With ``actor`` or ``target`` it reads only the
events among that actor and its neighbours in the weighted graph, not every
event of the store.

The command line is ``kg events``; its CSV is the timeline a spreadsheet or
pandas reads.
"""
from __future__ import annotations

from typing import Any, Collection

import networkx as nx

from ..graph.actors import actor_table
from ..graph.mirror import ActorGraph, GraphFilter
from .ego import event_rows, match_actors
from ..model import EVENT_SORTS

__all__ = ["EVENT_COLUMNS", "EVENT_SORTS", "event_table"]

#: Columns of :func:`event_table` rows, in the order CSV and JSON write them.
EVENT_COLUMNS = ("date", "actor", "action", "negated", "category", "target", "confidence", "doc", "sentence",
                 "evidence", "actor_id", "target_id", "event")


def event_table(store: Any, flt: GraphFilter | None = None, *, actor: str | None = None,
                target: str | None = None, docs: Collection[str] = (), sort: str = "date",
                reverse: bool = False, limit: int | None = None) -> list[dict[str, Any]]:
    """The events of the actor graph as rows, filtered and sorted.

    Parameters
    ----------
    store : Store
    flt : GraphFilter, optional
        Time window (``since``/``until``), ``categories`` and
        ``min_confidence``; its ``types``, ``min_weight`` and ``actor`` (a
        neighbourhood) are graph-shaping options and are not used here.
    actor, target : str, optional
        Only events done by / done to this actor (label, alias or id,
        case-insensitive; exact id or label matches win over aliases).
    docs : collection of str
        Only events from these document ids.
    sort : {"date", "confidence"}
        Oldest first (undated last), or most confident first.
    reverse : bool
        Newest first, or least confident first.
    limit : int, optional
        Keep the first ``limit`` rows after sorting (None or 0: all).

    Returns
    -------
    list of dict
        One row per event with the keys of :data:`EVENT_COLUMNS`.

    Raises
    ------
    KgError
        If ``actor`` or ``target`` names no actor (the message lists close
        matches), or ``sort`` is unknown.
    """
    if sort not in EVENT_SORTS:
        from ..errors import KgError

        raise KgError(f"unknown sort {sort!r}; choose from {', '.join(EVENT_SORTS)}")
    view = ActorGraph(store, (flt or GraphFilter()).events_only())
    actors = targets = None
    among = None
    if actor or target:
        known = _all_actors(store)  # a name is looked up among all actors, not only those the filters keep
        actors = set(match_actors(known, actor)) if actor else None
        targets = set(match_actors(known, target)) if target else None
        among = _neighbourhood(view.weighted, actors, targets)
    G = view.events(among)
    rows = [r for r in event_rows(G)
            if (actors is None or r["actor_id"] in actors) and (targets is None or r["target_id"] in targets)
            and (not docs or r["doc"] in docs)]
    if sort == "confidence":
        rows.sort(key=lambda r: -(r["confidence"] or 0.0))
        if reverse:
            rows.reverse()
    elif reverse:  # newest first, the undated still last
        rows = [r for r in reversed(rows) if r["date"] is not None] + [r for r in rows if r["date"] is None]
    return rows[:limit] if limit else rows


def _all_actors(store: Any) -> nx.DiGraph:
    """Every actor of the store (links and curation applied) as graph nodes, for name lookups."""
    actors, links = actor_table(store)
    G = nx.DiGraph()
    for iri, data in actors.items():
        if iri not in links:  # a short name linked to a full one is among the full one's aliases
            G.add_node(data["id"], **{k: v for k, v in data.items() if k != "id"})
    return G


def _neighbourhood(D: nx.DiGraph, actors: set[str] | None, targets: set[str] | None) -> set[str]:
    """The actors whose events can match: the named ones and their partners in the weighted graph."""
    keep: set[str] = set()
    if actors is not None:
        keep |= actors
        if targets is None:
            keep.update(v for a in actors if a in D for v in D.successors(a))
    if targets is not None:
        keep |= targets
        if actors is None:
            keep.update(u for t in targets if t in D for u in D.predecessors(t))
    return keep
