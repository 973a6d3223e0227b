"""Read SPARQL text without running it: the query form, FROM clauses, and whether SERVICE can occur.

Why this exists: a ``SERVICE`` clause makes Oxigraph call another server
from the machine kg runs on (a local query turned into an outgoing request:
server-side request forgery through ``kg serve``, or a surprise network call
from ``kg query``). pyoxigraph has no switch to turn federation off, so kg
refuses such queries before they run, and it decides *by construction*:

* A SERVICE clause needs the keyword, so a query whose text, with SPARQL's
  ``\\uXXXX``/``\\UXXXXXXXX`` escapes decoded, does not contain the letters
  "service" (any case) cannot hold one: allowed at once (nearly every query).
* Otherwise two independent readers must both see no SERVICE: kg's lexer
  (strings, IRIs and comments ending at ``\\n`` or ``\\r`` skipped, as
  Oxigraph's grammar does) and rdflib's full SPARQL parser (its algebra
  searched for a service pattern). If rdflib cannot parse the query the
  answer is "may use SERVICE": a query kg cannot check is refused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QueryShape", "inspect_query", "query_form", "has_dataset", "may_use_service", "decode_escapes",
           "UPDATE_KEYWORDS"]

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

# Comments end at the end of a line, which SPARQL's grammar (and Oxigraph) take to be \n or \r.
_TOKEN = re.compile(
    r"(?P<skip>\s+|\#[^\n\r]*"
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''" r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'" r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|<[^<>\"{}|^`\\\x00-\x20]*>|[?$]\w+)"
    r"|(?P<word>[A-Za-z_][\w.-]*(?::[\w.%-]*)?|:[\w.%-]*)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_FROM_WORD = re.compile(r"(?i)\bfrom\b")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class QueryShape:
    """What the query text is, as far as kg cares (found without running it)."""

    form: str  # first keyword after the prologue: SELECT, ASK, CONSTRUCT, DESCRIBE, INSERT, ... or ""
    is_update: bool
    uses_service: bool  # True when SERVICE occurs or cannot be ruled out (see may_use_service)
    has_dataset: bool  # FROM / FROM NAMED clauses
    #: Every keyword of the query (upper case; prefixed names, strings, IRIs and comments left out).
    keywords: frozenset[str] = frozenset()
    #: Offset in the text where the prologue (PREFIX/BASE declarations, comments) ends.
    prologue_end: int = 0


def decode_escapes(text: str) -> str:
    r"""Apply SPARQL's codepoint escapes, which a parser may read before anything else.

    >>> decode_escapes(r"\u0053ERVICE")
    'SERVICE'
    """
    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _ESCAPE.sub(char, text)


def _words(text: str) -> list[str]:
    return [m.group("word") for m in _TOKEN.finditer(text) if m.group("word")]


def _lexer_sees_service(text: str) -> bool:
    return any(w.upper() == "SERVICE" for w in _words(text) if ":" not in w)


def _rdflib_sees_service(text: str) -> bool:
    """True if rdflib finds a service pattern, or cannot parse the query at all (fail closed)."""
    try:
        from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
        from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    except ImportError:  # pragma: no cover - rdflib is a dependency
        return True
    from ..vocab import PREFIXES

    text = PREFIXES + text  # kg's predeclared prefixes (kg:, act:, ...), as kg query and kg serve accept them
    try:
        tree = translateQuery(parseQuery(text))
        nodes = [tree.algebra]
    except Exception:  # noqa: BLE001 - any parse failure means "cannot rule SERVICE out"
        try:
            nodes = [translateUpdate(parseUpdate(text))]
        except Exception:  # noqa: BLE001
            return True
    seen: set[int] = set()
    while nodes:
        node = nodes.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if type(node).__name__ == "CompValue" and getattr(node, "name", "") == "ServiceGraphPattern":
            return True
        if isinstance(node, dict):
            nodes.extend(node.values())
        elif isinstance(node, (list, tuple)):
            nodes.extend(node)
        elif hasattr(node, "algebra"):
            nodes.append(node.algebra)
    return False


def may_use_service(text: str) -> bool:
    """True unless the query provably has no SERVICE clause (see the module docstring).

    >>> may_use_service('SELECT * { ?s ?p ?o }')
    False
    >>> may_use_service('SELECT ?x { # c\\rSERVICE <http://127.0.0.1:1/> { ?x ?p ?o } }')
    True
    >>> may_use_service('SELECT * { ?s ?p "customer service" }')
    False
    """
    decoded = decode_escapes(text)
    if "service" not in decoded.lower():
        return False
    return _lexer_sees_service(decoded) or _lexer_sees_service(text) or _rdflib_sees_service(text)


def _read(text: str, *, keywords_too: bool = True) -> tuple[str, int, frozenset[str]]:
    """The query form, the offset where it starts (the prologue's end) and every keyword, by the lexer.

    Without ``keywords_too`` the lexer stops at the form (a huge ``VALUES`` block is never read).
    """
    form, start, skip_next = "", len(text), False
    keywords: set[str] = set()
    for m in _TOKEN.finditer(text):
        word = m.group("word")
        if not word:
            continue
        upper = word.upper()
        if ":" not in word:
            keywords.add(upper)
        if form:
            if not keywords_too:
                break
            continue
        if skip_next:
            skip_next = False
        elif upper == "PREFIX":
            skip_next = True
        elif upper != "BASE":
            form, start = upper, m.start()
    return form, start if form else len(text), frozenset(keywords)


def query_form(text: str) -> str:
    """The query form keyword (``SELECT``, ``ASK``, ``CONSTRUCT``, ``INSERT`` ...) after the prologue.

    >>> query_form("PREFIX ex: <http://ex.org/ns#>  # comment\\nask { ?s ?p ?o }")
    'ASK'
    """
    return _read(decode_escapes(text), keywords_too=False)[0]


def has_dataset(text: str) -> bool:
    """True if the query names its own dataset (``FROM`` / ``FROM NAMED``), outside strings and comments.

    >>> has_dataset('SELECT * FROM <http://e/g> { ?s ?p ?o }'), has_dataset('SELECT * { ?s ?p "from" }')
    (True, False)
    """
    decoded = decode_escapes(text)
    if not _FROM_WORD.search(decoded):  # nearly every query: no need to lex it
        return False
    return "FROM" in _read(decoded)[2]


def inspect_query(text: str) -> QueryShape:
    """Find the query form, and whether ``SERVICE`` or ``FROM`` occur, ignoring strings, IRIs and comments.

    Examples
    --------
    >>> inspect_query('PREFIX ex: <http://e/#x> # a comment\\nINSERT DATA { ex:a ex:b "SERVICE" }').is_update
    True
    >>> inspect_query('SELECT * { ?s ?p "service" } # SERVICE').uses_service
    False
    """
    form, _, keywords = _read(decode_escapes(text))
    return QueryShape(form=form, is_update=form in UPDATE_KEYWORDS, uses_service=may_use_service(text),
                      has_dataset="FROM" in keywords, keywords=keywords, prologue_end=_read(text)[1])
