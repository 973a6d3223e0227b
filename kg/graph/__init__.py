"""Graph: the actors and events of a store, ready for analysis.

Owns the one reading of actors (links between name variants, one country
per actor, the analyst's curation), the one event table (built with SPARQL
on any store or read from the summary cache next to an on-disk store),
the only filter implementation (:class:`GraphFilter`) and the networkx
graphs built from it: the weighted actor graph and the multigraph of
events with their evidence.

May import: core, :mod:`kg.documents`, :mod:`kg.extract`, :mod:`kg.rdf`, :mod:`kg.store`.
"""
from .filter import GraphFilter
from .mirror import ActorGraph, collapse, to_networkx, to_weighted_digraph
from .table import EventTable

__all__ = ["GraphFilter", "ActorGraph", "EventTable", "to_networkx", "to_weighted_digraph", "collapse"]
