"""The gazetteer as a lookup table from any lower-case name or alias to its entry.

Why its own module: every document asks the gazetteer about every name it
contains (its type, country and canonical name), so the table is built
once per process from :func:`kg.extract.countries.load_gazetteer` and
shared; the rules that ask it need not know how it is built.
"""
from __future__ import annotations

import functools
from typing import Iterable

from .countries import load_gazetteer
from .names import clean_name

__all__ = ["GazetteerHit", "gazetteer_index"]


class GazetteerHit:
    """What the gazetteer knows of a name: the canonical ``name``, its ``type`` and ``country``."""

    __slots__ = ("name", "type", "country")

    def __init__(self, name: str, type_: str, country: str | None) -> None:
        self.name, self.type, self.country = name, type_, country


@functools.lru_cache(maxsize=1)
def gazetteer_index() -> dict[str, GazetteerHit]:
    """Every gazetteer name and alias, lower case (as written and cleaned), to its entry; built once."""
    return _build_index(load_gazetteer())


def _build_index(entries: Iterable) -> dict[str, GazetteerHit]:
    index: dict[str, GazetteerHit] = {}
    for e in entries:
        hit = GazetteerHit(e.name, e.type, e.country)
        for name in [e.name, *e.aliases]:
            index.setdefault(name.lower(), hit)
            index.setdefault(clean_name(name).lower(), hit)
    return index
