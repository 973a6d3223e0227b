"""Curation operations: record an analyst's decision, take it back, list actors as analysis sees them.

Why apart from :mod:`kg.graph.curation` (the ledger and its RDF): these
operations sit on top of the whole graph package, since a decision changes
what analysis sees, so the event summary is refreshed, and the actor listing
counts events from the event table.
"""
from __future__ import annotations

import os

from .. import vocab as V
from ..errors import InputError
from ..store.base import Store
from .actor_cache import load_actor_cache
from .actors import actor_table
from .curation import Decision, add_decision, ledger_path, refresh_curation, undo_decision
from .mirror import to_weighted_digraph
from .summary import read_rows, refresh_summary

__all__ = ["find_entity", "curate", "undo", "list_actors"]

_ENTITY_NAMES = V.PREFIXES + """
SELECT ?a ?id ?label (GROUP_CONCAT(DISTINCT ?alt; SEPARATOR="\\u001f") AS ?aliases)
WHERE { GRAPH <%s> { ?a kg:entityId ?id ; skos:prefLabel ?label OPTIONAL { ?a skos:altLabel ?alt } } }
GROUP BY ?a ?id ?label
""" % V.ENTITY_GRAPH


def find_entity(store: Store, text: str) -> str:
    """The entity id an analyst means by ``text``: an id, a label or an alias (case-insensitive).

    Raises :class:`kg.errors.InputError` when nothing or several actors
    match, listing close names or the candidates.
    """
    import difflib

    q = text.strip().lower()
    ids: dict[str, list[str]] = {}
    names: list[str] = []
    for _, eid, label, aliases in store.query(_ENTITY_NAMES, prefixes=False).rows:
        keys = [eid, label, *[a for a in (aliases or "").split("\x1f") if a]]
        names.append(label)
        for k in keys:
            ids.setdefault(k.lower(), []).append(eid)
    exact = [e for e in ids.get(q, []) if e.lower() == q]
    if exact:
        return exact[0]
    found = sorted(set(ids.get(q, [])))
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise InputError(f"{text!r} names {len(found)} actors: {', '.join(found)}; give the id")
    close = difflib.get_close_matches(text, sorted(set(names)), n=5, cutoff=0.6)
    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else " (see kg actors)"
    raise InputError(f"no actor {text!r} in the store{hint}")


def curate(store: Store, op: str, actor: str, value: str | None = None, *,
           curation: str | os.PathLike | None = None) -> Decision:
    """Record one decision about ``actor`` (an id, label or alias) and apply the ledger to ``store``.

    ``value`` for merge is the other actor (id, label or alias), for the
    rest as :class:`Decision` says. The event summary is rebuilt so
    analysis sees the decision at once.

    Examples
    --------
    >>> from kg.store import open_store
    >>> import tempfile, pathlib
    >>> ledger = pathlib.Path(tempfile.mkdtemp()) / "curation.jsonl"
    >>> with open_store("memory") as store:
    ...     curate(store, "ignore", "Organization/x", curation=ledger)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.InputError: no actor 'Organization/x' in the store (see kg actors)
    """
    path = ledger_path(store.location, curation)
    entity = find_entity(store, actor)
    if op == "merge":
        value = find_entity(store, value or "")
    before = read_rows(store)  # curation changes actors, not events: the counts are kept
    actors = load_actor_cache(store)  # and not what the documents say of them (curation is applied on top)
    decision = add_decision(path, Decision(op, entity, value))
    refresh_curation(store, path)
    refresh_summary(store, before, actors=actors)
    return decision


def undo(store: Store, number: int | None = None, *, curation: str | os.PathLike | None = None) -> Decision:
    """Take back decision ``number`` (default: the last) and apply the ledger again."""
    path = ledger_path(store.location, curation)
    before = read_rows(store)  # curation changes actors, not events: the counts are kept
    actors = load_actor_cache(store)  # and not what the documents say of them (curation is applied on top)
    removed = undo_decision(path, number)
    refresh_curation(store, path)
    refresh_summary(store, before, actors=actors)
    return removed


def list_actors(store: Store) -> list[dict]:
    """Every actor as analysis sees it (curation applied), most events first.

    Rows: ``id, label, type, country, aliases, events`` (events in which the
    actor acts or is the target; variants merged into it count as it).
    """
    actors, links = actor_table(store)
    D = to_weighted_digraph(store)
    rows = []
    for iri, data in actors.items():
        if iri in links:
            continue
        events = int(D.nodes[data["id"]].get("mentions", 0)) if data["id"] in D else 0
        rows.append({"id": data["id"], "label": data["label"], "type": data["type"], "country": data["country"],
                     "aliases": data["aliases"], "events": events})
    rows.sort(key=lambda r: (-r["events"], r["label"].lower(), r["id"]))
    return rows
