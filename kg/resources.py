"""Locate files shipped with kg: the ontology, lexicons and the example corpus.

The ontology lives at the top of the repository (``ontology/``) and is copied
into the wheel as ``kg/ontology``; this module finds it in both layouts so a
checkout, an editable install and a wheel behave the same.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["ontology_dir", "ontology_file", "data_dir", "examples_dir"]

_PACKAGE = Path(__file__).resolve().parent


def ontology_dir() -> Path:
    """Return the folder holding ``kg.ttl``, ``shapes.ttl``, ``actions.ttl`` and ``queries/``."""
    for candidate in (_PACKAGE / "ontology", _PACKAGE.parent / "ontology"):
        if (candidate / "kg.ttl").is_file():
            return candidate
    raise FileNotFoundError("kg's ontology folder is missing; reinstall kg")


def ontology_file(name: str) -> Path:
    """Return the path of one ontology file, e.g. ``ontology_file("actions.ttl")``."""
    return ontology_dir() / name


def data_dir() -> Path:
    """Return the folder of bundled data (gazetteer, demonyms)."""
    return _PACKAGE / "data"


def examples_dir() -> Path:
    """Return the folder of the bundled example corpus."""
    return _PACKAGE / "data" / "examples"
