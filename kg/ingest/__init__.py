"""Ingest: the write path. Documents or event files in, a consistent store out.

Owns ``kg build`` and ``kg load`` (one loading session: content hashes,
batched bulk loads, crash-safe markers), ``kg remove`` and the refresh of
derived data (entity graph, links, curation, summary), store checks and
SHACL validation.

May import: core, :mod:`kg.documents`, :mod:`kg.extract`, :mod:`kg.rdf`,
:mod:`kg.store`, :mod:`kg.graph`.
"""
