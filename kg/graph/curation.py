"""Analysts' decisions about actors, in a ledger that every build applies again.

Why this exists: entity resolution will still get some actors wrong for a
given corpus, and an analyst who fixes one by hand must not lose the fix at
the next build. Each decision (merge, alias add/remove, rename, retype,
ignore) is one JSON line in a ledger next to the store
(``<store>/kg-curation.jsonl``) or in a file shared between stores. Nothing
extracted is ever edited: :func:`apply_curation` rewrites one named graph,
``graph/curation``, from the ledger, and the one place that reads actors
for analysis (:func:`kg.graph.actors.actor_table`) lays it over the extracted
descriptions. So a decision applies to data already loaded without
re-extraction, survives ``kg build --force`` and ``kg remove``, and undoing
it is deleting its line. The operations on a store (:func:`curate`, :func:`undo`,
``list_actors``) live in :mod:`kg.graph.curating`.

In RDF the curation graph holds ``owl:sameAs`` (merge), ``kg:ignored``,
``kg:curatedLabel``, ``kg:curatedType``, ``kg:addedAlias`` and
``kg:removedAlias`` statements about actor IRIs.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from .. import vocab as V
from ..errors import InputError
from ..model import ENTITY_TYPES

from ..store.base import Store

__all__ = ["OPERATIONS", "LEDGER_NAME", "CURATION_GRAPH", "Decision", "Curation", "ledger_path", "read_ledger",
           "add_decision", "undo_decision", "apply_curation", "read_curation", "curation_quads", "refresh_curation"]

LEDGER_NAME = "kg-curation.jsonl"
CURATION_GRAPH = V.ID + "graph/curation"
#: op -> whether it takes a value
OPERATIONS = {"merge": True, "alias-add": True, "alias-remove": True, "rename": True, "retype": True,
              "ignore": False}
_SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
_TRUE = ox.Literal("true", datatype=ox.NamedNode(V.XSD + "boolean"))


def _kg(name: str) -> ox.NamedNode:
    return ox.NamedNode(V.KG + name)


@dataclass(frozen=True)
class Decision:
    """One curation decision: ``op`` on the actor with entity id ``actor``; ``value`` per op.

    merge: ``value`` is the entity id the actor is merged into; alias-add /
    alias-remove: the alias; rename: the new label; retype: the new type;
    ignore: no value (the actor is never a node).
    """

    op: str
    actor: str
    value: str | None = None
    at: str = ""

    def to_line(self) -> str:
        data = {k: v for k, v in asdict(self).items() if v is not None}
        return json.dumps(data, ensure_ascii=False)

    def describe(self) -> str:
        """One line for people: ``merge Person/bush -> Person/george-w-bush``."""
        arrow = {"merge": " -> ", "rename": " as ", "retype": " as ", "alias-add": " + ",
                 "alias-remove": " - "}.get(self.op, "")
        return f"{self.op} {self.actor}{arrow}{self.value or ''}".rstrip()


def validate(decision: Decision) -> Decision:
    """Check a decision's shape; raises :class:`kg.errors.InputError` with what to fix."""
    if decision.op not in OPERATIONS:
        raise InputError(f"unknown curation operation {decision.op!r}; use one of {', '.join(OPERATIONS)}")
    if not decision.actor:
        raise InputError(f"{decision.op}: no actor given")
    if OPERATIONS[decision.op] and not (decision.value or "").strip():
        raise InputError(f"{decision.op} {decision.actor}: a value is needed")
    if decision.op == "retype" and decision.value not in ENTITY_TYPES:
        raise InputError(f"retype: unknown type {decision.value!r}; use one of {', '.join(ENTITY_TYPES)}")
    if decision.op == "merge" and decision.value == decision.actor:
        raise InputError(f"merge: {decision.actor} cannot be merged into itself")
    return decision


def ledger_path(store_location: str | None, curation: str | os.PathLike | None = None) -> Path:
    """The ledger file: ``curation`` if given, else ``kg-curation.jsonl`` inside an on-disk store."""
    if curation is not None:
        return Path(curation)
    if not store_location or store_location == "memory" or "://" in store_location:
        raise InputError("this store has no folder to keep curation in; pass --curation FILE")
    return Path(store_location) / LEDGER_NAME


def read_ledger(path: Path) -> list[Decision]:
    """Decisions in ledger order; a missing file is an empty ledger. Bad lines raise with file:line."""
    if not path.is_file():
        return []
    out: list[Decision] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                decision = Decision(op=str(data["op"]), actor=str(data["actor"]),
                                    value=None if data.get("value") is None else str(data["value"]),
                                    at=str(data.get("at", "")))
                out.append(validate(decision))
            except (ValueError, KeyError, TypeError, InputError) as exc:
                raise InputError(f"{path}:{n}: not a curation decision ({exc}); fix or delete the line") from None
    return out


def _write_ledger(path: Path, decisions: list[Decision]) -> None:
    from ..files import atomic_text_file

    with atomic_text_file(path) as fh:
        for d in decisions:
            fh.write(d.to_line() + "\n")


def add_decision(path: Path, decision: Decision) -> Decision:
    """Append one decision to the ledger (atomically) and return it with its time stamp."""
    decision = validate(decision)
    if not decision.at:
        now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        decision = Decision(decision.op, decision.actor, decision.value, now)
    _write_ledger(path, [*read_ledger(path), decision])
    return decision


def undo_decision(path: Path, number: int | None = None) -> Decision:
    """Remove decision ``number`` (1-based, as ``kg curation`` lists them; default the last) from the ledger."""
    decisions = read_ledger(path)
    if not decisions:
        raise InputError(f"{path}: no curation decisions to undo")
    index = len(decisions) if number is None else number
    if not 1 <= index <= len(decisions):
        raise InputError(f"no decision {number}; the ledger has {len(decisions)} (see kg curation)")
    removed = decisions.pop(index - 1)
    _write_ledger(path, decisions)
    return removed


@dataclass
class Curation:
    """The effect of a ledger, by actor IRI: what :func:`kg.graph.actors.actor_table` lays over the extracted data."""

    merges: dict[str, str]
    ignored: set[str]
    labels: dict[str, str]
    types: dict[str, str]
    added_aliases: dict[str, set[str]]
    removed_aliases: dict[str, set[str]]

    @classmethod
    def empty(cls) -> "Curation":
        return cls({}, set(), {}, {}, {}, {})

    def __bool__(self) -> bool:
        return any((self.merges, self.ignored, self.labels, self.types, self.added_aliases, self.removed_aliases))


def curation_quads(decisions: Iterable[Decision]) -> list[ox.Quad]:
    """The curation graph's quads for a ledger: later decisions win over earlier ones on the same actor."""
    g = ox.NamedNode(CURATION_GRAPH)
    merges: dict[str, str] = {}
    ignored: set[str] = set()
    labels: dict[str, str] = {}
    types: dict[str, str] = {}
    aliases: dict[tuple[str, str], str] = {}
    for d in decisions:
        if d.op == "merge":
            merges[d.actor] = d.value or ""
        elif d.op == "ignore":
            ignored.add(d.actor)
        elif d.op == "rename":
            labels[d.actor] = d.value or ""
        elif d.op == "retype":
            types[d.actor] = d.value or ""
        else:
            aliases[(d.actor, d.value or "")] = d.op
    quads: list[ox.Quad] = []

    def iri(entity_id: str) -> ox.NamedNode:
        return ox.NamedNode(V.entity_iri(entity_id))

    for a, b in sorted(merges.items()):
        quads.append(ox.Quad(iri(a), _SAME_AS, iri(b), g))
    for a in sorted(ignored):
        quads.append(ox.Quad(iri(a), _kg("ignored"), _TRUE, g))
    for a, label in sorted(labels.items()):
        quads.append(ox.Quad(iri(a), _kg("curatedLabel"), ox.Literal(label), g))
    for a, type_ in sorted(types.items()):
        quads.append(ox.Quad(iri(a), _kg("curatedType"), ox.Literal(type_), g))
    for (a, alias), op in sorted(aliases.items()):
        pred = "addedAlias" if op == "alias-add" else "removedAlias"
        quads.append(ox.Quad(iri(a), _kg(pred), ox.Literal(alias), g))
    return quads


def apply_curation(store: "Store", decisions: Iterable[Decision]) -> int:
    """Rewrite the store's curation graph from ``decisions``; returns how many statements it holds.

    The event summary is dropped by the write (it is derived with the
    curation applied) and rebuilt by the caller (:func:`kg.graph.summary.refresh_summary`).
    """
    quads = curation_quads(decisions)
    store.replace_graph(CURATION_GRAPH, quads)
    return len(quads)


_READ = """
SELECT ?a ?p ?o WHERE { GRAPH <%s> { ?a ?p ?o } }
""" % CURATION_GRAPH


def read_curation(store: "Store") -> Curation:
    """The curation graph of ``store`` as a :class:`Curation` (empty when there is none)."""
    cur = Curation.empty()
    for a, p, o in store.query(_READ, prefixes=False).rows:
        o = str(o)
        if p == _SAME_AS.value:
            cur.merges[a] = o
        elif p == V.KG + "ignored":
            cur.ignored.add(a)
        elif p == V.KG + "curatedLabel":
            cur.labels[a] = o
        elif p == V.KG + "curatedType":
            cur.types[a] = o
        elif p == V.KG + "addedAlias":
            cur.added_aliases.setdefault(a, set()).add(o)
        elif p == V.KG + "removedAlias":
            cur.removed_aliases.setdefault(a, set()).add(o)
    return cur


def refresh_curation(store: "Store", curation: str | os.PathLike | None = None) -> bool:
    """Bring the store's curation graph in line with its ledger; True if it changed.

    The ledger is ``curation`` or the store's own; a store without either
    keeps no curation graph. Nothing is written when the graph is already
    current, so the event summary is kept.
    """
    try:
        path = ledger_path(store.location, curation)
    except InputError:
        return False
    decisions = read_ledger(path)
    wanted = {(q.subject.value, q.predicate.value, q.object.value) for q in curation_quads(decisions)}
    current = {(a, p, _lexical(o)) for a, p, o in store.query(_READ, prefixes=False).rows}
    if wanted == current:
        return False
    apply_curation(store, decisions)
    return True


def _lexical(value: object) -> str:
    """A query result value as its RDF lexical form (``True`` -> ``"true"``)."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)
