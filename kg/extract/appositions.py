"""Whether a noun set beside another renames it or lists the next item.

Why its own module: the parser labels "Noboa, Ecuador's president", "two
counts of fraud, one count of bribery", "Sat Nov 12, 01:19 hrs" and "the
captain, not the officers," alike as appositions; the identity facts, the
entity rules and the argument lists (:mod:`kg.extract.facts`,
:mod:`kg.extract.entities`, :mod:`kg.extract.arguments`) must tell them
apart the same way.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

__all__ = ["amount_range", "apposed_name", "apposition", "bracketed_acronym", "joined_words", "list_item",
           "listed_appositions", "renaming_turn"]


def listed_appositions(name: "Token") -> list["Token"]:
    """The descriptions the parser read as conjuncts of a subject name, when they are appositions.

    Agreement decides: "Rocha, champion, actress and icon, has died" has
    a singular verb, so the list describes one person; "Rocha, Lopes and
    Tavares have left" are three. Only bare singular common nouns count
    (no determiner: "Rocha and a friend" are two). A plural subject's list of
    counted items closed by a comma is its breakdown (:func:`_counted_breakdown`).
    """
    if name.dep_ not in ("nsubj", "nsubjpass") or name.i + 1 >= len(name.doc) or name.doc[name.i + 1].text != ",":
        return []
    if name.tag_ == "NNS":
        return _counted_breakdown(name)
    if name.pos_ != "PROPN":
        return []
    listed = [c for c in name.conjuncts if c.i > name.i]
    if not listed or any(c.tag_ != "NN" or any(d.dep_ in ("det", "poss") for d in c.children) for c in listed):
        return []
    verb = name.head
    finite = [verb, *[c for c in verb.children if c.dep_ in ("aux", "auxpass")]]
    if not any(t.tag_ == "VBZ" or t.lower_ == "was" for t in finite):
        return []
    return listed


def _counted_breakdown(noun: "Token") -> list["Token"]:
    """The counted items of a plural subject set off by commas, which say who its people are: "The hostages,
    four South Africans and two Britons, were freed" is one group, not three subjects."""
    listed = [c for c in noun.conjuncts if c.i > noun.i]
    doc = noun.doc
    end = max((c.right_edge.i for c in listed), default=-1)
    if not listed or end + 1 >= len(doc) or doc[end + 1].text != "," or not all(
            any(d.dep_ == "nummod" for d in c.children) for c in listed):
        return []
    return listed


def apposition(tok: "Token") -> bool:
    """True for a noun in apposition to its head ("Daniel Noboa, Ecuador's president").

    Not across a colon: "New Zealand: British climber killed in fall" is a
    headline's place and its story, which the parser reads as an apposition;
    nor after "not": "the captain, not the officers," sets two apart; nor in
    a list the parser read as one (:func:`list_item`); nor a date or time
    ("Sat Nov 12, 01:19 hrs"; an age stays: "Rui Tavares, 52,"); nor an
    acronym in brackets; nor a noun the parser hung on a name across words
    that belong to neither ("Varela, 41, was found guilty of killing a
    judge, a clerk": the clerk is a victim, not Varela); nor a common noun
    after another with no comma, dash, bracket or verb between ("pin up star");
    nor a counted breakdown of a plural ("the hostages, four Senegalese and two Britons,").
    """
    if tok.dep_ != "appos" or list_item(tok) or _time_apposition(tok) or (
            bracketed_acronym(tok) and tok.head.ent_type_ != "PERSON"):  # "Rui Lopes (PAICV)": his party stays
        return False
    if tok.head.tag_ == "NNS" and any(c.dep_ == "nummod" for c in tok.children):
        return False  # "the hostages, four Senegalese and two Britons,": who they are, counted, not their name
    lo, hi = sorted((tok.i, tok.head.i))
    between = tok.doc[lo + 1:hi]
    if any(not (tok.head.is_ancestor(t) or tok.is_ancestor(t)) for t in between):
        return False  # "Varela, 41, was found guilty of killing a judge, a clerk": the clerk is the next victim
    if tok.pos_ == tok.head.pos_ == "NOUN" and not (tok.ent_type_ or tok.head.ent_type_) \
            and not any(t.is_punct or t.pos_ == "VERB" for t in between):
        return False  # "famous pin up star": one phrase ("champion turned actress" stays two)
    return not any(t.text == ":" or t.dep_ == "neg" for t in between)


def joined_words(tokens: list["Token"]) -> str:
    """The tokens' text as written, with a space wherever a left-out token stood: an apposition's words without
    its clauses ("swimmer actress")."""
    out = ""
    for prev, t in zip([None, *tokens], tokens):
        if prev is not None and t.i != prev.i + 1 and not out.endswith(" "):
            out += " "
        out += t.text_with_ws
    return out.strip(" ,")


def bracketed_acronym(tok: "Token") -> bool:
    """"... the Independence of Cape Verde (PAICV)": an acronym in brackets, of the whole name before it, not
    another name for the word the parser hung it on (kg.extract.name_mentions makes it the organisation's)."""
    doc = tok.doc
    return (tok.is_upper and tok.is_alpha and 0 < tok.i < len(doc) - 1 and doc[tok.i - 1].text == "("
            and doc[tok.i + 1].text == ")")


def _time_apposition(tok: "Token") -> bool:
    """A dateline's time or a span of time set beside a noun, which names nothing (an age, a bare number, does)."""
    if tok.head.ent_type_ in ("DATE", "TIME") or tok.ent_type_ == "TIME":
        return True
    return tok.ent_type_ == "DATE" and not tok.like_num


#: Entity labels of an amount: "between $40 and $50 million" is one range, not two objects.
_AMOUNTS = frozenset({"MONEY", "QUANTITY", "PERCENT", "CARDINAL", "DATE", "TIME"})


def amount_range(tok: "Token") -> bool:
    """True for the first bound of a range of amounts after "between" ("between $40 and $50 million",
    "between 2 and 4 pm"): the list is one argument, where "between the army and the rebels" names two."""
    if tok.dep_ != "pobj" or tok.ent_type_ not in _AMOUNTS:
        return False
    children = list(tok.children)
    between = tok.head.lower_ == "between" or any(c.lower_ == "between" for c in children)  # "of between $4 and"
    return between and any(c.dep_ == "conj" for c in children)


def list_item(tok: "Token") -> bool:
    """True for the next item of a list that the parser read as an apposition: "two counts of fraud, one
    count of bribery and forgery" (the same noun, or a number before each; or a noun with a name of
    its own before "and"; or indefinite nouns in a series: "a school, a clinic and a police station"),
    not another name for it."""
    head = tok.head
    if tok.dep_ != "appos" or tok.i < head.i or tok.ent_type_ in ("DATE", "TIME"):
        return False  # "two sons, ages 6 and 16", "six women, a little more than four hours": not items
    counted = all(any(c.dep_ == "nummod" and c.i < t.i for c in t.children) for t in (tok, head))
    return counted or (tok.pos_ == head.pos_ == "NOUN" and tok.lemma_ == head.lemma_) or _named_item(tok) \
        or _indefinite_series(tok)


def _indefinite(tok: "Token") -> bool:
    """A common noun introduced by "a"/"an", its own or its possessor's ("a clinic", "a sheriff's deputy")."""
    owners = [tok, *(c for c in tok.children if c.dep_ == "poss")]
    return tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for o in owners for c in o.children)


def _indefinite_series(tok: "Token") -> bool:
    """"attacked a school, a clinic and a police station": one indefinite noun after another, then "and" one more.

    Two indefinite nouns side by side introduce two things; with a
    determined conjunct after them (or after a further such apposition:
    "a judge, a clerk, a deputy and an agent") the parser's apposition is a list.
    "A man, a fisherman and father of three," stays an apposition: its
    last item has no determiner of its own.
    """
    return _indefinite(tok) and _indefinite(tok.head) and any(
        (c.dep_ == "conj" and any(d.dep_ in ("det", "poss", "nummod") for d in c.children))
        or (c.dep_ == "appos" and c.i > tok.i and _indefinite_series(c)) for c in tok.children)


def _named_item(tok: "Token") -> bool:
    """"Ana Reis, her husband Rui and their sons": a noun with its own name, then "and": the next of a list."""
    named = [c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    return tok.pos_ == "NOUN" and bool(named) and any(
        d.dep_ in ("cc", "conj") for t in (tok, *named) for d in t.children)


def apposed_name(tok: "Token", token_cluster: dict) -> Any:
    """The cluster (from ``token_cluster``) of the name a description stands in apposition to, also down a list.

    "Esther Rocha, swimmer, actress and icon": each of the three is an
    apposition of the name (the parser hangs the later ones on the first as
    conjuncts); so is each of "the actress and swimmer, Esther Rocha," (one
    determiner, one person) and the "actress" of "Esther Rocha, the
    champion turned actress" (an apposition of an apposition).
    """
    start = tok
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
        if tok.i in token_cluster and any(c.i == start.i for c in listed_appositions(tok)):
            return token_cluster[tok.i]  # "Rocha, champion, actress and icon, has died"
        if _one_determiner(tok, start):  # "the actress and record swimmer, Esther Rocha,": one person
            named = next((c for c in tok.children if c.i > start.i and apposition(c) and c.i in token_cluster), None)
            if named is not None:
                return token_cluster[named.i]
    if apposition(tok) and tok.head.i in token_cluster:
        return token_cluster[tok.head.i]
    named = _conjunct_read_for_apposition(tok)
    if named is not None and named.i in token_cluster:  # "former trustee, Regina Benjamin, M.D.,"
        return token_cluster[named.i]
    named = _turned_from(tok)
    if named is not None and named.i in token_cluster:
        return token_cluster[named.i]
    # "Rocha, the swimming champion turned actress": the actress renames the champion, with no comma
    # between them (after one, "a judge, a court reporter, a deputy" is a list the parser misread)
    head = tok.head
    if apposition(tok) and apposition(head) and head.head.i in token_cluster and not any(
            t.is_punct for t in tok.doc[head.i + 1:tok.i]):
        return token_cluster[head.head.i]
    return None


def _turned_from(tok: "Token") -> "Token | None":
    """The name a noun of an "X turned Y" phrase describes (see :func:`renaming_turn`), else None."""
    verb = tok.head
    if tok.tag_ != "NN" or tok.dep_ not in ("nsubj", "dobj", "oprd", "attr") or not renaming_turn(verb):
        return None
    host = verb.head
    return host if host.pos_ == "PROPN" else host.head


def renaming_turn(verb: "Token") -> bool:
    """True for the "turned" of "X turned Y" said of a name: what the person was and became, no event.

    "Esther Rocha, the swimming champion turned actress," and "Rui Lopes,
    a lawyer turned politician," rename the person; the parser often hangs
    "turned" on the name as a relative clause with the champion as its
    subject and the actress as its object, or on the first noun (an
    apposition) with the second as its predicate. A real relative clause
    has a relative pronoun ("Rocha, who turned 80") or a subject that is
    no bare common noun ("whose luck turned sour"), and only a singular
    common noun after "turned" can be what the person became.
    """
    if verb.lemma_ != "turn" or verb.tag_ not in ("VBD", "VBN") or verb.dep_ not in ("relcl", "acl", "amod"):
        return False
    if any(c.tag_ in ("WP", "WDT", "PRP") for c in verb.children):
        return False  # "Rocha, who turned 80", "the offer that she turned down"
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and (subject.tag_ != "NN" or any(c.dep_ == "poss" for c in subject.children)):
        return False
    if not any(c.dep_ in ("dobj", "oprd", "attr") and c.tag_ == "NN" for c in verb.children):
        return False
    host = verb.head
    if verb.dep_ == "relcl":
        return host.pos_ == "PROPN"  # "Rocha, the swimming champion turned actress": both nouns in the misread clause
    return host.tag_ == "NN" and apposition(host) and host.head.pos_ == "PROPN"  # "Lopes, a lawyer turned politician"


def _conjunct_read_for_apposition(noun: "Token") -> "Token | None":
    """The name the parser made a singular noun's conjunct with only a comma between and no "and" anywhere:
    "congratulates former trustee, Regina Benjamin, on ..." is an apposition, not two people."""
    if noun.tag_ != "NN":
        return None
    name = next((c for c in noun.children if c.dep_ == "conj" and c.ent_type_ == "PERSON"), None)
    if name is None or any(t.dep_ in ("cc", "preconj") for t in (*noun.children, *name.children)):
        return None
    between = noun.doc[noun.i + 1:name.left_edge.i]
    return name if len(between) == 1 and between[0].text == "," else None


def _one_determiner(first: "Token", other: "Token") -> bool:
    """True when two coordinated singular nouns share the first one's determiner: one referent.

    "the actress and swimmer" is one person; "the actress and the swimmer",
    "the actress and her husband", "actresses and swimmers" are more.
    """
    return (first.tag_ == other.tag_ == "NN" and other.dep_ == "conj" and other.head.i == first.i
            and any(c.dep_ in ("det", "poss") for c in first.children)
            and not any(c.dep_ in ("det", "poss", "nummod") for c in other.children))
