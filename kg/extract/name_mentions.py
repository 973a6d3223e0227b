"""From the NER model's entity spans to typed actor names: which spans are names, and of what.

Why its own module: the model's spans are noisy (a capitalised "Militia" in a headline, "Cape Verde's
Interior Minister", a URL or a team tagged as a person, one person tagged as a place once). These rules
turn each span into a clean name, its title words, and one type and country agreed by the gazetteer, the
name's own words and the vote of all its mentions in the document, before
:class:`~kg.extract.entities.DocumentEntities` clusters the names.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Iterable

from .appositions import bracketed_acronym
from .countries import country_code, country_name, demonym_code
from .gazetteer_index import GazetteerHit
from .identity_cues import person_word
from .name_modifiers import home_before_person_noun
from .names import TYPE_PRIORITY, clean_name, is_non_actor_name, looks_like_url, name_key, split_title
from .nlp import is_dateline
from .short_names import plural_name_type
from .token_search import positions
from .noun_phrases import capitalised_person_noun, place_named
from .non_actor_mentions import a_name_as_a_noun, described_not_named, street_name, vessel
from .wordlists import (actor_nouns, anaphoric_heads, eponym_heads, first_name_gender, headline_lowercase,
                        organization_heads, person_nouns, place_name_words, shared_institutions, titles)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["NER_TYPES", "TypedName", "actor_name_spans", "canonical_name", "name_type", "typed_names",
           "vote_types", "with_described_people", "with_name_tails", "with_nicknames"]

#: spaCy NER label -> kg type (GPE is refined to Country or Location).
NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Country", "LOC": "Location",
             "FAC": "Location", "NORP": "Group"}

#: One name mention: (entity span, canonical label, type, country code, title/role words).
TypedName = tuple["Span", str, str, "str | None", "str | None"]


def actor_name_spans(ents: Iterable["Span"]) -> list["Span"]:
    """Entity spans that can be actor names (not a lone title, a URL or a headline with a number)."""
    actors, anaphoric = actor_nouns(), anaphoric_heads()
    ents = list(ents)
    surnames = {e[-1].lower_ for e in ents if e.label_ == "PERSON" and len(e) > 1}
    out = []
    for e in ents:
        if e.label_ not in NER_TYPES:
            continue
        words = [t.text for t in e if not t.is_punct]
        if not words or all(w.lower().rstrip(".") in titles() or w.lower() in actors
                            or w.lower() in anaphoric for w in words):
            continue  # "Interior", "Prime Minister", a capitalised "Militia" in a headline
        if len(e) == 1 and (capitalised_person_noun(e[0]) or (
                e.label_ == "PERSON" and e[0].tag_ in ("NN", "NNP") and demonym_code(e.text)
                and e[0].lower_ not in surnames)):
            continue  # a headline's "Man charged ...", "Briton dies": a description the case disguised
        if looks_like_url(e.text) or (e.label_ == "PERSON" and any(t.like_num for t in e)):
            continue  # a source URL line; "Suspended Worker Kills 2"
        if e.label_ == "PERSON" and len(words) > 1 and (described_not_named(list(e)) or (
                words[-1].lower().rstrip(".") in titles() and words[0].lower() not in first_name_gender())):
            continue  # "Cape Verde's Interior Minister", "Suspended Worker": no name ("Billy King" is one)
        if e.label_ not in ("GPE", "LOC") and is_dateline(e.sent):
            continue  # the wire service of "PRAIA, May 9 (Ilha News) -" is no actor of the story
        if e.label_ != "NORP" and a_name_as_a_noun(e.root):
            continue  # "won an Emmy", "took a Tony": a prize, a product, not the one actor of that name
        out.append(e)
    return out


def with_name_tails(doc: "Doc", ents: list["Span"]) -> list["Span"]:
    """Person names the model cut before their last part ("Ana Tavares" + "Gomes" is "Ana Tavares Gomes"),
    or after a known given name ("Ana" + "Reis" is "Ana Reis").

    Why: two-surname names (common in Portuguese and Spanish news) are often
    tagged without their last word, which the parser still reads as the
    name's head; the rest of the document then says "Gomes", a name kg
    could not tie to anyone. A person span grows over untagged proper
    nouns it is a compound of, up to that head.
    """
    from spacy.tokens import Span

    given = first_name_gender()
    out = []
    for e in ents:
        start, end = e.start, e.end
        if e.label_ == "PERSON":
            while end < len(doc) and doc[end - 1].dep_ == "compound" and doc[end - 1].head.i == end \
                    and doc[end].pos_ == "PROPN" and not doc[end].ent_type_ and doc[end].text[:1].isupper() \
                    and doc[end].is_alpha and doc[end].lower_.rstrip(".") not in titles():
                end += 1
            # "Ana Reis met ...": the model often tags only the surname of a name opening a sentence
            while start > 0 and doc[start - 1].dep_ == "compound" and start <= doc[start - 1].head.i < end \
                    and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].ent_type_ \
                    and doc[start - 1].is_title and doc[start - 1].lower_ in given:
                start -= 1
        out.append(e if (start, end) == (e.start, e.end) else Span(doc, start, end, label=e.label_))
    return out


def with_described_people(doc: "Doc", ents: list["Span"]) -> list["Span"]:
    """The entity spans, with untagged names the text itself calls people added as PERSON.

    The small model misses many names it has not seen ("Nelia Fonseca, the
    singer, died"), and the rest of the story then has no one for "she" or
    "Fonseca" but another Fonseca. A run of two to four capitalised proper
    nouns no entity covers is a person's name when a person noun stands in
    apposition to it ("X, the Cape Verdean singer,") or before it as a title
    ("singer X", "Singer X" in a headline).
    """
    from spacy.tokens import Span

    tagged = {i for e in ents for i in range(e.start, e.end)}
    added: list[Span] = []
    i = 0
    while i < len(doc):
        end = i
        while end < len(doc) and end not in tagged and doc[end].pos_ == "PROPN" and doc[end].is_title \
                and doc[end].is_alpha:
            end += 1
        if end == i:
            i += 1
            continue
        start = i
        while start < end and person_word(doc[start]):  # "Singer Nelia Fonseca": the title is no part of it
            start += 1
        root = doc[end - 1]
        titled = start > i or (i > 0 and person_word(doc[i - 1]) and doc[i - 1].dep_ == "compound")
        apposed = any(c.dep_ == "appos" and c.pos_ == "NOUN" and person_word(c) and c.i > root.i
                      for c in root.children)
        if 2 <= end - start <= 4 and all(doc[k].head.i in range(start, end) for k in range(start, end - 1)) \
                and (titled or apposed):
            added.append(Span(doc, start, end, label="PERSON"))
        i = end
    return sorted(ents + added, key=lambda e: e.start) if added else ents


def _described_as_person(ent: "Span") -> bool:
    """True when an apposition calls the name a person: "Its leader, X,", "X, a 48-year-old economist,".

    Only a singular noun kg lists for people (:func:`~kg.extract.wordlists.person_nouns`; WordNet's
    wider list would take "a subsidiary" for a person) that never names an organisation ("the software
    giant" is a company).
    """
    root = ent.root
    nouns = [c for c in root.children if c.dep_ == "appos" and c.i > root.i]
    if root.dep_ == "appos" and root.head.i < root.i:
        nouns.append(root.head)
    people, actors, anaphoric = person_nouns(), actor_nouns(), anaphoric_heads()
    return any(n.tag_ == "NN" and n.lower_ in people and actors.get(n.lower_) not in ("Organization", "Group")
               and "Organization" not in anaphoric.get(n.lower_, ()) for n in nouns)


#: Marks around a nickname inside a person's name: Vincent "The Chin" Rocha, Luis (Jerry) Lopes.
_NICK_OPEN = {"'": "'", '"': '"', "‘": "’", "“": "”", "(": ")"}


def _nickname_at(doc: "Doc", i: int) -> int | None:
    """The index after the closing mark if a quoted or bracketed nickname of 1-3 words opens at ``i``.

    The nickname's words are capitalised, except a leading "the" ('Vincent "the Chin" Rocha').
    """
    close = _NICK_OPEN.get(doc[i].text)
    if close is None or i == 0 or doc[i - 1].pos_ != "PROPN":
        return None
    for j in range(i + 2, min(i + 5, len(doc))):
        if doc[j].text == close:
            words = [t for k, t in enumerate(doc[i + 1:j]) if not (k == 0 and t.lower_ == "the" and j > i + 2)]
            ok = all(t.is_alpha and t.text[:1].isupper() for t in words)
            # the surname after it: a proper noun, or a capitalised word the tagger took for a plural
            # ('Robert "Bobby" Tavares' with "Tavares" read as NNS)
            return j + 1 if ok and j + 1 < len(doc) and (doc[j + 1].pos_ == "PROPN" or (
                doc[j + 1].is_title and doc[j + 1].tag_ == "NNS")) else None
    return None


def with_nicknames(doc: "Doc", ents: list["Span"]) -> list["Span"]:
    """The entity spans, with a person's name the model cut at a nickname joined again.

    The model reads "Vincent 'The Chin' Rocha" as "Vincent '" and "Rocha"
    (and "Luis Gerardo (Jerry) Lopes" as "Luis Gerardo"): one person,
    whose name is then "Vincent Rocha" (:func:`canonical_name` leaves the
    nickname out).
    """
    from spacy.tokens import Span

    people = {i for e in ents if e.label_ == "PERSON" for i in range(e.start, e.end)}
    given = first_name_gender()
    joined: list[Span] = []
    free = 0  # the first token no joined name covers
    for i in positions(doc, _NICK_OPEN):  # only where a quote or a bracket opens
        after = _nickname_at(doc, i) if i >= free else None
        if after is None:
            continue
        if i - 1 not in people and doc[i - 1].lower_ not in given:
            continue  # "Watergate 'Bagman' Fred LaRue": a quoted description, not a nickname (the model may
            # tag a real one as a work of art: then the given name before it tells)
        start = i - 1
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title:
            start -= 1
        end = after + 1  # the surname :func:`_nickname_at` found after the closing mark
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title:
            end += 1
        joined.append(Span(doc, start, end, label="PERSON"))
        free = end
    if not joined:
        return ents
    covered = {i for span in joined for i in range(span.start, span.end)}
    kept = [e for e in ents if not covered & set(range(e.start, e.end))]
    return sorted(kept + joined, key=lambda e: e.start)


#: Forms of address only a person takes: a name after one is a person's whatever the model read
#: ("Ms Lobo" tagged an organisation). A closed class of English; "Dr", "Lord", "Lady" also open
#: names of things ("Lord Howe Island").
_PERSONAL_ADDRESS = frozenset({"mr", "mrs", "ms", "miss", "mx"})


def addressed_person(ent: "Span") -> bool:
    """True for an entity span the model tagged a person, or one opening with "Mr", "Mrs", "Ms"."""
    return ent.label_ == "PERSON" or (len(ent) > 1 and ent[0].lower_.rstrip(".") in _PERSONAL_ADDRESS)


def canonical_name(ent: "Span") -> tuple[str, str | None]:
    """The name of an entity span without titles or a nickname, and the title/role words it carried."""
    tokens = list(ent)
    person = addressed_person(ent)
    if person:
        k = 0
        while k < len(tokens):
            after = _nickname_at(ent.doc, tokens[k].i)
            if after is not None and after <= ent.end:
                tokens = tokens[:k] + [t for t in tokens[k:] if t.i >= after]
            k += 1
    tokens = [t for t in tokens if not (t.is_punct and t.text not in {".", "&", "-", "'", "’"})]
    while len(tokens) > 1 and _opens_sentence(tokens[0]) and tokens[0].lower_ in _NOT_NAME_OPENERS:
        tokens = tokens[1:]  # "Following Rocha's death, ...": the model took the preposition into the name
    role = None
    if person:
        roles, keep = split_title([t.text for t in tokens])
        tokens = tokens[len(tokens) - len(keep):]
        while len(tokens) > 1 and tokens[-1].pos_ == "VERB":  # a headline: "Esther Williams Dies"
            tokens = tokens[:-1]
        role = " ".join(roles) or None
    # keep the original spacing ("Jean-Bertrand", "U.S.") rather than joining tokens with spaces; a space
    # stays where left-out marks stood between words ('Vincent "the Chin" Rocha' -> "Vincent the Chin Rocha")
    text = "".join(t.text + (" " if _space_after(t, nxt) else "") for t, nxt in zip(tokens, tokens[1:]))
    text += tokens[-1].text if tokens else ""
    return clean_name(text), role


def _space_after(token: "Token", following: "Token") -> bool:
    """True if any whitespace separates ``token`` from ``following`` in the text (marks between left out)."""
    return any(t.whitespace_ for t in token.doc[token.i:following.i])


def _opens_sentence(token: "Token") -> bool:
    return bool(token.is_sent_start) or (token.i > 0 and token.doc[token.i - 1].text in _OPENING_MARKS)


_OPENING_MARKS = frozenset({":", '"', "“", "'", "‘", "-", "–", "—", "("})
#: Words that open a sentence but never a name: prepositions, conjunctions and the like (the closed-class
#: list of headline re-casing, :func:`kg.extract.wordlists.headline_lowercase`), articles apart (a name may
#: begin with "The": :func:`kg.extract.names.clean_name` decides those).
_NOT_NAME_OPENERS = headline_lowercase() - {"a", "an", "the"}


def name_type(ent: "Span", name: str, gazetteer: dict[str, GazetteerHit]) -> tuple[str | None, str | None, str]:
    """Return (type, country, canonical label) for a named entity span."""
    hit = gazetteer.get(name.lower()) or gazetteer.get(clean_name(ent.text).lower())
    if ent.ent_id_ and ent.ent_id_.lower() in gazetteer:
        hit = gazetteer[ent.ent_id_.lower()]
    if hit is not None:
        return hit.type, hit.country, hit.name
    label = ent.label_
    ship = vessel(name)
    if ship is not None:  # "INS Mysore", "MV Gibe" tagged PERSON: a navy's ship or a merchant vessel
        return ship[0], ship[1], name
    if label != "PERSON" and addressed_person(ent):
        return "Person", None, name  # "Ms Lobo" tagged ORG or GPE: the form of address says a person
    if place_named(ent.root) and label != "NORP":  # "the town of Vila Nova": a place, whatever the model read
        code = country_code(name)
        return ("Country", code, country_name(code) or name) if code else ("Location", None, name)
    if label in ("GPE", "LOC", "NORP"):
        code = country_code(name) or (demonym_code(name) if label == "NORP" else None)
        if code:
            return "Country", code, country_name(code) or name
        if label == "NORP":
            return "Group", None, name
        return "Location", None, name
    type_ = NER_TYPES[label]
    if type_ == "Organization" and _described_as_person(ent):
        return "Person", None, name  # "Its leader, Ulisses Rocha, a 48-year-old economist,": whatever the model read
    if type_ == "Person" and name.split()[-1].lower() in organization_heads():
        type_ = "Organization"  # "Corvina Cartel" tagged PERSON: the head word says otherwise
    elif type_ == "Person" and (plural := plural_name_type(ent)):
        type_ = plural  # "the Praia Lions" tagged PERSON: a team (a family: "the Moreiras")
    elif type_ == "Person" and (_place_name(name) or home_before_person_noun(ent)):
        return "Location", None, name  # "Ben Mount Walker" tagged PERSON: a mountain; "Queens woman": a place
    if street_name(name) and not (type_ == "Person" and name.split()[0].lower() in first_name_gender()):
        return "Location", None, name  # "American Boulevard" tagged ORG: a street ("Jorge Street" is a man)
    country = None
    if type_ == "Organization":
        first = name.split()[0]
        country = country_code(first) or demonym_code(first)
    return type_, country, name


def _place_name(name: str) -> bool:
    """A name with a word such as "Mount" or "Lake" before its last word ("Ben Mount Walker", not "Ricki Lake")."""
    return any(w.lower().rstrip(".") in place_name_words() for w in name.split()[:-1])


def typed_names(spans: Iterable["Span"], gazetteer: dict[str, GazetteerHit]) -> list[TypedName]:
    """Each actor name span with its canonical label, type, country and role words, before the vote.

    A name many countries give an institution ("Congress", "Senate": ``shared_institutions.txt``) is the
    gazetteer's only in a document that names the gazetteer entry's country, or no country at all: in a
    story about Argentina, "Congress" is Argentina's, not the U.S. Congress.
    """
    raw: list[TypedName] = []
    written: list[str] = []
    for ent in spans:
        name, role = canonical_name(ent)
        if not name or (is_non_actor_name(name) and name.lower() not in gazetteer):
            continue
        type_, country, label = name_type(ent, name, gazetteer)
        if type_ is not None:
            raw.append((ent, label, type_, country, role))
            written.append(name)
    raw = _bracketed_acronyms(raw)
    named = {country for _, _, type_, country, _ in raw if type_ == "Country" and country}
    shared = shared_institutions()
    return [(ent, name, "Organization", None, role)
            if name.lower() in shared and label != name and named and country not in named
            else (ent, label, type_, country, role)
            for (ent, label, type_, country, role), name in zip(raw, written)]


#: Lower-case words inside an organisation's name ("Party for the Independence of Cape Verde").
_NAME_LINKS = frozenset({"of", "for", "the", "and", "de", "da", "do", "dos", "das", "del", "la", "el", "du", "des"})


def _bracketed_acronyms(raw: list[TypedName]) -> list[TypedName]:
    """An acronym in brackets after an organisation's name is that organisation's: "the African Party for
    the Independence of Cape Verde (PAICV)", whether or not its letters are the name's (it may stand for
    the name in another language)."""
    if not raw:
        return raw
    doc = raw[0][0].doc
    org_at = {i: (label, type_, country) for ent, label, type_, country, _ in raw if type_ == "Organization"
              for i in range(ent.start, ent.end)}
    stands_for: dict[str, tuple[str, str, str | None]] = {}
    for tok in (doc[i + 1] for i in positions(doc, ["("]) if 1 <= i < len(doc) - 2):  # (often untagged itself)
        if len(tok) > 1 and bracketed_acronym(tok):
            j = tok.i - 2  # back over the whole name ("... for the Independence of Cape Verde") to its start
            while j > 0 and (j in org_at or doc[j].is_title or doc[j].lower_ in _NAME_LINKS):
                j -= 1
            start = j + 1
            while start < tok.i - 1 and start not in org_at and doc[start].lower_ in _NAME_LINKS:
                start += 1
            if start in org_at:  # a name that opens with a tagged organisation ("the African Party ..."), not
                stands_for.setdefault(tok.text, org_at[start])  # one whose tagged part is a tail ("... Referenda")
    return [(ent, *stands_for[label], role) if label in stands_for else (ent, label, type_, country, role)
            for ent, label, type_, country, role in raw]


def vote_types(raw: list[TypedName], gazetteer: dict[str, GazetteerHit]) -> list[TypedName]:
    """One type per name in the document: the gazetteer's, else the majority of its mentions.

    A multi-word name that starts with a known given name and does not end
    in an organisation word is a person whatever the model said of one
    mention ("Wladimir Klitschko" tagged a place once).
    """
    given, org_heads = first_name_gender(), organization_heads() | eponym_heads().keys()  # "... Kennedy Airport"
    votes: dict[str, Counter] = {}
    for _, label, type_, _, _ in raw:
        votes.setdefault(name_key(label), Counter())[type_] += 1
    chosen: dict[str, str] = {}
    for key, counter in votes.items():
        chosen[key] = min(counter, key=lambda t: (-counter[t], TYPE_PRIORITY.get(t, 9)))
    for ent, label, type_, _, _ in raw:  # stated beats inferred: "Its leader, X,", "the island of X"
        if label.lower() not in gazetteer and ((type_ == "Person" and ent.label_ == "ORG")
                                               or (type_ in ("Location", "Country") and place_named(ent.root))):
            chosen[name_key(label)] = type_
    out = []
    for ent, label, type_, country, role in raw:
        key = name_key(label)
        words = label.split()
        if label.lower() in gazetteer:
            pass
        elif (len(words) > 1 and words[0].lower() in given and words[-1].lower() not in org_heads
              and type_ in ("Organization", "Location", "Group") and not _place_name(label)):
            type_, country = "Person", None
        elif chosen[key] != type_ and type_ != "Country":
            type_ = chosen[key]
            country = country if type_ in ("Organization", "Country") else None
        out.append((ent, label, type_, country, role))
    return out
