"""Which named actor a described one refers back to: "the company", "the US software giant", "the group".

Why its own module: a definite description of an institution is how news
varies a name ("Tecnicil ... the shipping giant ... the company"), and
deciding when it refers back (the one actor of its type named lately, the
subject the text was talking about, the organisation the document is
about) and when it introduces someone new ("the other company", "the
president of Armenia") is a set of salience rules of its own. It is the
mixin :class:`AntecedentRules` that :class:`~kg.extract.entities.DocumentEntities`
uses; people nouns ("the actress") are :mod:`kg.extract.descriptions`'.
"""
from __future__ import annotations

import bisect
from collections import Counter
from typing import TYPE_CHECKING, Callable

from .clusters import Cluster, NameMention
from .countries import country_code, demonym_code
from .names import clean_name
from .short_names import team_name
from .non_actor_mentions import page_furniture
from .noun_phrases import clause_subjects_of, description_label, is_subject
from .wordlists import (actor_nouns, anaphoric_heads, new_referent_modifiers, organisation_kinds, person_nouns,
                        word_list)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["AntecedentRules"]


class AntecedentRules:
    """Finds the named actor a definite description of an institution or a country stands for.

    A mixin: :class:`~kg.extract.entities.DocumentEntities` provides the
    document, its name mentions in text order and its sentence starts.
    """

    doc: "Doc"
    _mentions: list[NameMention]
    _sent_starts: list[int]
    _set_apart: dict[int, str]  # "X criticised the group": description labels told apart from X
    _gazetteer: dict  # lower-case known name -> its gazetteer entry
    cluster_at: "Callable[[int], Cluster | None]"  # the cluster of a name's token
    _cluster: "Callable[[str, str, str | None], Cluster]"  # the document's cluster of a name, made if new
    _modifier_cluster: "Callable[[Token], Cluster | None]"  # the actor a modifier names ("Trump's", "his")

    def _describing_country(self, head: "Token", types: frozenset[str]) -> str | None | bool:
        """What the modifiers of a definite description say, or False when they pick out someone new.

        Only a bare description refers back to a person or country ("the
        president of Armenia" introduces someone). An organisation's is often
        described on the way ("the software giant", "the US software giant"):
        common-noun and adjective modifiers describe it, a country modifier
        narrows it to that country's (its code is returned), while a
        possessive, a complement, another name or "other"/"new" make it
        someone else.
        """
        country: str | None = None
        for c in head.children:
            if c.dep_ not in ("amod", "compound", "poss", "prep", "appos", "acl", "relcl", "nmod", "nummod"):
                continue
            if not types <= {"Organization", "Group"} or c.dep_ not in ("amod", "compound"):
                return False
            if c.i > head.i or any(d.dep_ in ("prep", "advcl", "xcomp", "ccomp") for d in c.children):
                return False  # "held the militia responsible for ...": a modifier with its own complement
            if any(t.lower_ in new_referent_modifiers() for t in c.subtree):
                return False
            if c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "GPE"):
                words = " ".join(t.text for t in c.subtree)  # "Cape Verdean"
                code = demonym_code(words) or country_code(words)
                if not code:
                    return False
                country = code
        return country

    def _described_antecedent(self, head: "Token", lemma: str) -> Cluster | None:
        """The named actor "the group", "the country" or "the US software giant" (``lemma``: its head noun,
        one of ``anaphoric_heads.csv``) refers back to, unless the sentence sets that actor apart."""
        types = anaphoric_heads()[lemma]
        country = self._describing_country(head, types)
        label = description_label(head)
        if any(i < head.i and seen == label for i, seen in self._set_apart.items()):
            return None  # "X criticised the group. The group had ...": that other group again, not X
        found = self._antecedent(head, types, noun=lemma, country=country) if country is not False else None
        subjects = frozenset(id(c) for t in clause_subjects_of(head) if (c := self.cluster_at(t.i)) is not None)
        if found is None and subjects and country is not False:
            # "the United States said it was sending troops to the country": the one other country named lately
            found = self._antecedent(head, types, noun=lemma, country=country, exclude=subjects)
        if found is not None and id(found) in subjects:
            self._set_apart[head.i] = label  # "X did not identify the group": not X itself
        elif found is not None and types == {"Person"} and lemma not in found.nouns \
                and lemma not in (found.role or "").lower().split():
            return None  # "The President announced his nominee, Dr. Ana Reis": she was never called the president
        elif found is not None and not (head.tag_ == "NNS" and not found.plural):  # "the groups" are several
            return found
        return None

    def _headline_institution(self, head: "Token", lemma: str) -> Cluster | None:
        """The one actor of the story whose name has the noun of a headline's bare description in it.

        "Militia seizes six fishermen" over "The Black Mangrove Militia (BMM)
        seized ...": a headline drops the article and the name that the
        story then gives. Only in the story's first two lines with no closing
        stop (a source URL or a time stamp line before them does not count:
        :func:`~kg.extract.non_actor_mentions.page_furniture`), only a bare
        noun (no article, no possessive), only when exactly one name in the
        whole story has that word. The noun is one of ``anaphoric_heads.csv``
        or an institution of ``actor_nouns.csv`` ("Navy rescues fishermen" over
        "The Cape Verdean Navy ...").
        """
        if lemma not in anaphoric_heads() and not (actor_nouns().get(lemma) == "Organization"
                                                   and head.text[:1].isupper()):
            return None
        if any(c.dep_ in ("det", "poss") for c in head.children) or head.sent[-1].text in (".", "!", "?") or \
                self._story_line(head) > 2:
            return None
        types = anaphoric_heads().get(lemma) or frozenset({"Organization"})  # "Navy rescues ...": an institution
        named = {m.cluster.label: m.cluster for m in self._mentions
                 if m.cluster.type in types and lemma in m.cluster.label.lower().split()}
        # a name the model did not tag, ending in the noun: "The Black Mangrove Militia (BMM) seized ..."
        untagged = {clean_name(self.doc[t.i - k:t.i + 1].text) for t in self.doc
                    if t.i != head.i and t.lower_ == lemma and t.text[:1].isupper() and self.cluster_at(t.i) is None
                    and (k := _proper_run(t)) > 0}
        if len(named) + len(untagged - set(named)) != 1:
            return None
        if named:
            return next(iter(named.values()))
        return self._cluster(untagged.pop(), "Organization" if "Organization" in types else min(types), None)

    def _institution_owner(self, head: "Token", lemma: str) -> Cluster | None:
        """The actor an institution noun stands for: its owner ("Trump's administration", "the ministry's
        spokesman said", "the Noboa government").

        A person's spokesman or representative is not the person: "her
        spokesman said" is someone else speaking (one alias of hers it must
        not become). "His team" is the one team the story named before, if
        there is one, and else no one known: a player's or an owner's club is
        not the man himself. A team or an administration named after a person
        ("the Obama team", "the Obama administration") is the name of a body
        of its own (``staff_nouns.txt``), not the person; "Trump's
        administration designated ..." stays the person's act.
        """
        for child in head.children:
            if child.dep_ not in ("poss", "compound", "amod", "nmod"):
                continue
            owner = self._modifier_cluster(child)
            if owner is None or (owner.type == "Location" and any(
                    c.dep_ == "compound" and child.i < c.i < head.i for c in head.children)):
                continue  # "Philadelphia 76ers management": the place names the team after it, whose it is
            if owner.type == "Person" and "sport" in organisation_kinds().get(lemma, ()):
                team = self._one_team_before(head, frozenset({id(owner)}))
                if team is not None:
                    return team
                if child.dep_ != "compound":
                    return None  # "his team": not the man himself ("the Obama team" is read below)
            noun = person_nouns().get(lemma)
            if owner.type == "Person" and noun is not None and not noun.plural:
                return None
            if owner.type == "Person" and lemma in word_list("staff_nouns.txt") and child.dep_ == "compound":
                return self._staff_of(owner, lemma)  # "the Obama administration": a body's name; "Trump's": his act
            return owner
        return None

    def _staff_of(self, person: Cluster, lemma: str) -> Cluster:
        """The body named after a person ("the Obama administration", "the Clinton campaign"): an organisation of
        its own, named by the person's last name and the noun, so every document's is one entity."""
        return self._cluster(f"{person.label.split()[-1]} {lemma}", "Organization", person.country)

    def _antecedent(self, head: "Token", types: "set[str] | frozenset[str] | None", noun: str | None = None,
                    country: str | None = None, exclude: "frozenset[int]" = frozenset()) -> Cluster | None:
        """The named actor a definite description ("the command") refers back to.

        An actor whose name contains the noun ("U.S. Southern Command") is
        preferred over a nearer one of the same type; otherwise the one
        compatible actor named in the last ~80 tokens, or none when several
        are. When none is named that recently, an organisation the document
        is about (named at least twice and twice as often as any other of
        its type) is still "the company" of a later paragraph. ``country``
        (from "the US company") rules out actors placed in another country, and
        the noun's kind one whose name says it is of another ("the cartel" is
        no "... Command": :func:`other_kind`);
        ``exclude`` the actors (by ``id``) the sentence sets apart from the description.
        """
        if not types:
            return None
        if "sport" in organisation_kinds().get(noun or "", ()) and not any(c.dep_ == "compound" for c in head.children):
            team = self._one_team_before(head, exclude)
            if team is not None:  # "the team", "the club" (not "the rescue team"): the one team the story named
                return team
        named: Cluster | None = None
        recent: dict[int, Cluster] = {}
        counts: Counter = Counter()
        by_id: dict[int, Cluster] = {}
        for m in self._mentions:
            if m.end > head.i:
                break
            c = m.cluster
            if (country and c.country and c.country != country) or id(c) in exclude:
                continue
            if noun and noun in c.label.lower().split() and head.i - m.end < 400:
                named = c
            if c.type in types:
                counts[id(c)] += 1
                by_id[id(c)] = c
                if head.i - m.end < 80:
                    recent[id(c)] = c
        if named is not None:
            found = named
        elif len(recent) > 1:
            found = self._previous_subject(head, recent)
        elif recent:
            found = next(iter(recent.values()))
        elif not types <= {"Organization", "Group"} or not counts:
            return None
        else:
            (top, n), *rest = counts.most_common(2) + [(None, 0)]
            found = by_id[top] if n >= 2 and n >= 2 * rest[0][1] else None
        # of another kind, the actor these rules chose is not the one meant: no other one is chosen instead
        return None if found is not None and other_kind(noun, found.label) else found


    def _story_line(self, head: "Token") -> int:
        """The number of ``head``'s line in the story (1 for the first), lines of page furniture not counted;
        3 for any line after the story's second (the rules ask only about the first two)."""
        here = bisect.bisect_right(self._sent_starts, head.i)
        if here <= 2:
            return here
        story = 1
        for sent in self.doc.sents:
            if sent.start >= self._sent_starts[here - 1] or story > 2:
                break
            story += not page_furniture(sent)
        return min(story, 3)

    def _one_team_before(self, head: "Token", exclude: "frozenset[int]") -> Cluster | None:
        """The one organisation named before ``head`` as a team is named, by a plural ("the Mindelo Sharks", "the
        Halifax 49ers", "the Sharks" tagged as a plural), and not known to the gazetteer as anything else
        ("United Nations"); None when there are none or several."""
        teams = {id(c): c for m in self._mentions if m.end <= head.i and id(c := m.cluster) not in exclude
                 and c.type == "Organization" and (team_name(c.label) or (c.plural and " " not in c.label))
                 and c.label.lower() not in self._gazetteer}
        return next(iter(teams.values())) if len(teams) == 1 else None

    def _previous_subject(self, head: "Token", candidates: dict[int, Cluster]) -> Cluster | None:
        """The one candidate that is a subject of the sentence before ``head``'s (or earlier in its own).

        "Tecnicil said thieves had stolen fuel from a depot of Enacol. The
        company said ...": a later mention continues the actor the text was
        talking about, not one named on the way. A subject of ``head``'s own
        sentence counts only when ``head`` is a subject too ("Since CNN
        learned of it, the cable network ..."): as an object it is someone
        else ("the United States said it was sending troops to the country").
        """
        here = bisect.bisect_right(self._sent_starts, head.i) - 1
        lo = self._sent_starts[max(0, here - 1)]
        hi = head.i if is_subject(head) else self._sent_starts[here]
        subjects = {id(m.cluster): m.cluster for m in self._mentions
                    if lo <= m.start < hi and id(m.cluster) in candidates
                    and is_subject(self.doc[m.start:m.end].root)}
        return next(iter(subjects.values())) if len(subjects) == 1 else None


def _proper_run(tok: "Token") -> int:
    """How many proper nouns come straight before ``tok`` ("Black Mangrove" before "Militia")."""
    k = 0
    while tok.i - k > 0 and tok.doc[tok.i - k - 1].pos_ == "PROPN" and tok.doc[tok.i - k - 1].text[:1].isupper():
        k += 1
    return k


def other_kind(noun: str | None, label: str) -> bool:
    """True when a description's noun and a name's head word are kinds of organisation that exclude each
    other ("the cartel" and "Atlantic Maritime Security Command"; ``organisation_kinds.csv``).

    A word of no listed kind ("group", "organisation", a name without a
    kind word such as "Microsoft") excludes nothing.
    """
    kinds = organisation_kinds()
    words = label.lower().replace(".", "").split()
    if "of" in words[1:]:  # "Federal Bureau of Investigation": a bureau
        words = words[:words.index("of", 1)]
    mine, theirs = kinds.get(noun or ""), kinds.get(words[-1]) if words else None
    return bool(mine and theirs and not mine & theirs)
