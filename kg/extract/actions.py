"""Map an action's lemma to its PLOVER category, using the SKOS lexicon in ``actions.ttl``.

Which verbs mean ASSAULT or CONSULT is data, not code: the lexicon is the
``kg:trigger`` literals on the concepts of ``ontology/actions.ttl``, so users
add verbs (or whole categories) by editing that file or by passing their own
Turtle file to :meth:`ActionLexicon.extend`, without touching Python.

A trigger is a lowercase spaCy lemma or a sequence of lemmas separated by one
space: a verb (``"attack"``), verb + particle (``"pull out"``), verb +
preposition (``"call for"``), verb + object noun (``"impose sanction"``),
verb + particle/preposition + noun (``"go on strike"``) or an event noun
(``"offensive"``), which counts only after a light verb (``kg:lightVerb`` on
the scheme: "launched an offensive", "carried out a raid").
"""
from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from ..errors import InputError
from ..vocab import ACT, KG, RDF, SKOS
from .wordlists import person_nouns

__all__ = ["ActionLexicon", "load_lexicon", "normalize_trigger"]


def normalize_trigger(text: str) -> str:
    """Lowercase a trigger and collapse its whitespace to single spaces.

    >>> normalize_trigger("  Carry   OUT ")
    'carry out'
    """
    return " ".join(text.lower().split())


#: Prefixes after which a verb names the same kind of event as without them: again ("re-arrested"),
#: jointly ("co-sponsored") or in return ("counter-attacked").
_SAME_EVENT_PREFIXES = ("re-", "co-", "counter-")


def _prefixed_forms(lemma: str) -> list[str]:
    """The lemma, then for a hyphenated prefix (kept one token by :mod:`kg.extract.nlp`) its closed-up
    spelling and the verb after a prefix that keeps the event's kind.

    >>> _prefixed_forms("co-operate"), _prefixed_forms("re-arrest"), _prefixed_forms("mis-sell")
    (['co-operate', 'cooperate', 'operate'], ['re-arrest', 'rearrest', 'arrest'], ['mis-sell', 'missell'])
    """
    if "-" not in lemma:
        return [lemma]
    forms = [lemma, lemma.replace("-", "")]
    prefix = next((p for p in _SAME_EVENT_PREFIXES if lemma.lower().startswith(p)), None)
    if prefix is not None and len(lemma) > len(prefix) + 1:
        forms.append(lemma[len(prefix):])
    return forms


@dataclass(frozen=True, eq=False)
class ActionLexicon:
    """Triggers, negation rules and light verbs read from SKOS action schemes.

    Build one with :func:`load_lexicon`; the attributes are plain mappings so
    other code can inspect them.

    Attributes
    ----------
    triggers : dict of str to str
        Normalised trigger (``"launch attack"``) to category name (``"ASSAULT"``).
    negations : dict of str to str
        Category to the category its negated actions belong to (``AGREE`` -> ``REJECT``).
    light_verbs : frozenset of str
        Verbs after which the object noun alone decides the category.
    concepts : dict of str to str
        Category name to the IRI of its SKOS concept.
    signs, modes : dict of str to str
        Category to ``"cooperation"``/``"conflict"`` and to ``"verbal"``/``"material"``
        (``kg:sign``, ``kg:mode``: PLOVER's quad categories).
    people : dict of str to str
        Trigger to the category of its action when done to people (``kg:doneToPeopleAs``:
        capturing a town is FIGHT, capturing a man COERCE).
    """

    triggers: dict[str, str] = field(default_factory=dict)
    negations: dict[str, str] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    concepts: dict[str, str] = field(default_factory=dict)
    signs: dict[str, str] = field(default_factory=dict)
    modes: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)

    def common_words(self) -> frozenset[str]:
        """The one-word verbs and event nouns the lexicon knows ("launch", "threat"), lower case.

        Headline re-casing (:mod:`kg.extract.truecase`) lowers these when
        the article's body does not say how it writes them.
        """
        words = getattr(self, "_common_words", None)
        if words is None:
            words = frozenset(w.lower() for w in (*self.triggers, *self.negations, *self.light_verbs) if " " not in w)
            object.__setattr__(self, "_common_words", words)
        return words

    def categories_of_sign(self, sign: str) -> list[str]:
        """The categories of one sign, sorted.

        >>> load_lexicon().categories_of_sign("cooperation")[:3]
        ['AGREE', 'AID', 'CONCEDE']
        """
        return sorted(c for c, s in self.signs.items() if s == sign.lower())

    def categories(self) -> list[str]:
        """Return the names of all categories, sorted.

        Returns
        -------
        list of str
            E.g. ``["AGREE", "AID", "ASSAULT", ...]``.
        """
        return sorted(self.concepts)

    def concept_iri(self, category: str) -> str:
        """Return the IRI of a category's SKOS concept (``act:ASSAULT`` for ``"ASSAULT"``)."""
        return self.concepts.get(category, ACT + category)

    def categorize(self, lemma: str, *, particle: str | None = None, prep: str | None = None,
                   noun: str | None = None, negated: bool = False) -> str | None:
        """Return the PLOVER category of an action, or None when no trigger matches.

        Candidates are tried from the most to the least specific; the first
        trigger found wins:

        1. ``lemma particle noun`` ("give up arm"), 2. ``lemma prep noun`` ("go on strike"),
        3. ``lemma particle`` ("pull out"), 4. ``lemma noun`` ("impose sanction"),
        5. ``lemma prep`` ("call for"), 6. ``noun`` alone when the verb is a light
        verb ("carried out raids") and the noun no person noun ("took the suspect"), 7. ``lemma``.

        The verb+object noun is tried before verb+preposition so that
        "withdrew its ambassador from X" is SANCTION, not the RETREAT of
        "withdraw from". When ``negated`` is true and the category has a
        ``kg:negatedAs``, that category is returned instead.

        Parameters
        ----------
        lemma : str
            Lemma of the main verb (``"launch"``); may already include a particle (``"carry out"``).
        particle : str, optional
            Verb particle (spaCy ``prt``): ``"out"`` in "carried out".
        prep : str, optional
            Preposition attached to the verb: ``"for"`` in "called for".
        noun : str, optional
            Lemma of the object noun: ``"strike"`` in "launched strikes".
        negated : bool
            Whether the action is negated ("did not agree").

        Returns
        -------
        str or None
            Category name such as ``"ASSAULT"``.

        Examples
        --------
        >>> lex = load_lexicon()
        >>> lex.categorize("launch", noun="strike")
        'ASSAULT'
        >>> lex.categorize("agree", negated=True)
        'REJECT'
        """
        for form in _prefixed_forms(lemma):
            for candidate in self._candidates(form, particle, prep, noun):
                category = self.triggers.get(candidate)
                if category is not None:
                    if negated:
                        return self.negations.get(category, category)
                    return category
        return None

    def negate(self, category: str | None) -> str | None:
        """The category of ``category``'s actions when they did not happen (``AGREE`` -> ``REJECT``)."""
        return self.negations.get(category, category) if category is not None else None

    def _candidates(self, lemma: str, particle: str | None, prep: str | None,
                    noun: str | None) -> Iterator[str]:
        verb = normalize_trigger(lemma)
        part = normalize_trigger(particle) if particle else ""
        pre = normalize_trigger(prep) if prep else ""
        obj = normalize_trigger(noun) if noun else ""
        phrasal = f"{verb} {part}" if part else verb
        if not verb:
            return
        if part and obj:
            yield f"{phrasal} {obj}"
        if pre and obj:
            yield f"{phrasal} {pre} {obj}"
        if part:
            yield phrasal
        if obj:
            yield f"{verb} {obj}"
        if pre:
            yield f"{phrasal} {pre}"
            if part:
                yield f"{verb} {pre}"
        if obj and (phrasal in self.light_verbs or verb in self.light_verbs) and obj not in person_nouns():
            yield obj  # "carried out raids"; not "took the suspect", a person, though "suspect" is a verb trigger
        yield verb

    def extend(self, path: str | Path) -> "ActionLexicon":
        """Return a new lexicon with the concepts and triggers of another Turtle file added.

        The file uses the same vocabulary as ``actions.ttl``: ``kg:trigger``
        literals on ``skos:Concept`` resources (new ones need a
        ``skos:prefLabel``, or their IRI's last segment is the name),
        optionally ``kg:negatedAs`` and ``kg:lightVerb``. A trigger the file
        gives to another category moves there. The lexicon is immutable
        (:func:`load_lexicon` caches it), so use the returned object.

        Parameters
        ----------
        path : str or Path
            Turtle file to merge.

        Returns
        -------
        ActionLexicon

        Raises
        ------
        InputError
            When the file cannot be read or parsed.
        """
        extra = _index(_parse(path))
        return ActionLexicon(
            triggers={**self.triggers, **extra.triggers},
            negations={**self.negations, **extra.negations},
            light_verbs=self.light_verbs | extra.light_verbs,
            concepts={**self.concepts, **extra.concepts},
            signs={**self.signs, **extra.signs},
            modes={**self.modes, **extra.modes},
            people={**self.people, **extra.people},
        )


class _Graph:
    """The few lookups the lexicon needs, over the triples pyoxigraph parsed.

    Why not rdflib: importing it took longer (65 ms) than parsing and
    indexing the whole lexicon, on every start of ``kg extract``.
    """

    def __init__(self, triples: Iterable) -> None:
        self._objects: dict[tuple[object, str], list] = defaultdict(list)
        self._subjects: dict[tuple[str, object], list] = defaultdict(list)
        self._pairs: dict[str, list] = defaultdict(list)
        for t in triples:
            p = t.predicate.value
            self._objects[(_term_key(t.subject), p)].append(t.object)
            self._subjects[(p, _term_key(t.object))].append(t.subject)
            self._pairs[p].append((t.subject, t.object))

    def objects(self, subject: object, predicate: str) -> list:
        return self._objects.get((_term_key(subject), predicate), [])

    def subjects(self, predicate: str, obj: object) -> list:
        return self._subjects.get((predicate, _term_key(obj)), [])

    def subject_objects(self, predicate: str) -> list:
        return self._pairs.get(predicate, [])


def _term_key(term: object) -> object:
    """A hashable key that tells IRIs, blank nodes and literals apart (an IRI may be given as its text)."""
    import pyoxigraph as ox

    if isinstance(term, str):
        return ("iri", term)
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("blank", term.value)
    return ("literal", str(term))


def _text(term: object) -> str:
    """An IRI's text or a literal's lexical form (what ``str()`` of an rdflib term gives)."""
    return getattr(term, "value", str(term))


def _parse(path: str | Path) -> _Graph:
    import pyoxigraph as ox

    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"action lexicon {path} does not exist") from exc
    except OSError as exc:
        raise InputError(f"cannot read action lexicon {path}: {exc}") from exc
    try:
        return _Graph(ox.parse(data, ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"action lexicon {path} is not valid Turtle: {exc}") from exc


def _concept_name(graph: _Graph, concept: object) -> str:
    """Category name of a concept: its English (or untagged) prefLabel, else its IRI's last segment."""
    import pyoxigraph as ox

    labels = [lab for lab in graph.objects(concept, SKOS + "prefLabel") if isinstance(lab, ox.Literal)]
    labels.sort(key=lambda lab: (lab.language not in (None, "en"), lab.value))
    if labels and labels[0].value.strip():
        return labels[0].value.strip()
    iri = _text(concept)
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _index(graph: _Graph) -> ActionLexicon:
    """Build a lexicon from one parsed graph (a trigger on two concepts: first name wins)."""
    trigger_p, negated_p, light_p, set_p = KG + "trigger", KG + "negatedAs", KG + "lightVerb", KG + "triggerSet"
    # trigger sets: those a concept groups, and those only done to people give a category (no concept's own)
    sets = {_term_key(o) for _, o in graph.subject_objects(set_p)} | {
        _term_key(s) for s in graph.subjects(RDF + "type", KG + "TriggerSet")}
    concepts: dict[str, str] = {}
    typed = graph.subjects(RDF + "type", SKOS + "Concept")  # every concept, and whatever has triggers
    triggered = [c for c, _ in graph.subject_objects(trigger_p) if _term_key(c) not in sets]  # but a trigger set
    for concept in {_term_key(c): c for c in [*typed, *triggered]}.values():
        concepts[_concept_name(graph, concept)] = _text(concept)
    names = {iri: name for name, iri in concepts.items()}

    triggers: dict[str, str] = {}
    for name in sorted(concepts, reverse=True):  # alphabetical first wins on conflicts
        concept = concepts[name]
        # a concept's own triggers, then those of its trigger sets (groups with their own dct:source)
        literals = [*graph.objects(concept, trigger_p),
                    *(lit for group in graph.objects(concept, set_p) for lit in graph.objects(group, trigger_p))]
        for literal in literals:
            key = normalize_trigger(_text(literal))
            if key:
                triggers[key] = name
    negations: dict[str, str] = {}
    for concept, other in graph.subject_objects(negated_p):
        source = names.get(_text(concept)) or _concept_name(graph, concept)
        negations[source] = names.get(_text(other)) or _concept_name(graph, other)
    people = {normalize_trigger(_text(t)): names.get(_text(other)) or _concept_name(graph, other)
              for group, other in graph.subject_objects(KG + "doneToPeopleAs") for t in graph.objects(group, trigger_p)}
    light = frozenset(normalize_trigger(_text(v)) for _, v in graph.subject_objects(light_p))
    signs = {name: _text(v).strip().lower() for name, iri in concepts.items() for v in graph.objects(iri, KG + "sign")}
    modes = {name: _text(v).strip().lower() for name, iri in concepts.items() for v in graph.objects(iri, KG + "mode")}
    return ActionLexicon(triggers=triggers, negations=negations, light_verbs=light, concepts=concepts,
                         signs=signs, modes=modes, people=people)


def _load(path: str | Path) -> ActionLexicon:
    return _index(_parse(path))


@functools.lru_cache(maxsize=8)
def _lexicon_with(extra: tuple[str, ...]) -> ActionLexicon:
    """The bundled lexicon with ``extra`` files merged over it, loaded once per process and combination."""
    from ..resources import ontology_file

    lexicon = _load(ontology_file("actions.ttl"))
    for path in extra:
        lexicon = lexicon.extend(path)
    return lexicon


def load_lexicon(path: str | Path | None = None, *, extra: Sequence[str | Path] = ()) -> ActionLexicon:
    """Load the action lexicon from a SKOS Turtle file.

    Parameters
    ----------
    path : str or Path, optional
        A lexicon in the format of ``ontology/actions.ttl``. Without it the
        bundled ``actions.ttl`` is loaded once per process and cached.
    extra : sequence of str or Path
        Lexicons merged over the bundled one (``kg build/extract --actions``).

    Returns
    -------
    ActionLexicon

    Raises
    ------
    InputError
        When the file cannot be read or parsed.

    Examples
    --------
    >>> load_lexicon().categorize("carry", particle="out", noun="raid")
    'ASSAULT'
    """
    if path is None:
        return _lexicon_with(tuple(str(Path(p).resolve()) for p in extra))
    lexicon = _load(path)
    for more in extra:
        lexicon = lexicon.extend(more)
    return lexicon
