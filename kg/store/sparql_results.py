"""Reading a SPARQL server's answers: results formats, Virtuoso's booleans, deadlines and row limits.

Why apart from :mod:`kg.store.sparql`: the store class owns the protocol
conversation (what to send, in what batches); this module owns turning
bytes into the values the embedded store would give, so answers compare
equal across back-ends.
"""
from __future__ import annotations

import time
from typing import Any

import httpx
import pyoxigraph as ox

from .. import vocab as V
from ..errors import QueryError, QueryTimeout, StoreError
from .http import media_type, redact

__all__ = ["XSD_BOOLEAN", "read_solutions", "parse_answer", "deadline_after", "time_left",
           "canonical_term", "results_format"]

XSD_BOOLEAN = ox.NamedNode(V.XSD + "boolean")
_TRUE, _FALSE = ox.Literal("true", datatype=XSD_BOOLEAN), ox.Literal("false", datatype=XSD_BOOLEAN)


def read_solutions(location: str, response: httpx.Response) -> tuple[list[str], list[list[Any]]]:
    results = parse_answer(location, ox.parse_query_results, response.content, results_format(response))
    if isinstance(results, ox.QueryBoolean):
        return ["boolean"], [[ox.Literal("true" if results else "false", datatype=XSD_BOOLEAN)]]
    variables = [v.value for v in results.variables]
    return variables, [[sol[v] for v in variables] for sol in results]

def parse_answer(location: str, parser: Any, content: bytes, fmt: Any) -> Any:
    try:
        result = parser(content, fmt)
        return list(result) if parser is ox.parse else result
    except (SyntaxError, ValueError) as exc:
        raise QueryError(f"cannot read the answer of SPARQL endpoint {location}: "
                         f"{' '.join(str(exc).split())}") from None


def deadline_after(timeout: float | None) -> float | None:
    return None if timeout is None else time.monotonic() + timeout


def time_left(deadline: float | None, what: str) -> float | None:
    """Seconds left before ``deadline``; QueryTimeout once it has passed."""
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise QueryTimeout(f"the {what} did not finish in time; simplify it, add LIMIT, or raise --timeout")
    return left


def canonical_term(term: Any) -> Any:
    """Virtuoso's ``"1"^^xsd:boolean`` as ``"true"^^xsd:boolean`` (what kg wrote)."""
    if isinstance(term, ox.Literal) and term.datatype == XSD_BOOLEAN and term.value in ("1", "0"):
        return _TRUE if term.value == "1" else _FALSE
    return term


def results_format(response: httpx.Response) -> ox.QueryResultsFormat:
    media = media_type(response)
    fmt = ox.QueryResultsFormat.from_media_type(media) if media else None
    if fmt is None:
        raise StoreError(f"{redact(str(response.request.url))} did not answer with SPARQL results "
                         f"(got {media or 'no content type'}); is this the SPARQL endpoint URL?")
    return fmt
