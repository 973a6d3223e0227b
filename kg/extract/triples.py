"""Dependency rules that turn a parsed sentence into actor–action–target triples.

Each rule is a small pure function over spaCy tokens; :func:`sentence_triples` walks every predicate of a
sentence and combines them. What the rules cover, and why each exists:

* subject/verb/object with auxiliaries, particles and negation in the relation text (Open IE scores its words);
* passives: the ``agent`` becomes the actor and the passive subject the target; without an agent the
  patient is kept as subject of "was arrested";
* conjunctions at every level: conjoined subjects, objects and verbs, and conjoined country modifiers
  ("Ecuadorian and U.S. forces" -> two actors);
* controlled and raising verbs, adjectives too ("agreed to send troops", "is willing to send troops", "were
  responsible for killing two soldiers");
* light verbs with nominal events ("launched operations against X") where the target hangs off the event noun;
* participial and relative clauses; reported speech: the saying event and, separately, the embedded one.

This module decides what each predicate's triple is; the rules it relies on live beside it: subjects and
relation words in :mod:`kg.extract.clauses`, noun phrases and argument resolution in :mod:`kg.extract.arguments`,
negation, modality and contests in :mod:`kg.extract.polarity`, and the derived facts (appositions,
possessives, addressees, "according to" ...) in :mod:`kg.extract.facts`.
"""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Iterator, NamedTuple

from ..model import Action, Argument, EntityRef
from .arguments import (expand_arguments, noun_phrase, of_after_person, other_than_subject, resolve_argument,
                        restates_subject, says_when_or_where, says_where, span_text, what_subject_is,
                        with_repeated_prep)
from .candidates import Candidate
from .care import taken_to_care
from .clauses import (OBJECTS, calls_by_a_name, clause_after_preposition, clause_subjects, clause_words,
                      controls_complement, gapped_object, intent_frame, is_predicate, is_purpose_clause,
                      name_read_as_adverb, particle_of, passive_agents, quoted_speaker, relation_tokens,
                      two_word_prepositions)
from .control import adjective_frame, controllers, copula_of_adjective
from .countries import demonym_code
from .facts import passive_restatements, prepositional_facts, sentence_facts, speech_facts
from .noun_phrases import (FINITE_VERB_TAGS, denotes_people, first_conjunct, named_aside, naming_participle,
                           partitive_member)
from .polarity import as_done_to, as_stated_intent, game_result, is_negated, target_category, verb_modality
from .wordlists import intent_verbs, light_verbs, linking_verbs, raising_verbs, speech_verbs, stative_participles

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from .actions import ActionLexicon
    from .entities import DocumentEntities

__all__ = ["Candidate", "sentence_triples", "noun_phrase"]

#: Prepositions and reflexives are grammar and stay in code; verb classes are lexicon (kg/data/words).
#: Prepositions after an event noun that introduce its target ("launched strikes on X").
TARGET_PREPS = ("against", "on", "upon", "at", "with", "to", "toward", "towards", "into", "over",
                "for", "from", "in", "of", "about", "between", "across", "through")
#: Prepositions that introduce the party an action is aimed at.
RECIPIENT_PREPS = {"against", "on", "upon", "with", "to", "toward", "towards", "into", "at", "from"}
#: Words that open a clause an event depends on ("when", "after", "because"); not "as", which would read
#: as a role ("resigned as the opposition threatened ..." is not "resigned as chairman").
_SUBORDINATORS = frozenset({"when", "after", "before", "because", "while", "until", "since", "once", "if",
                            "whenever", "although", "though", "unless"})
#: Object pronouns that only repeat the subject ("hanged himself"): never an actor the event targets.
REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves", "myself", "ourselves", "yourself", "yourselves"})


def sentence_triples(sent: "Span", entities: "DocumentEntities", lexicon: "ActionLexicon") -> Iterator[Candidate]:
    """Yield every candidate triple of one sentence."""
    tokens = list(sent)  # one set of Token objects for every pass over the sentence
    for tok in tokens:
        if is_predicate(tok):
            yield from _predicate_triples(tok, entities, lexicon)
    yield from sentence_facts(sent, entities, lexicon, tokens)


def _predicate_triples(verb: "Token", entities: "DocumentEntities", lexicon: "ActionLexicon") -> Iterator[Candidate]:
    """The triples of one predicate: read its clause, choose its target, name the action, resolve the actors."""
    clause = _read_clause(verb)
    if clause is None:
        return
    target = _target(clause, entities, lexicon)
    arguments = target.arguments + [Argument(span_text([p, *noun_phrase(pobj)]), p.lower_)
                                    for p, pobj in clause.prep_heads if p is not target.used_prep]
    action = _action(clause, target, lexicon)
    yield from _candidates(clause, target, action, arguments, entities, lexicon)


@dataclasses.dataclass
class _Clause:
    """What a predicate's dependents say, before any argument is resolved to an actor."""

    verb: "Token"
    lemma: str  # the verb's lemma, lower case
    subjects: list["Token"]  # the actors: an active subject or a passive verb's agents
    inherited: bool  # the subject comes from another verb ("agreed to send": send's subject)
    agentless_passive: bool  # "was arrested": the subject is the patient, the doer unsaid
    rel_tokens: list["Token"]  # the verb's own relation words
    prefix: list["Token"]  # the governing verb's relation words when it frames this one ("agreed to")
    objects: list["Token"]  # objects (or a passive's patients, or a copula's attribute), in order
    prep_heads: list[tuple["Token", "Token"]]  # (preposition, its object) of every prepositional phrase
    particle: str | None  # "out" of "carried out"
    clausal: list["Token"]  # clausal complements ("said [that ...]")
    patients: list["Token"] = dataclasses.field(default_factory=list)  # a passive's subject when its agent acts


def _read_clause(verb: "Token") -> _Clause | None:
    """The participants and relation words of ``verb``, or None when it states nothing on its own."""
    subjects, passive, inherited = clause_subjects(verb)
    agents = passive_agents(verb)
    patients: list[Token] = []
    if passive and agents:
        patients = subjects
        subjects = agents
    if not subjects or (controls_complement(verb) and not patients):
        return None  # no one acts; "She helped to raise funds": the complement's triple ("helped to raise | funds")
    lemma = verb.lemma_.lower()
    rel_tokens, prefix = _relation_words(verb, inherited)
    objects = _objects(verb, lemma, patients)
    reflexive = [o for o in objects if o.dep_ == "dobj" and o.lower_ in REFLEXIVES]
    if reflexive:  # "checked herself into a clinic": the reflexive is part of the relation, not a target
        rel_tokens = sorted([*rel_tokens, *reflexive], key=lambda t: t.i)
        objects = [o for o in objects if o not in reflexive]
    if patients:  # agent made actor: "is operated by X" reads as "X operated"
        rel_tokens = [t for t in rel_tokens if t.dep_ != "auxpass" or t.lower_ in ("not", "never")]
    # a passive's "by" + clause is what it was done by ("was caused by overloading the grid"): a prepositional
    # object like any other (a "by" + noun is its doer, above)
    prep_heads = [(p, pobj) for p in verb.children for pobj in p.children
                  if (p.dep_ == "prep" and pobj.dep_ in ("pobj", "pcomp") and pobj not in agents)
                  or (p.dep_ == "agent" and passive and pobj.dep_ == "pcomp")]
    if not objects:  # "broke out of the siege", "were located close to the border": the first word joins the relation
        for lead, prep, pobj in two_word_prepositions(verb):
            rel_tokens = sorted([*rel_tokens, lead], key=lambda t: t.i)
            prep_heads.append((prep, pobj))
    clausal = [c for c in verb.children if c.dep_ == "ccomp"]
    if not (clausal or objects) and verb.dep_ == "parataxis" and lemma in speech_verbs():
        clausal = [verb.head]  # "The ferry, the harbour master said, had sailed ...": the sentence is what was said
    opened = None if objects or clausal else clause_after_preposition(verb)
    if opened is not None:  # "comes a day after the chief wrapped up a visit": after what happened, not after him
        prep_heads = [(p, o) for p, o in prep_heads if p != opened[0]]
        rel_tokens, clausal = sorted([*rel_tokens, opened[0]], key=lambda t: t.i), [opened[1]]
    if not (objects or clausal or any(p.i > verb.i for p, _ in prep_heads)):
        subordinate = _subordinate_clause(verb)  # "collapsed after the envoy left": nothing else says what it's about
        if subordinate is not None:
            rel_tokens = sorted([*rel_tokens, subordinate[0]], key=lambda t: t.i)
            clausal = [subordinate[1]]
    return _Clause(verb=verb, lemma=lemma, subjects=subjects, inherited=inherited,
                   agentless_passive=passive and not agents, rel_tokens=rel_tokens, prefix=prefix,
                   objects=objects, prep_heads=prep_heads, particle=particle_of(verb),
                   clausal=clausal, patients=patients)


def _subordinate_clause(verb: "Token") -> "tuple[Token, Token] | None":
    """(its opening word, its verb) of a clause with tense after ``verb`` that opens with "when", "after",
    "because" ...: "were proven [when squadrons were mobilized]"."""
    for c in verb.children:  # the conjunction is the clause's own word, whatever measure comes first ("a day after")
        first = next((m for m in c.children if m.dep_ in ("mark", "advmod") and m.i < c.i), None)
        if (c.dep_ == "advcl" and c.i > verb.i and c.tag_ in (*FINITE_VERB_TAGS, "VBN") and first is not None
                and first.lower_ in _SUBORDINATORS and first.i == min(m.i for m in c.children if m.dep_ != "npadvmod")):
            return first, c
    return None


def _relation_words(verb: "Token", inherited: bool) -> tuple[list["Token"], list["Token"]]:
    """The verb's relation words, and the words of the verb that frames it (``prefix``).

    "agreed to send troops": relation text "agreed to send"; speech acts keep their category; "were said to
    have made bombs": the raising verb stays in the relation too, as the noun does in "Portugal's decision to
    send", and the copula and adjective in "was intent on recruiting".
    """
    rel_tokens, head = relation_tokens(verb), verb.head
    adjective = copula_of_adjective(verb) is not None  # "is willing to withdraw": the copula and adjective
    framed = verb.dep_ == "xcomp" and inherited and (head.lemma_ in intent_verbs() or head.lemma_ in raising_verbs()
                                                     or head.pos_ in ("VERB", "AUX") or adjective)
    if (frame := adjective_frame(verb)) and inherited:  # "was intent on recruiting him": "was intent on recruiting"
        return rel_tokens, relation_tokens(frame[0]) + frame[1:]
    if framed or intent_frame(verb):  # ... and "Portugal's decision to send a frigate": "decision to send"
        to = [c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"]
        frame = (relation_tokens(head.head) + [head] if adjective else relation_tokens(head)) if framed else [head]
        return [t for t in rel_tokens if t not in to], frame + to
    return rel_tokens, []


def _objects(verb: "Token", lemma: str, patients: list["Token"]) -> list["Token"]:
    """A passive's patients, then the verb's objects, or what a copula or linking verb says of the subject."""
    objects = [c for c in verb.children if c.dep_ in OBJECTS] or name_read_as_adverb(verb) or gapped_object(verb)
    if verb.pos_ == "AUX" or (not objects and lemma in linking_verbs()):
        objects = [c for c in verb.children if c.dep_ in ("attr", "acomp")]  # "became a justice", "became ill"
    return patients + objects


class _Target(NamedTuple):
    """What a predicate acts on, and the words that join the relation to name it."""

    relation: list["Token"]  # relation words (without the framing prefix)
    heads: list["Token"]  # heads of the object noun phrases; empty for "X left" or "X said that ..."
    arguments: list[Argument]  # further objects ("gave [him] a medal")
    used_prep: "Token | None"  # the verb's preposition that introduces the object ("met with")
    noun_prep: "Token | None"  # the event noun's preposition that introduces it ("strikes on")
    category_noun: str | None  # the noun the lexicon reads with the verb ("impose sanction")


def _target(clause: _Clause, entities: "DocumentEntities", lexicon: "ActionLexicon") -> _Target:
    """The predicate's target, by the first rule that applies.

    An event noun's object ("launched strikes on X"); nothing when a speech
    verb's clause is what was said; the named actor after a thing done
    ("imposed sanctions on Monday on X"); the direct object; the object of
    the first preposition after the verb ("met with X"); else nothing.
    """
    verb, objects = clause.verb, clause.objects
    event = _event_noun(clause, entities, lexicon)
    if event is not None:
        noun, prep = event
        np_tokens = noun_phrase(noun, keep_prep=False)  # the event noun and its modifiers, not its clauses
        relation = sorted(set(clause.rel_tokens) | set(np_tokens) | {prep}, key=lambda t: t.i)
        return _Target(relation, with_repeated_prep(prep, [c for c in prep.children if c.dep_ == "pobj"]), [], None,
                       prep, noun.lemma_.lower())
    if clause.clausal and clause.lemma in speech_verbs():  # "said on Wednesday that ...": the clause is what was said
        return _Target(clause.rel_tokens, [], [], None, None, None)
    # only a preposition after the verb can introduce its object ("In December, X said" is not "said in"); a
    # time is when, not what ("resigned on Friday": an argument), and a platform where ("posted on Twitter")
    object_preps = [(p, o) for p, o in clause.prep_heads if p.i > verb.i and not says_when_or_where(p, o)]
    if objects:
        actor_pp = _actor_prep(objects[0], object_preps, entities)
        if actor_pp is not None:
            # "imposed sanctions on Monday on Joaquim Serpa": the thing done, then the actor it was done to
            used_prep, pobj = actor_pp
            relation = sorted(set(clause.rel_tokens) | set(noun_phrase(objects[0], keep_prep=False)) | {used_prep},
                              key=lambda t: t.i)
            return _Target(relation, with_repeated_prep(used_prep, [pobj]), [], used_prep, None,
                           objects[0].lemma_.lower())
        extra = [Argument(span_text(noun_phrase(o)), o.dep_) for o in objects[1:]]
        # "sent dozens of soldiers": "send soldier"; "gave Tanzania a grant": "give grant", not the recipient
        counted = partitive_member(thing := next((o for o in objects if o.dep_ == "dobj"), objects[0])) or thing
        noun = counted.lemma_.lower() if counted.pos_ == "NOUN" else None
        return _Target(clause.rel_tokens, [objects[0]], extra, None, None, noun)
    if object_preps := [(p, o) for p, o in object_preps if not says_where(clause.lemma, p, entities.cluster_at(o.i))]:
        used_prep, first = object_preps[0]
        relation = sorted(clause.rel_tokens + [used_prep], key=lambda t: t.i)
        return _Target(relation, with_repeated_prep(used_prep, [first]), [], used_prep, None, None)
    return _Target(clause.rel_tokens, [], [], None, None, None)


def _event_noun(clause: _Clause, entities: "DocumentEntities",
                lexicon: "ActionLexicon") -> "tuple[Token, Token] | None":
    """(event noun, its target preposition) for "launched strikes on X"; None for an actor ("accused the navy of Y")."""
    objects, lemma = clause.objects, clause.lemma
    if not (objects and objects[0].pos_ == "NOUN" and objects[0].dep_ == "dobj"):
        return None
    if (obj := partitive_member(objects[0]) or objects[0]).pos_ != "NOUN":  # "launched dozens of strikes against X"
        return None
    noun = obj.lemma_.lower()
    category = lexicon.categorize(lemma, particle=clause.particle, noun=noun)
    eventive = lemma in light_verbs() or category != lexicon.categorize(lemma, particle=clause.particle)
    # not "an accord on Tuesday" nor "a post on TikTok", but "a ban on TikTok" (a categorised noun's target)
    obj_preps = [p for p in obj.children if p.dep_ == "prep" and p.lower_ in TARGET_PREPS and any(
                 c.dep_ == "pobj" and not says_when_or_where(p, c, medium=not category) for c in p.children)]
    if obj_preps and eventive and not entities.is_actor_noun(obj):
        return obj, obj_preps[0]
    return None


def _actor_prep(obj: "Token", preps: list[tuple["Token", "Token"]],
                entities: "DocumentEntities") -> "tuple[Token, Token] | None":
    """A verb's (preposition, named actor) pair after a non-actor direct object, if any."""
    if obj.pos_ != "NOUN" or obj.dep_ != "dobj" or entities.cluster_at(obj.i) is not None:
        return None
    for prep, pobj in preps:
        if prep.i < obj.i:
            continue
        cluster = entities.cluster_at(pobj.i)
        if cluster is None or (cluster.type == "Location" and denotes_people(obj)):
            continue  # "visited troops at Camp Lemon": the troops are whom, the camp is where
        # "lifted a curfew in Montenegro": a country after "in" is where, and whom, it touches
        if prep.lower_ in RECIPIENT_PREPS or (prep.lower_ == "in" and cluster.type == "Country"):
            return prep, pobj
    return None


def _action(clause: _Clause, target: _Target, lexicon: "ActionLexicon") -> Action:
    """The relation text, lemma, PLOVER category, negation and modality of the predicate."""
    verb, lemma, particle = clause.verb, clause.lemma, clause.particle
    negated = is_negated(verb)
    rel_text = span_text(sorted(set(clause.prefix) | set(target.relation), key=lambda t: t.i))
    prep_word = next((p.lower_ for p in (target.used_prep, target.noun_prep) if p is not None), None) or \
        of_after_person(target.heads)  # "relieved Rui Lobo of his duties": "of" hung on the name
    category = lexicon.categorize(lemma, particle=particle, prep=prep_word, noun=target.category_noun, negated=negated)
    if (clause.agentless_passive and lemma in stative_participles()) or named_aside(verb) or calls_by_a_name(verb) \
            or game_result(verb):  # "... beat the Chiefs 24-7": a game
        category = None  # "the camps were located near the border", "Camp Lemon, also called ...", "called it X"
    # "asked the police to investigate": the asking is the asker's event; the police only investigate
    if clause.prefix and verb.head.lemma_ != lemma and not controllers(verb):
        head_category = lexicon.categorize(verb.head.lemma_.lower(), negated=is_negated(verb.head))
        if head_category in ("AGREE", "REJECT", "THREATEN", "REQUEST", "DEMAND") or category is None:
            category = head_category or category
    if category is None and is_purpose_clause(verb):  # "blocked the road to mark the day": the blockade says what
        head = verb.head
        head_object = next((c.lemma_.lower() for c in head.children if c.dep_ == "dobj"), None)
        category = lexicon.categorize(head.lemma_.lower(), noun=head_object, negated=is_negated(head),
                                      particle=particle_of(head))
    category = as_stated_intent(category or taken_to_care(verb, negated, lexicon), verb, negated, lexicon)
    return Action(text=rel_text, lemma=lemma if not particle else f"{lemma} {particle}",
                  category=category, negated=negated, modality=verb_modality(verb))


def _candidates(clause: _Clause, target: _Target, action: Action, arguments: list[Argument],
                entities: "DocumentEntities", lexicon: "ActionLexicon") -> Iterator[Candidate]:
    """One candidate per (subject, object) pair of conjuncts, with the facts derived from each."""
    verb = clause.verb
    clause_text = None
    if not target.heads and clause.clausal:
        clause_text = clause_words(verb, clause.clausal[0], clause.rel_tokens)
    clause_drop = {t.i for t in verb.subtree} if verb.dep_ in ("acl", "relcl") else set()
    subjects = [quoted_speaker(s, verb) for s in clause.subjects]
    agentless = clause.agentless_passive and clause.lemma not in stative_participles()
    for cand in _subject_candidates(clause, target, action, arguments, entities, subjects, clause_drop, clause_text,
                                    lexicon):
        cand.agentless = agentless
        yield cand
    if clause.patients:  # the passive as written, as likely right as the event it restates
        yield from passive_restatements(verb, clause.patients, clause.subjects, action, entities, clause_drop,
                                        lambda doer: _confidence(verb, doer, clause.inherited, False, len(verb.sent)))


def _subject_candidates(clause: _Clause, target: _Target, action: Action, arguments: list[Argument],
                        entities: "DocumentEntities", subjects: list["Token"], clause_drop: set[int],
                        clause_text: str | None, lexicon: "ActionLexicon") -> Iterator[Candidate]:
    """The candidates of each conjoined subject of the clause, with or without an object."""
    verb = clause.verb
    length = len(verb.sent)  # once per clause, not per subject
    for subj_head, subj_mod in expand_arguments(subjects):
        subj_ref = resolve_argument(subj_head, subj_mod, entities, clause_drop)
        act = as_done_to(action, verb, subj_head, lexicon, target=clause.agentless_passive)  # "X was fired"
        confidence = _confidence(verb, subj_ref, clause.inherited, clause.agentless_passive, length)
        if not target.heads:
            obj_ref = None
            args = list(arguments)
            if clause_text:
                obj_ref = EntityRef(text=clause_text, id="", label=clause_text, type="Other")
            if obj_ref is None and not args:
                confidence = 0.1 + 0.1 * (subj_ref.type != "Other")  # a bare "X left": rarely a full fact
            yield Candidate(subj_ref, act, obj_ref, args, verb, confidence - (0.05 if clause_text else 0.0))
            if clause_text and clause.lemma in speech_verbs():  # who was told; of whom it demands something
                yield from speech_facts(subj_ref, act, verb, clause.objects, clause.prep_heads, clause.clausal[0],
                                        entities, clause_drop)
        else:
            yield from _object_candidates(clause, target, act, arguments, subj_ref, confidence, entities,
                                          clause_drop, lexicon)
        if target.heads or not clause_text:  # "lived in Australia": where, a fact of its own ("lived in | Australia")
            yield from prepositional_facts(subj_ref, act, verb, target.heads, clause.prep_heads, target.used_prep,
                                           entities, clause_drop)


def _object_candidates(clause: _Clause, target: _Target, action: Action, arguments: list[Argument],
                       subj_ref: EntityRef, confidence: float, entities: "DocumentEntities",
                       clause_drop: set[int], lexicon: "ActionLexicon") -> Iterator[Candidate]:
    """The candidates of one subject with each conjoined object."""
    for obj_head, obj_mod in expand_arguments(target.heads):
        act = as_done_to(action, clause.verb, obj_head, lexicon, target=True)  # "convicted three men but not Lobo"
        obj_ref = resolve_argument(obj_head, obj_mod, entities, clause_drop)
        first = first_conjunct(obj_head)  # its part in the clause: "is a singer, a dancer and an actress"
        if (first.dep_ in ("attr", "acomp", "oprd") and (obj_ref.kind != "name" or demonym_code(obj_head.text))) or \
                restates_subject(obj_ref, subj_ref, obj_head):
            # "X is a doctor", "X became the coach", "they were Gambian", "X returns as host": what X is, no target
            obj_ref = what_subject_is(obj_ref)
        obj_ref = other_than_subject(obj_ref, subj_ref, obj_head, entities)  # "Somalia withdrew its troops"
        act = target_category(act, clause.lemma, subj_ref.label, obj_ref.type, first, obj_head)  # games, stops
        bonus = 0.1 if obj_ref.type != "Other" else 0.0
        bonus += 0.05 * min(len(arguments), 2) + (0.05 if len(act.text.split()) >= 3 else 0.0)
        # "Tavares is a Lion", "Somalia has no government": who someone is or has, a fact but no event between actors
        state = bool(obj_ref.id) and ((clause.lemma == "be" and first.dep_ == "attr") or (
            clause.lemma == "have" and act.category is None and first.dep_ == "dobj" and obj_ref.type != "Other"
            and not any(c.dep_ in ("xcomp", "ccomp", "oprd") for c in clause.verb.children)))
        if naming_participle(clause.verb) or named_aside(clause.verb):
            # "a doctor named Rui Lopes": a fact about the doctor's name, not an act of naming (no event, no category)
            state, act = True, dataclasses.replace(act, category=None)
        yield Candidate(subj_ref, act, obj_ref, list(arguments), clause.verb, confidence + bonus, derived=state)


def _confidence(verb: "Token", subj: EntityRef, inherited: bool, agentless_passive: bool, length: int) -> float:
    """How likely the triple is right, from the parse around it: named subject, main clause, sentence length."""
    score = 0.55
    if subj.type != "Other":
        score += 0.15
    if verb.dep_ == "ROOT":
        score += 0.05
    if inherited:
        score -= 0.1
    if agentless_passive:
        score -= 0.1
    if verb.pos_ == "AUX":
        score -= 0.15
    if length > 40:  # the sentence's length in tokens
        score -= 0.1
    if length > 60:
        score -= 0.1
    if subj.text.lower() in ("it", "they", "he", "she", "we", "i", "you", "this", "that"):
        score -= 0.05
    return score

