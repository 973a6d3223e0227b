"""Dependency rules that turn a parsed sentence into actor–action–target triples.

Each rule is a small pure function over spaCy tokens; :func:`sentence_triples`
walks every predicate of a sentence and combines them. What the rules cover,
and why each exists:

* subject/verb/object with auxiliaries, particles and negation in the relation
  text (Open IE benchmarks score the words of the relation);
* passives: the ``agent`` becomes the actor and the passive subject the target;
  without an agent the patient is kept as subject of "was arrested";
* conjunctions at every level: conjoined subjects, objects and verbs, and
  conjoined country modifiers ("Ecuadorian and U.S. forces" -> two actors);
* controlled and raising verbs ("agreed to send troops" -> agree + send with
  the inherited subject), participial and relative clauses;
* light verbs with nominal events ("launched operations against X") where the
  target hangs off the event noun;
* reported speech: the saying event and, separately, the embedded event;
* copulas and appositions ("Daniel Noboa, Ecuador's president") as "is" facts.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..model import Action, Argument, EntityRef

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from .actions import ActionLexicon
    from .entities import DocumentEntities

__all__ = ["Candidate", "sentence_triples", "noun_phrase"]

SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass"}
OBJECTS = {"dobj", "obj", "dative", "oprd"}
CLAUSAL = {"ccomp", "xcomp"}
PREDICATE_DEPS = {"ROOT", "conj", "ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "parataxis"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom", "whose"}
MODALS = {"may", "might", "could", "would", "should", "must", "can", "will", "shall"}
#: Verbs that raise their complement's subject: "were said to have made", "seems to support".
RAISING_VERBS = {"say", "believe", "report", "think", "know", "allege", "expect", "seem", "appear", "claim",
                 "understand", "rumor", "rumour", "suspect", "fear", "consider"}
#: Linking verbs whose complement (attr/acomp) is what the clause says of the subject.
LINKING_VERBS = {"become", "remain", "seem", "appear", "stay", "look", "sound", "prove", "turn", "grow",
                 "get", "feel", "go", "come", "keep"}
#: Verbs whose xcomp carries the event while they add intent or attitude.
INTENT_VERBS = {"plan", "intend", "want", "hope", "seek", "try", "attempt", "aim", "expect",
                "promise", "vow", "pledge", "threaten", "agree", "refuse", "decide", "offer",
                "prepare", "continue", "begin", "start", "fail", "need", "wish", "order", "urge",
                "ask", "call", "help", "allow", "force", "move"}
SPEECH_VERBS = {"say", "tell", "announce", "state", "report", "claim", "add", "warn", "declare",
                "insist", "note", "confirm", "deny", "acknowledge", "explain", "write", "suggest",
                "believe", "think", "argue", "allege", "accuse", "predict", "estimate"}
#: Nouns that name an event when they are the object of a light verb.
LIGHT_VERBS = {"launch", "carry", "conduct", "stage", "mount", "hold", "make", "issue", "give",
               "take", "begin", "start", "announce", "order", "impose", "lodge", "file",
               "open", "wage", "step", "deliver", "provide", "sign", "reach", "host", "lead"}
TARGET_PREPS = ("against", "on", "upon", "at", "with", "to", "toward", "towards", "into", "over",
                "for", "from", "in", "of", "about", "between", "across", "through")
_EXCLUDED_IN_NP = {"relcl", "appos", "punct", "cc", "conj", "prep_skip"}


class Candidate:
    """One extracted statement before it becomes a :class:`kg.model.Triple`."""

    __slots__ = ("subject", "action", "object", "arguments", "predicate", "confidence", "derived")

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


def noun_phrase(head: "Token", *, keep_prep: bool = True, drop: "set[int] | None" = None) -> list["Token"]:
    """Tokens of the noun phrase headed by ``head``, without conjuncts, relative clauses and appositions."""
    drop = drop or set()
    out: list[Token] = []

    def walk(tok: "Token") -> None:
        out.append(tok)
        for child in tok.children:
            if child.i in drop:
                continue
            if child.dep_ in ("relcl", "appos", "conj", "cc", "parataxis") and child.head == tok:
                continue
            if child.dep_ == "punct" and (child.i < head.left_edge.i + 1 or child.i > tok.i):
                if child.text not in ("-", "–", "'", "’"):
                    continue
            if not keep_prep and child.dep_ in ("prep", "acl", "relcl") and tok == head:
                continue
            walk(child)

    walk(head)
    out.sort(key=lambda t: t.i)
    # trim leading/trailing punctuation and quotes
    while out and (out[0].is_punct or out[0].is_space) and out[0] != head:
        out.pop(0)
    while out and (out[-1].is_punct or out[-1].is_space) and out[-1] != head:
        out.pop()
    return out


def _text(tokens: list["Token"]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    parts: list[str] = []
    for k, t in enumerate(tokens):
        parts.append(t.text)
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if nxt is not None:
            parts.append(" " if (t.whitespace_ or nxt.i != t.i + 1) else "")
    del doc
    return " ".join("".join(parts).split())


def _conjuncts(tok: "Token") -> list["Token"]:
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


def _is_predicate(tok: "Token") -> bool:
    if tok.pos_ == "VERB":
        return tok.dep_ not in ("amod", "compound", "aux", "auxpass") or tok.dep_ == "ROOT"
    if tok.pos_ == "AUX" and tok.lemma_ == "be":
        return any(c.dep_ in ("attr", "acomp") for c in tok.children) and any(
            c.dep_ in SUBJECTS for c in tok.children)
    return False


def _direct_subjects(verb: "Token") -> list["Token"]:
    return [c for c in verb.children if c.dep_ in SUBJECTS]


def _subjects(verb: "Token", depth: int = 0) -> tuple[list["Token"], bool, bool]:
    """Return (subject tokens, passive?, inherited?) for a predicate."""
    direct = _direct_subjects(verb)
    passive = any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children)
    if direct:
        resolved = []
        for s in direct:
            if s.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                resolved.append(verb.head)
            else:
                resolved.append(s)
        return resolved, passive, False
    if depth > 3:
        return [], passive, False
    head = verb.head
    if verb.dep_ == "conj" and head != verb:
        subs, head_passive, _ = _subjects(head, depth + 1)
        return subs, passive or (head_passive and verb.tag_ == "VBN"), True
    if verb.dep_ == "xcomp":
        objs = [c for c in head.children if c.dep_ in ("dobj", "obj")]
        if objs and head.lemma_ in {"urge", "ask", "order", "force", "allow", "help", "call", "tell", "invite", "persuade"}:
            return objs, passive, True
        subs, _, _ = _subjects(head, depth + 1)
        return subs, passive, True
    if verb.dep_ == "relcl":
        return [head], passive, True
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return [head], True, True  # "video shared by X": the noun is the patient
    if verb.dep_ == "advcl" and verb.tag_ in ("VBD", "VBZ", "VBP"):
        preps = [c for c in head.children if c.dep_ == "prep" and c.i < verb.i
                 and c.lower_ in ("after", "before", "since", "until", "when", "as")]
        pobjs = [o for p in preps for o in p.children if o.dep_ == "pobj" and o.i < verb.i]
        if pobjs:
            return [pobjs[-1]], passive, False
    if verb.dep_ == "advcl" and verb.tag_ in ("VBG",):
        subs, _, _ = _subjects(head, depth + 1)
        return subs, passive, True
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and head.head.pos_ in ("VERB", "AUX") and head.head != head:
        # "waited instead of chasing the boat", "was arrested after leaving the port": the clause's subject
        subs, _, _ = _subjects(head.head, depth + 1)
        return subs, passive, True
    return [], passive, False


def _agents(verb: "Token") -> list["Token"]:
    out = []
    for c in verb.children:
        if c.dep_ == "agent":
            out.extend(p for p in c.children if p.dep_ == "pobj")
    return out


def _relation_tokens(verb: "Token") -> list["Token"]:
    toks = [verb]
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass", "neg", "prt") and c.i > verb.i - 6:
            toks.append(c)
        elif c.dep_ == "advmod" and c.lower_ in ("not", "never", "no"):
            toks.append(c)
        elif c.dep_ == "advmod" and c.lower_ == "longer" and any(g.dep_ == "neg" for g in c.children):
            toks.extend([*(g for g in c.children if g.dep_ == "neg"), c])  # "no longer produces"
    return sorted(toks, key=lambda t: t.i)


#: Verbs whose complement did not happen: "refused to pay", "failed to stop", "denied that X attacked".
NEGATING_HEADS = {"refuse", "fail", "decline", "deny", "avoid", "reject"}
#: "rather than lay a wreath", "instead of advancing": the alternative not taken.
_NOT_TAKEN = {("rather", "than"), ("instead", "of")}


def _negated(verb: "Token") -> bool:
    """True if the text says the event did not (or no longer) happen(s)."""
    if any(c.dep_ == "neg" or c.lower_ in ("never",) for c in verb.children):
        return True
    if any(c.dep_ == "advmod" and c.lower_ == "longer" and any(g.dep_ == "neg" for g in c.children)
           for c in verb.children):
        return True  # "no longer produces"
    if verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_ in NEGATING_HEADS and not _negated_plain(verb.head):
        return True
    if verb.dep_ == "conj":  # "visited the memorial rather than lay a wreath"
        for c in verb.head.children:
            if c.dep_ in ("cc", "prep") and verb.head.i < c.i < verb.i and any(
                    (a.lower_, c.lower_) in _NOT_TAKEN for a in c.children):
                return True
    if verb.dep_ == "pcomp" and verb.head.lower_ in ("than", "of") and any(
            (a.lower_, verb.head.lower_) in _NOT_TAKEN for a in verb.head.children):
        return True  # "instead of advancing"
    return False


def _negated_plain(verb: "Token") -> bool:
    """A verb's own negation ("did not refuse to pay": then the payment is not denied)."""
    return any(c.dep_ == "neg" for c in verb.children)


def _modality(verb: "Token") -> str | None:
    for c in verb.children:
        if c.dep_ == "aux" and c.lower_ in MODALS and c.lower_ != "will":
            return c.lower_
    if verb.dep_ == "xcomp" and verb.head.lemma_ in INTENT_VERBS - {"agree", "start", "begin", "continue", "help"}:
        return verb.head.lemma_
    if verb.dep_ == "xcomp" and verb.head.lemma_ in RAISING_VERBS:
        return "reported"  # "were said to have made bombs": hearsay, not a finding
    return None


#: Object pronouns that only repeat the subject ("hanged himself"): never an actor the event targets.
REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves", "myself", "ourselves", "yourself", "yourselves"})


def _controls_complement(verb: "Token") -> bool:
    """True if ``verb`` only frames an xcomp that carries the event ("helped to raise funds").

    Then the frame alone ("She | helped | -") is not a fact: the complement's
    triple, with the frame in its relation, says it all.
    """
    has_xcomp = any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and not _direct_subjects(c)
                    for c in verb.children)
    has_args = any(c.dep_ in OBJECTS or c.dep_ in ("attr", "acomp", "ccomp") for c in verb.children)
    return has_xcomp and not has_args


def sentence_triples(sent: "Span", entities: "DocumentEntities", lexicon: "ActionLexicon") -> Iterator[Candidate]:
    """Yield every candidate triple of one sentence."""
    for tok in sent:
        if not _is_predicate(tok):
            continue
        yield from _predicate_triples(tok, entities, lexicon)
    yield from _apposition_triples(sent, entities)
    yield from _possessive_facts(sent, entities)
    yield from _attributions(sent, entities)
    yield from _nominal_events(sent, entities, lexicon)
    yield from _affiliation_facts(sent, entities)


def _predicate_triples(verb: "Token", entities: "DocumentEntities", lexicon: "ActionLexicon") -> Iterator[Candidate]:
    subjects, passive, inherited = _subjects(verb)
    agents = _agents(verb)
    patients: list[Token] = []
    if passive and agents:
        patients = subjects
        subjects = agents
    if not subjects:
        return
    if _controls_complement(verb) and not patients:
        return  # "She helped to raise funds": the complement's triple ("helped to raise | funds") says it
    rel_tokens = _relation_tokens(verb)
    prefix: list[Token] = []
    lemma = verb.lemma_.lower()
    category_lemma = lemma
    # "agreed to send troops": relation text "agreed to send"; speech acts keep their category;
    # "were said to have made bombs": the raising verb stays in the relation too
    if verb.dep_ == "xcomp" and inherited and (verb.head.lemma_ in INTENT_VERBS or verb.head.lemma_ in RAISING_VERBS
                                              or verb.head.pos_ in ("VERB", "AUX")):
        head = verb.head
        prefix = [t for t in _relation_tokens(head)] + [c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"]
        rel_tokens = [t for t in rel_tokens if not (t.dep_ == "aux" and t.lower_ == "to")]
    objects = [c for c in verb.children if c.dep_ in OBJECTS]
    if verb.pos_ == "AUX" or (not objects and lemma in LINKING_VERBS):
        objects = [c for c in verb.children if c.dep_ in ("attr", "acomp")]  # "became a justice", "became ill"
    if patients:
        objects = patients + objects
    reflexive = [o for o in objects if o.dep_ == "dobj" and o.lower_ in REFLEXIVES]
    if reflexive:  # "checked herself into a clinic": the reflexive is part of the relation, not a target
        rel_tokens = sorted([*rel_tokens, *reflexive], key=lambda t: t.i)
        objects = [o for o in objects if o not in reflexive]
    preps = [c for c in verb.children if c.dep_ in ("prep", "agent") and c.dep_ != "agent"]
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    clausal = [c for c in verb.children if c.dep_ == "ccomp"]
    negated = _negated(verb)
    modality = _modality(verb)

    noun_event: Token | None = None
    noun_prep: Token | None = None
    if objects and objects[0].pos_ == "NOUN" and objects[0].dep_ == "dobj":
        obj = objects[0]
        obj_preps = [p for p in obj.children if p.dep_ == "prep" and p.lower_ in TARGET_PREPS
                     and any(c.dep_ == "pobj" for c in p.children)]
        noun = obj.lemma_.lower()
        # an event noun ("launched strikes on X"), not an actor ("accused the navy of Y")
        eventive = lemma in LIGHT_VERBS or lexicon.categorize(lemma, noun=noun) != lexicon.categorize(lemma)
        if obj_preps and eventive and not entities.is_actor_noun(obj):
            noun_event, noun_prep = obj, obj_preps[0]

    prep_heads: list[tuple[Token, Token]] = []
    for p in preps:
        for pobj in (c for c in p.children if c.dep_ in ("pobj", "pcomp")):
            prep_heads.append((p, pobj))
    # only a preposition after the verb can introduce its object ("In December, X said" is not "said in")
    object_preps = [(p, o) for p, o in prep_heads if p.i > verb.i]
    if patients:  # agent made actor: "is operated by X" reads as "X operated"
        rel_tokens = [t for t in rel_tokens if t.dep_ != "auxpass" or t.lower_ in ("not", "never")]

    relation = rel_tokens
    object_heads: list[Token]
    arguments: list[Argument] = []
    used_prep: Token | None = None
    if noun_event is not None and noun_prep is not None:
        np_tokens = noun_phrase(noun_event, drop={noun_prep.i} | {t.i for t in noun_prep.subtree})
        relation = sorted(set(rel_tokens) | set(np_tokens) | {noun_prep}, key=lambda t: t.i)
        object_heads = [c for c in noun_prep.children if c.dep_ == "pobj"]
        category_noun = noun_event.lemma_.lower()
    elif clausal and lemma in SPEECH_VERBS:  # "said on Wednesday that ...": the clause is what was said
        object_heads = []
        category_noun = None
    elif objects and (actor_pp := _actor_prep(objects[0], object_preps, entities)) is not None:
        # "imposed sanctions on Monday on Joaquim Serpa": the thing done, then the actor it was done to
        used_prep, pobj = actor_pp
        relation = sorted(set(rel_tokens) | set(noun_phrase(objects[0], keep_prep=False)) | {used_prep},
                          key=lambda t: t.i)
        object_heads = [pobj]
        category_noun = objects[0].lemma_.lower()
    elif objects:
        object_heads = [objects[0]]
        category_noun = objects[0].lemma_.lower() if objects[0].pos_ == "NOUN" else None
        for extra in objects[1:]:
            arguments.append(Argument(_text(noun_phrase(extra)), extra.dep_))
    elif object_preps:
        used_prep, first = object_preps[0]
        relation = sorted(rel_tokens + [used_prep], key=lambda t: t.i)
        object_heads = [first]
        category_noun = None
    elif clausal:
        object_heads = []
        category_noun = None
    else:
        object_heads = []
        category_noun = None
    for p, pobj in prep_heads:
        if p is used_prep:
            continue
        arguments.append(Argument(_text([p, *noun_phrase(pobj)]), p.lower_))

    rel_text = _text(sorted(set(prefix) | set(relation), key=lambda t: t.i))
    prep_word = used_prep.lower_ if used_prep is not None else (noun_prep.lower_ if noun_prep is not None else None)
    category = lexicon.categorize(category_lemma, particle=particle, prep=prep_word, noun=category_noun,
                                  negated=negated)
    if prefix and verb.head.lemma_ != lemma:
        head_category = lexicon.categorize(verb.head.lemma_.lower(), negated=_negated(verb.head))
        if head_category in ("AGREE", "REJECT", "THREATEN", "REQUEST", "DEMAND") or category is None:
            category = head_category or category
    action = Action(text=rel_text, lemma=lemma if not particle else f"{lemma} {particle}",
                    category=category, negated=negated, modality=modality)

    clause_text = None
    if not object_heads and clausal:
        clause_text = _text([t for t in clausal[0].subtree if not t.is_space]).strip(" ,.\"“”")

    clause_drop = {t.i for t in verb.subtree} if verb.dep_ in ("acl", "relcl") else set()
    subjects = [_quoted_speaker(s, verb) for s in subjects]
    for subj_head, subj_mod in _expand(subjects):
        subj_ref = _ref(subj_head, subj_mod, entities, clause_drop)
        confidence = _confidence(verb, subj_ref, inherited, passive and not agents)
        if not object_heads:
            obj_ref = None
            args = list(arguments)
            if clause_text:
                obj_ref = EntityRef(text=clause_text, id="", label=clause_text, type="Other")
            if obj_ref is None and not args:
                confidence = 0.1 + 0.1 * (subj_ref.type != "Other")  # a bare "X left": rarely a full fact
            yield Candidate(subj_ref, action, obj_ref, args, verb, confidence - (0.05 if clause_text else 0.0))
            if clause_text and lemma in SPEECH_VERBS:
                yield from _addressees(subj_ref, action, verb, objects, prep_heads, entities, clause_drop)
            continue
        for obj_head, obj_mod in _expand(object_heads):
            obj_ref = _ref(obj_head, obj_mod, entities, clause_drop)
            if obj_head.dep_ in ("attr", "acomp", "oprd") and obj_ref.kind != "name":
                # "X is a doctor", "X became the coach": what the subject is, not an actor it acts on
                obj_ref = EntityRef(text=obj_ref.text, id="", label=obj_ref.text, type="Other",
                                    start=obj_ref.start, end=obj_ref.end, kind="description")
            if obj_ref.id == subj_ref.id and obj_ref.id and obj_ref.kind != "pronoun":
                # "Somalia withdrew its troops": the object is the actor's own people, not the actor
                obj_ref = _located(entities.describe(obj_head, obj_ref.text), noun_phrase(obj_head))
            bonus = 0.1 if obj_ref.type != "Other" else 0.0
            bonus += 0.05 * min(len(arguments), 2) + (0.05 if len(rel_text.split()) >= 3 else 0.0)
            # "Bush is a Saint", "Lohan was MIA": who someone is, a fact but not an event between two actors
            state = lemma == "be" and obj_head.dep_ == "attr" and bool(obj_ref.id)
            yield Candidate(subj_ref, action, obj_ref, list(arguments), verb, confidence + bonus, derived=state)
        yield from _prepositional_facts(subj_ref, action, verb, object_heads, prep_heads, used_prep, entities,
                                        clause_drop)


#: Confidence of a derived fact: below every event triple with an object, so a confidence threshold
#: keeps events first (CaRB's PR curve: facts restated from an event are less often gold on their own).
DERIVED_CONFIDENCE = 0.12


def _addressees(subj_ref: EntityRef, action: Action, verb: "Token", objects: list["Token"],
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
        for head, mod in _expand([first]):
            if head.pos_ not in ("NOUN", "PROPN", "PRON") or not (entities.is_actor_noun(head) or head.pos_ == "PRON"):
                continue
            obj_ref = _ref(head, mod, entities, drop)
            if obj_ref.id:
                yield Candidate(subj_ref, fact, obj_ref, [], verb, DERIVED_CONFIDENCE + 0.05, derived=True)


#: Entity labels of prepositional objects that are times, amounts or places of the event, not facts of their own.
_CIRCUMSTANCE_ENTS = {"DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"}


def _prepositional_facts(subj_ref: EntityRef, action: Action, verb: "Token", object_heads: list["Token"],
                         prep_heads: list[tuple["Token", "Token"]], used_prep: "Token | None",
                         entities: "DocumentEntities", drop: set[int]) -> Iterator[Candidate]:
    """The minimal facts a reader states from an event's prepositional phrases.

    "He served as the first Prime Minister of Australia" -> "He | served as
    the first Prime Minister of | Australia"; "X met Y in Lisbon" -> "X | met Y
    in | Lisbon". Marked ``derived``: they restate the event, they are not
    events of their own.
    """
    obj = object_heads[0] if object_heads else None
    obj_tokens = noun_phrase(obj, keep_prep=False) if obj is not None and obj.pos_ in ("NOUN", "PROPN") else []
    facts: list[tuple[list[Token], Token, Token]] = []
    for p, pobj in prep_heads:
        if p is used_prep or p.i < verb.i or pobj.dep_ != "pobj" or pobj.pos_ not in ("NOUN", "PROPN"):
            continue
        facts.append(([*obj_tokens, p] if obj is not None else [p], p, pobj))
    if obj is not None:  # "the first Prime Minister of Australia": the named actor inside the object
        for p in (c for c in obj.children if c.dep_ == "prep" and c.lower_ in ("of", "in", "from", "for")):
            for pobj in (c for c in p.children if c.dep_ == "pobj" and entities.cluster_at(c.i) is not None):
                inner = [t for t in noun_phrase(obj) if t.i < p.i]
                facts.append(([*inner, p], p, pobj))
    base = action.text
    for words, p, pobj in facts:
        if pobj.ent_type_ in _CIRCUMSTANCE_ENTS:
            continue
        extra = _text(words) if obj is not None and words[-1] is p and len(words) > 1 else p.text
        rel = f"{base} {extra}" if obj is None or extra != p.text else f"{base} {_text(words)}"
        obj_ref = _ref(pobj, None, entities, drop)
        fact = Action(text=" ".join(rel.split()), lemma=action.lemma, category=action.category,
                      negated=action.negated, modality=action.modality)
        yield Candidate(subj_ref, fact, obj_ref, [], verb, DERIVED_CONFIDENCE + (0.05 if obj_ref.type != "Other" else 0.0),
                        derived=True)


#: Prepositions that introduce the party an action is aimed at.
RECIPIENT_PREPS = {"against", "on", "upon", "with", "to", "toward", "towards", "into", "at", "from"}


def _actor_prep(obj: "Token", preps: list[tuple["Token", "Token"]],
                entities: "DocumentEntities") -> "tuple[Token, Token] | None":
    """A verb's (preposition, named actor) pair after a non-actor direct object, if any."""
    if obj.pos_ != "NOUN" or obj.dep_ != "dobj" or entities.cluster_at(obj.i) is not None:
        return None
    for prep, pobj in preps:
        if prep.i < obj.i:
            continue
        cluster = entities.cluster_at(pobj.i)
        if cluster is None:
            continue
        # "lifted a curfew in Montenegro": a country after "in" is where, and whom, it touches
        if prep.lower_ in RECIPIENT_PREPS or (prep.lower_ == "in" and cluster.type == "Country"):
            return prep, pobj
    return None


def _expand(heads: list["Token"]) -> Iterator[tuple["Token", "Token | None"]]:
    """Split conjoined heads and conjoined country modifiers into separate arguments."""
    seen: set[int] = set()
    named: list[Token] = []
    for head in heads:
        for h in _conjuncts(head):
            appos = [c for c in h.children if c.dep_ == "appos" and c.ent_type_]
            if h.pos_ == "NOUN" and appos:  # "two groups, Los Lobos and Los Choneros"
                named.extend(a for ap in appos for a in _conjuncts(ap))
            else:
                named.append(h)
    heads = named
    for head in heads:
        for h in _conjuncts(head):
            if h.i in seen:
                continue
            seen.add(h.i)
            mods = [c for c in h.children if c.dep_ in ("amod", "compound", "nmod") and c.conjuncts
                    and c.i < h.i]
            if mods:
                group = _conjuncts(mods[0])
                if len(group) > 1 and all(g.ent_type_ in ("NORP", "GPE") for g in group):
                    for g in group:
                        yield h, g
                    continue
            yield h, None


def _quoted_speaker(subject: "Token", verb: "Token") -> "Token":
    """'"We are taking action," SOUTHCOM said': first-person subjects in a quote are the speaker."""
    if subject.lower_ not in ("we", "i"):
        return subject
    cur = verb
    for _ in range(6):
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_ in SPEECH_VERBS:
            speakers = _direct_subjects(cur.head)
            if speakers and speakers[0].lower_ not in ("we", "i"):
                return speakers[0]
            return subject
        if cur.head == cur:
            break
        cur = cur.head
    return subject


def _ref(head: "Token", modifier: "Token | None", entities: "DocumentEntities",
         drop: "set[int] | None" = None) -> EntityRef:
    """Resolve one argument and record where its mention is in the document (``start``/``end``)."""
    # the clause is dropped only from a noun outside it ("video [shared by X]"), never inside it
    drop = set() if not drop or head.i in drop else drop
    if modifier is not None:
        group = _conjuncts(modifier)
        drop = {t.i for g in group if g is not modifier for t in g.subtree}
        drop |= {c.i for g in group for c in g.children if c.dep_ in ("cc", "punct")}
        drop |= {c.i for c in modifier.children if c.dep_ in ("conj", "cc", "punct")}
    tokens = noun_phrase(head, drop=drop)
    ref = entities.resolve(head, _text(tokens), modifier=modifier)
    return _located(ref, tokens or [head])


def _located(ref: EntityRef, tokens: list["Token"]) -> EntityRef:
    ref.start = tokens[0].idx
    ref.end = tokens[-1].idx + len(tokens[-1].text)
    return ref


def _confidence(verb: "Token", subj: EntityRef, inherited: bool, agentless_passive: bool) -> float:
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
    length = len(verb.sent)
    if length > 40:
        score -= 0.1
    if length > 60:
        score -= 0.1
    if subj.text.lower() in ("it", "they", "he", "she", "we", "i", "you", "this", "that"):
        score -= 0.05
    return score


def _apposition_triples(sent: "Span", entities: "DocumentEntities") -> Iterator[Candidate]:
    """'Daniel Noboa, Ecuador's president' -> (Daniel Noboa; is; Ecuador's president), a derived fact.

    An apposition describes its noun: the description is the actor's role
    (:mod:`kg.extract.entities`) and the statement is written to the
    extraction output as a derived fact, never as an event. A place
    qualifying a place ("Salt Lake City, Utah") is no statement at all.
    """
    for tok in sent:
        if tok.dep_ != "appos" or tok.head.pos_ not in ("PROPN", "NOUN"):
            continue
        head = tok.head
        a, b = entities.cluster_at(tok.i), entities.cluster_at(head.i)
        if a is not None and b is not None:
            continue  # two names side by side: a place qualifier, an alias or a misparse, not "X is Y"
        if tok.ent_type_ in ("GPE", "LOC") and head.ent_type_ in ("GPE", "LOC", "FAC"):
            continue
        named, description = (tok, head) if tok.ent_type_ and not head.ent_type_ else (head, tok)
        subj = _located(entities.resolve(named, _text(noun_phrase(named))), noun_phrase(named) or [named])
        text = _text(noun_phrase(description))
        obj = EntityRef(text=text, id="", label=text, type="Other")
        action = Action(text="is", lemma="be", category=None)
        yield Candidate(subj, action, obj, [], tok, APPOSITION_CONFIDENCE, derived=True)


#: Prepositions that introduce the actor an event noun is done to ("the arrest of X", "an attack on X").
_PATIENT_PREPS = ("of", "on", "against", "upon")


def _nominal_events(sent: "Span", entities: "DocumentEntities", lexicon: "ActionLexicon") -> Iterator[Candidate]:
    """"The arrest of Serpa by Portuguese police" -> (Portugal; arrest of; Serpa), a derived fact.

    An event noun of the codebook (one the lexicon gives a category, as
    verb or as the object of a light verb) with both its doer (a possessor
    or a "by" phrase) and the actor it was done to. Marked derived: the
    event is usually also told by a verb, and one event must count once.
    """
    for tok in sent:
        if tok.pos_ != "NOUN":
            continue
        doer = next((c for c in tok.children if c.dep_ == "poss"
                     and (c.pos_ != "PRON" or c.lower_ in ("his", "her", "its", "their"))), None)
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
        subj, obj = _ref(doer, None, entities, set()), _ref(patient, None, entities, set())
        if not subj.id or not obj.id or subj.id == obj.id or subj.type == "Other":
            continue
        action = Action(text=f"{tok.text} {prep.text}", lemma=lemma, category=category)
        yield Candidate(subj, action, obj, [], tok, DERIVED_CONFIDENCE + 0.05, derived=True)


#: Confidence of an affiliation fact ("Chargers defensive tackle Jamal Williams").
AFFILIATION_CONFIDENCE = 0.3


def _affiliation_facts(sent: "Span", entities: "DocumentEntities") -> Iterator[Candidate]:
    """"San Diego Chargers defensive tackle Jamal Williams" -> (Jamal Williams; is defensive tackle of;
    San Diego Chargers), a derived fact: where the text places the person, not an event."""
    for name, role, org in entities.affiliations(sent):
        subj = entities.resolve(name.root, name.text)
        obj = entities.resolve(org.root, org.text)
        if not subj.id or not obj.id or subj.id == obj.id:
            continue
        action = Action(text=f"is {_text(role)} of", lemma="be", category=None)
        yield Candidate(subj, action, obj, [], name.root, AFFILIATION_CONFIDENCE, derived=True)


#: Confidence of "according to X": as sure as a "said" with a clause (the speaker is named outright).
ATTRIBUTION_CONFIDENCE = 0.5


def _attributions(sent: "Span", entities: "DocumentEntities") -> Iterator[Candidate]:
    """"Reid is in rehab, according to People" -> (People; according to; Reid is in rehab): a statement.

    "According to X" names who said the clause, as "X said" does; only an
    actor (a name or people noun, or a resolved pronoun) is a speaker:
    "according to the report" is not someone.
    """
    for tok in sent:
        if tok.lower_ != "according" or tok.dep_ != "prep" or tok.head.pos_ not in ("VERB", "AUX"):
            continue
        to = next((c for c in tok.children if c.lower_ == "to" and c.dep_ == "prep"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if source is None or not (entities.is_actor_noun(source) or source.pos_ == "PRON"):
            continue
        subj = _ref(source, None, entities, set())
        if not subj.id:
            continue
        verb = tok.head
        attribution = {x.i for x in tok.subtree}
        said = [t for t in verb.subtree if t.i not in attribution and not t.is_space]
        while said and said[-1].is_punct:
            said.pop()
        while said and said[0].is_punct:
            said.pop(0)
        text = _text(said)
        obj = EntityRef(text=text, id="", label=text, type="Other")
        yield Candidate(subj, Action(text="according to", lemma="say", category=None), obj, [], verb,
                        ATTRIBUTION_CONFIDENCE)


#: Confidence of an apposition's "is" fact (true more often than a prepositional restatement).
APPOSITION_CONFIDENCE = 0.45


#: Confidence of a possessive's "has" fact ("Princeville's river" -> Princeville | has | river).
POSSESSIVE_CONFIDENCE = 0.25


def _possessive_facts(sent: "Span", entities: "DocumentEntities") -> Iterator[Candidate]:
    """"Du Pont's growing investments" -> (Du Pont; has; growing investments), a derived fact.

    Only named or noun possessors (not "his", "its"): what the text says an
    actor has, stated as a fact, never as an event.
    """
    for tok in sent:
        if tok.dep_ != "poss" or tok.pos_ not in ("PROPN", "NOUN") or tok.head.pos_ != "NOUN":
            continue
        owner_tokens = [t for t in noun_phrase(tok) if not (t.dep_ == "case" and t.head.i == tok.i)]
        owned = [t for t in noun_phrase(tok.head, keep_prep=False) if t.i not in {o.i for o in tok.subtree}
                 and t.dep_ != "case"]
        if not owned:
            continue
        subj = _located(entities.resolve(tok, _text(owner_tokens)), owner_tokens or [tok])
        text = _text(owned)
        obj = EntityRef(text=text, id="", label=text, type="Other", start=owned[0].idx,
                        end=owned[-1].idx + len(owned[-1].text), kind="description")
        yield Candidate(subj, Action(text="has", lemma="have", category=None), obj, [], tok,
                        POSSESSIVE_CONFIDENCE, derived=True)
