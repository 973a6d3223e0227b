"""Derived facts: what a reader states from a sentence besides its events.

Why its own module: an event triple ("X | met | Y") is one kind of
statement; a sentence also says who was told ("told reporters"), where an
event was and whom it touched ("met Y in Lisbon"), what an apposition,
a possessive or a job title says of a name ("Daniel Noboa, Ecuador's
president"), who said a clause ("according to X") and which events nouns
name ("the arrest of X by Y"). These are marked ``derived`` (except
attributions) so the graph counts each event once, and they have
confidences of their own below the events'. Kept apart from the predicate
rules (:mod:`kg.extract.triples`) so each can be tuned without the other.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from ..model import Action, EntityRef
from .appositions import apposition
from .arguments import (expand_arguments, located, noun_phrase, resolve_argument, restates_subject, span_text,
                        what_subject_is)
from .candidates import Candidate
from .clauses import acting_possessor, relation_tokens
from .noun_phrases import denotes_people, is_name_suffix, place_of
from .person_roles import affiliations, titles_before_names
from .wordlists import place_nouns

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from .actions import ActionLexicon
    from .entities import DocumentEntities

__all__ = ["DERIVED_CONFIDENCE", "APPOSITION_CONFIDENCE", "POSSESSIVE_CONFIDENCE", "AFFILIATION_CONFIDENCE",
           "ATTRIBUTION_CONFIDENCE", "sentence_facts", "addressee_facts", "demand_facts", "speech_facts",
           "prepositional_facts", "apposition_facts",
           "passive_restatements", "possessive_facts", "attributions", "nominal_events", "affiliation_facts",
           "title_facts", "place_facts"]


#: Confidence of a derived fact: below every event triple with an object, so a confidence threshold
#: keeps events first (CaRB's PR curve: facts restated from an event are less often gold on their own).
DERIVED_CONFIDENCE = 0.12
#: Confidence of an apposition's "is" fact (true more often than a prepositional restatement).
APPOSITION_CONFIDENCE = 0.45
#: Confidence of a possessive's "has" fact ("Princeville's river" -> Princeville | has | river).
POSSESSIVE_CONFIDENCE = 0.25
#: Confidence of an affiliation fact ("Chargers defensive tackle Jamal Williams").
AFFILIATION_CONFIDENCE = 0.3
#: Confidence of "according to X": as sure as a "said" with a clause (the speaker is named outright).
ATTRIBUTION_CONFIDENCE = 0.5

#: Entity labels of prepositional objects that are times, amounts or places of the event, not facts of their own.
_CIRCUMSTANCE_ENTS = {"DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"}
#: Prepositions that introduce the actor an event noun is done to ("the arrest of X", "an attack on X").
_PATIENT_PREPS = ("of", "on", "against", "upon")


def sentence_facts(sent: "Span", entities: "DocumentEntities", lexicon: "ActionLexicon",
                   tokens: "Sequence[Token] | None" = None) -> Iterator[Candidate]:
    """Every derived fact and attribution of one sentence that is not tied to one predicate.

    ``tokens``: the sentence's tokens as a list, if the caller has one (each
    pass over a Span makes new Token objects; the rules below read it five times).
    """
    tokens = list(sent) if tokens is None else tokens
    yield from apposition_facts(tokens, entities)
    yield from possessive_facts(tokens, entities)
    yield from attributions(tokens, entities)
    yield from nominal_events(tokens, entities, lexicon)
    yield from affiliation_facts(sent, entities)
    yield from title_facts(sent, entities)
    yield from place_facts(tokens, entities)


def speech_facts(subj_ref: EntityRef, action: Action, verb: "Token", objects: list["Token"],
                 prep_heads: list[tuple["Token", "Token"]], clausal: "Token", entities: "DocumentEntities",
                 drop: set[int]) -> Iterator[Candidate]:
    """The derived facts of a statement beside what was said (``clausal``: its verb): of whom it demands
    something (:func:`demand_facts`) and to whom it was said (:func:`addressee_facts`)."""
    yield from demand_facts(subj_ref, action, clausal, entities, drop)
    yield from addressee_facts(subj_ref, action, verb, objects, prep_heads, entities, drop)


def addressee_facts(subj_ref: EntityRef, action: Action, verb: "Token", objects: list["Token"],
                    prep_heads: list[tuple["Token", "Token"]], entities: "DocumentEntities",
                    drop: set[int]) -> Iterator[Candidate]:
    """Who was told: "X told reporters that ..." -> "X | told | reporters", a derived fact.

    The event is what was said (its object is the clause); the actor it was
    said to ("told reporters", "confirmed to Reuters") would otherwise be lost.
    """
    heads = [(o, None) for o in objects if o.dep_ in ("dobj", "dative")]
    heads += [(pobj, p) for p, pobj in prep_heads if p.lower_ == "to" and p.i > verb.i and pobj.dep_ == "pobj"]
    for first, prep in heads:
        text = f"{action.text} {prep.text}" if prep is not None else action.text
        fact = Action(text=text, lemma=action.lemma, category=None, negated=action.negated, modality=action.modality)
        for obj_ref in _actor_refs([first], entities, drop):
            yield Candidate(subj_ref, fact, obj_ref, [], verb, DERIVED_CONFIDENCE + 0.05, derived=True)


def _actor_refs(heads: list["Token"], entities: "DocumentEntities", drop: set[int]) -> Iterator[EntityRef]:
    """The actors (with an id) of these argument heads and their conjuncts: people, institutions, names, pronouns."""
    for head, mod in expand_arguments(heads):
        if head.pos_ not in ("NOUN", "PROPN", "PRON") or not (entities.is_actor_noun(head) or head.pos_ == "PRON"):
            continue
        ref = resolve_argument(head, mod, entities, drop)
        if ref.id:
            yield ref


#: Modals of obligation: what someone says another actor "must" or "should" do is demanded of them.
_OBLIGATION = frozenset({"must", "should"})
#: Verbs of opinion or forecast among the speech verbs: "believe he should resign" demands nothing of him.
_OPINION = frozenset({"believe", "think", "estimate", "predict", "deny"})


def demand_facts(subj_ref: EntityRef, action: Action, clausal: "Token", entities: "DocumentEntities",
                 drop: set[int]) -> Iterator[Candidate]:
    """Of whom a statement demands something: "Portugal said Cape Verde must arrest the smugglers" ->
    "Portugal | said ... must arrest | Cape Verde", DEMAND (PLOVER's codebook: insisting that another actor
    do something), a derived fact beside the statement itself.

    Only an obligation modal on the reported verb, only an actor other than the speaker, and not when the
    speaker is said not to have said it.
    """
    modal = next((c for c in clausal.children if c.dep_ == "aux" and c.lower_ in _OBLIGATION), None)
    if modal is None or action.negated or not subj_ref.id or action.lemma in _OPINION:
        return
    words = sorted([modal, clausal, *(c for c in clausal.children if c.dep_ in ("neg", "prt"))], key=lambda t: t.i)
    fact = Action(text=f"{action.text} ... {span_text(words)}", lemma=action.lemma, category="DEMAND",
                  negated=False, modality=action.modality)
    for obj_ref in _actor_refs([c for c in clausal.children if c.dep_ == "nsubj"], entities, drop):
        if obj_ref.id != subj_ref.id:
            yield Candidate(subj_ref, fact, obj_ref, [], clausal, DERIVED_CONFIDENCE + 0.05, derived=True)


def prepositional_facts(subj_ref: EntityRef, action: Action, verb: "Token", object_heads: list["Token"],
                        prep_heads: list[tuple["Token", "Token"]], used_prep: "Token | None",
                        entities: "DocumentEntities", drop: set[int]) -> Iterator[Candidate]:
    """The minimal facts a reader states from an event's prepositional phrases.

    "He served as the first Prime Minister of Australia" -> "He | served as
    the first Prime Minister of | Australia"; "X met Y in Lisbon" -> "X | met Y
    in | Lisbon". Marked ``derived``: they restate the event, they are not
    events of their own.
    """
    obj = object_heads[0] if object_heads else None
    # "became very ill with pneumonia", "held him in": an adjective or pronoun object stays in the relation
    kept = obj is not None and obj.pos_ in ("NOUN", "PROPN", "ADJ", "PRON")
    obj_tokens = noun_phrase(obj, keep_prep=False) if kept else []
    facts: list[tuple[list[Token], Token, Token]] = []
    for p, pobj in prep_heads:
        if p is used_prep or p.i < verb.i or pobj.dep_ != "pobj" or pobj.pos_ not in ("NOUN", "PROPN"):
            continue
        facts.append(([*obj_tokens, p] if obj is not None else [p], p, pobj))
    # "the first Prime Minister of Australia": the named actor inside the object (not "the town of X": that is X)
    if obj is not None and place_of(obj, entities.cluster_at) is None:
        for p in (c for c in obj.children if c.dep_ == "prep" and c.lower_ in ("of", "in", "from", "for")):
            for pobj in (c for c in p.children if c.dep_ == "pobj" and entities.cluster_at(c.i) is not None):
                inner = [t for t in noun_phrase(obj) if t.i < p.i]
                facts.append(([*inner, p], p, pobj))
    base = action.text
    for words, p, pobj in facts:
        if pobj.ent_type_ in _CIRCUMSTANCE_ENTS:
            continue
        extra = span_text(words) if obj is not None and words[-1] is p and len(words) > 1 else p.text
        rel = f"{base} {extra}" if obj is None or extra != p.text else f"{base} {span_text(words)}"
        obj_ref = resolve_argument(pobj, None, entities, drop)
        if restates_subject(obj_ref, subj_ref, pobj):  # "came to Lisbon as an experienced hand": Pina himself
            obj_ref = what_subject_is(obj_ref)
        fact = Action(text=" ".join(rel.split()), lemma=action.lemma, category=action.category,
                      negated=action.negated, modality=action.modality)
        yield Candidate(subj_ref, fact, obj_ref, [], verb, DERIVED_CONFIDENCE + (0.05 if obj_ref.type != "Other" else 0.0),
                        derived=True)


def passive_restatements(verb: "Token", patients: list["Token"], doers: list["Token"], action: Action,
                         entities: "DocumentEntities", drop: set[int],
                         confidence_of: "Callable[[EntityRef], float]") -> Iterator[Candidate]:
    """The passive as written, a derived fact beside its event: "the case was reviewed by a court" is the
    event "a court | reviewed | the case" and the statement "the case | was reviewed by | a court".

    It has no category: its subject is the one acted on, and a category
    reads subject -> object as doer -> target.
    """
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    if by is None:
        return
    fact = Action(text=span_text(sorted({*relation_tokens(verb), by}, key=lambda t: t.i)), lemma=action.lemma,
                  category=None, negated=action.negated, modality=action.modality)
    for patient, mod in expand_arguments(patients):
        patient_ref = resolve_argument(patient, mod, entities, drop)
        for doer, doer_mod in expand_arguments(doers):
            doer_ref = resolve_argument(doer, doer_mod, entities, drop)
            yield Candidate(patient_ref, fact, doer_ref, [], verb, confidence_of(doer_ref), derived=True)


def apposition_facts(tokens: "Iterable[Token]", entities: "DocumentEntities") -> Iterator[Candidate]:
    """'Daniel Noboa, Ecuador's president' -> (Daniel Noboa; is; Ecuador's president), a derived fact.

    An apposition describes its noun: the description is the actor's role
    (:mod:`kg.extract.entities`) and the statement is written to the
    extraction output as a derived fact, never as an event. A place
    qualifying a place ("Salt Lake City, Utah") is no statement at all.
    """
    for tok in tokens:
        if not apposition(tok) or tok.head.pos_ not in ("PROPN", "NOUN") or is_name_suffix(tok):
            continue
        head = tok.head
        if is_name_suffix(head) and head.dep_ == "appos":  # "Pedro Alves, Jr., the chairman": the chairman is Alves
            head = head.head
        a, b = entities.cluster_at(tok.i), entities.cluster_at(head.i)
        if a is not None and b is not None:
            continue  # two names side by side: a place qualifier, an alias or a misparse, not "X is Y"
        if tok.ent_type_ in ("GPE", "LOC") and head.ent_type_ in ("GPE", "LOC", "FAC"):
            continue
        # the name is the side with an actor's entity type ("Gomes, 58,": the age is tagged DATE, not a name)
        tagged = [t.ent_type_ not in ("", *_CIRCUMSTANCE_ENTS) or a is not None for t, a in ((tok, a), (head, b))]
        named, description = (tok, head) if tagged == [True, False] else (head, tok)
        if named.ent_type_ in _CIRCUMSTANCE_ENTS or named.like_num:
            continue  # "Apr 12, 2007", "4 points, 6 rebounds": dates and figures, not someone described
        if description.pos_ not in ("NOUN", "PROPN", "NUM"):
            continue  # "the Hornets (12-3, 5-2 away)": a record, not a description (an age is one: "Rocha, 52,")
        named = _described(named, description)
        subj = located(entities.resolve(named, span_text(noun_phrase(named))), noun_phrase(named) or [named])
        text = span_text(noun_phrase(description))
        obj = EntityRef(text=text, id="", label=text, type="Other")
        action = Action(text="is", lemma="be", category=None)
        yield Candidate(subj, action, obj, [], tok, APPOSITION_CONFIDENCE, derived=True)


def _described(named: "Token", description: "Token") -> "Token":
    """Who or what an apposition after "Name of Place," describes, whichever the parser hung it on: a place
    noun the place ("Senator Lobo of Praia, the island's capital,"), a person noun the person ("Ana Reis of
    Mindelo, the mayor,")."""
    place, before = named.ent_type_ in ("GPE", "LOC"), description.left_edge.i - 2  # the word before ", the ..."
    if description.lemma_.lower() in place_nouns() and not place:
        places = [o for p in named.children if p.dep_ == "prep" and p.lower_ in ("of", "from") for o in p.children
                  if o.dep_ == "pobj" and o.ent_type_ in ("GPE", "LOC") and o.right_edge.i == before]
        return places[-1] if places else named
    owner = named.head.head
    if place and named.dep_ == "pobj" and named.head.lower_ in ("of", "from") and owner.pos_ == "PROPN" \
            and denotes_people(description):
        return owner
    return named


def nominal_events(tokens: "Iterable[Token]", entities: "DocumentEntities",
                   lexicon: "ActionLexicon") -> Iterator[Candidate]:
    """"The arrest of Serpa by Portuguese police" -> (Portugal; arrest of; Serpa), a derived fact.

    An event noun of the codebook (one the lexicon gives a category, as
    verb or as the object of a light verb) with both its doer (a possessor
    or a "by" phrase) and the actor it was done to. Marked derived: the
    event is usually also told by a verb, and one event must count once.
    """
    for tok in tokens:
        if tok.pos_ != "NOUN":
            continue
        doer = acting_possessor(tok)
        patient = prep = None
        for p in tok.children:
            pobj = next((c for c in p.children if c.dep_ == "pobj"), None) if p.dep_ == "prep" else None
            if pobj is None:
                continue
            if p.lower_ == "by" and doer is None:
                doer = pobj
            elif p.lower_ in _PATIENT_PREPS and patient is None:
                patient, prep = pobj, p
        if doer is None or patient is None or not entities.is_actor_noun(patient):
            continue  # checked first: the lexicon is asked only about nouns with both actors
        lemma = tok.lemma_.lower()
        category = lexicon.categorize("conduct", noun=lemma) or lexicon.categorize(lemma) or (
            lexicon.categorize(lemma[:-3]) if lemma.endswith("ing") and len(lemma) > 5 else None)
        if category is None:
            continue
        subj, obj = resolve_argument(doer, None, entities, set()), resolve_argument(patient, None, entities, set())
        if not subj.id or not obj.id or subj.id == obj.id or subj.type == "Other":
            continue
        action = Action(text=f"{tok.text} {prep.text}", lemma=lemma, category=category)
        yield Candidate(subj, action, obj, [], tok, DERIVED_CONFIDENCE + 0.05, derived=True)


def affiliation_facts(sent: "Span", entities: "DocumentEntities") -> Iterator[Candidate]:
    """"San Diego Chargers defensive tackle Jamal Williams" -> (Jamal Williams; is defensive tackle of;
    San Diego Chargers), a derived fact: where the text places the person, not an event."""
    for name, role, org in affiliations(entities, sent):
        subj = entities.resolve(name.root, name.text)
        obj = entities.resolve(org.root, org.text)
        if not subj.id or not obj.id or subj.id == obj.id:
            continue
        action = Action(text=f"is {span_text(role)} of", lemma="be", category=None)
        yield Candidate(subj, action, obj, [], name.root, AFFILIATION_CONFIDENCE, derived=True)


def title_facts(sent: "Span", entities: "DocumentEntities") -> Iterator[Candidate]:
    """"Soviet leader Mikhail Gorbachev" -> (Mikhail Gorbachev; is; Soviet leader), a derived fact.

    A title written before a name says what the person is, as an
    apposition does ("Mikhail Gorbachev, the Soviet leader"): stated as a
    fact, never as an event.
    """
    affiliated = {name.start for name, _, _ in affiliations(entities, sent)}  # said there: "is tackle of"
    for name, role in titles_before_names(entities, sent):
        if name.start in affiliated:
            continue
        subj = located(entities.resolve(name.root, name.text), list(name))
        if not subj.id:
            continue
        text = span_text(role)
        obj = EntityRef(text=text, id="", label=text, type="Other", start=role[0].idx,
                        end=role[-1].idx + len(role[-1].text), kind="description")
        yield Candidate(subj, Action(text="is", lemma="be", category=None), obj, [], name.root,
                        APPOSITION_CONFIDENCE, derived=True)


def attributions(tokens: "Iterable[Token]", entities: "DocumentEntities") -> Iterator[Candidate]:
    """"Reid is in rehab, according to People" -> (People; according to; Reid is in rehab): a statement.

    "According to X" names who said the clause, as "X said" does; only an
    actor (a name or people noun, or a resolved pronoun) is a speaker:
    "according to the report" is not someone.
    """
    for tok in tokens:
        if tok.lower_ != "according" or tok.dep_ != "prep" or tok.head.pos_ not in ("VERB", "AUX"):
            continue
        to = next((c for c in tok.children if c.lower_ == "to" and c.dep_ == "prep"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if source is None or not (entities.is_actor_noun(source) or source.pos_ == "PRON"):
            continue
        subj = resolve_argument(source, None, entities, set())
        if not subj.id:
            continue
        verb = tok.head
        attribution = {x.i for x in tok.subtree}
        said = [t for t in verb.subtree if t.i not in attribution and not t.is_space]
        while said and said[-1].is_punct:
            said.pop()
        while said and said[0].is_punct:
            said.pop(0)
        text = span_text(said)
        obj = EntityRef(text=text, id="", label=text, type="Other")
        yield Candidate(subj, Action(text="according to", lemma="say", category=None), obj, [], verb,
                        ATTRIBUTION_CONFIDENCE)


def possessive_facts(tokens: "Iterable[Token]", entities: "DocumentEntities") -> Iterator[Candidate]:
    """"Du Pont's growing investments" -> (Du Pont; has; growing investments), a derived fact.

    Only named or noun possessors (not "his", "its"): what the text says an
    actor has, stated as a fact, never as an event.
    """
    for tok in tokens:
        if tok.dep_ != "poss" or tok.pos_ not in ("PROPN", "NOUN") or tok.head.pos_ != "NOUN":
            continue
        if tok.ent_type_ in _CIRCUMSTANCE_ENTS:
            continue  # "Sunday's election", "last year's budget": a time owns nothing
        owner_tokens = [t for t in noun_phrase(tok) if not (t.dep_ == "case" and t.head.i == tok.i)]
        owned = [t for t in noun_phrase(tok.head, keep_prep=False) if t.i not in {o.i for o in tok.subtree}
                 and t.dep_ != "case"]
        if not owned:
            continue
        subj = located(entities.resolve(tok, span_text(owner_tokens)), owner_tokens or [tok])
        text = span_text(owned)
        obj = EntityRef(text=text, id="", label=text, type="Other", start=owned[0].idx,
                        end=owned[-1].idx + len(owned[-1].text), kind="description")
        yield Candidate(subj, Action(text="has", lemma="have", category=None), obj, [], tok,
                        POSSESSIVE_CONFIDENCE, derived=True)


#: Prepositions that place a noun somewhere ("companies in Japan", "the plant outside Tokyo").
_PLACING_PREPS = ("in", "at", "outside", "near", "inside")
#: Named-entity labels of places.
_PLACE_ENTS = ("GPE", "LOC", "FAC")


def place_facts(tokens: "Iterable[Token]", entities: "DocumentEntities") -> Iterator[Candidate]:
    """"the company's plant outside Tokyo" -> (the company's plant; is outside; Tokyo), a derived fact.

    A noun placed by a preposition whose object is a named place says where
    that thing or group is; a reader states it as a fact of its own.
    """
    for prep in tokens:
        if prep.dep_ != "prep" or prep.lower_ not in _PLACING_PREPS or prep.head.pos_ not in ("NOUN", "PROPN"):
            continue
        place = next((c for c in prep.children if c.dep_ == "pobj" and c.ent_type_ in _PLACE_ENTS), None)
        noun = prep.head
        if place is None or noun.ent_type_ in _CIRCUMSTANCE_ENTS:
            continue
        placed = [t for t in noun_phrase(noun) if t.i not in {x.i for x in prep.subtree}]
        where = noun_phrase(place)
        if not placed or not where:
            continue
        subj = located(entities.resolve(noun, span_text(placed)), placed)
        # "the Jaguars are", but "Rui Lopes is": the tagger takes a surname in -s for a plural name
        be = "are" if noun.tag_ == "NNS" or (noun.tag_ == "NNPS" and any(c.dep_ == "det" for c in noun.children)) \
            else "is"
        obj = located(entities.resolve(place, span_text(where)), where)
        yield Candidate(subj, Action(text=f"{be} {prep.lower_}", lemma="be", category=None), obj, [], noun,
                        DERIVED_CONFIDENCE, derived=True)
