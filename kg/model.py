"""In-memory contract of kg: documents, entities, actions and triples.

These dataclasses are what every stage passes to the next. ``Triple.to_json``
writes exactly the JSON Lines contract of DESIGN §4, which the shared scorers
read, so field names here are part of the public interface.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "ENTITY_TYPES",
    "METRICS",
    "Document",
    "EntityRef",
    "Action",
    "Argument",
    "Triple",
]

#: The closed set of actor types used in ids, RDF classes and colours.
ENTITY_TYPES: tuple[str, ...] = ("Person", "Organization", "Country", "Location", "Group", "Other")

#: Centrality metrics kg computes (kg.analysis); here so the CLI can offer them without
#: importing networkx at start-up. ``events`` (the events an actor takes part in, with or without
#: a target) is the default ranking: it matches a reader best (``tests/benchmarks/ranking.py``).
METRICS: tuple[str, ...] = ("events", "degree", "in_degree", "out_degree", "pagerank", "betweenness",
                            "eigenvector", "closeness")
#: The metric the commands and pages rank by unless told otherwise.
DEFAULT_METRIC = "events"
#: Links (actor pairs) a graph page draws by default: the ones with most events between its actors.
#: 500 actors of a million-event store have 37k linked pairs (a 26 MB page the browser takes seconds
#: to lay out); 1,000 keep the strongest ties legible and the page a few megabytes.
MAX_EDGES = 1000
#: Row orders of ``kg events`` (kg.events).
EVENT_SORTS: tuple[str, ...] = ("date", "confidence")


@dataclass(frozen=True)
class Document:
    """One input article.

    ``id`` is stable across runs (path relative to the input root without
    extension, a JSONL/CSV ``id`` field, or ``<file>:<line>`` with ``--lines``).
    ``date`` is an ISO ``YYYY-MM-DD`` string or None when unknown.
    """

    id: str
    text: str
    date: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None


@dataclass
class EntityRef:
    """A mention of an actor, resolved to a canonical entity.

    ``text`` is the surface text in the sentence; ``label`` the canonical
    name; ``id`` the stable entity id (``<type>/<slug>``).
    """

    text: str
    id: str
    label: str
    type: str = "Other"
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    #: True for unnamed actors ("police", "officials") that no name or country pins down;
    #: they stay in extraction output but do not become graph nodes (they would merge
    #: every article's police into one false hub).
    generic: bool = False
    #: True when ``country`` was inferred from the text around the name (the one country a
    #: sentence mentions) rather than stated; stored as ``kg:inferredCountry`` so a stated
    #: country from any document wins in the graph.
    country_inferred: bool = False
    #: Character offsets of the mention in the document text (None when unknown, e.g. loaded data).
    start: int | None = None
    end: int | None = None
    #: How the mention names its entity: ``"name"``, ``"pronoun"`` or ``"description"``. Only
    #: names become aliases of the entity; pronouns and descriptions are evidence, not names.
    kind: str = "name"
    #: A title or job written with the name ("Coroner" of "Coroner Gary Hargrove"), kept out of
    #: the canonical name.
    role: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        if self.start is not None and self.end is not None:
            out["start"], out["end"] = self.start, self.end
        out.update({"id": self.id, "label": self.label, "type": self.type, "country": self.country})
        if self.role:
            out["role"] = self.role
        # written only when they differ from the default, so `kg load --format triples` rebuilds the
        # same graph as `kg build` (a generic "police" or a pronoun is no node; an inferred country is a weak vote)
        if self.generic:
            out["generic"] = True
        if self.kind != "name":
            out["kind"] = self.kind
        if self.country_inferred:
            out["country_inferred"] = True
        return out


@dataclass
class Action:
    """The predicate of a triple: surface text, lemma, PLOVER category, polarity."""

    text: str
    lemma: str
    category: str | None = None
    negated: bool = False
    modality: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Argument:
    """An extra argument of an action (prepositional phrase, time, manner)."""

    text: str
    role: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Triple:
    """One actor–action–target statement with its evidence.

    ``sentence`` is the 0-based sentence index in the document, ``span`` the
    character offsets of that sentence in the document text, ``text`` the
    sentence itself (the evidence shown to users).
    """

    doc: str
    sentence: int
    text: str
    span: tuple[int, int]
    subject: EntityRef
    action: Action
    object: EntityRef | None = None
    arguments: list[Argument] = field(default_factory=list)
    date: str | None = None
    confidence: float = 0.5
    #: A minimal fact restating part of another triple's event (one per prepositional phrase);
    #: written to the extraction output, not loaded as an event of its own.
    derived: bool = False
    #: The subject is what a passive acted on and the text does not say who acted ("14 people were
    #: killed", "journalists were arrested"): the subject stays the sentence's (a fact reads so), but
    #: in the graph the subject is the event's target and the event has no actor.
    agentless: bool = False

    def to_json(self) -> dict[str, Any]:
        """Return the DESIGN §4 JSON object for this triple (``derived`` and ``agentless`` only when true)."""
        out = {
            "doc": self.doc,
            "sentence": self.sentence,
            "text": self.text,
            "span": [self.span[0], self.span[1]],
            "subject": self.subject.to_json(),
            "action": self.action.to_json(),
            "object": self.object.to_json() if self.object else None,
            "arguments": [a.to_json() for a in self.arguments],
            "date": self.date,
            "confidence": round(self.confidence, 4),
        }
        if self.derived:
            out["derived"] = True
        if self.agentless:
            out["agentless"] = True
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Triple":
        """Rebuild a triple from its JSON object (as written by ``to_json``)."""
        def ent(d: dict[str, Any] | None) -> EntityRef | None:
            if not d:
                return None
            return EntityRef(text=d.get("text", ""), id=d["id"], label=d.get("label") or d.get("text", ""),
                             type=d.get("type") or "Other", country=d.get("country"),
                             start=d.get("start"), end=d.get("end"), role=d.get("role"),
                             generic=bool(d.get("generic", False)), kind=str(d.get("kind") or "name"),
                             country_inferred=bool(d.get("country_inferred", False)))

        subject = ent(data["subject"])
        assert subject is not None
        action = data["action"]
        span = data.get("span") or [0, 0]
        return cls(
            doc=data["doc"], sentence=int(data.get("sentence", 0)), text=data.get("text", ""),
            span=(int(span[0]), int(span[1])), subject=subject,
            action=Action(text=action.get("text", ""), lemma=action.get("lemma", ""),
                          category=action.get("category"), negated=bool(action.get("negated", False)),
                          modality=action.get("modality")),
            object=ent(data.get("object")),
            arguments=[Argument(a.get("text", ""), a.get("role", "")) for a in data.get("arguments") or []],
            date=data.get("date"), confidence=float(data.get("confidence", 0.5)),
            derived=bool(data.get("derived", False)), agentless=bool(data.get("agentless", False)),
        )
