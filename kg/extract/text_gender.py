"""What a document's own pronouns say of a named person's gender, to overrule a guess from the given name.

Why its own module: kg guesses a person's gender from the given name
(``kg/data/words/first_names.csv``) so that "she" can find "Ana Reis"; but a
name list is a guess, and weakest for the names news from elsewhere brings
("Andrea", "Jean", "Marion" are men's names in one country and women's
in another). The document itself usually settles it: "Andrea Neves was
leaving her car when she was hit". A wrong guess does double harm: "she" skips the
person she is, and a lede's "a woman" cannot be her. This module reads what
the text states (a gendered noun on the name: "Andrea Neves, a
grandmother") and, failing that, the pronouns in the places where they can
hardly be anyone else, before any pronoun is resolved (so the guess cannot
bias its own evidence).
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Iterable

from .clusters import Cluster, NameMention
from .coref import PRONOUNS
from .quotes import quoted
from .identity_cues import titled
from .wordlists import person_nouns, saying_verbs

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["genders_said", "overrule_name_guesses"]

_GENDERED = frozenset(w for w, info in PRONOUNS.items() if info.gender)
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
#: A pronoun in one of these places is the subject or the owner in its clause, never its object:
#: an object pronoun ("Lopes hit her") is by grammar someone other than the clause's subject.
_PLACES = frozenset({"nsubj", "nsubjpass", "poss"})


def _in_clause_of(tok: "Token", subject: "Token") -> bool:
    """True if ``tok`` stands in the clause of which ``subject`` is the subject, no other subject between.

    "Rui Lopes was walking home when she was hit": yes; "... when Ana Reis
    struck Lopes with her car": no, "her" is in Ana Reis's clause.
    """
    verb = subject.head
    cur = tok
    for _ in range(12):
        if cur.i == verb.i:
            return True
        if cur.head.i == cur.i:
            return False
        cur = cur.head
        other = next((c for c in cur.children if c.dep_ in _SUBJECTS and c.i != tok.i), None)
        if other is not None and other.i != subject.i and other.pos_ != "PRON":
            return False
    return False


def genders_said(doc: "Doc", mentions: Iterable[NameMention]) -> dict[int, Counter]:
    """For each named person (by ``id`` of the cluster), how often each gender's pronoun is sure to be them.

    A gendered pronoun counts for a person when it follows the person's name
    in the same sentence, outside quotation marks, as a subject or an owner
    ("... was leaving her car when she was hit"), the sentence names no other
    person, and no other noun in it could be a person of that gender ("a
    driver", "his mother").
    """
    people_at: dict[int, dict[int, tuple[Cluster, NameMention | None]]] = {}
    for m in mentions:
        if m.cluster.type == "Person" and m.cluster.scope is None:
            sent = doc[m.start].sent.start
            # a bare surname may be another of the family ("Reis" for the son, after his mother Ana Reis)
            given = m.cluster.label.split()[0] in {t.text for t in doc[m.start:m.end - 1]}
            people_at.setdefault(sent, {}).setdefault(id(m.cluster), (m.cluster, m if given else None))
    nouns = person_nouns()
    saying = saying_verbs()
    votes: dict[int, Counter] = {}
    for sent_start, people in people_at.items():
        if len(people) != 1:
            continue
        (cluster, first), = people.values()
        if first is None:
            continue
        sent: "Span" = doc[sent_start].sent
        name = range(first.start, first.end)
        others = [nouns[t.lower_].gender for t in sent
                  if t.pos_ == "NOUN" and t.lower_ in nouns and not nouns[t.lower_].plural
                  and t.i not in name and not (t.dep_ == "appos" and t.head.i in name)
                  and not (t.head.i in name and t.dep_ == "compound")]
        root = doc[first.start:first.end].root
        if root.dep_ == "appos":
            root = root.head
        if root.dep_ not in _SUBJECTS:
            continue  # "with her agent Rui Lopes, I wrote her story": the sentence is not about him
        if root.head.lemma_.lower() in saying:
            continue  # "Commissioner Rui Lopes says she was escorted out": whom he speaks of
        if any(t.i < first.start and t.lower_ in _GENDERED and t.pos_ == "PRON" for t in sent):
            continue  # "In 1990 she married Rui Lopes, her first husband": the sentence is someone else's
        for tok in sent:
            info = PRONOUNS.get(tok.lower_)
            if tok.i < first.end or info is None or tok.pos_ != "PRON" or info.gender is None:
                continue
            if tok.dep_ not in _PLACES or quoted(tok) or any(g in (None, info.gender) for g in others):
                continue
            if not _in_clause_of(tok, root):
                continue  # "Ana Reis lived there, he said": the one who says it is someone else
            votes.setdefault(id(cluster), Counter())[info.gender] += 1
    return votes


def overrule_name_guesses(doc: "Doc", mentions: list[NameMention]) -> None:
    """Give each named person the gender the document states, over a guess from the given name.

    In order: a gendered title ("Mrs Reis") is never overruled; a gendered
    noun the text puts on the name ("Andrea Neves, a grandmother", "actress
    Andrea Neves") sets it; otherwise the document's pronouns do, where
    they all agree (:func:`genders_said`). Run after appositions are read.
    """
    nouns = person_nouns()
    said = genders_said(doc, mentions)
    for cluster in {id(m.cluster): m.cluster for m in mentions}.values():
        if cluster.type != "Person" or titled(cluster):
            continue
        stated = {nouns[n].gender for n in cluster.nouns if n in nouns and nouns[n].gender}
        votes = said.get(id(cluster), {})
        if len(stated) == 1:
            cluster.gender = next(iter(stated))
        elif not stated and len(votes) == 1:  # "he" and "she" both: the evidence is mixed, keep what there was
            cluster.gender = next(iter(votes))
