"""Resolve argument tokens to canonical actors within one document.

Why this exists: a news article names the same actor many ways ("U.S.
Southern Command", "SOUTHCOM", "the command"; "President Daniel Noboa",
"Noboa", "he"). A graph with one node per surface form is useless, so every
argument of a triple goes through :class:`DocumentEntities`, which knows
all names in the document and links acronyms, name parts, gazetteer
aliases, country names and demonyms, pronouns and definite descriptions to
one canonical entity with a stable id (``<Type>/<slug>``).
"""
from __future__ import annotations

import functools
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from ..model import EntityRef
from .countries import country_code, country_name, demonym_code, load_gazetteer

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["DocumentEntities", "entity_id", "slugify", "is_acronym_of", "strip_titles"]

#: spaCy NER label -> kg type (GPE is refined to Country or Location).
NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Country", "LOC": "Location",
             "FAC": "Location", "NORP": "Group"}

#: Words that precede names as titles or ranks; stripped from canonical labels.
TITLES = {
    "president", "vice", "prime", "minister", "secretary", "gen", "gen.", "general", "lt", "lt.",
    "col", "col.", "colonel", "maj", "maj.", "major", "capt", "capt.", "captain", "adm", "adm.",
    "admiral", "sgt", "sgt.", "marine", "army", "navy", "senator", "sen", "sen.", "rep", "rep.",
    "representative", "governor", "gov", "gov.", "mayor", "king", "queen", "prince", "princess",
    "sheikh", "chancellor", "ambassador", "commander", "chief", "director", "dr", "dr.", "mr",
    "mr.", "mrs", "mrs.", "ms", "ms.", "judge", "justice", "pope", "cardinal", "bishop", "rev",
    "rev.", "foreign", "defence", "defense", "interior", "finance", "deputy", "acting", "former",
    "supreme", "leader", "spokesman", "spokeswoman", "spokesperson", "officer", "inspector",
    "sir", "lord", "lady", "emir", "sultan", "ayatollah", "chairman", "chairwoman", "ceo",
}

#: Last words that make a name an organisation whatever the model's label says.
ORGANIZATION_HEADS = {
    "cartel", "militia", "union", "command", "authority", "agency", "ministry", "party", "front",
    "army", "brigade", "brigades", "council", "committee", "association", "observatory", "movement",
    "organization", "organisation", "company", "corporation", "bank", "court", "police", "navy",
    "forces", "guard", "coalition", "alliance", "federation", "institute", "foundation", "league",
    "network", "group", "gang", "department", "office", "service", "services", "commission",
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

PRONOUN_TYPES = {
    "he": {"Person"}, "him": {"Person"}, "his": {"Person"}, "she": {"Person"},
    "her": {"Person"}, "hers": {"Person"},
    "it": {"Organization", "Country"}, "its": {"Organization", "Country"},
    "they": {"Organization", "Group", "Country"}, "them": {"Organization", "Group", "Country"},
    "their": {"Organization", "Group", "Country"},
}

_LEADING_ARTICLES = re.compile(r"^(the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(\s*['’]s|['’])$")


def slugify(text: str) -> str:
    """ASCII slug used in entity ids: ``"Los Choneros" -> "los-choneros"``."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-")
    return slug or "x" + str(zlib.crc32(text.encode("utf-8", "surrogatepass")) % 100_000)  # stable across runs


def entity_id(type_: str, label: str) -> str:
    """Stable entity id from type and canonical label, the same in every run and document."""
    return f"{type_}/{slugify(label)}"


def strip_titles(words: list[str]) -> list[str]:
    """Drop leading titles and ranks: ``["Marine", "Gen.", "Francis", "Donovan"] -> [...Francis, Donovan]``."""
    i = 0
    while i < len(words) - 1 and words[i].lower().rstrip(".") in {t.rstrip(".") for t in TITLES}:
        i += 1
    return words[i:]


def _clean_name(text: str) -> str:
    text = _LEADING_ARTICLES.sub("", text.strip())
    text = _POSSESSIVE.sub("", text)
    return re.sub(r"\s+", " ", text).strip(" ,.;:\"“”'‘’()")


def is_acronym_of(acronym: str, long_form: str) -> bool:
    """True if ``acronym`` is built from prefixes of consecutive words of ``long_form``.

    Covers initialisms (NATO) and syllabic acronyms (SOUTHCOM = SOUTHern COMmand),
    allowing words at the start of the long form to be skipped (the "U.S." of
    "U.S. Southern Command") and small function words anywhere.

    >>> is_acronym_of("SOUTHCOM", "U.S. Southern Command")
    True
    >>> is_acronym_of("NATO", "North Atlantic Treaty Organization")
    True
    >>> is_acronym_of("UN", "Los Lobos")
    False
    """
    letters = re.sub(r"[^A-Za-z]", "", acronym).lower()
    if len(letters) < 2 or not acronym[:1].isupper():
        return False
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", long_form)]
    small = {"of", "the", "and", "for", "de", "la", "del", "los", "las", "el", "in", "on"}

    def match(a: int, w: int, used: int) -> bool:
        if a == len(letters):
            return w == len(words) and used >= 2 or (w == len(words) and used >= 1 and len(words) == 1)
        if w == len(words):
            return False
        word = words[w]
        if word in small and match(a, w + 1, used):
            return True
        for k in range(min(len(word), len(letters) - a), 0, -1):
            if word[:k] == letters[a:a + k] and match(a + k, w + 1, used + 1):
                return True
        return False

    return any(match(0, start, 0) for start in range(0, min(2, len(words))))


@dataclass
class _Cluster:
    label: str
    type: str
    country: str | None = None
    aliases: set[str] = field(default_factory=set)
    country_inferred: bool = False

    @property
    def id(self) -> str:
        return entity_id(self.type, self.label)


@dataclass
class _NameMention:
    start: int  # token index
    end: int
    cluster: _Cluster


class DocumentEntities:
    """All named actors of one parsed document, clustered to canonical entities.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        A parsed document (NER and dependency parse).
    """

    def __init__(self, doc: "Doc") -> None:
        self.doc = doc
        self.ents = list(doc.ents)  # doc.ents builds new Span objects on every access: read it once
        self._ent_at = {i: e for e in self.ents for i in range(e.start, e.end)}
        self._gazetteer = _gazetteer_index()
        self._token_cluster: dict[int, _Cluster] = {}
        self._mentions: list[_NameMention] = []
        self._clusters: dict[str, _Cluster] = {}
        self._build()

    # -- clustering -------------------------------------------------------
    def _build(self) -> None:
        # "Interior" of "Interior Minister X" is a title the model mistakes for a name
        # nor is a lone common noun the model capitalised in a headline ("Militia seizes ...")
        spans = [e for e in self.ents if e.label_ in NER_TYPES
                 and not (len(e) == 1 and (e.text.lower() in TITLES or e.text.lower() in ACTOR_NOUNS
                                           or e.text.lower() in ANAPHORIC_HEADS))]
        raw: list[tuple["Span", str, str, str | None]] = []
        for ent in spans:
            name = self._canonical_name(ent)
            if not name:
                continue
            type_, country, label = self._type_of(ent, name)
            if type_ is None:
                continue
            raw.append((ent, label, type_, country))
        # Persons: full names first, so surnames can link to them.
        persons = {label for _, label, t, _ in raw if t == "Person" and " " in label}
        long_orgs = [label for _, label, t, _ in raw if t == "Organization" and " " in label]
        for ent, label, type_, country in raw:
            known = label.lower() in self._gazetteer
            if " " not in label and not label.isupper() and (type_ == "Person" or not known):
                # "Noboa" after "Daniel Noboa"; the model often types a bare surname as ORG or GPE
                full = [p for p in persons if p.split()[-1] == label or (type_ == "Person" and p.split()[0] == label)]
                if len(full) == 1:
                    label, type_, country = full[0], "Person", None
            if type_ in ("Organization", "Person", "Group") and label.isupper() and " " not in label:
                long = [o for o in long_orgs if is_acronym_of(label, o)]
                if len(long) == 1:
                    label, type_ = long[0], "Organization"
            cluster = self._cluster(label, type_, country)
            cluster.aliases.add(_clean_name(ent.text))
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

    def _canonical_name(self, ent: "Span") -> str:
        tokens = [t for t in ent if not (t.is_punct and t.text not in {".", "&", "-", "'", "’"})]
        if ent.label_ == "PERSON":
            keep = strip_titles([t.text for t in tokens])
            tokens = tokens[len(tokens) - len(keep):]
        # keep the original spacing ("Jean-Bertrand", "U.S.") rather than joining tokens with spaces
        text = "".join(t.text_with_ws for t in tokens[:-1]) + (tokens[-1].text if tokens else "")
        return _clean_name(text)

    def _type_of(self, ent: "Span", name: str) -> tuple[str | None, str | None, str]:
        """Return (type, country, canonical label) for a named entity span."""
        hit = self._gazetteer.get(name.lower()) or self._gazetteer.get(_clean_name(ent.text).lower())
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

    # -- resolution -------------------------------------------------------
    def entities(self) -> list[EntityRef]:
        """Every named entity cluster in the document, for the entity graph."""
        return [EntityRef(text=c.label, id=c.id, label=c.label, type=c.type, country=c.country,
                          aliases=sorted(c.aliases), country_inferred=c.country_inferred)
                for c in self._clusters.values()]

    def cluster_at(self, i: int) -> _Cluster | None:
        return self._token_cluster.get(i)

    def resolve(self, head: "Token", text: str, modifier: "Token | None" = None) -> EntityRef:
        """Resolve an argument whose syntactic head is ``head`` and surface text is ``text``.

        ``modifier`` selects one country modifier of a conjoined noun phrase
        ("Ecuadorian and U.S. forces" is resolved once per modifier).
        """
        cluster = self._resolve_cluster(head, modifier)
        if cluster is not None:
            return self._ref(text, cluster)
        return self._common(head, text)

    def _ref(self, text: str, cluster: _Cluster) -> EntityRef:
        return EntityRef(text=text, id=cluster.id, label=cluster.label, type=cluster.type,
                         country=cluster.country, aliases=sorted(cluster.aliases),
                         country_inferred=cluster.country_inferred)

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
        if head.pos_ == "PRON":
            return self._antecedent(head, PRONOUN_TYPES.get(head.lower_))
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

    def _modifier_cluster(self, token: "Token") -> _Cluster | None:
        cluster = self.cluster_at(token.i) or self._misspelt_acronym(token.text)
        if cluster is not None:
            return cluster
        if token.pos_ == "PRON" and token.dep_ == "poss":  # "its top leaders", "their fighters"
            return self._antecedent(token, PRONOUN_TYPES.get(token.lower_))
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
                if name.isupper() and abs(len(name) - len(text)) <= 1 and _one_edit(name, text):
                    return cluster
        return None

    def _antecedent(self, head: "Token", types: set[str] | None, noun: str | None = None) -> _Cluster | None:
        """Nearest preceding named actor of a compatible type (within ~80 tokens).

        With ``noun`` ("the command"), an actor whose name contains that noun
        ("U.S. Southern Command") is preferred over a nearer one of the same type.
        """
        if not types:
            return None
        counts: dict[int, int] = {}
        last: dict[int, int] = {}
        clusters: dict[int, _Cluster] = {}
        named: _Cluster | None = None
        for m in self._mentions:
            if m.end > head.i:
                break
            if noun and noun in m.cluster.label.lower().split() and head.i - m.end < 400:
                named = m.cluster
            if m.cluster.type in types:
                key = id(m.cluster)
                counts[key] = counts.get(key, 0) + 1
                last[key] = m.end
                clusters[key] = m.cluster
        if named is not None:
            return named
        # the most mentioned compatible actor seen recently, the nearest on ties
        recent = [k for k in clusters if head.i - last[k] < 80]
        if not recent:
            return None
        return clusters[max(recent, key=lambda k: (counts[k], last[k]))]

    def is_actor_noun(self, head: "Token") -> bool:
        """True for a name or a noun denoting people or an institution ("navy", "fishermen")."""
        return (self.cluster_at(head.i) is not None or head.lower_ in ACTOR_NOUNS
                or head.lemma_.lower() in ACTOR_NOUNS or _people_noun(head))

    def describe(self, head: "Token", text: str) -> EntityRef:
        """The argument as an unnamed description, without resolving it to a named actor."""
        return self._common(head, text)

    def _common(self, head: "Token", text: str) -> EntityRef:
        """An unnamed argument: an actor noun ("police") or anything else (type Other)."""
        words = [t for t in head.subtree if t.i < head.i and _compound_of(t, head)]
        label = " ".join([t.lemma_.lower() for t in words] + [head.lemma_.lower() if head.pos_ != "PROPN" else head.text])
        if head.pos_ == "PROPN":
            label = _clean_name(text) or head.text
        type_ = ACTOR_NOUNS.get(head.lower_) or ACTOR_NOUNS.get(head.lemma_.lower()) or "Other"
        return EntityRef(text=text, id=entity_id(type_, label), label=label, type=type_,
                         country=self._country_in_phrase(head),
                         generic=head.pos_ != "PROPN" or (not words and (head.lower_ in ACTOR_NOUNS
                                                                         or head.lower_ in ANAPHORIC_HEADS)))

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


_PEOPLE_SUFFIXES = ("men", "ers", "ists", "ians", "ants", "ents", "ees", "ors", "iers")


def _people_noun(head: "Token") -> bool:
    """A plural noun that names people by what they do ("fishermen", "traders", "activists")."""
    return head.tag_ == "NNS" and head.lower_.endswith(_PEOPLE_SUFFIXES)


def _compound_of(token: "Token", head: "Token") -> bool:
    """True if ``token`` reaches ``head`` through compound links only ("drug trafficking groups")."""
    cur = token
    while cur.dep_ == "compound" and cur.head != cur:
        cur = cur.head
        if cur == head:
            return True
    return False


def _one_edit(a: str, b: str) -> bool:
    """True if ``a`` and ``b`` differ by exactly one insertion, deletion or substitution."""
    if a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:] if len(a) < len(b) else a[i + 1:] == b[i + 1:]


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
            index.setdefault(_clean_name(name).lower(), hit)
    return index



@functools.lru_cache(maxsize=1)
def _cached_gazetteer_index() -> dict[str, _GazetteerHit]:
    return _build_index(load_gazetteer())
