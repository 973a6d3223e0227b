"""Which country an actor belongs to when its name does not say so.

Why its own module: event coders place local actors in a country ("the
Ecuadorian navy", "Venezuela's president, Nicolas Maduro", a mayor in a
story about one country), and the graph's country views depend on it. The
rules read a name's modifiers, its appositions, its sentence and the
whole document; they are the mixin :class:`CountryRules` that
:class:`~kg.extract.entities.DocumentEntities` uses once its names are clustered.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from .clusters import Cluster, NameMention
from .countries import country_code, demonym_code
from .gazetteer_index import GazetteerHit
from .non_actor_mentions import headline_sentence
from .wordlists import national_services, wordnet_person_nouns

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["CountryRules"]


class CountryRules:
    """Gives people and organisations the country their mention, sentence or document names.

    A mixin: :class:`~kg.extract.entities.DocumentEntities` provides the
    state below; these rules set ``country`` (and ``country_inferred``) on clusters.
    """

    doc: "Doc"
    _mentions: list[NameMention]
    _clusters: dict[str, Cluster]
    _token_cluster: dict[int, Cluster]
    _ent_at: dict[int, "Span"]
    _gazetteer: dict[str, GazetteerHit]
    _cluster: "Callable[[str, str, str | None], Cluster]"

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

    def _national_service(self, head: "Token") -> Cluster | None:
        """The armed service a demonym names: "the Senegalese navy" is the organisation "Senegalese Navy" of Senegal.

        A text that capitalises it ("the Senegalese Navy") gets the same actor
        from the name, so one service has one node whatever the case. Only
        the services in ``national_services.txt``: "Ecuadorian forces" still
        stand for Ecuador.
        """
        words = [t for t in head.lefts if t.dep_ == "compound"] + [head]
        service = " ".join(t.lower_ for t in words)
        if service not in national_services():
            return None
        for mod in head.lefts:
            if mod.dep_ != "amod" or mod.i > words[0].i:
                continue
            demonym = self._nationality_words(mod)
            code = demonym_code(demonym)
            if code:
                name = f"{demonym} {' '.join(t.text.capitalize() for t in words)}"
                return self._cluster(name, "Organization", code)
        return None

    def _national_person(self, head: "Token") -> str | None:
        """The country of one person named by nationality ("One Gambian", "the 40-year-old Nigerian").

        The model tags the demonym a nationality like the adjective in "the
        Senegalese navy", but a counted or determined singular demonym is one
        of its people, not the country: that person is the actor.
        Plurals ("Americans") still stand for the country, as event coding has it.
        """
        mods = [c for c in head.children if c.dep_ in ("det", "nummod", "amod")]
        if head.dep_ in ("amod", "compound") or head.tag_ not in ("NN", "NNP") and not (
                head.tag_ == "JJ" and any(c.dep_ in ("det", "nummod") for c in mods)):
            return None  # (the tagger reads "One Australian and one English climber" as an adjective)
        if not mods and head.dep_ not in ("nsubj", "nsubjpass", "ROOT"):
            return None  # a bare one is the nation (but a headline drops the article: "Briton dies in fall")
        if any(c.dep_ == "nummod" and c.lower_ not in ("one", "1") for c in mods):
            return None  # "12 Gambian" are several
        if head.lower_.endswith(("ch", "sh", "ss", "ese")) and all(c.lower_ == "the" for c in mods):
            return None  # "the French", "the Chinese": the people as a whole
        code = demonym_code(self._nationality_words(head))
        return code if code and (mods or headline_sentence(head.sent)) else None

    def _group_member(self, head: "Token") -> bool:
        """True for one member of a group the model tags like a nationality ("a Republican", "one Democrat").

        Not a nationality (:meth:`_national_person` gives those their
        country): a party's or a faith's one member is a person of the story,
        not the party, which is a name shared by every story.
        """
        ent = self._ent_at.get(head.i)
        return ent is not None and ent.label_ == "NORP" and len(ent) == 1 and head.tag_ in ("NN", "NNP") \
            and not head.text.endswith("s") and head.dep_ not in ("amod", "compound") \
            and any(c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one", "1") for c in head.children) \
            and not demonym_code(head.text) and head.lower_ in wordnet_person_nouns()  # not "a Greyhound" (a bus)

    def _nationality_words(self, tok: "Token") -> str:
        """The whole nationality a token is part of ("South Korean" for "Korean"), else the token's text."""
        ent = self._ent_at.get(tok.i)
        return ent.text if ent is not None and ent.label_ == "NORP" else tok.text

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
