"""The actors of a store as analysis sees them: one reading, with links, country votes and curation applied.

Why one module: every command, page and export must show the same label,
type and country for an actor, and merge the same short names ("BMM") into
the same full names ("Black Mangrove Militia"). :func:`actor_table` is the
only place that decides it; the event table, the evidence reader and the
curation listing all start from it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Collection

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

from ..store.base import Store
from .actor_cache import ActorCache, load_actor_cache
from .curation import Curation, read_curation
from .filter import actor_matches
from .links import decide_countries, read_links

__all__ = ["ActorMapping", "actor_table", "canonical", "find_actor"]


def actor_table(store: Store, cache: ActorCache | None = None) -> tuple[dict[str, dict], dict[str, str]]:
    """Every actor as analysis sees it, and the variant -> canonical links, with curation applied.

    This is the one place actors are read for analysis, pages, reports and
    the event summary, so every command shows the same label, type and
    country for an actor:

    * the extracted description (``graph/entities``); one country per actor,
      by the documents' votes: a country any document states beats one
      only inferred, then the most documents win (ties: code order);
    * the ``owl:sameAs`` links of :mod:`kg.graph.links` ("BMM" -> Black Mangrove
      Militia), whose aliases and, when it has none stated, country the
      canonical actor takes;
    * the analyst's curation (:mod:`kg.graph.curation`): merges, ignored actors
      (dropped, so their events are too), labels, types and aliases.

    ``cache``: the descriptions and votes as a writer has them
    (:mod:`kg.graph.actor_cache`); default: the store's saved cache when it
    has a current one, else read from the store. (A writer describes only the
    actors its change touched: :meth:`ActorMapping.entries`.)

    Returns ``(actors by IRI, links IRI -> canonical IRI)``.
    """
    cache = cache or load_actor_cache(store) or ActorCache.read(store)
    mapping = ActorMapping.of(cache, read_links(store), read_curation(store))
    return mapping.entries(cache), mapping.links


@dataclass
class ActorMapping:
    """Which actor each actor IRI's events count for: the described, not ignored actors, and the links.

    What the event table needs to place an event (:meth:`kg.graph.table.EventTable.merge`),
    without describing every actor: a writer compares the mapping before and
    after its change to find the few actors whose events must be counted again
    (:mod:`kg.graph.table_update`).
    """

    #: IRIs with a whole description (kg writes no other): the actors links may join
    described: set[str]
    #: variant -> canonical, curated merges included, chains followed
    links: dict[str, str]
    curation: Curation

    @classmethod
    def of(cls, cache: ActorCache, links: dict[str, str], cur: Curation) -> "ActorMapping":
        described = {iri for iri, d in cache.descriptions.items()
                     if d.id is not None and d.label is not None and d.type is not None}
        links = {a: b for a, b in links.items() if a in described and b in described}
        for a, b in cur.merges.items():
            if a in described and b in described:
                links[a] = b
        links = {a: canonical(a, links) for a in links}
        return cls(described, {a: b for a, b in links.items() if a != b}, cur)

    def node(self, iri: str) -> str | None:
        """The actor ``iri``'s events count for (itself, or what it links to), or None (no such actor)."""
        target = self.links.get(iri, iri)
        return target if target in self.described and target not in self.curation.ignored else None

    def entries(self, cache: ActorCache, only: Collection[str] | None = None) -> dict[str, dict]:
        """The actors (``only`` these, default all) as analysis shows them: label, type, country, aliases."""
        cur, links = self.curation, self.links
        if only is not None and any(full in links for full in links.values()):
            # contradicting merges (A into B, then B into A) chain shorts through each other: describe all
            asked = set(only)
            return {iri: data for iri, data in self.entries(cache).items() if iri in asked}
        wanted = self.described if only is None else self.described & set(only)
        actors: dict[str, dict] = {}
        stated: dict[str, set[str]] = {}
        inferred: dict[str, set[str]] = {}
        shorts: dict[str, list[str]] = {}
        for short, full in links.items():
            if full in wanted:
                shorts.setdefault(full, []).append(short)
        for iri in sorted(wanted | {s for full in shorts for s in shorts[full]}):
            d = cache.descriptions[iri]
            actors[iri] = {"id": d.id, "label": d.label, "type": d.type if d.type != "OtherActor" else "Other",
                           "country": None, "aliases": list(d.aliases)}
            if d.stated:
                stated[iri] = set(d.stated)
            if d.inferred:
                inferred[iri] = set(d.inferred)
        near = {a: b for a, b in links.items() if b in wanted}  # the shorts whose votes go to a wanted actor
        types = {iri: actors[iri]["type"] for iri in actors}
        decided = decide_countries(types, stated, inferred, cache.votes, near)
        for iri, data in actors.items():
            data["country"] = decided[iri][0]
        for iri in cur.labels.keys() & actors.keys():
            old = actors[iri]["label"]
            actors[iri]["label"] = cur.labels[iri]
            actors[iri]["aliases"] = sorted(set(actors[iri]["aliases"]) | {old})
        for iri in cur.types.keys() & actors.keys():
            actors[iri]["type"] = cur.types[iri]
        for short, full in sorted(near.items()):  # "BMM" -> Black Mangrove Militia: one node
            aliases = set(actors[full]["aliases"]) | {actors[short]["label"], *actors[short]["aliases"]}
            actors[full]["aliases"] = sorted(aliases)
        for iri, data in actors.items():
            aliases = (set(data["aliases"]) | cur.added_aliases.get(iri, set())) - cur.removed_aliases.get(iri, set())
            data["aliases"] = sorted(aliases - {data["label"]})
        for iri in cur.ignored:
            actors.pop(iri, None)
        return {iri: data for iri, data in actors.items() if iri in wanted}


def canonical(iri: str, links: dict[str, str]) -> str:
    seen = {iri}
    while iri in links and links[iri] not in seen:
        iri = links[iri]
        seen.add(iri)
    return iri


def find_actor(G: nx.DiGraph | nx.MultiDiGraph, query: str) -> list[str]:
    """Node ids whose id, label or alias equals ``query`` (case-insensitive)."""
    return [n for n, d in G.nodes(data=True) if actor_matches(query, n, d)]
