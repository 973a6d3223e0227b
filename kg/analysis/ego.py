"""One actor's neighbourhood: finding actors by name (with "did you mean"), ego networks, rows for tables."""
from __future__ import annotations

import difflib
from typing import Any

import networkx as nx

from ..errors import KgError
from ..graph.mirror import ActorGraph, find_actor
from .metrics import node_label

__all__ = ["closest_actors", "match_actors", "ego_network", "actor_rows", "event_rows"]


def closest_actors(G: nx.MultiDiGraph, query: str, n: int = 5) -> list[str]:
    """Labels of actors whose label, alias or id resembles ``query`` (for "did you mean" hints).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Person/joaquim-serpa", label="Joaquim Serpa", aliases=["Serpa"])
    >>> closest_actors(G, "serpo")
    ['Joaquim Serpa']
    """
    names: dict[str, str] = {}
    for node, data in sorted(G.nodes(data=True), key=lambda nd: str(nd[0])):
        label = node_label(G, node)
        for name in (label, str(node), *data.get("aliases", [])):
            names.setdefault(str(name).lower(), label)
    q = query.strip().lower()
    similar = [names[k] for k in difflib.get_close_matches(q, list(names), n=n, cutoff=0.6)]
    containing = [names[k] for k in sorted(names) if (len(q) > 2 and q in k) or (len(k) > 2 and k in q)]
    return list(dict.fromkeys(similar + containing))[:n]


def match_actors(G: nx.DiGraph | nx.MultiDiGraph, query: str) -> list[str]:
    """The actors ``query`` names (id, label or alias, case-insensitive), exact id/label matches preferred.

    Raises
    ------
    KgError
        If no actor matches; the message lists close matches.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("Person/joaquim-serpa", label="Joaquim Serpa", aliases=["Serpa"])
    >>> match_actors(G, "serpa")
    ['Person/joaquim-serpa']
    """
    hits = find_actor(G, query)
    if not hits:
        hint = closest_actors(G, query)
        message = f"no actor {query!r} in the graph"
        if hint:
            message += "; did you mean: " + ", ".join(hint) + "?"
        elif G.number_of_nodes():
            message += f" ({G.number_of_nodes()} actors; `kg actors` lists them)"
        raise KgError(message)
    q = query.lower()
    exact = [n for n in hits if str(n).lower() == q or node_label(G, n).lower() == q]
    return sorted(exact or hits, key=str)


def ego_network(G: nx.MultiDiGraph | nx.DiGraph | ActorGraph, actor: str, radius: int = 2) -> nx.MultiDiGraph:
    """The actors within ``radius`` steps of one actor (either direction), with every event among them.

    Parameters
    ----------
    G : networkx graph or ActorGraph
        The actor graph. From an :class:`~kg.graph.mirror.ActorGraph` the
        ring is found on its weighted graph and only the events among the
        ring's actors are read (their node attributes are the whole
        window's).
    actor : str
        Label, alias or id of the centre (case-insensitive, see
        :func:`kg.graph.actors.find_actor`). When several actors match, those whose
        id or label match exactly are preferred; remaining ties are all centres.
    radius : int
        Steps from the centre, ignoring direction (0 = the actor alone).

    Returns
    -------
    networkx.MultiDiGraph
        A copy: node attributes of ``G`` plus ``distance`` from the centre;
        ``graph["centre"]`` (list of ids) and ``graph["radius"]``.

    Raises
    ------
    KgError
        If no actor matches (the message lists close matches) or ``radius`` < 0.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edges_from([("a", "b"), ("c", "b"), ("c", "d")])
    [0, 0, 0]
    >>> sorted(ego_network(G, "a", radius=2))
    ['a', 'b', 'c']
    """
    if radius < 0:
        raise KgError(f"radius must be 0 or more, got {radius}")
    if isinstance(G, ActorGraph):
        ring = ego_network(G.weighted, actor, radius=radius)  # raises KgError with close matches
        E = G.events(among=list(ring))
        for node, data in ring.nodes(data=True):  # plus distance
            E.add_node(node, **data)
        E.graph.update(ring.graph)
        return E
    centres = match_actors(G, actor)
    U = G.to_undirected(as_view=True)
    distance: dict[Any, int] = {}
    for centre in centres:
        for node, steps in nx.single_source_shortest_path_length(U, centre, cutoff=radius).items():
            distance[node] = min(steps, distance.get(node, steps))
    E = G.subgraph(distance).copy()
    for node, steps in distance.items():
        E.nodes[node]["distance"] = steps
    E.graph.update(centre=centres, radius=radius)
    return E


def actor_rows(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Actors of a graph as rows, nearest first when nodes carry ``distance`` (ego networks).

    Returns
    -------
    list of dict
        ``{"id", "label", "type", "country", "aliases", "distance", "events"}``
        (``events`` = events of the actor in ``G``), sorted by distance, then
        events descending, then label.
    """
    rows = [{"id": n, "label": node_label(G, n), "type": d.get("type"), "country": d.get("country"),
             "aliases": list(d.get("aliases", [])), "distance": d.get("distance"), "events": G.degree(n)}
            for n, d in G.nodes(data=True)]
    rows.sort(key=lambda r: (r["distance"] if r["distance"] is not None else 0, -r["events"],
                             str(r["label"]).lower()))
    return rows


def event_rows(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Events (edges) of a graph as rows, oldest first, undated last.

    Returns
    -------
    list of dict
        ``{"date", "actor", "action", "negated", "category", "target",
        "confidence", "doc", "sentence", "evidence", "actor_id", "target_id", "event"}``.
    """
    rows = [{"date": d.get("date"), "actor": node_label(G, u), "action": d.get("action"),
             "negated": bool(d.get("negated")), "category": d.get("category"), "target": node_label(G, v),
             "confidence": d.get("confidence"), "doc": d.get("doc"), "sentence": d.get("sentence"),
             "evidence": d.get("evidence"), "actor_id": u, "target_id": v, "event": k}
            for u, v, k, d in G.edges(keys=True, data=True)]
    rows.sort(key=lambda r: (r["date"] is None, str(r["date"] or ""), str(r["doc"] or ""),
                             r["sentence"] if isinstance(r["sentence"], int) else -1, str(r["event"])))
    return rows
