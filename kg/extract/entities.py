"""Resolve argument tokens to canonical actors within one document.

Why this exists: a news article names the same actor many ways ("U.S.
Southern Command", "SOUTHCOM", "the command"; "President Daniel Noboa",
"Noboa", "he"). A graph with one node per surface form is useless, so every
argument of a triple goes through :class:`DocumentEntities`, which knows
all names in the document and links acronyms, name parts and variants,
gazetteer aliases, country names and demonyms to one canonical entity with
a stable id (``<Type>/<slug>``), gives each name one type (decided from all
its mentions), and leaves pronouns and descriptions to :mod:`kg.extract.coref`,
which resolves them only when the text leaves one compatible actor.

Unnamed descriptions ("a man", "the officials") get ids scoped to their
document: "a man" in one story is not "a man" in another.
"""
from __future__ import annotations

import bisect
import functools
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Iterator

from ..model import EntityRef
from .coref import PRONOUNS, Anchor, resolve_pronouns
from .countries import country_code, country_name, demonym_code, load_gazetteer
from .names import (TYPE_PRIORITY, clean_name, entity_id, is_acronym_of, is_non_actor_name, looks_like_url,
                    name_gender, name_key, one_edit, same_person, slugify, split_title, strip_titles, surname)
from .wordlists import person_nouns, titles

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["DocumentEntities", "entity_id", "slugify", "is_acronym_of", "strip_titles", "description_id"]

#: spaCy NER label -> kg type (GPE is refined to Country or Location).
NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Country", "LOC": "Location",
             "FAC": "Location", "NORP": "Group"}

#: Last words that make a name an organisation whatever the model's label says.
ORGANIZATION_HEADS = {
    "cartel", "militia", "union", "command", "authority", "agency", "ministry", "party", "front",
    "army", "brigade", "brigades", "council", "committee", "association", "observatory", "movement",
    "organization", "organisation", "company", "corporation", "bank", "court", "police", "navy",
    "forces", "guard", "coalition", "alliance", "federation", "institute", "foundation", "league",
    "network", "group", "gang", "department", "office", "service", "services", "commission",
    "university", "college", "school", "hospital", "church", "club", "airlines", "airways", "inc",
    "corp", "ltd", "plc", "llc", "co", "bureau", "board", "senate", "congress", "parliament",
    "assembly", "tribunal", "squad", "team", "times", "post", "journal", "herald", "tribune",
    "center", "centre", "clinic", "facility", "institution", "society", "fund", "trust", "prison",
}

#: Head nouns denoting an institution of whoever modifies them ("Trump's administration").
INSTITUTION_HEADS = {"administration", "government", "cabinet", "regime", "office", "presidency",
                     "team", "camp", "campaign", "leadership", "spokesperson", "spokesman",
                     "spokeswoman", "representative", "statement", "announcement"}

#: Collective or institutional nouns that are actors even without a name.
ACTOR_NOUNS = {
    "forces": "Organization", "force": "Organization", "troops": "Organization",
    "troop": "Organization", "military": "Organization", "army": "Organization",
    "navy": "Organization", "police": "Organization", "government": "Organization",
    "authorities": "Organization", "authority": "Organization", "officials": "Group",
    "official": "Person", "soldiers": "Group", "soldier": "Person", "rebels": "Group",
    "rebel": "Person", "militants": "Group", "militant": "Person", "insurgents": "Group",
    "protesters": "Group", "protestors": "Group", "demonstrators": "Group", "students": "Group",
    "workers": "Group", "civilians": "Group", "residents": "Group", "villagers": "Group",
    "gunmen": "Group", "gunman": "Person", "guerrillas": "Group", "fighters": "Group",
    "militia": "Organization", "militias": "Organization", "parliament": "Organization",
    "court": "Organization", "ministry": "Organization", "diplomats": "Group",
    "diplomat": "Person", "leaders": "Group", "leader": "Person", "president": "Person",
    "minister": "Person", "spokesman": "Person", "spokeswoman": "Person",
    "spokesperson": "Person", "opposition": "Group", "junta": "Organization",
    "coalition": "Organization", "administration": "Organization", "regime": "Organization",
    "security": "Organization", "guards": "Group", "officers": "Group", "officer": "Person",
    "agents": "Group", "prosecutors": "Group", "prosecutor": "Person", "judge": "Person",
    "lawmakers": "Group", "legislators": "Group", "senators": "Group", "voters": "Group",
    "farmers": "Group", "refugees": "Group", "migrants": "Group", "terrorists": "Group",
    "smugglers": "Group", "traffickers": "Group", "cartel": "Organization",
    "gang": "Organization", "gangs": "Group", "group": "Organization", "groups": "Group",
    "party": "Organization", "union": "Organization", "company": "Organization",
    "agency": "Organization", "command": "Organization", "commander": "Person",
    "negotiators": "Group", "mediators": "Group", "embassy": "Organization",
    "pilots": "Group", "sailors": "Group", "marines": "Group", "crew": "Group",
}

#: Definite descriptions that refer back to a named actor ("the group", "the country").
ANAPHORIC_HEADS = {
    "country": {"Country"}, "nation": {"Country"}, "state": {"Country"},
    "group": {"Organization", "Group"}, "organization": {"Organization"},
    "organisation": {"Organization"}, "gang": {"Organization"}, "cartel": {"Organization"},
    "militia": {"Organization"}, "movement": {"Organization"}, "command": {"Organization"},
    "agency": {"Organization"}, "ministry": {"Organization"}, "company": {"Organization"},
    "firm": {"Organization"}, "alliance": {"Organization"}, "bloc": {"Organization"},
    "administration": {"Person", "Organization"}, "government": {"Country", "Organization"},
    "president": {"Person"}, "minister": {"Person"}, "leader": {"Person"},
}

def description_id(type_: str, label: str, scope: str) -> str:
    """Id of an unnamed description, scoped to its document ("a man" differs between stories).

    >>> description_id("Other", "man", "story-1") != description_id("Other", "man", "story-2")
    True
    """
    return f"{type_}/{slugify(label)}~{zlib.crc32(scope.encode('utf-8', 'surrogatepass')):08x}"


@dataclass
class _Cluster:
    label: str
    type: str
    country: str | None = None
    aliases: set[str] = field(default_factory=set)
    country_inferred: bool = False
    gender: str | None = None
    plural: bool = False
    role: str | None = None
    #: Lower-case nouns the text uses for this actor (titles, appositions, "actress Tara Reid"),
    #: so a later "the actress" can find her among several people.
    nouns: set[str] = field(default_factory=set)
    #: None for a named entity; the document id for an unnamed description (its id is scoped).
    scope: str | None = None

    @property
    def id(self) -> str:
        if self.scope is not None:
            return description_id(self.type, self.label, self.scope)
        return entity_id(self.type, self.label)


@dataclass
class _NameMention:
    start: int  # token index
    end: int
    cluster: _Cluster


#: Modifiers that make a description introduce someone new ("the other man", "a second suspect").
_NEW_REFERENT = {"other", "another", "second", "third", "new", "former", "next", "latest", "fellow", "one"}

class DocumentEntities:
    """All actors of one parsed document: named clusters, descriptions and resolved pronouns.

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
        self.ents = list(doc.ents)  # doc.ents builds new Span objects on every access: read it once
        self._ent_at = {i: e for e in self.ents for i in range(e.start, e.end)}
        self._gazetteer = _gazetteer_index()
        self._token_cluster: dict[int, _Cluster] = {}
        self._mentions: list[_NameMention] = []
        self._clusters: dict[str, _Cluster] = {}
        self._descriptions: dict[tuple[str, str], _Cluster] = {}
        self._description_at: dict[int, _Cluster] = {}
        self._pronoun_at: dict[int, _Cluster] = {}
        self._sent_starts = [s.start for s in doc.sents]  # read once: rules look sentences up per token
        self._build()

    # -- clustering -------------------------------------------------------
    def _name_spans(self) -> list["Span"]:
        """Entity spans that can be actor names (not a lone title, a URL or a headline with a number)."""
        out = []
        for e in self.ents:
            if e.label_ not in NER_TYPES:
                continue
            words = [t.text for t in e if not t.is_punct]
            if not words or all(w.lower().rstrip(".") in titles() or w.lower() in ACTOR_NOUNS
                                or w.lower() in ANAPHORIC_HEADS for w in words):
                continue  # "Interior", "Prime Minister", a capitalised "Militia" in a headline
            if looks_like_url(e.text) or (e.label_ == "PERSON" and any(t.like_num for t in e)):
                continue  # a source URL line; "Suspended Worker Kills 2"
            if e.label_ == "PERSON" and len(words) > 1 and words[-1].lower().rstrip(".") in titles():
                continue  # "Cape Verde's Interior Minister": an office, not a name
            out.append(e)
        return out

    def _build(self) -> None:
        spans = self._name_spans()
        raw: list[tuple["Span", str, str, str | None, str | None]] = []
        for ent in spans:
            name, role = self._canonical_name(ent)
            if not name or (is_non_actor_name(name) and name.lower() not in self._gazetteer):
                continue
            type_, country, label = self._type_of(ent, name)
            if type_ is None:
                continue
            raw.append((ent, label, type_, country, role))
        raw = self._vote_types(raw)
        # Persons: full names first, so surnames can link to them.
        persons = self._person_names([label for _, label, t, _, _ in raw if t == "Person" and " " in label])
        long_orgs = [label for _, label, t, _, _ in raw if t == "Organization" and " " in label]
        recent: dict[str, str] = {}  # surname -> the full name the text named last
        full_names = set(persons.values())
        for ent, label, type_, country, role in raw:
            known = label.lower() in self._gazetteer
            if type_ == "Person" and " " in label:
                label = persons.get(label, label)
                recent[surname(label)] = label
            elif " " not in label and not label.isupper() and (type_ == "Person" or not known):
                # "Noboa" after "Daniel Noboa"; the model often types a bare surname as ORG or GPE
                full = self._full_name_of(label, full_names, type_ == "Person", recent)
                if full is not None:
                    label, type_, country = full, "Person", None
            if type_ in ("Organization", "Person", "Group") and label.isupper() and " " not in label:
                long = [o for o in long_orgs if is_acronym_of(label, o)]
                if len(long) == 1:
                    label, type_ = long[0], "Organization"
            cluster = self._cluster(label, type_, country)
            alias = clean_name(ent.text)
            if role:
                alias = clean_name(" ".join(t.text for t in ent if t.text not in role.split()))
                cluster.role = cluster.role or role
                cluster.nouns.update(w.lower().rstrip(".") for w in role.split())
            if type_ == "Person":
                cluster.nouns.update(_descriptor_nouns(ent))
            cluster.aliases.add(alias)
            if type_ == "Person" and cluster.gender is None:
                cluster.gender = name_gender(ent.text.split()) or name_gender(label.split())
            if type_ in ("Organization", "Group") and ent.root.tag_ == "NNPS":
                cluster.plural = True  # "the Saints", "the Tories": "they" can refer to them
            self._mentions.append(_NameMention(ent.start, ent.end, cluster))
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
        self._describe_people()
        self._pronoun_at = resolve_pronouns(self.doc, self._anchors(), self._mention_cluster, self._sent_starts)

    def _vote_types(self, raw: list) -> list:
        """One type per name in the document: the gazetteer's, else the majority of its mentions.

        A multi-word name that starts with a known given name and does not end
        in an organisation word is a person whatever the model said of one
        mention ("Wladimir Klitschko" tagged a place once).
        """
        from .wordlists import first_name_gender

        votes: dict[str, Counter] = {}
        for _, label, type_, _, _ in raw:
            votes.setdefault(name_key(label), Counter())[type_] += 1
        chosen: dict[str, str] = {}
        for key, counter in votes.items():
            chosen[key] = min(counter, key=lambda t: (-counter[t], TYPE_PRIORITY.get(t, 9)))
        out = []
        for ent, label, type_, country, role in raw:
            key = name_key(label)
            words = label.split()
            if label.lower() in self._gazetteer:
                pass
            elif (len(words) > 1 and words[0].lower() in first_name_gender()
                  and words[-1].lower() not in ORGANIZATION_HEADS and type_ in ("Organization", "Location", "Group")):
                type_, country = "Person", None
            elif chosen[key] != type_ and type_ != "Country":
                type_ = chosen[key]
                country = country if type_ in ("Organization", "Country") else None
            out.append((ent, label, type_, country, role))
        return out

    @staticmethod
    def _person_names(labels: list[str]) -> dict[str, str]:
        """Each full person name mapped to the longest variant of the same person ("Mark Felt" -> "W. Mark Felt")."""
        unique = sorted(set(labels), key=lambda x: (-len(x.split()), -len(x), x))
        canon: dict[str, str] = {}
        for label in unique:
            match = [c for c in dict.fromkeys(canon.values()) if same_person(label, c)]
            canon[label] = match[0] if len(match) == 1 else label
        return canon

    @staticmethod
    def _full_name_of(word: str, persons: set[str], is_person: bool,
                      recent: dict[str, str] | None = None) -> str | None:
        """The full person name a bare surname (or, for a person, given name) ``word`` stands for.

        The one full name that fits; when several do ("Vincent Gigante" and
        his brother "Louis Gigante"), the one the text named last before it,
        as a reader takes "Mr. Gigante" to be whoever was just introduced.
        """
        key = name_key(word)
        full = [p for p in persons if surname(p) == key or (is_person and p.split()[0] == word)]
        if len(full) == 1:
            return full[0]
        last = (recent or {}).get(key)
        return last if last in full else None

    def _country_from_document(self) -> None:
        """Give countryless named people and organisations the country the text is about.

        When a sentence that names the actor mentions exactly one country,
        or the whole document mentions only one country, the actor is taken
        to belong there; this is how event coders place local actors the
        text does not qualify. Documents about several countries leave the
        actor without one rather than guess.
        """
        country_of = {id(c): c.country for c in self._clusters.values() if c.type == "Country" and c.country}
        per_sentence: dict[int, set[str]] = {}
        counts: dict[str, int] = {}
        for m in self._mentions:
            code = country_of.get(id(m.cluster))
            if code:
                start = self.doc[m.start].sent.start
                per_sentence.setdefault(start, set()).add(code)
                counts[code] = counts.get(code, 0) + 1
        total = sum(counts.values())
        majority = next((c for c, n in counts.items() if n * 2 > total), None)
        for m in self._mentions:
            cluster = m.cluster
            if cluster.country or cluster.type not in ("Person", "Organization"):
                continue
            if cluster.label.lower() in self._gazetteer:  # known actors keep the gazetteer's answer (UN: none)
                continue
            local = per_sentence.get(self.doc[m.start].sent.start, set())
            if len(local) == 1:
                cluster.country, cluster.country_inferred = next(iter(local)), True
            elif majority and len(counts) == 1:
                cluster.country, cluster.country_inferred = majority, True

    def _country_from_context(self, ent: "Span") -> None:
        """Give a person or organisation the country its mention names.

        "Ecuador's President Daniel Noboa", "Venezuela's president, Nicolas
        Maduro", "the Ecuadorian navy": a possessive, demonym or country
        compound on the name or on the noun it is in apposition to.
        """
        cluster = self._token_cluster.get(ent.start)
        if cluster is None or cluster.country or cluster.type not in ("Person", "Organization", "Group"):
            return
        root = ent.root
        mods = ("poss", "compound", "amod", "nmod")
        places = [t for t in root.subtree if t.i < ent.start and t.dep_ in mods]
        if root.dep_ == "appos":  # "Venezuela's president, Nicolas Maduro"
            places += [t for t in root.head.subtree if t.i < root.head.i and t.dep_ in mods]
        for appos in (c for c in root.children if c.dep_ == "appos"):  # "Sidhoum, Algeria's leading lawyer"
            places += [t for t in appos.subtree if t.i < appos.i and t.dep_ in mods]
        for token in places:
            other = self._token_cluster.get(token.i)
            code = (other.country if other is not None and other is not cluster
                    else demonym_code(token.text) or (country_code(token.text) if token.pos_ == "PROPN" else None))
            if code:
                cluster.country = code
                return

    def _cluster(self, label: str, type_: str, country: str | None) -> _Cluster:
        key = entity_id(type_, label)
        cluster = self._clusters.get(key)
        if cluster is None:
            cluster = self._clusters[key] = _Cluster(label, type_, country)
        elif cluster.country is None and country:
            cluster.country = country
        return cluster

    def _canonical_name(self, ent: "Span") -> tuple[str, str | None]:
        """The name of an entity span without titles, and the title/role words it carried."""
        tokens = [t for t in ent if not (t.is_punct and t.text not in {".", "&", "-", "'", "’"})]
        role = None
        if ent.label_ == "PERSON":
            roles, keep = split_title([t.text for t in tokens])
            tokens = tokens[len(tokens) - len(keep):]
            while len(tokens) > 1 and tokens[-1].pos_ == "VERB":  # a headline: "Esther Williams Dies"
                tokens = tokens[:-1]
            role = " ".join(roles) or None
        # keep the original spacing ("Jean-Bertrand", "U.S.") rather than joining tokens with spaces
        text = "".join(t.text_with_ws for t in tokens[:-1]) + (tokens[-1].text if tokens else "")
        return clean_name(text), role

    def _type_of(self, ent: "Span", name: str) -> tuple[str | None, str | None, str]:
        """Return (type, country, canonical label) for a named entity span."""
        hit = self._gazetteer.get(name.lower()) or self._gazetteer.get(clean_name(ent.text).lower())
        if ent.ent_id_ and ent.ent_id_.lower() in self._gazetteer:
            hit = self._gazetteer[ent.ent_id_.lower()]
        if hit is not None:
            return hit.type, hit.country, hit.name
        label = ent.label_
        if label in ("GPE", "LOC", "NORP"):
            code = country_code(name) or (demonym_code(name) if label == "NORP" else None)
            if code:
                return "Country", code, country_name(code) or name
            if label == "NORP":
                return "Group", None, name
            return "Location", None, name
        type_ = NER_TYPES[label]
        if type_ == "Person" and name.split()[-1].lower() in ORGANIZATION_HEADS:
            type_ = "Organization"  # "Corvina Cartel" tagged PERSON: the head word says otherwise
        country = None
        if type_ == "Organization":
            first = name.split()[0]
            country = country_code(first) or demonym_code(first)
        return type_, country, name

    # -- descriptions and pronouns -----------------------------------------
    def _describe_people(self) -> None:
        """Register every people noun ("the actress", "a man", "pirates") as a mention.

        An appositive description takes its name's entity ("Lohan, the
        actress"); a bare definite singular one ("the actress") takes the one
        named person of compatible gender mentioned in the last few sentences;
        anything else is an unnamed description of this document only.
        """
        nouns = person_nouns()
        first_seen: dict[int, int] = {}
        for m in self._mentions:
            first_seen.setdefault(id(m.cluster), m.start)
        for tok in self.doc:
            if tok.pos_ != "NOUN" or tok.i in self._token_cluster or tok.dep_ == "compound":
                continue
            info = nouns.get(tok.lower_)
            type_ = ACTOR_NOUNS.get(tok.lower_) or ACTOR_NOUNS.get(tok.lemma_.lower())
            if info is None and type_ is None and not _people_noun(tok):
                continue
            if tok.dep_ == "appos" and tok.head.i in self._token_cluster:
                self._description_at[tok.i] = self._token_cluster[tok.head.i]
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
                         or self._named_later(tok, gender))
            if named is not None:
                self._description_at[tok.i] = named
                named.nouns.add(tok.lemma_.lower())
                continue
            label = tok.lemma_.lower() if not plural else tok.lower_
            key = (type_, label)
            cluster = self._descriptions.get(key)
            if cluster is None:
                cluster = self._descriptions[key] = _Cluster(label, type_, None, gender=gender,
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
                        t.dep_ not in ("relcl", "punct", "appos", "acl") and t.head.dep_ not in ("relcl", "acl")
                        and not (t.dep_ == "det" and t.i == desc.left_edge.i))]
                    text = "".join(t.text_with_ws for t in words[:12]).strip(" ,")
                    cluster.role = text or None
                break

    def _named_antecedent(self, tok: "Token", gender: str | None) -> _Cluster | None:
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
        if any(c.lower_ in _NEW_REFERENT for c in tok.subtree if c.i < tok.i) or any(
                c.dep_ in ("poss", "nummod") or (c.dep_ in ("prep", "relcl", "acl") and not _set_off(c))
                for c in tok.children):
            return None  # "the president of Armenia", "the man who ...", "the other man": someone new
        here = bisect.bisect_right(self._sent_starts, tok.i) - 1
        first = self._sent_starts[max(0, here - 2)]
        noun = tok.lemma_.lower()
        recent: dict[int, _Cluster] = {}
        seen: dict[int, _Cluster] = {}
        called: dict[int, _Cluster] = {}
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
        if not recent and counts:  # no one named lately: the document's main person, if it has one
            (top, n), *rest = counts.most_common(2) + [(None, 0)]
            if n >= 2 and n >= 2 * rest[0][1]:
                return seen[top]
        return None

    def _called_person(self, tok: "Token", gender: str | None, first_seen: dict[int, int]) -> _Cluster | None:
        """The one person of the document the text calls by this noun ("Deputy Jerry Ortiz" for "the deputy").

        A definite description may come before or after the name; an
        indefinite one ("A deputy was shot ...") only before it, as in a lede
        that names the person later: after the name, "a deputy" is someone else.
        """
        det = next((c.lower_ for c in tok.children if c.dep_ == "det"), None)
        if det not in ("the", "this", "that", "a", "an"):
            return None
        if any(c.lower_ in _NEW_REFERENT for c in tok.subtree if c.i < tok.i):
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

    def _named_later(self, tok: "Token", gender: str | None) -> _Cluster | None:
        """The person a lede's description names in the next sentences ("A nurse rescued ... Rui Tavares, 52, ...").

        Only when nothing else could be meant: the description is a subject,
        no person is named before it, the first person named after it is
        named within the next two sentences as a subject (or with an age in
        apposition), and no other single person noun stands in the lede
        sentence ("A driver hit a woman ...": the name may be either's).
        """
        det = next((c.lower_ for c in tok.children if c.dep_ == "det"), None)
        if det not in ("the", "a", "an") or not _is_subject(tok):
            return None
        if any(c.lower_ in _NEW_REFERENT for c in tok.subtree if c.i < tok.i) or any(
                c.dep_ == "poss" for c in tok.children):
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
        if not (_is_subject(root) or any(ch.dep_ == "appos" and ch.like_num for ch in root.children)):
            return None
        return c

    def _anchors(self) -> list[Anchor]:
        anchors = []
        for m in self._mentions:
            root = self.doc[m.start:m.end].root
            anchors.append(Anchor(root.i, root.sent.start, _is_subject(root), m.cluster))
        for i, cluster in self._description_at.items():
            tok = self.doc[i]
            anchors.append(Anchor(i, tok.sent.start, _is_subject(tok), cluster))
        return anchors

    def _mention_cluster(self, tok: "Token") -> _Cluster | None:
        return self._token_cluster.get(tok.i) or self._description_at.get(tok.i) or self._pronoun_at.get(tok.i)

    # -- resolution -------------------------------------------------------
    def entities(self) -> list[EntityRef]:
        """Every named entity cluster in the document, for the entity graph."""
        return [EntityRef(text=c.label, id=c.id, label=c.label, type=c.type, country=c.country,
                          aliases=sorted(c.aliases), country_inferred=c.country_inferred, role=c.role)
                for c in self._clusters.values()]

    def affiliations(self, sent: "Span") -> Iterator[tuple["Span", list["Token"], "Span"]]:
        """(person, role words, organisation) for "San Diego Chargers defensive tackle Jamal Williams".

        A name preceded by job words that are themselves preceded by a named
        organisation or country: what the text says the person is there.
        """
        for m in self._mentions:
            if m.cluster.type != "Person" or not sent.start <= m.start < sent.end:
                continue
            j = m.start - 1
            while j >= sent.start and self.doc[j].pos_ in ("NOUN", "ADJ") and self.cluster_at(j) is None:
                j -= 1
            role = list(self.doc[j + 1:m.start])
            org = self.cluster_at(j) if j >= sent.start else None
            if not role or org is None or org.type not in ("Organization", "Country") or not any(
                    t.pos_ == "NOUN" for t in role):
                continue
            ent = self._ent_at.get(j)
            if ent is not None and ent.end == j + 1:
                yield self.doc[m.start:m.end], role, ent

    def cluster_at(self, i: int) -> _Cluster | None:
        return self._token_cluster.get(i)

    def resolve(self, head: "Token", text: str, modifier: "Token | None" = None) -> EntityRef:
        """Resolve an argument whose syntactic head is ``head`` and surface text is ``text``.

        ``modifier`` selects one country modifier of a conjoined noun phrase
        ("Ecuadorian and U.S. forces" is resolved once per modifier). A
        pronoun the text does not pin down comes back with an empty id.
        """
        if modifier is None and head.pos_ == "PRON" and head.lower_ in PRONOUNS:
            cluster = self._pronoun_at.get(head.i)
            if cluster is None:
                return EntityRef(text=text, id="", label=text, type="Other", kind="pronoun")
            return self._ref(text, cluster, "pronoun")
        cluster = self._resolve_cluster(head, modifier)
        if cluster is not None:
            own = self.cluster_at(head.i) is cluster or modifier is not None
            return self._ref(text, cluster, "name" if own else "description")
        described = self._description_at.get(head.i)
        if described is not None and described.scope is None:
            return self._ref(text, described, "description")
        return self._common(head, text)

    def _ref(self, text: str, cluster: _Cluster, kind: str = "name") -> EntityRef:
        return EntityRef(text=text, id=cluster.id, label=cluster.label, type=cluster.type,
                         country=cluster.country, aliases=sorted(cluster.aliases),
                         country_inferred=cluster.country_inferred, kind=kind, role=cluster.role,
                         generic=cluster.scope is not None)

    def _resolve_cluster(self, head: "Token", modifier: "Token | None") -> _Cluster | None:
        if modifier is not None:
            return self._modifier_cluster(modifier)
        own = self.cluster_at(head.i)
        if own is not None and not (head.ent_type_ == "NORP" and head.dep_ == "amod"):
            # a name ("Los Lobos"); but "the Ecuador's government"-style heads fall through
            return own
        lemma = head.lemma_.lower()
        if head.pos_ == "NOUN":  # "SOUTHCOM's new chief, Gen. Francis Donovan"
            for child in head.children:
                if child.dep_ == "appos" and self.cluster_at(child.i) is not None:
                    return self.cluster_at(child.i)
        if head.pos_ == "PROPN":  # "Lohan" the model did not tag, after "Lindsay Lohan"
            part = self._name_part_cluster(head)
            if part is not None:
                return part
        # "Trump's administration", "Ecuador's government", "the Noboa government"
        if lemma in INSTITUTION_HEADS or head.lower_ in INSTITUTION_HEADS:
            for child in head.children:
                if child.dep_ in ("poss", "compound", "amod", "nmod"):
                    c = self._modifier_cluster(child)
                    if c is not None:
                        return c
        # "Ecuadorian forces", "U.S. troops": the country acts; "Hezbollah guerrillas": the group
        if head.lower_ in ACTOR_NOUNS or lemma in ACTOR_NOUNS or _people_noun(head):
            for child in head.children:
                if child.dep_ in ("amod", "compound", "nmod", "poss"):
                    c = self._modifier_cluster(child)
                    if c is not None and (c.type == "Country" or (c.type == "Organization" and child.dep_ in ("compound", "poss"))):
                        return c
                elif child.dep_ == "prep" and child.lower_ == "of":  # "the president of Armenia"
                    for pobj in child.children:
                        c = self._modifier_cluster(pobj) if pobj.dep_ == "pobj" else None
                        if c is not None and c.type == "Country":
                            return c
        # "the group", "the country": nearest compatible named actor
        if lemma in ANAPHORIC_HEADS and any(c.lower_ in ("the", "this", "that") for c in head.children):
            # only a bare description refers back; "the president of Armenia" introduces someone
            if not any(c.dep_ in ("amod", "compound", "poss", "prep", "appos", "acl", "relcl") for c in head.children):
                return self._antecedent(head, ANAPHORIC_HEADS[lemma], noun=lemma)
        return None

    def _name_part_cluster(self, head: "Token") -> _Cluster | None:
        """The person of this document whose surname is the bare proper noun ``head`` (see :meth:`_full_name_of`)."""
        text = clean_name(" ".join(t.text for t in head.subtree if t.dep_ == "compound" or t.i == head.i))
        if not text or " " in text:
            return None
        people = {c.label: c for c in self._clusters.values() if c.type == "Person" and " " in c.label}
        recent = {surname(m.cluster.label): m.cluster.label for m in self._mentions
                  if m.start < head.i and m.cluster.label in people}
        full = self._full_name_of(text, set(people), False, recent)
        return people[full] if full is not None else None

    def _modifier_cluster(self, token: "Token") -> _Cluster | None:
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

    def _misspelt_acronym(self, text: str) -> _Cluster | None:
        """A cluster one of whose all-caps names is one edit away from ``text`` (5+ letters)."""
        if len(text) < 5 or not text.isupper():
            return None
        for cluster in self._clusters.values():
            for name in (cluster.label, *cluster.aliases):
                if name.isupper() and abs(len(name) - len(text)) <= 1 and one_edit(name, text):
                    return cluster
        return None

    def _antecedent(self, head: "Token", types: set[str] | None, noun: str | None = None) -> _Cluster | None:
        """The named actor a definite description ("the command") refers back to.

        An actor whose name contains the noun ("U.S. Southern Command") is
        preferred over a nearer one of the same type; otherwise the one
        compatible actor named in the last ~80 tokens, or none when several are.
        """
        if not types:
            return None
        named: _Cluster | None = None
        recent: dict[int, _Cluster] = {}
        for m in self._mentions:
            if m.end > head.i:
                break
            if noun and noun in m.cluster.label.lower().split() and head.i - m.end < 400:
                named = m.cluster
            if m.cluster.type in types and head.i - m.end < 80:
                recent[id(m.cluster)] = m.cluster
        if named is not None:
            return named
        return next(iter(recent.values())) if len(recent) == 1 else None

    def is_actor_noun(self, head: "Token") -> bool:
        """True for a name or a noun denoting people or an institution ("navy", "fishermen")."""
        return (self.cluster_at(head.i) is not None or head.lower_ in ACTOR_NOUNS
                or head.lemma_.lower() in ACTOR_NOUNS or head.lower_ in person_nouns() or _people_noun(head))

    def describe(self, head: "Token", text: str) -> EntityRef:
        """The argument as an unnamed description, without resolving it to a named actor."""
        return self._common(head, text)

    def _common(self, head: "Token", text: str) -> EntityRef:
        """An unnamed argument: an actor noun ("police") or anything else (type Other).

        Its id is scoped to the document unless it is a proper name.
        """
        words = [t for t in head.subtree if t.i < head.i and _compound_of(t, head)]
        # a capitalised office ("Cape Verde's Interior Minister") is a description, not a name
        proper = head.pos_ == "PROPN" and head.lower_.rstrip(".") not in titles()
        label = " ".join([t.lemma_.lower() for t in words] + [head.lemma_.lower() if not proper else head.text])
        if proper:
            label = clean_name(text) or head.text
        type_ = ACTOR_NOUNS.get(head.lower_) or ACTOR_NOUNS.get(head.lemma_.lower()) or "Other"
        described = self._description_at.get(head.i)
        if described is not None:
            type_ = described.type
        generic = not proper or (not words and (head.lower_ in ACTOR_NOUNS or head.lower_ in ANAPHORIC_HEADS))
        ident = entity_id(type_, label) if proper else description_id(type_, label, self.doc_id)
        return EntityRef(text=text, id=ident, label=label, type=type_, country=self._country_in_phrase(head),
                         generic=generic, kind="name" if proper else "description")

    def _country_in_phrase(self, head: "Token") -> str | None:
        """The first country a noun phrase names: "Sri Lankan army", "security forces in Guinea"."""
        for tok in head.subtree:
            if tok.dep_ in ("relcl", "conj", "appos", "ccomp", "acl") and tok.head.i == head.i:
                break
            cluster = self._token_cluster.get(tok.i)
            if cluster is not None and cluster.country:
                return cluster.country
            if tok.ent_type_ in ("NORP", "GPE"):
                ent = self._ent_at.get(tok.i)
                text = ent.text if ent is not None else tok.text
                code = demonym_code(text) or country_code(text)  # "South American" is not USA
                if code:
                    return code
            elif tok.is_title:
                code = demonym_code(tok.text)
                if code:
                    return code
        return None


def _is_subject(tok: "Token") -> bool:
    """A subject, or a conjunct of one ("Sequeira and Serpa met")."""
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass")


_PEOPLE_SUFFIXES = ("men", "ers", "ists", "ians", "ants", "ents", "ees", "ors", "iers")


def _people_noun(head: "Token") -> bool:
    """A plural noun that names people by what they do ("fishermen", "traders", "activists")."""
    return head.tag_ == "NNS" and head.lower_.endswith(_PEOPLE_SUFFIXES)


def _set_off(tok: "Token") -> bool:
    """True if a modifier follows a comma ("the actress, who shot to fame"): it adds, it does not pick out."""
    edge = tok.left_edge.i
    return edge > 0 and tok.doc[edge - 1].text == ","


def _descriptor_nouns(ent: "Span") -> set[str]:
    """Person nouns right before a name ("party girl Tara Reid", "actress Reid"): what the text calls them."""
    nouns = person_nouns()
    out = set()
    for tok in ent.root.children:
        if tok.i < ent.start and tok.dep_ in ("compound", "amod", "nmod") and tok.pos_ == "NOUN":
            if tok.lower_ in nouns or tok.lemma_.lower() in nouns or _people_noun(tok):
                out.add(tok.lemma_.lower())
    return out


def _compound_of(token: "Token", head: "Token") -> bool:
    """True if ``token`` reaches ``head`` through compound links only ("drug trafficking groups")."""
    cur = token
    while cur.dep_ == "compound" and cur.head != cur:
        cur = cur.head
        if cur == head:
            return True
    return False


class _GazetteerHit:
    __slots__ = ("name", "type", "country")

    def __init__(self, name: str, type_: str, country: str | None) -> None:
        self.name, self.type, self.country = name, type_, country


def _gazetteer_index() -> dict[str, _GazetteerHit]:
    return _cached_gazetteer_index()


def _build_index(entries: Iterable) -> dict[str, _GazetteerHit]:
    index: dict[str, _GazetteerHit] = {}
    for e in entries:
        hit = _GazetteerHit(e.name, e.type, e.country)
        for name in [e.name, *e.aliases]:
            index.setdefault(name.lower(), hit)
            index.setdefault(clean_name(name).lower(), hit)
    return index


@functools.lru_cache(maxsize=1)
def _cached_gazetteer_index() -> dict[str, _GazetteerHit]:
    return _build_index(load_gazetteer())
