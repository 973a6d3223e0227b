"""Extraction in this process: spaCy's ``nlp.pipe``, then kg's rules on each parsed document.

:func:`extract_serially` is what one process does, whether it is the only
one or a worker of :mod:`kg.extract.parallel`; :func:`triples_from_doc` runs
the rules over one parsed ``Doc`` into an :class:`ExtractionResult`.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from ..model import Document, EntityRef, Triple
from .nlp import DEFAULT_MODEL, is_dateline, load_nlp
from .truecase import truecase_headlines
from .spaced_clitics import rejoin_clitics

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

    from .actions import ActionLexicon

__all__ = ["ExtractionResult", "extract_serially", "triples_from_doc"]


@dataclass
class ExtractionResult:
    """Everything extracted from one document: the triples and the named entities seen."""

    document: Document
    triples: list[Triple]
    entities: list[EntityRef] = field(default_factory=list)
    sentences: int = 0


def extract_serially(documents: Iterable[Document], *, model: str = DEFAULT_MODEL, batch_size: int = 64,
                     n_process: int = 1, actions: Sequence[str] = ()) -> Iterator[ExtractionResult]:
    """Parse and extract each document in this process, yielding one result per document, in order.

    ``n_process`` is handed to ``nlp.pipe`` as it is; kg's own workers
    (:func:`kg.extract.pipeline.extract_documents`) take over above one.
    ``actions``: lexicon files merged over the bundled one.
    """
    from .actions import load_lexicon

    from ..heap import keep_big_buffers_off_the_heap

    keep_big_buffers_off_the_heap()  # flat memory over long runs (see kg/heap.py)
    nlp = load_nlp(model)
    lexicon = load_lexicon(extra=actions)
    common = lexicon.common_words()
    # both keep the text's length, so offsets into it are offsets into the document
    stream = ((rejoin_clitics(truecase_headlines(doc.text, common)), doc) for doc in documents)
    for parsed, document in nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield triples_from_doc(parsed, document, lexicon)


def triples_from_doc(parsed: "Doc", document: Document, lexicon: "ActionLexicon | None" = None) -> ExtractionResult:
    """Run kg's rules over one parsed spaCy Doc (with the bundled action lexicon unless one is given)."""
    from .actions import load_lexicon
    from .entities import DocumentEntities
    from .metonymy import capitals_as_governments
    from .triples import sentence_triples

    entities = DocumentEntities(parsed, document.id)
    lexicon = lexicon or load_lexicon()

    @functools.lru_cache(maxsize=1)
    def name_words() -> set[str]:  # the words of the document's person names, read once when needed
        return {w for e in entities.entities() if e.type == "Person" for w in e.label.split()}

    triples: list[Triple] = []
    seen: set[tuple] = set()
    n_sent = 0
    dates_by_sentence: dict[int, list] = {}
    for ent in entities.ents:  # one pass, not one scan of all entities per sentence
        if ent.label_ == "DATE":
            dates_by_sentence.setdefault(ent.sent.start, []).append(ent)
    resolved_dates = _resolved_dates(dates_by_sentence, document.date)
    # headline re-casing (kg.extract.truecase) and rejoined clitics (kg.extract.spaced_clitics) kept the length:
    # offsets into either text agree
    parsed_text = parsed.text  # Doc.text joins every token's text on each call: read it once
    recased = parsed_text != document.text and len(parsed_text) == len(document.text)
    for index, sent in enumerate(parsed.sents):
        n_sent += 1
        raw = sent.text  # (a Span's text is joined from its tokens on every call)
        text = raw.strip()
        if not text or is_dateline(sent):  # "PRAIA, May 9 (Agency) -" states no event and no fact
            continue
        dates = dates_by_sentence.get(sent.start, [])
        offset = sent.start_char + (len(raw) - len(raw.lstrip()))
        span = (offset, offset + len(text))
        if recased:  # the evidence quotes the document, not its re-cased headline
            text = document.text[span[0]:span[1]]
        for cand in sentence_triples(sent, entities, lexicon):
            cand = capitals_as_governments(cand, lexicon, name_words)  # "Moscow warned Kyiv": Russia, Ukraine
            key = (index, cand.subject.id or cand.subject.text, cand.action.text,
                   cand.object.id or cand.object.text if cand.object else None)
            if key in seen:
                continue
            seen.add(key)
            if recased:
                for ref in (cand.subject, cand.object):
                    _quote_original(ref, parsed_text, document.text)
            triples.append(Triple(
                doc=document.id, sentence=index, text=text, span=span,
                subject=cand.subject, action=cand.action, object=cand.object,
                arguments=cand.arguments, date=_event_date(cand.predicate, dates, resolved_dates, document.date),
                confidence=max(0.01, min(0.99, cand.confidence)), derived=cand.derived,
                agentless=cand.agentless,
            ))
    return ExtractionResult(document, triples, entities.entities(), n_sent)


def _quote_original(ref: EntityRef | None, parsed: str, original: str) -> None:
    """Give a mention the text the document has at its offsets when only a headline's case differs."""
    if ref is not None and ref.start is not None and ref.end is not None \
            and parsed[ref.start:ref.end] == ref.text:
        ref.text = original[ref.start:ref.end]


def _governing_predicate(token: "Token") -> "Token":
    cur = token
    for _ in range(12):
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("aux", "auxpass", "amod"):
            return cur
        if cur.head == cur:
            return cur
        cur = cur.head
    return cur


def _modal(verb: "Token") -> bool:
    """True for a verb with a modal auxiliary ("would send", "will be conducted"): not a fact of its time."""
    return any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)


def _yet_to_come(verb: "Token") -> bool:
    """A verb whose time is after its telling: a modal ("will meet", "could be freed"; not "could have left")
    or an infinitive hanging from a present ("is due to appear", "are set to resume", "plans to visit")."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.tag_ == "MD" for c in auxes):  # but "police would not say on Monday", "could not confirm": then
        return not any(c.lemma_ == "have" or (c.lower_ in ("would", "could") and any(  # unable, a past
            n.dep_ == "neg" for n in verb.children)) for c in auxes)
    if verb.tag_ != "VB" or not any(c.tag_ == "TO" for c in auxes) or verb.dep_ != "xcomp":
        return False
    head = verb.head.head if verb.head.dep_ == "acomp" else verb.head  # "is due to appear": "is"
    return head.tag_ in ("VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP", "MD")
                                              for c in head.children)


def _resolved_dates(dates_by_sentence: dict[int, list["Span"]], document_date: str | None) -> dict[int, str]:
    """Each DATE expression's date (by its first token), in reading order.

    An offset ("two days later", "a month earlier") counts from the last
    date the text gave in its own or the previous sentence (its anchor);
    without one it fixes no date.
    """
    from .dates import resolve_date, resolve_offset

    out: dict[int, str] = {}
    anchor: str | None = None
    previous_end: int | None = None  # where the last sentence with a date ends
    for start in sorted(dates_by_sentence):
        ents = dates_by_sentence[start]
        if start != previous_end:  # a sentence without a date between: nothing to count from
            anchor = None
        for ent in ents:
            ahead = _yet_to_come(_governing_predicate(ent.root))
            resolved = resolve_date(ent.text, document_date, ahead) or resolve_offset(ent.text, anchor)
            if resolved:
                out[ent.start] = anchor = resolved
        previous_end = ents[0].sent.end
    return out


def _event_date(predicate: "Token", dates: list["Span"], resolved: dict[int, str],
                document_date: str | None) -> str | None:
    """The date a DATE expression governed by the predicate fixes, else the document date."""
    chain = [predicate.i]  # the predicate's own date first: "failed in November, but a month later said"
    cur = predicate
    # conjoined verbs share the date, and so do an adverbial clause ("attacked on Monday, killing three")
    # and what was reported, unless it is yet to come ("said in December it was sending troops", not
    # "said on Monday it would send troops")
    while (cur.dep_ in ("conj", "xcomp", "advcl") or (cur.dep_ == "ccomp" and not _modal(cur))) \
            and cur.head != cur:
        cur = cur.head
        chain.append(cur.i)
    governed = [(chain.index(g), ent.start) for ent in dates
                if (g := _governing_predicate(ent.root).i) in chain and ent.start in resolved]
    return resolved[min(governed)[1]] if governed else document_date
