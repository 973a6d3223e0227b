"""Stores: where the quads live. One contract, two back-ends.

Owns the :class:`~kg.store.base.Store` protocol every back-end meets,
embedded Oxigraph on disk or in memory (:mod:`kg.store.oxigraph`), any
SPARQL 1.1 server (:mod:`kg.store.sparql` over :mod:`kg.store.http`), and
:func:`open_store`, which picks the back-end from the location's scheme
(:mod:`kg.store.registry`). Settings are arguments; nothing here is
configured through the environment except the documented defaults
(``$KG_STORE``; an endpoint's credentials and timeout).

May import: core, :mod:`kg.documents`, :mod:`kg.extract`, :mod:`kg.rdf`.
"""
from .base import DEFAULT_STORE, QueryResult, Store, store_location
from .registry import open_store, register_backend

__all__ = ["open_store", "register_backend", "Store", "QueryResult", "store_location", "DEFAULT_STORE"]
