"""kg: turn news articles into a knowledge graph of who did what to whom, and when.

Public API (imported lazily so ``kg --help`` stays instant)::

    import kg
    report = kg.build(["articles/"], store="output/store")
    triples = list(kg.extract(kg.iter_documents(["articles/"])))
    with kg.open_store("output/store", read_only=True) as store:
        G = kg.to_networkx(store)                      # every event, with its evidence
        view = kg.ActorGraph(store, kg.GraphFilter(since="2026-03-01"))
        ranking = kg.centrality(view.weighted, ["events", "pagerank"], top=10)
        ego = kg.ego_network(view, "Joaquim Serpa")    # reads only the ring's events
    rows = kg.centrality(G, ["events", "pagerank"], top=10)
    kg.render_html(G, "output/graph.html")
    with kg.open_store("output/store") as store:
        kg.load_files(["feed.jsonl"], "triples", kg_store=store)
        timeline = kg.event_table(store, actor="Joaquim Serpa")
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API = {
    "build": "kg.ingest.builder",
    "load_files": "kg.ingest.builder",
    "BuildReport": "kg.ingest.builder",
    "event_table": "kg.analysis.events",
    "extract": "kg.extract.pipeline",
    "extract_documents": "kg.extract.pipeline",
    "extract_text": "kg.extract.pipeline",
    "iter_documents": "kg.documents.reading",
    "open_store": "kg.store",
    "remove_documents": "kg.ingest.maintenance",
    "to_networkx": "kg.graph.mirror",
    "to_weighted_digraph": "kg.graph.mirror",
    "ActorGraph": "kg.graph.mirror",
    "GraphFilter": "kg.graph.filter",
    "centrality": "kg.analysis",
    "communities": "kg.analysis",
    "ego_network": "kg.analysis",
    "centrality_over_time": "kg.analysis",
    "render_report": "kg.views.report",
    "render_html": "kg.views.viz",
    "Document": "kg.model",
    "Triple": "kg.model",
    "KgError": "kg.errors",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
