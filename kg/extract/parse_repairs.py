"""Repairs of the dependency parse that every later rule should see.

Why its own pipeline step: when the parser hangs a word on the wrong head,
each rule that reads the tree (identity facts, entity resolution, countries,
roles) would need the same exception. Mending the tree once, right after the
named entities are known, keeps those rules simple and in agreement.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .identity_cues import person_word
from .wordlists import intent_verbs, object_control_verbs, saying_verbs, statement_media_nouns, word_list

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["repair_parse"]

#: Prepositions that set a statement in its medium or occasion ("in a statement", "at a news conference").
_MEDIUM_PREPOSITIONS = frozenset({"in", "at", "during", "on", "via", "through"})

#: Prepositions that tie a person noun to what the person speaks or works for ("a spokesman for the firm").
_OWNER_PREPOSITIONS = frozenset({"for", "of", "at", "with"})


def repair_parse(doc: "Doc") -> "Doc":
    """Mend the parse errors listed below in place; a spaCy pipeline component (after the NER)."""
    fractions = [e for e in doc.ents if e.label_ == "DATE" and _FRACTION.match(e.text) and e.end < len(doc)
                 and doc[e.end].lower_ == "of"]
    if fractions:  # "accounts for a quarter of the economy": a share, not a date (the model tags it DATE)
        doc.ents = [e for e in doc.ents if e not in fractions]
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            _rehang_person_apposition(ent.root)
            _role_before_name(ent)
            _ing_role_before_name(ent)
        elif ent.label_ in ("ORG", "NORP") and ent.start > 0:
            _kind_before_name(ent)
    saying, media = saying_verbs(), statement_media_nouns()
    for tok in doc:
        if tok.dep_ == "nsubj" and tok.head.pos_ == "VERB" and tok.head.lemma_.lower() in saying:
            _rehang_statement_medium(tok, media)
        elif tok.lower_ in _PARTICLES and ((tok.dep_ == "prep" and all(c.pos_ == "ADV" for c in tok.children))
                                           or (tok.dep_ == "advmod" and tok.tag_ == "RP")):
            _prep_as_particle(tok)
        elif tok.lower_ in _CUSTODY_NOUNS and tok.dep_ in ("dobj", "oprd") and tok.head.pos_ == "VERB":
            _custody_as_particle(tok)
        elif tok.dep_ == "amod" and tok.tag_ in ("VBD", "VBN") and tok.head.dep_ == "ROOT" and tok.head.i > tok.i:
            _verb_read_as_modifier(tok)
        elif tok.dep_ == "advcl" and tok.tag_ == "VB" and tok.head.i < tok.i:
            _infinitive_after_a_phrase(tok)
        elif tok.lower_ == "go" and tok.dep_ == "xcomp" and tok.head.lemma_ == "let":
            _go_as_particle_of_let(tok)
        elif tok.lemma_ == "let" and tok.dep_ == "aux" and tok.head.lower_ == "go" and tok.head.i == tok.i + 1:
            _let_as_head_of_go(tok)
    return doc


def _let_as_head_of_go(let: "Token") -> None:
    """"The bank let go 30 workers": the parser may read "let" as an auxiliary of "go"; then "let" takes the
    place of "go" in the tree (its head, dependency and children) and "go" becomes its particle."""
    go = let.head
    if not any(c.dep_ in ("dobj", "npadvmod") and c.i > go.i and c.pos_ in ("NOUN", "PROPN", "PRON")
               for c in go.children):
        return  # "refused to let go": a grip released, no one let go
    let.dep_, let.pos_ = go.dep_, "VERB"
    let.head = let if go.head.i == go.i else go.head
    for child in list(go.children):
        if child.i != let.i:
            child.head = let
            if child.dep_ == "npadvmod" and child.tag_ == "NNS" and child.i > go.i:
                child.dep_ = "dobj"  # "let go 30 nurses": the nurses, read as a measure
    go.head, go.dep_ = let, "prt"


def _go_as_particle_of_let(go: "Token") -> None:
    """"was let go by his employer", "let go 30 workers": the parser makes "go" a verb of its own, with the
    workers its object and "by his employer" the manner of going. "go" becomes the particle of "let"
    ("let go", as the lexicon reads it: a dismissal), and the phrases after "go" the phrases of "let" ("by"
    its doer). Not "let go of the rope" (a grip released), and not "let him go", which the parser reads
    as a clause of its own: that one is as often a release as a dismissal."""
    let = go.head
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in go.children) or any(
            c.dep_ in ("aux", "neg", "nsubj") for c in go.children):
        return
    passive = any(c.dep_ == "auxpass" for c in let.children)
    if not (passive or any(c.dep_ == "dobj" for c in go.children)):
        return  # "An employee let go from his job opened fire": a misread participle, not the employee's act
    for child in list(go.children):
        if child.dep_ == "prep" and child.lower_ == "by" and passive:
            child.dep_ = "agent"  # "was let go by his employer": the employer did it
        child.head = let
    go.dep_ = "prt"


def _infinitive_after_a_phrase(verb: "Token") -> None:
    """"The bloc threatened in March to suspend talks": with a phrase between, the parser reads the
    infinitive of "threaten", "agree", "refuse", "plan" as a purpose clause (an aim, not the threat's
    content). After such a verb (``intent_verbs.csv``, not one that takes an object first, nor "move")
    with no object and no comma before it, it is the verb's complement again."""
    head = verb.head
    if not any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children) or head.lemma_ == "move" \
            or head.lemma_ not in intent_verbs() or head.lemma_ in object_control_verbs() \
            or any(c.dep_ in ("dobj", "xcomp", "ccomp") for c in head.children) \
            or any(t.is_punct for t in verb.doc[head.i + 1:verb.i]):
        return
    verb.dep_ = "xcomp"


def _verb_read_as_modifier(verb: "Token") -> None:
    """"The arrest angered union members, who ...": the parser read "angered union members" as one noun
    phrase, left the sentence without a verb and hung the true subject on the participle.

    A past form with a noun subject of its own before it ("arrest" as its
    subject or bare noun modifier) cannot be an adjective of the noun after
    it; when that noun is the sentence's root, the verb takes its place and
    the noun becomes its object. "Angered union members protested" (no
    noun before "angered") is left alone.
    """
    noun = verb.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "npadvmod") and c.i < verb.i
                    and c.pos_ in ("NOUN", "PROPN")), None)
    if subject is None or noun.pos_ not in ("NOUN", "PROPN") or (verb.is_title and verb.i != verb.sent.start) \
            or any(t.is_punct for t in verb.doc[subject.i:verb.i]):
        return  # (a title, "Operation X - Targeted Operations Against Y", is no sentence to mend)
    for left in [c for c in noun.children if c.i < subject.i]:
        left.head = subject  # "Brito's" of "Brito's arrest angered ...", hung on the wrong noun too
    verb.head, verb.dep_, verb.pos_, verb.tag_ = verb, "ROOT", "VERB", "VBD"
    noun.head, noun.dep_ = verb, "dobj"
    subject.dep_ = "nsubj"
    for punct in [c for c in noun.children if c.dep_ == "punct" and c.i == noun.sent.end - 1]:
        punct.head = verb  # the full stop ends the verb's sentence


#: A fraction the model tags as a date ("a quarter", "two thirds", "half"): with "of" after it, a share.
_FRACTION = re.compile(r"(?i)^(?:a|an|one|two|three|four|nine)?\s*(?:half|halves|thirds?|quarters?|fifths?|"
                       r"tenths?)$")


#: Nouns that say in what state an object is held or taken ("held 20 passengers hostage", "took him prisoner").
_CUSTODY_NOUNS = frozenset({"hostage", "hostages", "captive", "captives", "prisoner", "prisoners"})


def _custody_as_particle(noun: "Token") -> None:
    """"held 20 passengers hostage", "held the journalist hostage": the people are the object, "hostage" says how.

    The parser makes "hostage" a second object, or the head of the object
    with the people as its compound. Either way "hostage" becomes the verb's
    particle (as "over" in "handed the hostages over"), so the relation reads
    "held ... hostage" and the lexicon sees "hold hostage"; a compound before
    it becomes the object, taking the words in front of it ("the", "20").
    """
    verb = noun.head
    people = [c for c in noun.children if c.dep_ == "compound" and c.i == noun.i - 1 and c.pos_ == "NOUN"]
    if people:
        obj = people[0]
        for left in [c for c in noun.children if c.i < obj.i]:
            left.head = obj
        obj.dep_, obj.head = "dobj", verb
    elif not any(c.dep_ == "dobj" and c.i < noun.i for c in verb.children):
        return  # "took hostages": the only object is the hostages themselves
    noun.dep_ = "prt"


#: Words that are a verb's particle when left without an object after it ("pulled him over").
_PARTICLES = frozenset({"over", "up", "down", "out", "off", "in", "back", "away", "on"})


def _prep_as_particle(prep: "Token") -> None:
    """"Police pulled him over a few blocks away": "over" without an object, right after the verb's
    object, is the verb's particle ("pull over"), as the parser reads it in "handed the hostages over".

    After a noun object the parser may give it "away" as its object ("pulled the driver over a few blocks
    away"); an adverb is no object of a preposition, so it still is the particle. A particle by its tag read
    as an adverb is one too ("ran the cyclist over and sped away")."""
    verb = prep.head
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if verb.pos_ == "VERB" and obj is not None and obj.right_edge.i == prep.i - 1:
        prep.dep_ = "prt"


def _rehang_statement_medium(speaker: "Token", media: frozenset[str]) -> None:
    """"..., said the company in a statement": the statement is how it was said, not which company.

    The parser hangs a phrase after an inverted speaker on the speaker, so
    "the company in a statement" would be a description of its own and not
    the company named before. A preposition of medium whose object is a
    kind of statement (``statement_media_nouns.txt``) goes to the verb.
    """
    for prep in list(speaker.children):
        if prep.dep_ != "prep" or prep.i < speaker.i or prep.lower_ not in _MEDIUM_PREPOSITIONS:
            continue
        if any(o.dep_ == "pobj" and o.lemma_.lower() in media for o in prep.children):
            prep.head = speaker.head


def _is_person_noun(tok: "Token") -> bool:
    return tok.pos_ == "NOUN" and person_word(tok)


def _rehang_person_apposition(name: "Token") -> None:
    """"A spokesman for the firm, Carlos Duarte, said": the name renames the spokesman, not the firm.

    The parser hangs an apposed name on the nearest noun. When that noun
    cannot be a person and is the object of a preposition after a person
    noun, the name belongs to the person noun. "The daughter of a farmer,
    Ana Reis," is left alone: either could be Ana Reis; so is a quoted name,
    a work's title ("the star of the talk show "Rita"").
    """
    noun = name.head
    if name.dep_ != "appos" or noun.i > name.i or noun.pos_ != "NOUN" or _is_person_noun(noun):
        return
    first = name.left_edge
    if first.i > 0 and first.doc[first.i - 1].is_quote:
        return
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in _OWNER_PREPOSITIONS or prep.head.i >= prep.i:
        return
    if _is_person_noun(prep.head):
        name.head = prep.head


def _role_before_name(name: "Span") -> None:
    """"..., her longtime agent Rui Vaz said": the person noun right before a name is the name's role.

    The parser sometimes makes both subjects of the verb, so "her longtime
    agent" and "Rui Vaz" would say it twice, as two people. A person noun
    right before a person's name, with the same head and the same relation,
    becomes a word of the name's phrase, as the parser reads "the company's
    spokesman Ana Reis"; as a subject, any singular noun does ("Scandal
    figure Rui Vaz dies": a verb has one subject, and the noun before the
    name describes it).
    """
    root = name.root
    if name.start == 0:
        return
    noun = name.doc[name.start - 1]
    if noun.dep_ == root.dep_ and noun.head == root.head and noun.head != noun and noun.tag_ == "NN" \
            and (_is_person_noun(noun) or noun.dep_ in ("nsubj", "nsubjpass")):  # (singular: "guards Ana Reis
        noun.dep_, noun.head = "compound", root  # and Rui Vaz" names two; no verb has two subjects: "scandal figure")


def _kind_before_name(name: "Span") -> None:
    """"The militant group Hamas fired rockets", "the carrier TAP cancelled flights": a common noun right
    before an organisation's (or a people's) name says what kind of actor it is.

    The parser makes both subjects of the verb, or the name an adverb of the
    verb or an apposition of the noun with no comma between them, so "the
    militant group" became an actor of its own doing the same thing. The
    name takes the noun's place and the noun becomes its apposition, read as
    the organisation's role (a fact, not an event).
    """
    doc, root = name.doc, name.root
    noun = doc[name.start - 1]
    if noun.pos_ != "NOUN" or noun.ent_type_ or noun.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj"):
        return  # (a time is no kind: "around 10:30 a.m. Oregon State Police said")
    if root.head == noun.head and root.dep_ in (noun.dep_, "npadvmod"):
        root.dep_ = noun.dep_  # "The rebel M23 seized", "The carrier TAP cancelled"
    elif root.head == noun and root.dep_ == "appos" and not (
            root.i + 1 < len(doc) and noun.is_ancestor(doc[root.i + 1])):  # not "the worst riots X has seen"
        root.head, root.dep_ = noun.head, noun.dep_  # "The broadcaster RTC said"
    else:
        return
    noun.head, noun.dep_ = root, "appos"  # what the name is, as in "Hamas, the militant group,"


def _ing_role_before_name(name: "Span") -> None:
    """"Prosecuting attorney Rui Lopes asked ...", "Sharks running back Rui Lopes was hurt": a role whose first
    word is a verb's "-ing" form (``role_phrases_wordnet.txt``) is the name's, not a verb.

    The parser makes "prosecuting" or "running" a verb, and often the name
    its object, so the role's verb becomes an event and the team before it
    the subject. The two words become modifiers of the name. When the name
    was the verb's object it takes the place the verb had ("placed running
    back Rui Lopes on injured reserve": the placing's object), or the place
    of the noun phrase right before the role, which becomes the name's too
    ("the Sharks running back Rui Lopes was hurt", "placed undrafted rookie
    running back Rui Lopes"). Other shapes are left as the parser read them.
    """
    doc, root = name.doc, name.root
    if name.start < 2 or f"{doc[name.start - 2].lower_} {doc[name.start - 1].lower_}" not in \
            word_list("role_phrases_wordnet.txt"):
        return
    verb, noun = doc[name.start - 2], doc[name.start - 1]
    if verb.tag_ != "VBG" or noun.head.i not in (verb.i, root.i) or verb.head.i in range(name.start, name.end):
        return
    others = [c for c in verb.children if c.i not in (noun.i, root.i)]
    if root.head.i != verb.i:  # "Prosecuting attorney Rui Lopes asked": the name is in its place already
        if others:
            return
    else:
        before = doc[verb.i - 1] if verb.i > 0 else None
        if before is not None and before.pos_ in ("NOUN", "PROPN") and (
                (verb.dep_ == "acl" and verb.head.i == before.i)  # "the Sharks running back ...": a team before it
                or (before.head.i == verb.head.i and before.dep_ == "dobj"  # "placed undrafted rookie ..."
                    and before.right_edge.i == verb.i - 1)):
            place = before
        elif before is not None and before.i == verb.head.i and verb.dep_ in ("xcomp", "advcl", "conj", "ccomp"):
            place = verb  # "placed running back Rui Lopes on ...": the placing's object
        else:
            return
        if place.dep_ == "ROOT" or any(c.dep_ in ("nsubj", "nsubjpass") for c in others):
            return  # the sentence's root would move, or the verb has a subject of its own: left as read
        head, dep = place.head, place.dep_
        root.head, root.dep_ = head, ("dobj" if place is verb else dep)
        for child in others:
            child.head = head  # "placed running back Lopes on injured reserve": "on" is the placing's
        if place is not verb:
            place.head, place.dep_ = root, "compound"
    verb.head, verb.dep_, noun.head, noun.dep_ = root, "amod", root, "compound"
