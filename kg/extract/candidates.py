"""A statement extracted from a sentence, before the pipeline turns it into a triple.

Why its own module: the rules for predicates (:mod:`kg.extract.triples`) and
for derived facts (:mod:`kg.extract.facts`) both build candidates, and the
pipeline reads them; a module of its own lets all three share the class
without importing each other.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Action, Argument, EntityRef

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

__all__ = ["Candidate"]


class Candidate:
    """One extracted statement before it becomes a :class:`kg.model.Triple`."""

    __slots__ = ("subject", "action", "object", "arguments", "predicate", "confidence", "derived", "agentless")

    def __init__(self, subject: EntityRef, action: Action, object_: EntityRef | None,
                 arguments: list[Argument], predicate: "Token", confidence: float, derived: bool = False) -> None:
        self.subject = subject
        self.action = action
        self.object = object_
        self.arguments = arguments
        self.predicate = predicate
        self.confidence = confidence
        #: a minimal fact restating part of an event ("He | served as Prime Minister of | Australia"):
        #: in the extraction output, but not a second event in the graph
        self.derived = derived
        #: the subject is a passive's patient and the text does not say who acted ("14 people were
        #: killed"): in the graph it is the event's target, and the event has no actor
        self.agentless = False
