"""Graph: the actors and events of a store, ready for analysis.

Owns the one reading of actors (links between name variants, one country
per actor, the analyst's curation), the one event table (built with SPARQL
on any store or read from the summary cache next to an on-disk store),
the only filter implementation (:class:`GraphFilter`) and the networkx
graphs built from it: the weighted actor graph and the multigraph of
events with their evidence.

May import: core, :mod:`kg.documents`, :mod:`kg.extract`, :mod:`kg.rdf`, :mod:`kg.store`.
"""
from __future__ import annotations

import importlib
from typing import Any

#: Imported when first used: a writer (``kg build``, ``kg remove``) reads the actor cache and the summary
#: through this package, and importing networkx with the graphs would cost it ~0.1 s.
_API = {"GraphFilter": ".filter", "ActorGraph": ".mirror", "EventTable": ".table", "to_networkx": ".mirror",
        "to_weighted_digraph": ".mirror", "collapse": ".mirror"}

__all__ = list(_API)


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'kg.graph' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
