"""kg: turn news articles into a knowledge graph of who did what to whom, and when.

Public API (imported lazily so ``kg --help`` stays instant)::

    import kg
    report = kg.build(["articles/"], store="output/store")
    triples = list(kg.extract(kg.iter_documents(["articles/"])))
    with kg.open_store("output/store", read_only=True) as store:
        G = kg.to_networkx(store)
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
    "build": "kg.builder",
    "load_files": "kg.builder",
    "BuildReport": "kg.builder",
    "event_table": "kg.events",
    "extract": "kg.extract.pipeline",
    "extract_documents": "kg.extract.pipeline",
    "extract_text": "kg.extract.pipeline",
    "iter_documents": "kg.documents",
    "open_store": "kg.store",
    "remove_documents": "kg.maintenance",
    "to_networkx": "kg.graph",
    "to_weighted_digraph": "kg.graph",
    "GraphFilter": "kg.graph",
    "centrality": "kg.analysis",
    "communities": "kg.analysis",
    "ego_network": "kg.analysis",
    "centrality_over_time": "kg.analysis",
    "render_report": "kg.report",
    "render_html": "kg.viz",
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
