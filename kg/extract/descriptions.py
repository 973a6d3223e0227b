"""Unnamed descriptions of people ("the actress", "a man", "pirates") and whom they refer to.

Why its own module: deciding whether "the actress" is the Tara Reid named two sentences earlier, someone new,
or the one person a lede names later is the part of entity resolution that most needs tuning for precision,
and it reads like a list of rules a reader follows (those that look forward, from a lede or a headline to the
name further down, are in :mod:`kg.extract.lede_descriptions`). Kept apart from the clustering of names
(:mod:`kg.extract.entities`), it is the mixin :class:`DescriptionRules` that
:class:`~kg.extract.entities.DocumentEntities` uses; the small tests of a noun phrase it shares with the name
rules live in :mod:`kg.extract.noun_phrases`. One label, one unnamed person, until "a" brings in another.
"""
from __future__ import annotations

import bisect
import itertools
from collections import Counter
from typing import TYPE_CHECKING, Callable

from .appositions import apposed_name, apposition, joined_words
from .clusters import Cluster, NameMention
from .coref import speaker_of
from .identity_cues import (deed_role_antecedent, determiner, identified_with, indefinite, may_be_person, stated_age,
                           titled)
from .lede_descriptions import LedeRules
from .short_names import company_of_short_name, institution_named, numbered_team
from .noun_phrases import (aged, background_role, capitalised_person_noun, compound_actor_type, description_label,
                           marked_new, name_given, named_modifier, partitive_member, set_off)
from .non_actor_mentions import headline_sentence, page_furniture
from .people_nouns import capitalised_plural_of_person, people_noun
from .wordlists import (actor_nouns, anaphoric_heads, person_first_nouns, person_nouns, titles, word_list,
                        wordnet_person_nouns)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["DescriptionRules"]


def _modifiers_before(tok: "Token", start: int) -> set[str]:
    """The adjectives of ``tok``'s phrase before position ``start``, lower case ("former" of "the former minister")."""
    return {c.lower_ for c in tok.subtree if c.i < start and c.dep_ == "amod"}


class DescriptionRules(LedeRules):
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
    _person_ages: "list[tuple[int, Cluster, str]] | None"  # see _stated_ages
    _written_as_name: "Callable[[Token], bool]"  # a noun the document writes as a name ("the Halifax 49ers")
    _national_person: "Callable[[Token], str | None]"  # see kg.extract.actor_countries.CountryRules

    def _describe_people(self) -> None:
        """Register every people noun ("the actress", "a man", "pirates") as a mention.

        An appositive description takes its name's entity ("Lobato, the
        actress"); a bare definite singular one ("the actress") takes the one
        named person of compatible gender mentioned in the last few sentences;
        anything else is an unnamed description of this document only.
        """
        nouns, actors, first_persons = person_nouns(), actor_nouns(), person_first_nouns()
        # words the text puts beside a named person that WordNet knows for people ("Jamal Williams, the defensive
        # tackle"): here a word for someone, also in a headline's capitals ("Chargers Defensive Tackle Faces ...")
        apposed = {n for c in self._clusters.values() if c.type == "Person" for n in c.nouns} & wordnet_person_nouns()
        first_seen: dict[int, int] = {}
        echoes: dict[int, tuple[int, Cluster | None]] = {}  # a headline's noun -> the lede's same noun, its own reading
        unnamed: list[tuple["Token", str | None]] = []  # a lede's "One Australian" no rule named: looked at again
        introduced: dict[tuple[str, str], int] = {}  # a description label -> the story line its last one came in
        story_lines = list(itertools.accumulate(not page_furniture(s) for s in self.doc.sents))  # no URL, date
        for m in self._mentions:
            first_seen.setdefault(id(m.cluster), m.start)
        # one-word names of the story's organisations, as written ("Saints put Bush on I.R." after "The Saints ...")
        org_words = {a: c for c in self._clusters.values() if c.type in ("Organization", "Group") and c.scope is None
                     for a in (c.label, *c.aliases) if " " not in a and a[:1].isupper()}
        for tok in self.doc:
            # one person by nationality ("the Australian"): a description, though the model tags a country's name
            national = tok.ent_type_ == "NORP" and self._national_person(tok) is not None
            if (tok.i in self._token_cluster and not national) or tok.dep_ == "compound":
                continue
            if tok.text in org_words and tok.tag_ in ("NNS", "NNPS") and tok.i not in self._token_cluster:
                self._description_at[tok.i] = org_words[tok.text]  # the model tagged no name on it here
                continue
            if tok.pos_ == "PROPN" and actors.get(tok.lower_) == "Organization":
                institution = self._named_institution(tok)  # "the Commission" after "the European Commission"
                if institution is not None:
                    self._description_at[tok.i] = institution
                    continue
            said = tok.lemma_.lower() in apposed and (tok.pos_ == "NOUN" or headline_sentence(tok.sent))
            if tok.pos_ != "NOUN" and not aged(tok) and not national and not said \
                    and not (capitalised_person_noun(tok) and tok.dep_ != "poss"):
                continue  # a headline's "Man charged ..." is a noun in capitals ("Sheriff's deputies" no one)
            if self._written_as_name(tok) or (tok.lemma_.lower() in word_list("indefinite_quantity_nouns.txt")
                                              and partitive_member(tok) is not None):
                if numbered_team(tok):  # "the 76ers" after "the Philadelphia 76ers": the one team it shortens
                    teams = {c.label: c for c in self._clusters.values() if c.type in ("Organization", "Group")}
                    name = company_of_short_name(tok.text, teams, team=True)
                    if name is not None:
                        self._description_at[tok.i] = teams[name]
                continue  # "the Halifax 49ers" is a name, not people described; "a host of reporters" counts them
            named_by_apposition = apposed_name(tok, self._token_cluster)
            if named_by_apposition is not None:  # "Esther Rocha, swimmer and icon": whatever the noun
                self._description_at[tok.i] = named_by_apposition
                named_by_apposition.nouns.add(tok.lemma_.lower())
                continue
            named_by_copula = self._identified_person(tok)
            if named_by_copula is not None:  # "Lopes is the leading contender", "hired Lopes as coach"
                self._description_at[tok.i] = named_by_copula
                named_by_copula.nouns.add(tok.lemma_.lower())
                continue
            label = description_label(tok)  # as kg.extract.entities._common labels the noun: one id per description
            compound_type = compound_actor_type(label)  # "the coast guard": an institution, though a guard is a person
            info = None if compound_type else nouns.get(tok.lower_)
            type_ = compound_type or actors.get(tok.lower_) or actors.get(tok.lemma_.lower())
            capitalised_plural = info is None and capitalised_plural_of_person(tok)  # "Jurors also found ..."
            if info is None and type_ is None and not people_noun(tok) and not aged(tok) and not capitalised_plural \
                    and not national and not said \
                    and not (tok.tag_ == "NN" and tok.lemma_.lower() in first_persons):  # "a convicted molester"
                if tok.lemma_.lower() in anaphoric_heads():  # "the software giant": an anchor for "it" too
                    owner = self._resolve_cluster(tok, None)
                    if owner is not None:
                        self._description_at[tok.i] = owner
                continue
            owner = self._resolve_cluster(tok, None) if not national else None
            if owner is not None:  # "the Senegalese navy" is the Senegalese Navy: "it" then refers to it too
                self._description_at[tok.i] = owner
                continue
            appos_name = next((c for c in tok.children if apposition(c) and c.i in self._token_cluster),
                              None) or name_given(tok)  # "a doctor named Rui Lopes"
            if appos_name is not None and appos_name.i in self._token_cluster:
                self._description_at[tok.i] = self._token_cluster[appos_name.i]
                continue
            institution = self._named_institution(tok) if type_ == "Organization" else None
            if institution is not None:  # "the court" after "the International Court of Justice"
                self._description_at[tok.i] = institution
                continue
            plural = info.plural if info is not None else tok.tag_ == "NNS" or capitalised_plural
            gender = info.gender if info is not None else None
            if type_ is None:
                type_ = "Group" if plural else "Person"
            named = None
            echo = self._lede_echo(tok) if not plural and type_ == "Person" else None
            if not plural and type_ == "Person":
                age = stated_age(tok)
                named = self._same_age_person(tok, age, gender) if age else None
                named = named or (self._named_antecedent(tok, gender) or self._called_person(tok, gender, first_seen)
                                  or self._named_later(tok, gender) or self._same_role_person(tok, gender)
                                  or self._main_person(tok, gender))
                if named is not None and age and self._ages().get(id(named), {age}) != {age}:
                    named = None  # "the 23-year-old" is not Luca Ferreira, 59
            if echo is not None:  # "Driver charged ..." is whoever the lede's "A driver" is: decided below
                echoes[tok.i] = (echo.i, named)
                named = None
            if named is not None:
                self._description_at[tok.i] = named
                named.nouns.add(tok.lemma_.lower())
                continue
            if national:  # one person by nationality no rule named: resolve() gives its own id
                if indefinite(tok):
                    unnamed.append((tok, gender))
                continue
            key, sentence = (type_, label), story_lines[bisect.bisect_right(self._sent_starts, tok.i) - 1]
            cluster = self._descriptions.get(key)
            if cluster is None and (cluster := deed_role_antecedent(tok, plural, self._description_at)) is not None:
                self._descriptions[key], introduced[key] = cluster, sentence  # "three men ... the suspects"
            if cluster is None or (not plural and indefinite(tok) and sentence >= 3 + introduced[key]):
                scope = self.doc_id if cluster is None else f"{self.doc_id}#{tok.i}"  # "A 36-year-old man died ..."
                cluster = self._descriptions[key] = Cluster(label, type_, gender=gender, plural=plural, scope=scope)
                introduced[key] = sentence
            self._description_at[tok.i] = cluster
        self._settle_called_later(unnamed, first_seen)
        self._settle_echoes(echoes)

    def _named_institution(self, tok: "Token") -> Cluster | None:
        """The one organisation of the document a bare "the court" or "the commission" shortens (see
        :func:`~kg.extract.short_names.institution_named`); not "the lower court", "the court of appeals",
        "the Committee to Protect ...", nor a short form used before the full name."""
        if tok.tag_ not in ("NN", "NNP") or determiner(tok) != "the" or any(
                c.dep_ not in ("det", "punct", "relcl") for c in tok.children):
            return None
        after = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
        if tok.tag_ == "NNP" and after is not None and (after.lower_ in ("to", "for", "of", "on")
                                                        or after.pos_ == "PROPN"):
            return None  # "the Committee to Reelect ...": the start of a longer name, however parsed
        organisations = {c.label: c for c in self._clusters.values() if c.type == "Organization"}
        name = institution_named(tok.lemma_, organisations)
        if name is None:
            return None
        cluster = organisations[name]
        at = {**self._token_cluster, **self._description_at}  # names, and descriptions read so far
        first = min((i for i, c in at.items() if c is cluster), default=len(self.doc))
        if first > tok.i or any(t.text == tok.text and t.i not in at for t in self.doc[:first]):
            return None  # a short form follows the full name; one used before it is a name of its own
        return cluster

    def _identified_person(self, tok: "Token") -> Cluster | None:
        """The named person a copula or an "as" phrase says this singular noun is (see :func:`identified_with`)."""
        if tok.tag_ != "NN" or not may_be_person(tok):
            return None  # "The suspect's name is Rui Lopes": a name, not a person
        if tok.dep_ == "pobj" and marked_new(tok, ahead=True):
            return None  # "thought of her as a second mother": a likeness, not who she is
        other = identified_with(tok)
        if other is None:
            return None
        # a bare surname the model left untagged is still its person's ("Fonseca began singing as a teenager")
        cluster = self._token_cluster.get(other.i) or (
            self._name_part_cluster(other) if other.pos_ == "PROPN" else None)
        return cluster if cluster is not None and cluster.type == "Person" else None

    def _stated_ages(self) -> list[tuple[int, Cluster, str]]:
        """``(mention start, person, age)`` for each mention of a named person that states an age ("Luca Ferreira,
        59,"), in text order: read once per document."""
        if self._person_ages is None:
            self._person_ages = [(m.start, m.cluster, age) for m in self._mentions if m.cluster.type == "Person"
                                 and (age := stated_age(self.doc[m.start:m.end].root)) is not None]
        return self._person_ages

    def _ages(self, before: int | None = None) -> dict[int, set[str]]:
        """The ages the text states for each named person, by cluster; ``before``: only at mentions before that
        token."""
        ages: dict[int, set[str]] = {}
        for start, cluster, age in self._stated_ages():
            if before is None or start < before:
                ages.setdefault(id(cluster), set()).add(age)
        return ages

    def _same_age_person(self, tok: "Token", age: str, gender: str | None) -> Cluster | None:
        """The one named person of the document the text gives the same age ("a 59-year-old woman ... Ana Reis, 59").

        News introduces a person by a description and names them a sentence
        or two later with their age; an age is specific enough to tell them
        from the other people of the story. The noun's gender ("woman") is
        stated, so it wins over a guess from the given name ("Luca" is
        usually a man's), not over a title ("Mr Ferreira").
        """
        if marked_new(tok):
            return None
        ages = self._ages()
        same = [c for c in self._clusters.values() if c.type == "Person" and ages.get(id(c)) == {age}]
        if len(same) != 1:
            return None
        cluster = same[0]
        if self._possessed_by(tok, cluster):
            return None  # "Timmons' 16-year-old friend" is not Timmons, 16
        if gender and cluster.gender and cluster.gender != gender:
            if titled(cluster):
                return None
            cluster.gender = gender
        return cluster

    def _possessed_by(self, tok: "Token", cluster: Cluster) -> bool:
        """True if a possessive of ``tok`` is ``cluster``'s name, also one the tagger missed ("Reid's publicist")."""
        return any(c.dep_ == "poss" and self._resolve_cluster(c, None) is cluster for c in tok.children)

    def _roles_from_appositions(self) -> None:
        """"Daniel Noboa, Ecuador's president": the description is the actor's role, not an "is" event."""
        for tok in self.doc:
            if not apposition(tok):
                continue
            pairs = ((tok.head, tok), (tok, tok.head))
            for name, desc in pairs:
                cluster = self._token_cluster.get(name.i)
                if cluster is None or desc.i in self._token_cluster or desc.pos_ != "NOUN":
                    continue
                cluster.nouns.add(desc.lemma_.lower())
                if cluster.role is None and cluster.type in ("Person", "Organization", "Group"):
                    words = [t for t in desc.subtree if t is desc or (  # "His wife, Yolanda Moura": not "Yolanda"
                        self._token_cluster.get(t.i) is not cluster and t.dep_ not in ("relcl", "appos", "acl")
                        and t.head.dep_ not in ("relcl", "acl")
                        and not (t.dep_ == "punct" and t.text not in ",-/&")
                        and not (t.dep_ == "det" and t.i == desc.left_edge.i))]
                    text = joined_words(words[:12])
                    cluster.role = text or None
                break

    def _named_antecedent(self, tok: "Token", gender: str | None) -> Cluster | None:
        """The named person a definite "the actress" refers back to, if the text leaves one.

        In order: the one person the text has already called by this noun
        ("actress Tara Reid ... the actress"); the one compatible person named
        in the last three sentences; when no one is named lately, the
        document's dominant person. Not merely the one person named so far:
        far back, "the lawyer" may be anyone (on ECB+ that guess was more
        often wrong than right). A description with its
        own complement ("the president of Armenia", "the man who ...") or a
        word marking someone new ("the other man") introduces someone instead; a source
        ("the witness said") or a functionary ("the judge") is only someone called so.
        """
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
            return None
        if marked_new(tok) or any(
                c.dep_ in ("poss", "nummod") or (c.dep_ in ("prep", "relcl", "acl") and not set_off(c))
                for c in tok.children):
            return None  # "the president of Armenia", "the man who ...", "the other man": someone new
        here = bisect.bisect_right(self._sent_starts, tok.i) - 1
        first = self._sent_starts[max(0, here - 2)]
        noun = tok.lemma_.lower()
        recent: dict[int, Cluster] = {}
        seen: dict[int, Cluster] = {}
        called: dict[int, Cluster] = {}
        counts: Counter = Counter()
        acting: set[int] = set()  # people named other than as the one who says something
        speaker = speaker_of(tok)  # "Lopes said the gunman had entered": the speaker tells of someone else
        speaking = self._token_cluster.get(speaker.i) if speaker is not None else None
        for m in self._mentions:
            if m.start >= tok.i:
                break
            c = m.cluster
            if c.type == "Person" and c is not speaking and not (gender and c.gender and c.gender != gender) \
                    and noun not in c.apart:  # "A woman ... and now, the driver ...": the driver is not her
                if noun in c.nouns or tok.lower_ in c.nouns:
                    called[id(c)] = c
                if not self._source_mention(m):
                    acting.add(id(c))
                if m.start < tok.sent.start:  # named in the same sentence, a description is someone else
                    counts[id(c)] += 1
                    seen[id(c)] = c
                    if m.start >= first:
                        recent[id(c)] = c
        # "Juma Rashid, the managing director ... the captain": someone the text gave another office is not it
        if gender is None and noun in person_nouns():
            acting -= {k for k, c in seen.items() if k not in called and self._other_office(c)}
        if noun in word_list("youth_nouns.txt"):  # "Councilman Rui Mendes ... the teen": not made an adult
            acting -= {k for k, c in seen.items() if self._adult(c)}
            # "Rui Mendes, 15, ... the teen": the one person so far the text made young is called so
            young = {id(c): c for c in self._young_before(tok.i)
                     if c is not speaking and not (gender and c.gender and c.gender != gender)}
            if len(young) == 1:
                called.update(young)
        # "Fanning said ... the suspect ...": a person only ever quoted is the source, not the story's people
        recent = {k: c for k, c in recent.items() if k in acting}
        seen = {k: c for k, c in seen.items() if k in acting}
        counts = Counter({k: n for k, n in counts.items() if k in acting})
        # "the Saints coach": a name in the description says whose; only someone already called so fits.
        # a source ("..., the spokesman said") or a functionary ("the judge") is someone new unless called so before
        groups = (called,) if named_modifier(tok, self._token_cluster) or background_role(tok) else (called, recent)
        for group in groups:
            if len(group) == 1:
                return next(iter(group.values()))
            if group is called and group:
                return None  # two people called "the actress": not sure which
            if gender and group:  # "the actress" after Marta Lobato, Pedro Varela and Sousa: the one known woman
                agreeing = [c for c in group.values() if c.gender == gender]
                if len(agreeing) == 1:
                    return agreeing[0]
                break  # the nearest candidates disagree or are unknown: an older name would be a guess
        if not recent and counts and len(groups) > 1:  # no one named lately: the document's main person, if any
            (top, n), *rest = counts.most_common(2) + [(None, 0)]
            if n >= 2 and n >= 2 * rest[0][1]:
                return seen[top]
        return None

    def _adult(self, cluster: Cluster) -> bool:
        """True when the text gave a person an age of 20 or more, or a title or office ("Councilman", "Mr")."""
        return any(int(age) >= 20 for age in self._ages().get(id(cluster), ())) \
            or any(n in titles() for n in cluster.nouns)

    def _young_before(self, end: int) -> list[Cluster]:
        """The people the text gave an age under 20 before token ``end`` ("Rui Mendes, 15,"), and no other age."""
        people = {id(cluster): cluster for start, cluster, _ in self._stated_ages() if start < end}
        return [people[k] for k, ages in self._ages(end).items() if max(int(a) for a in ages) < 20]

    @staticmethod
    def _other_office(cluster: Cluster) -> bool:
        """True when the text called a person by an office or trade ("director"), not a kinship or gender noun."""
        nouns = person_nouns()
        return any(n in nouns and nouns[n].gender is None for n in cluster.nouns)

    def _introduced_so(self, tok: "Token", cluster: Cluster) -> bool:
        """True when every status word on ``tok`` ("former", "new") was on a mention of ``cluster`` before it.

        "Former fisheries minister Tomas Varela ... the former minister": the
        same man, and so after "Tomas Varela, a former fisheries minister,";
        without "former" on his name or a description of him, "the former
        minister" would be someone else the text has not named.
        """
        words = _modifiers_before(tok, tok.i)
        for m in self._mentions:
            if m.cluster is cluster and m.start < tok.i:
                if words <= _modifiers_before(self.doc[m.start:m.end].root, m.start):
                    return True
        # "Tomas Varela, a former fisheries minister, ...": a description the text already gave them
        return any(i < tok.i and c is cluster and words <= _modifiers_before(self.doc[i], i)
                   for i, c in self._description_at.items())
