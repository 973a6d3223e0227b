"""RDF: extraction results as quads under kg's ontology, and SPARQL text as kg reads it.

Owns the mapping of documents, events and actors to quads
(:mod:`kg.rdf.quads`), the bundled example queries
(:mod:`kg.rdf.queries`) and the one SPARQL text inspector
(:mod:`kg.rdf.sparql_text`: query form, ``FROM``, ``SERVICE``) that the
stores, ``kg query`` and ``kg serve`` all use.

May import: core, :mod:`kg.documents`, :mod:`kg.extract`.
"""
