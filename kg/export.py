"""Export the store to RDF serialisations and the actor graph to graph formats.

RDF goes through Oxigraph's own serialisers (streaming, any size, JSON-LD
included); GraphML and GEXF (Gephi,
Cytoscape) through networkx from the actor mirror.
"""
from __future__ import annotations

import os
from typing import IO

import pyoxigraph as ox

from .errors import KgError
from .graph import GraphFilter, to_networkx
from .store import KgStore

__all__ = ["EXPORT_FORMATS", "export"]

_RDF = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD,
        "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf")


def _write_graph_format(store: KgStore, fmt: str, out: IO[bytes], flt: GraphFilter | None) -> None:
    import networkx as nx

    G = to_networkx(store, flt)
    H = nx.MultiDiGraph()
    for n, d in G.nodes(data=True):  # graph formats take scalar attributes only
        H.add_node(n, **{k: ("; ".join(v) if isinstance(v, list) else ("" if v is None else v))
                         for k, v in d.items()})
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=k, **{a: ("" if b is None else b) for a, b in d.items()})
    if fmt == "graphml":
        nx.write_graphml(H, out)
    else:
        nx.write_gexf(H, out)


def _write_rdf(store: KgStore, fmt: str, out: IO[bytes]) -> None:
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
    from . import vocab as V

    return {"kg": V.KG, "act": V.ACT, "skos": V.SKOS, "prov": V.PROV, "dct": V.DCT,
            "schema": V.SCHEMA, "xsd": V.XSD, "entity": V.ID + "entity/", "event": V.ID + "event/",
            "doc": V.ID + "doc/"}


def export(store: KgStore, fmt: str, output: str | os.PathLike | IO[bytes], *,
           flt: GraphFilter | None = None) -> None:
    """Write the store in ``fmt`` (one of :data:`EXPORT_FORMATS`) to a path or binary stream.

    A path is written atomically: to a temporary file beside it, then renamed.
    """
    if fmt not in EXPORT_FORMATS:
        raise KgError(f"unknown export format {fmt!r}; choose from {', '.join(EXPORT_FORMATS)}")
    write = _write_graph_format if fmt in ("graphml", "gexf") else None
    if not isinstance(output, (str, os.PathLike)):
        if write:
            write(store, fmt, output, flt)
        else:
            _write_rdf(store, fmt, output)
        return
    from .writers import atomic_binary_file

    with atomic_binary_file(output) as fh:  # whole or absent, with the umask's mode
        if write:
            write(store, fmt, fh, flt)
        else:
            _write_rdf(store, fmt, fh)
