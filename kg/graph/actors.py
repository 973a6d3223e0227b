"""The actors of a store as analysis sees them: one reading, with links, country votes and curation applied.

Why one module: every command, page and export must show the same label,
type and country for an actor, and merge the same short names ("BMM") into
the same full names ("Black Mangrove Militia"). :func:`actor_table` is the
only place that decides it; the event table, the evidence reader and the
curation listing all start from it.
"""
from __future__ import annotations

import networkx as nx

from ..store.base import Store
from .actor_cache import ActorCache, load_actor_cache
from .curation import read_curation
from .filter import actor_matches
from .links import decide_countries, read_links

__all__ = ["actor_table", "canonical", "find_actor"]


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
    has a current one, else read from the store.

    Returns ``(actors by IRI, links IRI -> canonical IRI)``.
    """
    cache = cache or load_actor_cache(store) or ActorCache.read(store)
    actors: dict[str, dict] = {}
    stated: dict[str, set[str]] = {}
    inferred: dict[str, set[str]] = {}
    for iri, d in sorted(cache.descriptions.items()):
        if d.id is None or d.label is None or d.type is None:
            continue  # not a whole description (kg writes none such)
        actors[iri] = {"id": d.id, "label": d.label, "type": d.type if d.type != "OtherActor" else "Other",
                       "country": None, "aliases": list(d.aliases)}
        if d.stated:
            stated[iri] = set(d.stated)
        if d.inferred:
            inferred[iri] = set(d.inferred)
    votes = cache.votes
    cur = read_curation(store)
    links = {a: b for a, b in read_links(store).items() if a in actors and b in actors}
    for a, b in cur.merges.items():
        if a in actors and b in actors:
            links[a] = b
    links = {a: canonical(a, links) for a in links}
    links = {a: b for a, b in links.items() if a != b}
    decided = decide_countries({iri: d["type"] for iri, d in actors.items()}, stated, inferred, votes, links)
    for iri, data in actors.items():
        data["country"] = decided[iri][0]
    for iri in cur.labels.keys() & actors.keys():
        old = actors[iri]["label"]
        actors[iri]["label"] = cur.labels[iri]
        actors[iri]["aliases"] = sorted(set(actors[iri]["aliases"]) | {old})
    for iri in cur.types.keys() & actors.keys():
        actors[iri]["type"] = cur.types[iri]
    for short, full in links.items():  # "BMM" -> Black Mangrove Militia: one node
        aliases = set(actors[full]["aliases"]) | {actors[short]["label"], *actors[short]["aliases"]}
        actors[full]["aliases"] = sorted(aliases)
    for iri, data in actors.items():
        aliases = (set(data["aliases"]) | cur.added_aliases.get(iri, set())) - cur.removed_aliases.get(iri, set())
        data["aliases"] = sorted(aliases - {data["label"]})
    for iri in cur.ignored:
        actors.pop(iri, None)
    return actors, links


def canonical(iri: str, links: dict[str, str]) -> str:
    seen = {iri}
    while iri in links and links[iri] not in seen:
        iri = links[iri]
        seen.add(iri)
    return iri


def find_actor(G: nx.DiGraph | nx.MultiDiGraph, query: str) -> list[str]:
    """Node ids whose id, label or alias equals ``query`` (case-insensitive)."""
    return [n for n, d in G.nodes(data=True) if actor_matches(query, n, d)]
