"""One entity per actor across a corpus: name variants, one type and one country per entity.

Why this exists: each document is resolved on its own (:mod:`kg.extract.entities`),
so an article that only says "Lobato" or "SOUTHCOM", or that the model typed
"Klitschko" as a place, yields an entity of its own. Across the corpus we
know more: the full name another article gives, the type most mentions
agree on, the country stated somewhere. :func:`canonical_links` decides,
from the names alone, which entity each variant denotes (only where exactly
one candidate fits; an ambiguous surname stays as it is), and
:func:`consolidate` rewrites a stream of extraction results accordingly, in
two passes over a temporary spool file so memory does not grow with the
corpus. The store applies the same links (:mod:`kg.graph.links`).
"""
from __future__ import annotations

import itertools
import pickle
import tempfile
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Iterable, Iterator

from .countries import is_country
from .name_index import AcronymIndex, NameRow, PeopleIndex
from .names import (TYPE_PRIORITY, is_acronym_of, is_non_actor_name, looks_like_acronym, name_key, same_person, surname,
                    without_company_suffix)

if TYPE_CHECKING:  # pragma: no cover
    from ..model import EntityRef
    from .serial import ExtractionResult

__all__ = ["NameRow", "canonical_links", "CorpusNames", "consolidate"]

#: Most co-mentioned names remembered per entity (keeps memory flat on big corpora).
_CONTEXT_CAP = 256


def _rank(row: NameRow) -> tuple:
    # a name of a law, an event or a prize is "Other" on purpose and stays so whatever some document's model
    # read ("the Academy Awards" an organisation once); otherwise a typed name beats "Other" (the model's
    # miss) however often the miss occurs
    deliberate = row.type == "Other" and is_non_actor_name(row.label)
    return (not deliberate, row.type == "Other", -row.mentions, TYPE_PRIORITY.get(row.type, 9), -len(row.label),
            row.id)


#: How much more often the corpus must name one namesake than all others together for a bare
#: surname to mean them when the documents do not tell ("Felt" in a corpus about W. Mark Felt).
_DOMINANCE = 4
_DOMINANT_MIN_MENTIONS = 5


def canonical_links(rows: Iterable[NameRow], context: dict[str, set[str]] | None = None,
                    document_context: "dict[str, list[tuple[str, frozenset[str]]]] | None" = None,
                    per_document: "dict[tuple[str, str], str] | None" = None) -> dict[str, str]:
    """Map each variant entity id to the id of the entity it denotes.

    1. The same name under several types is one entity, of the type most
       mentions give ("Klitschko" Location/Person -> Person).
    2. Full person names that can only be one person merge into the most
       mentioned (then longest) spelling: "Mark Felt" / "W. Mark Felt",
       "Freddie" / "Frederick Forsyth". Before that, an organisation's
       name of four words or more spelled with one word's plural is the
       same name ("... Motion Pictures Arts ..." / "... Motion Picture Arts ...").
    3. A one-word name links to the one multi-word entity that has it as
       surname (people), alias, or acronym (organisations). If several fit
       and ``context`` (id -> ids named in the same documents) is given, the
       one whose documents share clearly more actors with the short name's
       wins ("Jackson" in a story about the Chargers is the Chargers'
       Jackson); failing that, a namesake the corpus names four times as
       often as all the others together; otherwise it stays unlinked.
       With ``document_context`` (one-word id -> (document, ids it names)),
       each document decides on its own first: when they all pick the same
       namesake that is the link; when they pick different ones ("Bush" in
       a football story and in a White House one), no document's choice is
       the corpus's, and each document's goes into ``per_document``
       ((document, id) -> id) instead.
    4. A team or company named without its place ("Lions", "Red Sox")
       links to the one organisation named "<place> Lions" ("Mindelo
       Lions"), when the rest of that name is a place the corpus or the
       country table knows.

    >>> rows = [NameRow("Person/carlos-brito", "Carlos Brito", "Person", mentions=3),
    ...         NameRow("Organization/brito", "Brito", "Organization")]
    >>> canonical_links(rows)
    {'Organization/brito': 'Person/carlos-brito'}
    """
    rows = [r for r in rows if r.id and r.label]
    links: dict[str, str] = {}
    # 1. one type per name
    by_key: dict[str, list[NameRow]] = defaultdict(list)
    for r in rows:
        by_key[name_key(r.label)].append(r)
    heads: list[NameRow] = []
    for group in by_key.values():
        group.sort(key=_rank)
        total = sum(g.mentions for g in group)
        head = group[0]
        head = NameRow(head.id, head.label, head.type, set().union(*(g.aliases for g in group)), total)
        heads.append(head)
        for g in group[1:]:
            if g.id != head.id:
                links[g.id] = head.id
    # 1b. "Tecnicil Shipping Corp." is Tecnicil Shipping: a legal form does not make another company (organisations only)
    companies = {name_key(h.label): h for h in heads if h.type in ("Organization", "Other")}
    for h in heads:
        plain = without_company_suffix(h.label)
        other = companies.get(name_key(plain)) if plain != h.label and h.type == "Organization" else None
        if other is not None and other.id != h.id and h.id not in links:
            keep, drop = sorted((h, other), key=_rank)
            links[drop.id] = keep.id
            keep.aliases.update({drop.label, *drop.aliases})
    heads = [h for h in heads if h.id not in links]
    # 1c. "Academy of Motion Pictures Arts and Sciences" is the Academy of Motion Picture Arts and Sciences: a
    # long organisation name with a word made plural (or singular) is the same name
    by_singular: dict[str, NameRow] = {}
    for h in sorted(heads, key=_rank):
        if h.type == "Organization" and len(h.label.split()) >= _PLURAL_VARIANT_WORDS:
            keep = by_singular.setdefault(_singular_key(h.label), h)
            if keep is not h:
                links[h.id] = keep.id
                keep.aliases.update({h.label, *h.aliases})
    heads = [h for h in heads if h.id not in links]
    # 2. person name variants
    people = sorted((h for h in heads if h.type == "Person" and " " in h.label), key=_rank)
    canon_people = PeopleIndex()
    for p in people:
        match = list(itertools.islice((c for c in canon_people.candidates(p.label) if same_person(p.label, c.label)), 2))
        if len(match) == 1:  # (a second match is enough to know it is ambiguous: no need to find them all)
            links[p.id] = match[0].id
            match[0].aliases.add(p.label)
        else:
            canon_people.add(p)
    full = canon_people.rows + [h for h in heads if h.type != "Person" and " " in h.label]
    by_surname: dict[str, set[str]] = defaultdict(set)
    by_alias: dict[str, set[str]] = defaultdict(set)
    for f in full:
        if f.type == "Person":
            by_surname[surname(f.label)].add(f.id)
        for alias in f.aliases:
            by_alias[alias].add(f.id)
    # 3. one-word names
    acronyms: AcronymIndex | None = None  # built at the first acronym: most corpora's updates have none
    for h in heads:
        if " " in h.label or h.type == "Country" or h.id in links:
            continue
        candidates = set(by_alias.get(h.label, ()))
        if h.type != "Location" or not candidates:
            candidates |= by_surname.get(name_key(h.label), set())
        if looks_like_acronym(h.label):
            acronyms = acronyms or AcronymIndex(f for f in full if f.type in ("Organization", "Group"))
            candidates |= {f.id for f in acronyms.candidates(h.label) if is_acronym_of(h.label, f.label)}
        candidates.discard(h.id)
        if len(candidates) == 1:
            links[h.id] = candidates.pop()
        elif len(candidates) > 1:
            chosen = _by_document(h.id, candidates, context, document_context, links) if context and document_context \
                else {}
            if len(set(chosen.values())) > 1:  # the documents disagree: each keeps its own namesake
                if per_document is not None:
                    per_document.update(((doc, h.id), target) for doc, target in chosen.items())
                continue
            if chosen:
                links[h.id] = next(iter(chosen.values()))
                continue
            best = _by_context(h.id, candidates, context, links) if context else None
            if best is None and h.type in ("Person", "Other"):
                best = _dominant(candidates, {f.id: f.mentions for f in full})
            if best is not None:
                links[h.id] = best
    # 4. "Lions" for "Mindelo Lions"
    places = {name_key(h.label) for h in heads if h.type in ("Location", "Country")}
    by_tail: dict[tuple[str, ...], list[NameRow]] = defaultdict(list)  # organisations by their last words
    for f in full:
        if f.type == "Organization":
            words = [w.lower() for w in f.label.split()]
            for k in range(1, len(words)):
                by_tail[tuple(words[-k:])].append(f)
    for h in heads:
        if h.id in links or h.type not in ("Organization", "Group", "Other", "Person"):
            continue
        if h.type == "Person" and " " in h.label:
            continue
        tail = h.label.split()
        found = {o.id for o in by_tail.get(tuple(w.lower() for w in tail), ())
                 if o.id != h.id and _place_prefixed(o.label.split(), tail, places)}
        if len(found) == 1:
            links[h.id] = found.pop()
    return {a: _follow(links, b) for a, b in links.items()}


#: Words an organisation's name needs before a plural of one of them is no other name: "Mindelo Lion" and
#: "Mindelo Lions" may be two clubs, "Academy of Motion Pictures Arts and Sciences" is one academy.
_PLURAL_VARIANT_WORDS = 4


def _singular_key(label: str) -> str:
    """The name's key with each word's plural "s" dropped: what "Pictures Arts" and "Picture Art" share."""
    words = (w[:-1] if len(w) > 3 and w[-1] in "sS" and w[-2] not in "sS'" else w for w in label.split())
    return " ".join(name_key(w) for w in words)


def _place_prefixed(words: list[str], tail: list[str], places: set[str]) -> bool:
    """True if ``words`` is a place name followed by ``tail`` ("Mindelo" + "Lions")."""
    if len(words) <= len(tail) or [w.lower() for w in words[-len(tail):]] != [w.lower() for w in tail]:
        return False
    prefix = " ".join(words[:-len(tail)])
    return name_key(prefix) in places or is_country(prefix)


def _dominant(candidates: set[str], mentions: dict[str, int]) -> str | None:
    """The candidate named at least four times as often as all the others together (and 5+ times)."""
    counts = sorted(((mentions.get(c, 0), c) for c in candidates), reverse=True)
    (best, ident), rest = counts[0], sum(n for n, _ in counts[1:])
    return ident if best >= _DOMINANT_MIN_MENTIONS and best >= _DOMINANCE * max(rest, 1) else None


def _by_context(short: str, candidates: set[str], context: dict[str, set[str]],
                links: dict[str, str], mine: "set[str] | frozenset[str] | None" = None) -> str | None:
    """The candidate whose documents share at least two actors with ``short``'s, twice as many as any other.

    ``mine``: the actors to compare with, when not all of ``short``'s documents' (one document's).
    """
    def canon(ids: "set[str] | frozenset[str]") -> set[str]:
        return {_follow(links, i) for i in ids}

    mine = canon(context.get(short, set()) if mine is None else mine)
    scores = sorted(((len(mine & canon(context.get(c, set())) - {c}), c) for c in candidates), reverse=True)
    (best, ident), (second, _) = scores[0], scores[1]
    return ident if best >= 2 and best >= 2 * second else None


def _by_document(short: str, candidates: set[str], context: dict[str, set[str]],
                 document_context: "dict[str, list[tuple[str, frozenset[str]]]]",
                 links: dict[str, str]) -> dict[str, str]:
    """document -> the candidate its own actors point to, for the documents of ``short`` that decide."""
    chosen = {}
    for doc, named in document_context.get(short, ()):
        best = _by_context(short, candidates, context, links, mine=named - {short})
        if best is not None:
            chosen[doc] = best
    return chosen


def _follow(links: dict[str, str], target: str) -> str:
    seen = set()
    while target in links and target not in seen:
        seen.add(target)
        target = links[target]
    return target


class CorpusNames:
    """Named entities seen over a corpus, with mention counts and country votes."""

    def __init__(self) -> None:
        self.rows: dict[str, NameRow] = {}
        self.labels: dict[str, tuple[str, str]] = {}
        self.countries: dict[str, Counter] = defaultdict(Counter)
        #: id -> the other named ids of the documents that name it (cross-document context)
        self.context: dict[str, set[str]] = defaultdict(set)
        #: one-word id -> (document, the ids it names), per document (namesakes differ by story)
        self.document_context: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
        #: (document, id) -> canonical entry, where the documents of one short name mean different actors
        self.per_document: dict[tuple[str, str], tuple[str, str, str, str | None, bool]] = {}

    def add(self, result: "ExtractionResult") -> None:
        """Count one document's named mentions (its entity clusters and the arguments that name them)."""
        named: set[str] = set()
        for e in result.entities:
            self._see(e, mentions=0)
            named.add(e.id)
        for t in result.triples:
            for ref in (t.subject, t.object):
                if ref is not None and ref.kind == "name" and not ref.generic and ref.id and "~" not in ref.id:
                    self._see(ref, mentions=1)
                    named.add(ref.id)
        shared: frozenset[str] | None = None  # one set per document, however many short names it has
        for ident in named:
            ctx = self.context[ident]
            if len(ctx) < _CONTEXT_CAP:  # a bounded sample is enough to tell two namesakes apart
                ctx |= named - {ident}
            if " " not in self.labels[ident][0] and len(self.document_context[ident]) < _CONTEXT_CAP:
                shared = frozenset(named) if shared is None else shared
                self.document_context[ident].append((result.document.id, shared))

    def _see(self, ref: "EntityRef", mentions: int) -> None:
        row = self.rows.get(ref.id)
        if row is None:
            row = self.rows[ref.id] = NameRow(ref.id, ref.label, ref.type, set(), 0)
            self.labels[ref.id] = (ref.label, ref.type)
        row.mentions += mentions
        row.aliases.update(a for a in ref.aliases if a)
        if ref.country:  # a stated country outvotes any number of inferred ones
            self.countries[ref.id][(not ref.country_inferred, ref.country)] += 1

    def resolution(self) -> dict[str, tuple[str, str, str, str | None, bool]]:
        """id -> (canonical id, label, type, country, country inferred?) for every named entity."""
        per_document: dict[tuple[str, str], str] = {}
        links = canonical_links(self.rows.values(), self.context, self.document_context, per_document)
        votes: dict[str, Counter] = defaultdict(Counter)
        for ident, counter in self.countries.items():
            target = links.get(ident, ident)
            if self.labels[ident][1] == self.labels.get(target, self.labels[ident])[1]:
                votes[target].update(counter)  # a place "Lima" linked to a person does not place him
        out = {}
        for ident in self.rows:
            target = links.get(ident, ident)
            label, type_ = self.labels.get(target, self.labels[ident])
            country, inferred = None, False
            if votes.get(target):
                (stated, country), _ = max(votes[target].items(), key=lambda kv: (kv[0][0], kv[1], kv[0][1]))
                inferred = not stated
            out[ident] = (target, label, type_, country, inferred)
        self.per_document = {key: out[target] for key, target in per_document.items() if target in out}
        return out


def _apply(ref: "EntityRef | None", table: dict, per_document: dict, doc: str) -> None:
    if ref is None or not ref.id:
        return
    entry = per_document.get((doc, ref.id)) or table.get(ref.id)
    if entry is not None:
        ref.id, ref.label, ref.type, ref.country, ref.country_inferred = entry


def consolidate(results: Iterable["ExtractionResult"]) -> Iterator["ExtractionResult"]:
    """Yield ``results`` again with every named entity replaced by its corpus-wide canonical entity.

    The first pass spools the results to a temporary file (pickle, deleted
    on exit) while counting names; the second reads them back and rewrites
    ids, labels, types and countries. Memory holds the name table only.
    """
    names = CorpusNames()
    with tempfile.TemporaryFile(prefix="kg-spool-") as spool:
        count = 0
        for result in results:
            names.add(result)
            pickle.dump(result, spool, protocol=pickle.HIGHEST_PROTOCOL)
            count += 1
        table = names.resolution()
        spool.seek(0)
        for _ in range(count):
            result = pickle.load(spool)
            doc, per_document = result.document.id, names.per_document
            for t in result.triples:
                _apply(t.subject, table, per_document, doc)
                _apply(t.object, table, per_document, doc)
            for e in result.entities:
                _apply(e, table, per_document, doc)
            yield result
