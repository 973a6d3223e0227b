"""Stores: where the quads live. One contract, two back-ends.

Owns the :class:`kg.store.base.Store` protocol every back-end meets,
embedded Oxigraph on disk or in memory (:mod:`kg.store.oxigraph`), any
SPARQL 1.1 server (:mod:`kg.store.sparql` over :mod:`kg.store.http`), and
:func:`open_store`, which picks the back-end from the location.

May import: core, :mod:`kg.documents`, :mod:`kg.extract`, :mod:`kg.rdf`.
"""
