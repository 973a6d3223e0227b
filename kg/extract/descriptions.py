"""Unnamed descriptions of people ("the actress", "a man", "pirates") and whom they refer to.

Why its own module: deciding whether "the actress" is the Tara Reid named
two sentences earlier, someone new, or the one person a lede names later is
the part of entity resolution that most needs tuning for precision, and it
reads like a list of rules a reader follows. Kept apart from the clustering
of names (:mod:`kg.extract.entities`), it is the mixin
:class:`DescriptionRules` that :class:`~kg.extract.entities.DocumentEntities`
uses, plus the small tests of a noun or token the name rules share.
"""
from __future__ import annotations

import bisect
from collections import Counter
from typing import TYPE_CHECKING

from .clusters import Cluster, NameMention
from .wordlists import (actor_nouns, anaphoric_heads, light_verbs, new_referent_modifiers, person_nouns, reporting_verbs,
                        speech_verbs)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["DescriptionRules", "is_subject", "people_noun", "descriptor_nouns", "capitalised_person_noun",
           "listed_appositions"]

#: Endings of plural nouns that name people by what they do ("fishermen", "traders"): English
#: morphology, a closed set the rule is written against, not a word list to extend.
_PEOPLE_SUFFIXES = ("men", "ers", "ists", "ians", "ants", "ents", "ees", "ors", "iers")


def is_subject(tok: "Token") -> bool:
    """A subject, or a conjunct of one ("Sequeira and Serpa met")."""
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass")


def people_noun(head: "Token") -> bool:
    """A plural noun that names people by what they do ("fishermen", "traders", "activists")."""
    return head.tag_ == "NNS" and head.lower_.endswith(_PEOPLE_SUFFIXES)


def descriptor_nouns(ent: "Span") -> set[str]:
    """Person nouns right before a name ("party girl Tara Reid", "actress Reid"): what the text calls them."""
    nouns = person_nouns()
    out = set()
    for tok in ent.root.children:
        if tok.i < ent.start and tok.dep_ in ("compound", "amod", "nmod") and tok.pos_ == "NOUN":
            if tok.lower_ in nouns or tok.lemma_.lower() in nouns or people_noun(tok):
                out.add(tok.lemma_.lower())
    return out


def listed_appositions(name: "Token") -> list["Token"]:
    """The descriptions the parser read as conjuncts of a subject name, when they are appositions.

    Agreement decides: "Rocha, champion, actress and icon, has died" has
    a singular verb, so the list describes one person; "Rocha, Lopes and
    Tavares have left" are three. Only bare singular common nouns count
    (no determiner: "Rocha and a friend" are two).
    """
    if name.pos_ != "PROPN" or name.dep_ not in ("nsubj", "nsubjpass") or name.i + 1 >= len(name.doc) \
            or name.doc[name.i + 1].text != ",":
        return []
    listed = [c for c in name.conjuncts if c.i > name.i]
    if not listed or any(c.tag_ != "NN" or any(d.dep_ in ("det", "poss") for d in c.children) for c in listed):
        return []
    verb = name.head
    finite = [verb, *[c for c in verb.children if c.dep_ in ("aux", "auxpass")]]
    if not any(t.tag_ == "VBZ" or t.lower_ == "was" for t in finite):
        return []
    return listed


def capitalised_person_noun(tok: "Token") -> bool:
    """A headline's "Man charged ...", "Fire: Man denies arson", "SON HELD": a person noun in capitals, not a name."""
    info = person_nouns().get(tok.lower_)
    # singular only: "People" and "Hackers" are as often a magazine or a film as a headline's group
    starts = tok.is_sent_start or (tok.i > 0 and tok.doc[tok.i - 1].text in (":", "-", "–", "—"))
    return info is not None and not info.plural and (starts or tok.is_upper) and tok.ent_iob_ != "I"


def _role(tok: "Token") -> "tuple[Token, str] | None":
    """(verb, "agent" or "patient") for a subject or object noun; conjuncts take their head's part."""
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
    if tok.dep_ == "nsubj" and tok.head.pos_ == "VERB":
        return tok.head, "agent"
    if tok.dep_ in ("nsubjpass", "dobj") and tok.head.pos_ == "VERB":
        return tok.head, "patient"
    return None


def _marked_new(tok: "Token") -> bool:
    """A word before the noun says it is someone new ("another man", "a second suspect", "other officers")."""
    return any(c.lower_ in new_referent_modifiers() for c in tok.subtree if c.i < tok.i)


def _aged(tok: "Token") -> bool:
    """ "The 10-year-old was shot": an age standing for a person, as news writes it."""
    return (tok.lower_ == "old" and tok.pos_ in ("ADJ", "NOUN") and is_subject(tok)
            and any(c.lower_ in ("year", "years") for c in tok.children))


def _apposed_name(tok: "Token", token_cluster: dict) -> "Cluster | None":
    """The name a description stands in apposition to, also down a list of them.

    "Esther Rocha, swimmer, actress and icon": each of the three is an
    apposition of the name (the parser hangs the later ones on the first as
    conjuncts).
    """
    start = tok.i
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
        if tok.i in token_cluster and any(c.i == start for c in listed_appositions(tok)):
            return token_cluster[tok.i]  # "Rocha, champion, actress and icon, has died"
    if tok.dep_ == "appos" and tok.head.i in token_cluster:
        return token_cluster[tok.head.i]
    return None


def _joined(tokens: list["Token"]) -> str:
    """The tokens' text as written, with a space wherever a left-out token stood ("swimmer actress")."""
    out = ""
    for prev, t in zip([None, *tokens], tokens):
        if prev is not None and t.i != prev.i + 1 and not out.endswith(" "):
            out += " "
        out += t.text_with_ws
    return out.strip(" ,")


def _set_off(tok: "Token") -> bool:
    """True if a modifier follows a comma ("the actress, who shot to fame"): it adds, it does not pick out."""
    edge = tok.left_edge.i
    return edge > 0 and tok.doc[edge - 1].text == ","


class DescriptionRules:
    """Registers people nouns as mentions and finds the named person a description stands for.

    A mixin: :class:`~kg.extract.entities.DocumentEntities` provides the
    state below (built from the names) and ``_resolve_cluster``; these
    rules fill ``_description_at`` and the clusters' ``role`` and ``nouns``.
    """

    doc: "Doc"
    doc_id: str
    _mentions: list[NameMention]
    _clusters: dict[str, Cluster]
    _token_cluster: dict[int, Cluster]
    _descriptions: dict[tuple[str, str], Cluster]
    _description_at: dict[int, Cluster]
    _sent_starts: list[int]
    _people_roles: "dict[tuple[str, str], list[tuple[Cluster, Token]]] | None"  # see _people_by_role

    def _describe_people(self) -> None:
        """Register every people noun ("the actress", "a man", "pirates") as a mention.

        An appositive description takes its name's entity ("Lobato, the
        actress"); a bare definite singular one ("the actress") takes the one
        named person of compatible gender mentioned in the last few sentences;
        anything else is an unnamed description of this document only.
        """
        nouns, actors = person_nouns(), actor_nouns()
        first_seen: dict[int, int] = {}
        for m in self._mentions:
            first_seen.setdefault(id(m.cluster), m.start)
        for tok in self.doc:
            if tok.i in self._token_cluster or tok.dep_ == "compound":
                continue
            if tok.pos_ != "NOUN" and not _aged(tok):
                continue
            named_by_apposition = _apposed_name(tok, self._token_cluster)
            if named_by_apposition is not None:  # "Esther Rocha, swimmer and icon": whatever the noun
                self._description_at[tok.i] = named_by_apposition
                named_by_apposition.nouns.add(tok.lemma_.lower())
                continue
            info = nouns.get(tok.lower_)
            type_ = actors.get(tok.lower_) or actors.get(tok.lemma_.lower())
            if info is None and type_ is None and not people_noun(tok) and not _aged(tok):
                if tok.lemma_.lower() in anaphoric_heads():  # "the software giant": an anchor for "it" too
                    owner = self._resolve_cluster(tok, None)
                    if owner is not None:
                        self._description_at[tok.i] = owner
                continue
            owner = self._resolve_cluster(tok, None)
            if owner is not None:  # "the Indian navy" acts for India: "it" then refers to India too
                self._description_at[tok.i] = owner
                continue
            appos_name = next((c for c in tok.children if c.dep_ == "appos" and c.i in self._token_cluster), None)
            if appos_name is not None:
                self._description_at[tok.i] = self._token_cluster[appos_name.i]
                continue
            plural = info.plural if info is not None else tok.tag_ == "NNS"
            gender = info.gender if info is not None else None
            if type_ is None:
                type_ = "Group" if plural else "Person"
            named = None
            if not plural and type_ == "Person":
                named = (self._named_antecedent(tok, gender) or self._called_person(tok, gender, first_seen)
                         or self._named_later(tok, gender) or self._same_role_person(tok, gender))
            if named is not None:
                self._description_at[tok.i] = named
                named.nouns.add(tok.lemma_.lower())
                continue
            label = tok.lemma_.lower()  # as kg.extract.entities._common labels the noun: one id per description
            key = (type_, label)
            cluster = self._descriptions.get(key)
            if cluster is None:
                cluster = self._descriptions[key] = Cluster(label, type_, None, gender=gender,
                                                             plural=plural, scope=self.doc_id)
            self._description_at[tok.i] = cluster

    def _roles_from_appositions(self) -> None:
        """"Daniel Noboa, Ecuador's president": the description is the actor's role, not an "is" event."""
        for tok in self.doc:
            if tok.dep_ != "appos":
                continue
            pairs = ((tok.head, tok), (tok, tok.head))
            for name, desc in pairs:
                cluster = self._token_cluster.get(name.i)
                if cluster is None or desc.i in self._token_cluster or desc.pos_ != "NOUN":
                    continue
                cluster.nouns.add(desc.lemma_.lower())
                if cluster.role is None and cluster.type in ("Person", "Organization", "Group"):
                    words = [t for t in desc.subtree if t is desc or (
                        t.dep_ not in ("relcl", "appos", "acl") and t.head.dep_ not in ("relcl", "acl")
                        and not (t.dep_ == "punct" and t.text not in ",-/&")
                        and not (t.dep_ == "det" and t.i == desc.left_edge.i))]
                    text = _joined(words[:12])
                    cluster.role = text or None
                break

    def _named_antecedent(self, tok: "Token", gender: str | None) -> Cluster | None:
        """The named person a definite "the actress" refers back to, if the text leaves one.

        In order: the one person the text has already called by this noun
        ("actress Tara Reid ... the actress"); the one compatible person named
        in the last three sentences; the one compatible person named so far in
        the document; when no one is named lately, the document's dominant
        person. A description with its
        own complement ("the president of Armenia", "the man who ...") or a
        word marking someone new ("the other man") introduces someone instead.
        """
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
            return None
        if _marked_new(tok) or any(
                c.dep_ in ("poss", "nummod") or (c.dep_ in ("prep", "relcl", "acl") and not _set_off(c))
                for c in tok.children):
            return None  # "the president of Armenia", "the man who ...", "the other man": someone new
        here = bisect.bisect_right(self._sent_starts, tok.i) - 1
        first = self._sent_starts[max(0, here - 2)]
        noun = tok.lemma_.lower()
        recent: dict[int, Cluster] = {}
        seen: dict[int, Cluster] = {}
        called: dict[int, Cluster] = {}
        counts: Counter = Counter()
        for m in self._mentions:
            if m.start >= tok.i:
                break
            c = m.cluster
            if c.type == "Person" and not (gender and c.gender and c.gender != gender):
                counts[id(c)] += 1
                seen[id(c)] = c
                if noun in c.nouns or tok.lower_ in c.nouns:
                    called[id(c)] = c
                if m.start >= first:
                    recent[id(c)] = c
        for group in (called, recent, seen):
            if len(group) == 1:
                return next(iter(group.values()))
            if group is called and group:
                return None  # two people called "the actress": not sure which
            if gender and group:  # "the actress" after Marta Lobato, Pedro Varela and Sousa: the one known woman
                agreeing = [c for c in group.values() if c.gender == gender]
                if len(agreeing) == 1:
                    return agreeing[0]
                break  # the nearest candidates disagree or are unknown: an older name would be a guess
        if not recent and counts:  # no one named lately: the document's main person, if it has one
            (top, n), *rest = counts.most_common(2) + [(None, 0)]
            if n >= 2 and n >= 2 * rest[0][1]:
                return seen[top]
        return None

    def _called_person(self, tok: "Token", gender: str | None, first_seen: dict[int, int]) -> Cluster | None:
        """The one person of the document the text calls by this noun ("Deputy Jerry Ortiz" for "the deputy").

        A definite description may come before or after the name; an
        indefinite one ("A deputy was shot ...") only before it, as in a lede
        that names the person later: after the name, "a deputy" is someone else.
        """
        det = next((c.lower_ for c in tok.children if c.dep_ == "det"), None)
        if det not in ("the", "this", "that", "a", "an"):
            return None
        if _marked_new(tok):
            return None
        noun = tok.lemma_.lower()
        called = {id(c): c for c in self._clusters.values()
                  if c.type == "Person" and noun in c.nouns and not (gender and c.gender and c.gender != gender)}
        if len(called) != 1:
            return None
        cluster = next(iter(called.values()))
        if det in ("a", "an") and first_seen.get(id(cluster), -1) < tok.i:
            return None
        return cluster

    def _same_role_person(self, tok: "Token", gender: str | None) -> Cluster | None:
        """The one named person the document gives the same part in the same event as this description.

        "Man charged with arson after supermarket fire" (a headline) and,
        further down, "Rui Tavares, 24, was charged with arson": the
        description is the agent, or the patient, of a verb whose agent (or
        patient) the text names elsewhere. Only when exactly one person of
        compatible gender plays that part anywhere in the document, and the
        description is not marked as someone new ("another man").
        """
        role = _role(tok)
        if role is None or _marked_new(tok) or any(c.dep_ == "poss" for c in tok.children):
            return None
        verb, part = role
        lemma = verb.lemma_.lower()
        if lemma in speech_verbs() or lemma in reporting_verbs() or lemma in light_verbs() or lemma in ("be", "have"):
            return None  # "a spokesman said", "Rui Lopes said": saying is what everyone in a story does
        found: dict[int, Cluster] = {}
        for c, other in self._people_by_role().get((verb.lemma_, part), ()):
            if (gender and c.gender and c.gender != gender) or other.i == verb.i:
                continue
            if any(a.lower_ in ("also", "too", "another") for a in (*verb.children, *other.children)):
                return None  # "Police also arrested Rui Tavares": a second person in the same event
            found[id(c)] = c
        return next(iter(found.values())) if len(found) == 1 else None

    def _people_by_role(self) -> dict[tuple[str, str], list[tuple[Cluster, "Token"]]]:
        """Named people by (verb lemma, part) they play, in text order: read once per document, not per description."""
        index = self._people_roles
        if index is None:
            index = {}
            for m in self._mentions:
                if m.cluster.type != "Person":
                    continue
                role = _role(self.doc[m.start:m.end].root)
                if role is not None:
                    index.setdefault((role[0].lemma_, role[1]), []).append((m.cluster, role[0]))
            self._people_roles = index
        return index

    def _named_later(self, tok: "Token", gender: str | None) -> Cluster | None:
        """The person a lede's description names in the next sentences ("A nurse rescued ... Rui Tavares, 52, ...").

        Only when nothing else could be meant: the description is a subject,
        no person is named before it, the first person named after it is
        named within the next two sentences as a subject (or with an age in
        apposition), and no other single person noun stands in the lede
        sentence ("A driver hit a woman ...": the name may be either's).
        """
        det = next((c.lower_ for c in tok.children if c.dep_ == "det"), None)
        if det not in ("the", "a", "an") or not is_subject(tok):
            return None
        if _marked_new(tok) or any(c.dep_ == "poss" for c in tok.children):
            return None
        if any(m.start < tok.i and m.cluster.type == "Person" for m in self._mentions):
            return None  # someone is already named: the description may be them or another
        here = bisect.bisect_right(self._sent_starts, tok.i) - 1
        lo = self._sent_starts[here + 1] if here + 1 < len(self._sent_starts) else len(self.doc)
        hi = self._sent_starts[here + 3] if here + 3 < len(self._sent_starts) else len(self.doc)
        later = next((m for m in self._mentions if m.start > tok.i and m.cluster.type == "Person"), None)
        if later is None or not lo <= later.start < hi:
            return None
        c = later.cluster
        if gender and c.gender and c.gender != gender:
            return None
        nouns = person_nouns()
        for other in tok.sent:  # "A driver hit a woman ...": the name that follows may be either
            info = nouns.get(other.lower_)
            if other.i != tok.i and other.pos_ == "NOUN" and info is not None and not info.plural \
                    and other.head.i != tok.i:
                return None
        root = self.doc[later.start:later.end].root
        if not (is_subject(root) or any(ch.dep_ == "appos" and ch.like_num for ch in root.children)):
            return None
        return c
