"""The example SPARQL queries bundled with kg (``ontology/queries/*.rq``), by name.

Why a module: the files ship inside the wheel (``kg/ontology``), so after
``pip install .`` a path such as ``ontology/queries/top-actors.rq`` exists
only in a checkout; ``kg query --example top-actors`` works everywhere.
"""
from __future__ import annotations

__all__ = ["example_queries"]


def example_queries() -> dict[str, tuple[str, str]]:
    """``{name: (leading comment, query text)}`` of every bundled ``.rq`` file, by name."""
    from ..resources import ontology_dir

    out: dict[str, tuple[str, str]] = {}
    for path in sorted((ontology_dir() / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        comment = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comment.append(line.lstrip("#").strip())
        out[path.stem] = (" ".join(comment), text)
    return out
