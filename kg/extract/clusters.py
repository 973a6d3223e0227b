"""What a mention of an actor resolves to: a cluster of names, and where each name stands.

Why its own module: the clustering of names (:mod:`kg.extract.entities`),
the rules for descriptions (:mod:`kg.extract.descriptions`), the rules
that place actors in a country (:mod:`kg.extract.actor_countries`) and
pronoun resolution (:mod:`kg.extract.coref`) all read and grow the same
clusters; defining them apart keeps those modules from importing each other.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from .names import entity_id, slugify

__all__ = ["Cluster", "NameMention", "description_id"]


def description_id(type_: str, label: str, scope: str) -> str:
    """Id of an unnamed description, scoped to its document ("a man" differs between stories).

    >>> description_id("Other", "man", "story-1") != description_id("Other", "man", "story-2")
    True
    """
    return f"{type_}/{slugify(label)}~{zlib.crc32(scope.encode('utf-8', 'surrogatepass')):08x}"


@dataclass
class Cluster:
    """One actor of a document: its canonical label, type, country and the names the text uses."""

    label: str
    type: str
    country: str | None = None
    aliases: set[str] = field(default_factory=set)
    country_inferred: bool = False
    gender: str | None = None
    plural: bool = False
    role: str | None = None
    #: Lower-case nouns the text uses for this actor (titles, appositions, "actress Marta Lobato"),
    #: so a later "the actress" can find her among several people.
    nouns: set[str] = field(default_factory=set)
    #: Lower-case nouns the text gives another person beside this one ("A woman ... and now, the driver ...":
    #: the driver is not her), so a later "the driver" never refers back to this person.
    apart: set[str] = field(default_factory=set)
    #: None for a named entity; the document id for an unnamed description (its id is scoped).
    scope: str | None = None

    @property
    def id(self) -> str:
        if self.scope is not None:
            return description_id(self.type, self.label, self.scope)
        return entity_id(self.type, self.label)


@dataclass
class NameMention:
    """Where a name of ``cluster`` stands in the document: token indexes ``start`` to ``end``."""

    start: int
    end: int
    cluster: Cluster
