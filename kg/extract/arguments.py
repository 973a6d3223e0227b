"""Arguments of a statement: noun phrases, their text, their conjuncts and the actor each names.

Why its own module: the predicate rules (:mod:`kg.extract.triples`) and the
derived facts (:mod:`kg.extract.facts`) cut noun phrases, split conjoined
arguments ("Ecuadorian and U.S. forces" -> two actors) and resolve them
through :class:`~kg.extract.entities.DocumentEntities` the same way; one
implementation keeps the two kinds of statement consistent.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..model import EntityRef
from .appositions import amount_range, list_item, listed_appositions
from .identity_cues import identified_with
from .noun_phrases import (act_charged, first_conjunct, is_name_suffix, misattached_conjunct, relative_antecedent,
                           set_off)
from .wordlists import word_list

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from .clusters import Cluster
    from .entities import DocumentEntities

__all__ = ["TIME_ENTS", "noun_phrase", "span_text", "conjuncts", "expand_arguments", "resolve_argument", "located",
           "with_repeated_prep", "names_a_medium", "says_when_or_where", "says_where"]

#: Entity labels of a time: a prepositional phrase with one says when ("on Sunday", "in 1988"), never who
#: or what an action is done to, and is no part of a name.
TIME_ENTS = ("DATE", "TIME")


def noun_phrase(head: "Token", *, keep_prep: bool = True, drop: "set[int] | None" = None) -> list["Token"]:
    """Tokens of the noun phrase headed by ``head``, without its conjuncts, relative clauses and appositions.

    Only the phrase's own conjuncts are left out (each is a phrase of its
    own: "arrested Serpa and Alves"); a modifier's conjuncts stay, or "the
    Caribbean and eastern Pacific" would shrink to "the Caribbean Pacific".
    """
    drop = drop or set()
    out: list[Token] = []

    def walk(tok: "Token") -> None:
        out.append(tok)
        for child in tok.children:
            if child.i in drop:
                continue
            if child.dep_ == "appos" and is_name_suffix(child) and tok.pos_ == "PROPN":
                comma = tok.doc[child.i - 1]  # "John Crozier, Jr.": the suffix is part of the name, not an apposition
                out.extend([comma, child] if comma.text == "," and comma.i > tok.i else [child])
                continue
            if child.dep_ in ("relcl", "appos", "parataxis") and child.head == tok:
                continue
            if child.dep_ == "neg" and tok == head and (tok.dep_ == "conj" or child.i > tok.i):
                continue  # "but not the captain", "the captain, not ...": the event's polarity (kg.extract.polarity)
            if child.dep_ in ("acl", "amod") and child.i > tok.i and set_off(child):
                continue  # "Mendez, sacked in May, is suing", "died in Praia, aged 85": an aside, not the noun's
            if child.dep_ in ("conj", "cc") and tok == head and not amount_range(head):
                continue  # the phrase's own conjuncts only
            if child.dep_ == "case" and child.tag_ == "POS" and tok == head:
                continue  # "Portugal's decision to send ...": the possessor acting is "Portugal"
            if tok == head and child.lower_ in _LIST_OPENERS and child.dep_ in ("det", "preconj", "cc") and any(
                    c.dep_ == "conj" for c in head.children):
                continue  # "Neither Portugal nor Spain", "Both the army and the police": the list, not its item
            if misattached_conjunct(child):  # "after the collapse of the coalition and moved to Geneva"
                continue
            if child.dep_ == "punct" and (child.i < head.left_edge.i + 1 or child.i > tok.i):
                if child.text not in ("-", "–", "'", "’"):
                    continue
            if not keep_prep and child.dep_ in ("prep", "acl", "relcl") and tok == head:
                continue
            if tok == head and _misattached_to_name(head, child):
                continue
            if tok == head and act_charged(child) is not None:  # "accused the minister of taking bribes"
                continue
            walk(child)

    walk(head)
    kept = {t.i for t in out}
    # a coordinator stays only with its conjunct ("in the Gulf and" when the parser hung the rest elsewhere)
    out = [t for t in out if t.dep_ != "cc" or any(c.dep_ == "conj" and c.i in kept for c in t.head.children)]
    out.sort(key=lambda t: t.i)
    # trim leading/trailing punctuation and quotes
    while out and (out[0].is_punct or out[0].is_space) and out[0] != head:
        out.pop(0)
    while out and (out[-1].is_punct or out[-1].is_space) and out[-1] != head:
        out.pop()
    return out


#: Words that open a list of two ("neither ... nor", "both ... and", "either ... or"), no part of its first item.
_LIST_OPENERS = frozenset({"neither", "both", "either"})

#: Prepositions that introduce a time ("on Sunday", "after the vote"), not part of a name.
_TIME_PREPOSITIONS = frozenset({"on", "at", "in", "during", "since", "until", "before", "after", "by"})


def _misattached_to_name(head: "Token", child: "Token") -> bool:
    """True for what the parser hangs on a name but no name carries: a score after it ("the Salem Lions
    31-24"), a time ("... on Sunday") or, after a person's name, a place ("met Rui Lopes in Praia"); they
    belong to the clause, and kept they make the name unknown.

    A plain number stays ("Apollo 11", "Route 66"); so does a place or anything else after a preposition.
    """
    if head.pos_ != "PROPN" or child.i < head.i:
        return False
    if child.dep_ == "nummod":
        numbers = [t for t in child.subtree if t.like_num]
        return len(numbers) >= 2 and any(t.text in ("-", "–", "—", ":") for t in child.subtree)
    if child.dep_ != "prep":
        return False
    objects = [c for c in child.children if c.dep_ == "pobj"]
    if head.ent_type_ == "PERSON" and child.lower_ in ("in", "at", "near") and objects and all(
            o.ent_type_ in ("GPE", "LOC", "FAC") for o in objects):
        return True  # "met Rui Lopes in Praia": where they met, not which Rui Lopes (an organisation's
        # place may name it: "the University of California in Los Angeles"; CaRB's gold keeps it)
    if head.ent_type_ == "PERSON" and child.lower_ == "of" and objects and all(
            o.left_edge.tag_ == "PRP$" for o in objects):
        return True  # "relieved Rui Lobo of his duties": the verb's "of" ("relieve of"), no name's ("Lobo of Praia")
    return child.lower_ in _TIME_PREPOSITIONS and bool(objects) and all(o.ent_type_ in TIME_ENTS for o in objects)


def of_after_person(heads: list["Token"]) -> str | None:
    """"of" right after a named or pronoun object ("relieved Rui Lobo of his duties", "stripped him of his
    title"), which the parser hangs on the name or the verb: read with the verb ("relieve of") when the
    lexicon has the pair. Only "of": "flew him to Lisbon" is no "fly to" visit."""
    head = heads[0] if len(heads) == 1 else None
    if head is None or head.pos_ not in ("PROPN", "PRON") or head.i + 1 >= len(head.doc):
        return None
    after = head.doc[head.i + 1]  # the head of a name is its last word
    if after.lower_ == "of" and after.dep_ == "prep" and after.head in (head, head.head):
        return "of"
    return None


def span_text(tokens: list["Token"]) -> str:
    """The text of ``tokens`` as written (original spacing between neighbours), whitespace collapsed."""
    if not tokens:
        return ""
    parts: list[str] = []
    for k, t in enumerate(tokens):
        parts.append(t.text)
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if nxt is not None:
            parts.append(" " if (t.whitespace_ or nxt.i != t.i + 1) else "")
    return " ".join("".join(parts).split())


def conjuncts(tok: "Token") -> list["Token"]:
    """``tok`` and the conjuncts after it ("Ecuador and Peru" -> [Ecuador, Peru]).

    A name followed by a list of bare descriptions and a singular verb
    ("Esther Rocha, swimming champion, actress and icon, has died") is one
    subject with appositions (:func:`listed_appositions`), not four.
    """
    if listed_appositions(tok) or amount_range(tok):
        return [tok]
    listed = [c for c in tok.conjuncts if c.i > tok.i and not misattached_conjunct(c)]
    return [tok, *listed, *_list_items(tok)]


def _list_items(tok: "Token") -> list["Token"]:
    """The later items of a list the parser read as appositions of ``tok``, each with its conjuncts and
    its own such items: "two counts of X, one count of Y", "a judge, a clerk, a deputy and an agent"."""
    return [i for c in tok.children if list_item(c) for i in (c, *c.conjuncts, *_list_items(c))]


#: The entity types of names an apposition may give a noun ("two groups, Los Lobos and Los Choneros"); not an
#: age or an amount ("Fortes, 71, started": the tagger read "Fortes" as a plural noun).
_NAMED_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})


def expand_arguments(heads: list["Token"]) -> Iterator[tuple["Token", "Token | None"]]:
    """Split conjoined heads and conjoined country modifiers into separate arguments."""
    seen: set[int] = set()
    named: list[Token] = []
    for head in heads:
        for h in conjuncts(head):
            appos = [c for c in h.children if c.dep_ == "appos" and c.ent_type_ in _NAMED_TYPES
                     and not any(d.dep_ == "nummod" for d in c.children)]  # "the hostages, four Senegalese and"
            if h.pos_ == "NOUN" and appos:  # "two groups, Los Lobos and Los Choneros"
                named.extend(a for ap in appos for a in conjuncts(ap))
            else:
                named.append(h)
    heads = named
    for head in heads:
        for h in conjuncts(head):
            if h.i in seen:
                continue
            seen.add(h.i)
            mods = [c for c in h.children if c.dep_ in ("amod", "compound", "nmod") and c.conjuncts
                    and c.i < h.i]
            if mods:
                group = conjuncts(mods[0])
                if len(group) > 1 and all(g.ent_type_ in ("NORP", "GPE") for g in group):
                    for g in group:
                        yield h, g
                    continue
            yield h, None


def resolve_argument(head: "Token", modifier: "Token | None", entities: "DocumentEntities",
                     drop: "set[int] | None" = None) -> EntityRef:
    """Resolve one argument and record where its mention is in the document (``start``/``end``)."""
    head = relative_antecedent(head) or head  # "Lobato, whom the rebels kidnapped": the rebels kidnapped Lobato
    # the clause is dropped only from a noun outside it ("video [shared by X]"), never inside it
    drop = set() if not drop or head.i in drop else drop
    tokens = noun_phrase(head, drop=drop)
    if modifier is not None:  # "Ecuadorian and U.S. forces" for the United States: "U.S. forces"
        coordination = {t.i for g in (modifier, *modifier.conjuncts) for t in g.subtree}
        own = {t.i for t in modifier.subtree} - {
            t.i for c in modifier.children if c.dep_ in ("conj", "cc", "punct") for t in c.subtree}
        tokens = [t for t in tokens if t.i not in coordination - own]
    ref = entities.resolve(head, span_text(tokens), modifier=modifier)
    return located(ref, tokens or [head])


def located(ref: EntityRef, tokens: list["Token"]) -> EntityRef:
    """Set the character offsets of ``ref``'s mention (``tokens``) in the document; return ``ref``."""
    ref.start = tokens[0].idx
    ref.end = tokens[-1].idx + len(tokens[-1].text)
    return ref


def what_subject_is(ref: EntityRef) -> EntityRef:
    """``ref`` as what the subject is ("X is a doctor", "X returns as host"): its text, but no actor to act on."""
    return EntityRef(text=ref.text, id="", label=ref.text, type="Other", start=ref.start, end=ref.end,
                     kind="description")


def restates_subject(ref: EntityRef, subject: EntityRef, head: "Token") -> bool:
    """True if a copula or an "as" phrase says the object is the subject itself ("Lopes returns as coach").

    The description resolves to the subject's own id (see
    :func:`~kg.extract.identity_cues.identified_with`); as an object it would
    make the subject act on itself. When the subject is a pronoun or a
    description ("She served as emcee"), the phrase is still what the subject
    is, whoever that turns out to be, and no one else it acts on.
    """
    if not ref.id or ref.kind != "description":
        return False
    same = identified_with(first_conjunct(head))
    if same is None:
        return False
    return ref.id == subject.id or (subject.start is not None and subject.end is not None and any(
        subject.start <= t.idx < subject.end for t in (same, *same.conjuncts)))  # "Directors and producers"


def other_than_subject(ref: EntityRef, subject: EntityRef, head: "Token", entities: "DocumentEntities") -> EntityRef:
    """``ref`` as what ``subject`` acts on: never the subject itself, unless a pronoun says so ("hanged himself").

    "Somalia withdrew its troops": the troops are Somalia's own people, a
    description of their own; "he called himself Tommy": a name he goes by,
    no actor; "Palestinians living in Gaza": a place of their own country.
    "The man ... is Rui Lopes" stays: the copula says who the subject is.
    """
    if ref.id != subject.id or not ref.id or ref.kind == "pronoun" or (
            ref.kind == "name" and first_conjunct(head).dep_ == "attr"):
        return ref
    if ref.kind == "name" and ref.type not in ("Country", "Location"):
        return what_subject_is(ref)
    return located(entities.describe(head, ref.text), noun_phrase(head))


def with_repeated_prep(prep: "Token", heads: list["Token"]) -> list["Token"]:
    """``heads`` and the objects of the same preposition said again after "and" ("on Peru and on Bolivia")."""
    return heads + [o for c in prep.children if c.dep_ == "conj" and c.lower_ == prep.lower_
                    for o in c.children if o.dep_ == "pobj"]


def names_a_medium(prep: "Token", pobj: "Token") -> bool:
    """True for an online platform after "on", "via" or "through": where something was said or shown, not
    whom it was done to ("announced the news on Twitter" is no event between the speaker and Twitter)."""
    if prep.lower_ not in ("on", "via", "through"):
        return False
    words = [t.lower_ for t in pobj.lefts if t.dep_ == "compound" and t.i == pobj.i - 1] + [pobj.lower_]
    return " ".join(words) in word_list("online_platforms.txt")  # "Truth Social" too


def says_when_or_where(prep: "Token", pobj: "Token", *, medium: bool = True) -> bool:
    """True for a prepositional object that says when ("on Sunday") or, with ``medium``, on which platform
    ("on Twitter") something happened: never whom it was done to."""
    return pobj.ent_type_ in TIME_ENTS or (medium and names_a_medium(prep, pobj))


#: Prepositions that say where something happened after a verb with no object (see :func:`says_where`).
_LOCATIVE_PREPS = frozenset({"in", "inside", "near", "outside", "throughout"})


def says_where(lemma: str, prep: "Token", place: "Cluster | None") -> bool:
    """True for "in" (or "inside", "near", ...) and a place (``place``: the object's cluster, a Location or a
    Country) after a verb with no object: where it happened, not whom it was done to ("lived in Australia",
    "died in Mindelo"), unless the verb governs "in" ("intervened in Mali": ``in_object_verbs.txt``). Not a
    thing ("was killed in a feud", "resulted in deaths"): what the "in" says there is the fact itself."""
    return place is not None and place.type in ("Location", "Country") and prep.lower_ in _LOCATIVE_PREPS \
        and lemma not in word_list("in_object_verbs.txt")
