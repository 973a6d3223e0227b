"""Validate kg data against ``ontology/shapes.ttl`` with pySHACL.

Entity classes live in the entity graph and events in document graphs, so
validation runs on the union of all graphs (as one rdflib Graph) plus the
ontology, which is what the shapes are written for.
"""
from __future__ import annotations

import io
from pathlib import Path

from ..resources import ontology_file
from ..store.base import Store

__all__ = ["validate_graph_text", "validate_store", "validate_file"]


def validate_graph_text(nquads: str) -> tuple[bool, str]:
    """Validate N-Quads text; returns (conforms, human-readable report)."""
    import rdflib
    from pyshacl import validate

    ds = rdflib.Dataset()
    ds.parse(data=nquads, format="nquads")
    union = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    shapes = rdflib.Graph().parse(ontology_file("shapes.ttl"))
    conforms, _, text = validate(union, shacl_graph=shapes, inference="none")
    return bool(conforms), str(text)


def validate_store(store: Store) -> tuple[bool, str]:
    """Validate everything in a store."""
    import pyoxigraph as ox

    buf = io.BytesIO()
    store.dump(buf, ox.RdfFormat.N_QUADS)
    return validate_graph_text(buf.getvalue().decode("utf-8"))


def validate_file(path: str | Path) -> tuple[bool, str]:
    """Validate an RDF file in any format Oxigraph reads (guessed from the extension)."""
    import pyoxigraph as ox

    from ..errors import InputError

    try:
        quads = list(ox.parse(path=str(path)))
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"{path}: cannot read RDF: {exc}") from None
    buf = io.BytesIO()
    ox.serialize(quads, buf, ox.RdfFormat.N_QUADS)
    return validate_graph_text(buf.getvalue().decode("utf-8"))
