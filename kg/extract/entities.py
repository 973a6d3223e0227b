"""Resolve argument tokens to canonical actors within one document.

Why this exists: a news article names the same actor many ways ("U.S. Southern Command", "SOUTHCOM",
"the command"; "President Daniel Noboa", "Noboa", "he"). A graph with one node per surface form is
useless, so every argument of a triple goes through :class:`DocumentEntities`, which knows all names in
the document and links acronyms, name parts and variants, gazetteer aliases, country names and demonyms to one
entity with a stable id (``<Type>/<slug>``) and one type per name, and leaves pronouns and descriptions to
:mod:`kg.extract.coref` (only one compatible actor). Unnamed descriptions ("a man") get document-scoped ids.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import EntityRef
from .actor_countries import CountryRules
from .antecedents import AntecedentRules
from .appositions import apposed_name, apposition
from .clusters import Cluster, NameMention, description_id
from .coref import DEMONSTRATIVES, PRONOUNS, Anchor, resolve_pronouns
from .countries import country_code, country_name, demonym_code
from .descriptions import DescriptionRules
from .eponyms import with_eponyms
from .kinship import place_kin
from .name_modifiers import modifies_person_name
from .noun_phrases import (capitalised_person_noun, compound_actor_type, compound_words, denotes_people,
                           description_label, from_name_start, is_subject, partitive_member, place_of,
                           stands_for_organisation, with_title)
from .people_nouns import descriptor_nouns, people_noun
from .gazetteer_index import gazetteer_index
from .name_mentions import (actor_name_spans, typed_names, vote_types, with_described_people, with_name_tails,
                            with_nicknames)
from .untagged_names import with_mended_names
from .short_names import (company_of_short_name, number_word, numbered_team, place_and_plural, places_as_teams,
                          plural_head_type, short_name_of, with_team_names)
from .text_gender import overrule_name_guesses
from .truecase import document_case
from .names import (canonical_person_names, clean_name, entity_id, full_name_of, is_acronym_of,
                    is_non_actor_name, name_gender, one_edit, slugify, strip_titles, surname, title_gender)
from .non_actor_mentions import (a_name_as_a_noun, capitalised_institution_noun, headline_description,
                                 headline_sentence, institution_as_setting, social_gathering)
from .wordlists import (actor_nouns, anaphoric_heads, first_name_gender, institution_heads, organization_heads,
                        person_remains, private_organisation_nouns, title_nouns, titles)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["DocumentEntities", "entity_id", "slugify", "is_acronym_of", "strip_titles", "description_id"]


class DocumentEntities(DescriptionRules, AntecedentRules, CountryRules):
    """All actors of one parsed document: named clusters, descriptions and resolved pronouns.

    Names are read from the model's entity spans (:mod:`kg.extract.name_mentions`) and clustered here;
    people nouns are placed by :class:`DescriptionRules`, described institutions ("the company") by
    :class:`AntecedentRules`, countries by :class:`CountryRules`, pronouns by :mod:`kg.extract.coref`.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        A parsed document (NER and dependency parse).
    doc_id : str, optional
        The document's id; scopes the ids of unnamed descriptions to it.
    """

    def __init__(self, doc: "Doc", doc_id: str = "") -> None:
        self.doc = doc
        self.doc_id = doc_id
        self._case = document_case(doc)
        ents = with_nicknames(doc, with_name_tails(doc, with_mended_names(doc, list(doc.ents))))
        ents = with_eponyms(doc, with_team_names(doc, with_described_people(doc, ents)))
        self.ents = [e for e in ents if not self._case.common_at_start(e)]
        self._ent_at = {i: e for e in self.ents for i in range(e.start, e.end)}
        self._gazetteer = gazetteer_index()
        self._token_cluster: dict[int, Cluster] = {}
        self._mentions: list[NameMention] = []
        self._people_by_sentence: dict[int, list[NameMention]] | None = None
        self._clusters: dict[str, Cluster] = {}
        self._descriptions: dict[tuple[str, str], Cluster] = {}
        self._description_at: dict[int, Cluster] = {}
        self._set_apart: dict[int, str] = {}  # "X criticised the group": description labels told apart from X
        self._pronoun_at: dict[int, Cluster] = {}
        self._people_roles = None  # built on first use by LedeRules._people_byrole_of
        self._person_ages = None  # built on first use by DescriptionRules._ages
        self._sent_starts = [s.start for s in doc.sents]  # read once: rules look sentences up per token
        self._build()

    # -- clustering -------------------------------------------------------
    def _build(self) -> None:
        spans = actor_name_spans(self.ents)
        raw = vote_types(typed_names(spans, self._gazetteer), self._gazetteer)
        # Persons: full names first, so surnames can link to them.
        persons = canonical_person_names([label for _, label, t, _, _ in raw if t == "Person" and " " in label])
        long_orgs = [label for _, label, t, _, _ in raw if t == "Organization" and " " in label]
        recent: dict[str, str] = {}  # surname -> the full name the text named last
        full_names, named_orgs = set(persons.values()), []
        for ent, label, type_, country, role in raw:
            known = label.lower() in self._gazetteer
            if type_ == "Person" and " " in label:
                label = persons.get(label, label)
                recent[surname(label)] = label
            elif " " not in label and not label.isupper() and (type_ == "Person" or not known):
                # "Noboa" after "Daniel Noboa"; the model often types a bare surname as ORG or GPE
                full = full_name_of(label, full_names, type_ == "Person", recent, title_gender(with_title(ent)))
                # "Atlas" for "Atlas Networks" (not a place: "Surrey" is no short "Surrey Police")
                company = short_name_of(ent, label, long_orgs, named_orgs) \
                    if full is None and type_ not in ("Location", "Country") else None
                if full is not None or company is not None:
                    label, type_, country = (full, "Person", None) if full else (company, "Organization", country)
            if type_ in ("Organization", "Person", "Group") and label.isupper() and " " not in label:
                long = [o for o in long_orgs if is_acronym_of(label, o)]
                if len(long) == 1:
                    label, type_ = long[0], "Organization"
            cluster = self._cluster(label, type_, country)
            named_orgs += [label] if type_ == "Organization" and " " in label else []
            alias = clean_name(ent.text)
            if role:
                alias = clean_name(" ".join(t.text for t in ent if t.text not in role.split()))
                cluster.role = cluster.role or role
                cluster.nouns.update(title_nouns(role.split()))  # "Dr." calls her a doctor too
            cluster.aliases.add(alias)
            if type_ == "Person":  # gender: "Dr. Thomas" none; a bare "Hassan" of "Samia Suluhu Hassan" the full name's
                cluster.nouns.update(descriptor_nouns(ent))
                own = [] if " " in label and alias.lower() == surname(label) else with_title(ent)
                cluster.gender = cluster.gender or name_gender(own) or name_gender(label.split())
            if type_ in ("Organization", "Group") and ent.root.tag_ in ("NNPS", "NNS"):
                cluster.plural = True  # "the Lions", "the Tories": "they" can refer to them
            self._mentions.append(NameMention(ent.start, ent.end, cluster))
            for i in range(ent.start, ent.end):
                self._token_cluster[i] = cluster
        for ent in spans:
            self._country_from_context(ent)
        for c in self._clusters.values():
            c.aliases.discard(c.label)
            if c.country is None and c.type == "Country":
                c.country = country_code(c.label)
        self._country_from_document()
        self._roles_from_appositions()
        places_as_teams(self.doc, self._mentions, self._token_cluster)  # "Creighton won" after "Creighton Bluejays"
        overrule_name_guesses(self.doc, self._mentions)  # "Andrea Neves ... her car": before "she" is resolved
        self._describe_people()
        self._pronoun_at = resolve_pronouns(self.doc, self._anchors(), self._mention_cluster, self._sent_starts)
        place_kin(self.doc, self._description_at, self._pronoun_at, self._mention_cluster, self._clusters.values(),
                  lambda sent: [m.cluster for m in self.people_in(sent)])

    def _cluster(self, label: str, type_: str, country: str | None) -> Cluster:
        key = entity_id(type_, label)
        cluster = self._clusters.get(key)
        if cluster is None:
            cluster = self._clusters[key] = Cluster(label, type_, country)
        elif cluster.country is None and country:
            cluster.country = country
        return cluster

    # -- pronouns -----------------------------------------------------------
    def _anchors(self) -> list[Anchor]:
        anchors = [Anchor(root.i, root.sent.start, is_subject(root), m.cluster) for m in self._mentions
                   if not modifies_person_name(root := self.doc[m.start:m.end].root)]  # not "Chiefs" of "Chiefs QB X"
        for i, cluster in self._description_at.items():
            tok = self.doc[i]
            anchors.append(Anchor(i, tok.sent.start, is_subject(tok), cluster))
        return anchors

    def _mention_cluster(self, tok: "Token") -> Cluster | None:  # an untagged surname too: "Santos said he ..."
        return self._token_cluster.get(tok.i) or self._description_at.get(tok.i) or self._pronoun_at.get(tok.i) \
            or (self._name_part_cluster(tok) if tok.dep_ == "nsubj" and tok.is_title and tok.tag_[:2] == "NN" else None)

    # -- resolution -------------------------------------------------------
    def entities(self) -> list[EntityRef]:
        """Every named entity cluster in the document, for the entity graph."""
        return [EntityRef(text=c.label, id=c.id, label=c.label, type=c.type, country=c.country,
                          aliases=sorted(c.aliases), country_inferred=c.country_inferred, role=c.role)
                for c in self._clusters.values()]

    def people_in(self, sent: "Span") -> list[NameMention]:
        """The person-name mentions of one sentence (indexed once per document, not scanned per sentence)."""
        if self._people_by_sentence is None:
            self._people_by_sentence = {}
            for m in self._mentions:
                if m.cluster.type == "Person":
                    self._people_by_sentence.setdefault(self.doc[m.start].sent.start, []).append(m)
        return self._people_by_sentence.get(sent.start, [])

    def ent_at(self, i: int) -> "Span | None":
        """The model's entity span covering token ``i``, if any."""
        return self._ent_at.get(i)

    def cluster_at(self, i: int) -> Cluster | None:
        return self._token_cluster.get(i)

    def resolve(self, head: "Token", text: str, modifier: "Token | None" = None) -> EntityRef:
        """Resolve an argument whose syntactic head is ``head`` and surface text is ``text``.

        ``modifier`` selects one country modifier of a conjoined noun phrase
        ("Ecuadorian and U.S. forces" is resolved once per modifier). A
        pronoun the text does not pin down comes back with an empty id.
        """
        if modifier is None and self.cluster_at(head.i) is None:
            member = partitive_member(head) or place_of(head, self.cluster_at)
            if member is not None:  # "dozens of civilians", "two of them", "the town of X": what it stands for
                return self.resolve(member, text)
        # "That angered the rebels": a demonstrative, like an unresolved pronoun, is text with no actor
        if modifier is None and head.pos_ == "PRON" and (head.lower_ in PRONOUNS or head.lower_ in DEMONSTRATIVES):
            cluster = self._pronoun_at.get(head.i)
            if cluster is None:
                return EntityRef(text=text, id="", label=text, type="Other", kind="pronoun")
            return self._ref(text, cluster, "pronoun")
        if modifier is None and head.dep_ == "attr" and self._nationality_noun(head):
            # "became the first South African to win", "is a Cape Verdean": the subject's nationality
            # (kg.extract.actor_countries reads it), not an event with the country
            return EntityRef(text=text, id="", label=text, type="Other", kind="description")
        national = self._national_person(head) if modifier is None else None
        named = self._description_at.get(head.i) if national else None
        if named is not None and named.scope is None:  # "Briton dies ..." over "A British climber ... Rui Lopes"
            return self._ref(text, named, "description")
        member = modifier is None and self._group_member(head)
        if member and (named := apposed_name(head, self._token_cluster)) is not None:
            return self._ref(text, named, "description")  # "Rui Lopes, a Republican,": he
        if national or member:  # "One Gambian", "a Republican": a person of the story, not the nation or party
            return EntityRef(text=text, id=description_id("Person", head.text, self.doc_id), label=head.text,
                             type="Person", country=national, generic=True, kind="description")
        cluster = self._resolve_cluster(head, modifier)
        if cluster is not None:
            own = self.cluster_at(head.i) is cluster or modifier is not None
            return self._ref(text, cluster, "name" if own else "description")
        described = self._description_at.get(head.i)
        if described is not None and described.scope is None and not institution_as_setting(head):
            return self._ref(text, described, "description")
        return self._common(head, text)

    def _nationality_noun(self, head: "Token") -> bool:
        """A noun phrase headed by a demonym ("the fourth South African", "a Cape Verdean", "Americans")."""
        ent = self._ent_at.get(head.i)
        return bool((ent is not None and demonym_code(ent.text)) or demonym_code(head.text))

    def _ref(self, text: str, cluster: Cluster, kind: str = "name") -> EntityRef:
        return EntityRef(text=text, id=cluster.id, label=cluster.label, type=cluster.type,
                         country=cluster.country, aliases=sorted(cluster.aliases),
                         country_inferred=cluster.country_inferred, kind=kind, role=cluster.role,
                         generic=cluster.scope is not None)

    def _resolve_cluster(self, head: "Token", modifier: "Token | None") -> Cluster | None:
        if modifier is not None:
            return self._modifier_cluster(modifier)
        own = self.cluster_at(head.i)
        if own is not None and not (head.ent_type_ == "NORP" and head.dep_ == "amod"):
            # a name ("Los Lobos"); but "the Ecuador's government"-style heads fall through
            return own
        lemma = head.lemma_.lower()
        if head.pos_ == "NOUN":  # "SOUTHCOM's new chief, Gen. Francis Donovan"
            for child in head.children:
                if apposition(child) and self.cluster_at(child.i) is not None:
                    return self.cluster_at(child.i)
        if head.pos_ == "PROPN" or (head.is_title and not any(c.dep_ == "det" for c in head.children)):  # "Lobato"
            part = self._name_part_cluster(head)
            if part is not None:
                return part
        # "His body was found", "the body of Rui Lopes": the person, in news of a death
        if lemma in person_remains() and head.tag_ != "NNS":  # "the bodies of his mother and sister" are two
            owners = [c for c in head.children if c.dep_ == "poss"] + [
                p for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "of"
                for p in prep.children if p.dep_ == "pobj"]
            for owner in owners:
                c = self._modifier_cluster(owner)
                if c is not None and c.type == "Person":
                    return c
        # "Trump's administration", "Ecuador's government", "the Noboa government"
        if (lemma in institution_heads() or head.lower_ in institution_heads()) and \
                (owner := self._institution_owner(head, lemma)) is not None:
            return owner
        # "Ecuadorian forces", "U.S. troops": the country acts; "Hezbollah guerrillas": the group
        if head.lower_ in actor_nouns() or lemma in actor_nouns() or people_noun(head):
            service = self._national_service(head)  # "the Senegalese navy": the Senegalese Navy, not Senegal
            if service is not None:
                return service
            for child in head.children:
                if child.dep_ in ("amod", "compound", "nmod", "poss"):
                    c = self._modifier_cluster(child)
                    if c is not None and c.type == "Country" and lemma in private_organisation_nouns():
                        continue  # "a Spanish company": from Spain (its country), not Spain acting
                    if c is not None and (c.type == "Country" or (c.type == "Organization" and child.dep_ in (
                            "compound", "poss") and stands_for_organisation(head))):
                        return c
                elif child.dep_ == "prep" and child.lower_ == "of":  # "the president of Armenia"
                    for pobj in child.children:
                        c = self._modifier_cluster(pobj) if pobj.dep_ == "pobj" else None
                        if c is not None and c.type == "Country":
                            return c
        if lemma in ("country", "nation") and (owner := next((c for c in head.children if c.dep_ == "poss"
                                                            and c.pos_ == "PRON"), None)) is not None:
            c = self._modifier_cluster(owner)  # "his country": the country of the one "his" stands for
            code = c.country if c is not None else None
            return c if c is not None and c.type == "Country" else (
                self._cluster(country_name(code) or code, "Country", code) if code else None)
        # "the group", "the country", "the US software giant": nearest compatible named actor
        if lemma in anaphoric_heads() and any(c.lower_ in ("the", "this", "that") for c in head.children):
            return self._described_antecedent(head, lemma)
        return self._headline_institution(head, lemma)

    def _name_part_cluster(self, head: "Token") -> Cluster | None:
        """The person whose surname or given name, or the company whose first word, is the bare proper noun ``head``."""
        text = clean_name(" ".join(t.text for t in head.subtree if t.dep_ == "compound" or t.i == head.i))
        if not text or " " in text:
            return None
        people = {c.label: c for c in self._clusters.values() if c.type == "Person" and " " in c.label}
        recent = {surname(m.cluster.label): m.cluster.label for m in self._mentions
                  if m.start < head.i and m.cluster.label in people}
        given = not any(c.dep_ == "det" for c in head.children) and not headline_sentence(head.sent)  # "the Colts"
        full = full_name_of(text, set(people), given, recent)  # given names too: "Wladimir landed a jab"
        companies = {c.label: c for c in self._clusters.values() if c.type == "Organization"}
        company = company_of_short_name(text, companies) if full is None else None
        return people[full] if full is not None else companies[company] if company is not None else None

    def _modifier_cluster(self, token: "Token") -> Cluster | None:
        cluster = self.cluster_at(token.i) or self._misspelt_acronym(token.text)
        if cluster is not None:
            return cluster
        if token.pos_ == "PRON" and token.dep_ == "poss":  # "its top leaders", "their fighters"
            return self._pronoun_at.get(token.i)
        code = demonym_code(token.text) or (country_code(token.text) if token.pos_ == "PROPN" else None)
        if code is None and token.ent_type_ in ("NORP", "GPE"):  # "Cape Verdean", "South Korean"
            ent = self._ent_at.get(token.i)
            if ent is not None:
                code = demonym_code(ent.text) or country_code(ent.text)
        if code:
            return self._cluster(country_name(code) or token.text, "Country", code)
        return None

    def _misspelt_acronym(self, text: str) -> Cluster | None:
        """A cluster one of whose all-caps names is one edit away from ``text`` (5+ letters)."""
        if len(text) < 5 or not text.isupper():
            return None
        for cluster in self._clusters.values():
            for name in (cluster.label, *cluster.aliases):
                if name.isupper() and abs(len(name) - len(text)) <= 1 and one_edit(name, text):
                    return cluster
        return None

    def is_actor_noun(self, head: "Token") -> bool:
        """True for a name or a noun denoting people or an institution ("navy", "fishermen")."""
        return self.cluster_at(head.i) is not None or denotes_people(head)

    def describe(self, head: "Token", text: str) -> EntityRef:
        """The argument as an unnamed description, without resolving it to a named actor."""
        return self._common(head, text)

    def _written_as_name(self, head: "Token") -> bool:
        """A capitalised noun the document always writes capitalised ("Hornets clinch berth" after "the Hornets").

        The tagger reads a team or a group named by a plural noun as a common noun; see
        :func:`~kg.extract.truecase.document_case` and :meth:`~kg.extract.truecase.DocumentCase.named_plural`.
        """
        if number_word(head) or place_and_plural(head):  # "the Halifax 49ers", "the Lagos Kings"
            return any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in head.lefts) or numbered_team(head)
        case = self._case
        return head.pos_ == "NOUN" and head.is_title and (head.lower_ in case.names or case.named_plural(head))

    def _common(self, head: "Token", text: str) -> EntityRef:
        """An unnamed argument: an actor noun ("police") or anything else (type Other); its id is scoped to the
        document unless it is a proper name."""
        words = compound_words(head)
        # a capitalised office ("Cape Verde's Interior Minister") is a description, not a name
        proper = (head.pos_ == "PROPN" or self._written_as_name(head)) and head.lower_.rstrip(".") not in titles() \
            and not (not words and (capitalised_person_noun(head) or capitalised_institution_noun(head))) \
            and not a_name_as_a_noun(head) and not headline_description(words, head) \
            and not (head.text.islower() and head.text[:1].isalpha())  # a "ministry" the tagger read as a name
        label = clean_name(from_name_start(head, text)) or head.text if proper else description_label(head)
        actors = actor_nouns()
        type_ = compound_actor_type(label) or actors.get(head.lower_) or actors.get(head.lemma_.lower()) or "Other"
        if proper and type_ == "Other" and _given_and_surname(label, head):
            type_ = "Person"  # a name the model missed: "Ana Lobo" (a given name and one more capitalised word)
        elif proper and type_ == "Other" and " " in label and label.split()[-1].lower() in organization_heads() \
                and all(w[:1].isupper() for w in label.split()):
            type_ = "Organization"  # a name the model missed that ends like a company's: "Oceanic Telecom"
        elif proper and type_ == "Other" and (number_word(head) or place_and_plural(head) or plural_head_type(head)):
            type_ = plural_head_type(head) or "Organization"  # a team: "the Halifax 49ers", "the Sixers"
        setting = not proper and (institution_as_setting(head) or social_gathering(head))  # "in court", "the party"
        described = self._description_at.get(head.i) if not setting else None
        type_ = described.type if described is not None else "Other" if setting else type_
        generic = not proper or (not words and (head.lower_ in actors or head.lower_ in anaphoric_heads()))
        ident = entity_id(type_, label) if proper else description_id(type_, label, self.doc_id)
        if described is not None and not proper and described.scope is not None:
            ident = described.id  # "a Mafia leader ... he": the pronoun's entity, not a second one
        return EntityRef(text=text, id=ident, label=label, type=type_, country=self._country_in_phrase(head),
                         generic=generic, kind="name" if proper else "description")


def _given_and_surname(label: str, head: "Token | None" = None) -> bool:
    """True for a two-word name whose first word is a known given name ("Ana Lobo", not "Ana" or "Cape Verde"),
    that names no event, law or report, and whose last word (``head``) is a singular proper noun the model
    tagged as nothing else and no word the action lexicon knows."""
    from .actions import load_lexicon

    words = label.split()
    if is_non_actor_name(label):
        return False  # "Grace Award": an event, a law, a report
    if head is not None and (head.tag_ != "NNP" or head.ent_type_ not in ("", "PERSON")
                             or head.lemma_.lower() in load_lexicon().common_words()):
        return False  # "Grace Awards" the model tagged an organisation; "Ana Launches"
    return (len(words) == 2 and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)
            and words[0].lower() in first_name_gender())
