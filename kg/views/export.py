"""Export the store to RDF serialisations and the actor graph to graph formats.

RDF goes through Oxigraph's own serialisers (streaming, any size, JSON-LD
included). The actor graph is written from the weighted graph (the event
summary), so it costs the number of actor pairs, not of events: GraphML and
GEXF (Gephi, Cytoscape) through networkx, one edge per actor pair with its
events counted by category (or, asked for, one edge per event with its
evidence); CSV as the weighted edge list (``Source,Target,Weight``, the
columns Gephi's spreadsheet import, pandas and spreadsheets read) plus a
node table beside it.
"""
from __future__ import annotations

import os
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox

from ..errors import KgError
from ..graph.mirror import GraphFilter
from ..store.base import Store

if TYPE_CHECKING:  # pragma: no cover
    from ..graph.mirror import ActorGraph

__all__ = ["EXPORT_FORMATS", "export", "nodes_path"]

_RDF = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD,
        "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "csv")
#: Columns of the CSV edge list and node table.
EDGE_COLUMNS = ("Source", "Target", "Weight", "source_label", "target_label", "source_type", "target_type",
                "source_country", "target_country")
NODE_COLUMNS = ("Id", "Label", "type", "country", "aliases", "mentions", "events")


def nodes_path(path: str | os.PathLike) -> str:
    """Where the CSV node table goes next to an edge list: ``actors.csv`` -> ``actors-nodes.csv``."""
    root, ext = os.path.splitext(os.fspath(path))
    return f"{root}-nodes{ext or '.csv'}"


def _csv_tables(store: Store, flt: GraphFilter | None) -> tuple[str, str]:
    """(edge list, node table) of the weighted actor graph, as CSV text."""
    from ..formatting import render_rows
    from ..graph.mirror import to_weighted_digraph

    D = to_weighted_digraph(store, flt)
    node = D.nodes
    edges = [{"Source": u, "Target": v, "Weight": int(w), "source_label": node[u].get("label"),
              "target_label": node[v].get("label"), "source_type": node[u].get("type"),
              "target_type": node[v].get("type"), "source_country": node[u].get("country"),
              "target_country": node[v].get("country")} for u, v, w in D.edges(data="weight")]
    nodes = [{"Id": n, "Label": d.get("label"), "type": d.get("type"), "country": d.get("country"),
              "aliases": d.get("aliases", []), "mentions": d.get("mentions"),
              "events": int(D.degree(n, weight="weight"))} for n, d in D.nodes(data=True)]
    return render_rows(edges, EDGE_COLUMNS, "csv") + "\n", render_rows(nodes, NODE_COLUMNS, "csv") + "\n"


def _write_graph_format(store: Store, fmt: str, out: IO[bytes], flt: GraphFilter | None,
                        per_event: bool = False) -> None:
    """GraphML or GEXF of the actor graph: one edge per actor pair (``weight`` = its events, ``category`` = its
    most frequent category, ``categories`` = all of them counted), or with ``per_event`` one edge per event
    with its evidence (every event is read then: ~90 s at a million events)."""
    import networkx as nx

    from ..graph.mirror import ActorGraph

    view = ActorGraph(store, flt)
    G = view.events() if per_event else view.weighted
    H = nx.MultiDiGraph() if per_event else nx.DiGraph()
    for n, d in G.nodes(data=True):  # graph formats take scalar attributes only
        H.add_node(n, **{k: ("; ".join(v) if isinstance(v, list) else ("" if v is None else v))
                         for k, v in d.items()})
    if per_event:
        for u, v, k, d in G.edges(keys=True, data=True):
            H.add_edge(u, v, key=k, **{a: ("" if b is None else b) for a, b in d.items()})
    else:
        counted = _pair_categories(view)
        for u, v, w in G.edges(data="weight"):
            ranked = sorted(counted.get((u, v), {}).items(), key=lambda item: (-item[1], item[0]))
            H.add_edge(u, v, weight=int(w), category=ranked[0][0] if ranked else "",
                       categories="; ".join(f"{c} {n}" for c, n in ranked))
    if fmt == "graphml":
        nx.write_graphml(H, out)
    else:
        nx.write_gexf(H, out)


def _pair_categories(view: "ActorGraph") -> dict[tuple[str, str], dict[str, int]]:
    """Per (actor id, target id): the kept events by PLOVER category (uncategorised ones left out)."""
    import numpy as np

    table = view.table_for({"category"})
    keep = table.mask(view.filter) & (table.src >= 0) & (table.dst >= 0) & (table.category >= 0)
    n, c = len(table.nodes), len(table.categories)
    keys = (table.src[keep] * n + table.dst[keep]) * max(1, c) + table.category[keep]
    unique, inverse = np.unique(keys, return_inverse=True)
    counts = np.bincount(inverse.ravel(), weights=table.count[keep], minlength=len(unique))
    names = [node for node, _ in table.nodes]
    out: dict[tuple[str, str], dict[str, int]] = {}
    for key, count in zip(unique.tolist(), counts.tolist()):
        pair, category = divmod(key, max(1, c))
        out.setdefault((names[pair // n], names[pair % n]), {})[table.categories[category]] = int(count)
    return out


def _write_rdf(store: Store, fmt: str, out: IO[bytes]) -> None:
    if fmt in ("ttl", "nt"):
        # Turtle/N-Triples have no graphs: write the union of all graphs.
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store.iter_quads()}
        ox.serialize(sorted(triples, key=str), out, _RDF[fmt],
                     prefixes=_prefixes() if fmt == "ttl" else None)
    elif fmt in _RDF:
        store.dump(out, _RDF[fmt])
    else:
        raise KgError(f"unknown export format {fmt!r}; choose from {', '.join(EXPORT_FORMATS)}")


def _prefixes() -> dict[str, str]:
    from .. import vocab as V

    return {"kg": V.KG, "act": V.ACT, "skos": V.SKOS, "prov": V.PROV, "dct": V.DCT,
            "schema": V.SCHEMA, "xsd": V.XSD, "entity": V.ID + "entity/", "event": V.ID + "event/",
            "doc": V.ID + "doc/"}


def export(store: Store, fmt: str, output: str | os.PathLike | IO[bytes], *,
           flt: GraphFilter | None = None, per_event: bool = False) -> None:
    """Write the store in ``fmt`` (one of :data:`EXPORT_FORMATS`) to a path or binary stream.

    A path is written atomically: to a temporary file beside it, then renamed.
    ``csv`` writes the edge list to ``output`` and, for a path, the node
    table to :func:`nodes_path` of it (a stream gets the edge list only).
    ``graphml`` and ``gexf`` write one edge per actor pair, from the event
    summary; with ``per_event``, one edge per event with its evidence.
    """
    if fmt not in EXPORT_FORMATS:
        raise KgError(f"unknown export format {fmt!r}; choose from {', '.join(EXPORT_FORMATS)}")
    if fmt == "csv":
        _export_csv(store, output, flt)
        return

    def write(out: IO[bytes]) -> None:
        if fmt in ("graphml", "gexf"):
            _write_graph_format(store, fmt, out, flt, per_event)
        else:
            _write_rdf(store, fmt, out)

    if not isinstance(output, (str, os.PathLike)):
        write(output)
        return
    from ..files import atomic_binary_file

    with atomic_binary_file(output) as fh:  # whole or absent, with the umask's mode
        write(fh)


def _export_csv(store: Store, output: str | os.PathLike | IO[bytes], flt: GraphFilter | None) -> None:
    edges, nodes = _csv_tables(store, flt)
    if not isinstance(output, (str, os.PathLike)):
        output.write(edges.encode("utf-8"))
        return
    from ..files import atomic_binary_file

    with atomic_binary_file(output) as fh, atomic_binary_file(nodes_path(output)) as nh:
        fh.write(edges.encode("utf-8"))
        nh.write(nodes.encode("utf-8"))
