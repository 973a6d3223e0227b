"""Running SPARQL on embedded Oxigraph: the default graph, row limits, timeouts and readable errors.

Why apart from :mod:`kg.store.oxigraph`: these are the rules of *reading*
an Oxigraph store (the union of named graphs as the default graph unless the
query names its own, plain Python values, a timeout Oxigraph itself cannot
enforce), the same for ``kg query``, analysis and tests, while the store
class owns writing and the files on disk.
"""
from __future__ import annotations

import itertools
import threading
from typing import Any, Callable

import pyoxigraph as ox

from ..errors import QueryError, QueryTimeout
from ..rdf.sparql_text import has_dataset
from .base import PREFIX_MAP, QueryResult, cut_result, one_line, term_value

__all__ = ["start_query", "query_error", "evaluate", "call_with_timeout"]


def start_query(store: ox.Store, sparql: str, prefixes: bool) -> Any:
    """Start a query: the union of all graphs is the default graph, unless it names its own with FROM."""
    union = not has_dataset(sparql)
    return store.query(sparql, use_default_graph_as_union=union, prefixes=PREFIX_MAP if prefixes else None)


def query_error(exc: BaseException) -> QueryError:
    """The user-readable error for a query Oxigraph refused or could not finish."""
    if isinstance(exc, SyntaxError):
        return QueryError(f"SPARQL syntax error: {one_line(exc)}")
    if isinstance(exc, RuntimeError):  # RocksDB: a damaged block met while reading
        return QueryError(f"query failed, the store may be damaged ({one_line(exc)}); restore it from a "
                          "backup or rebuild it with `kg build DOCS --store NEW_DIR`")
    return QueryError(f"query failed: {one_line(exc)}")


def evaluate(store: ox.Store, sparql: str, prefixes: bool, limit: int | None) -> QueryResult:
    """Run a query and read at most ``limit`` rows of its result."""
    try:
        result = start_query(store, sparql, prefixes)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        head = iter(result) if limit is None else itertools.islice(result, limit + 1)
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            out = QueryResult("select", variables, [[term_value(sol[v]) for v in variables] for sol in head])
            items = out.rows
        else:
            out = QueryResult("graph", triples=[f"{t.subject} {t.predicate} {t.object} ." for t in head])
            items = out.triples
    except (SyntaxError, OSError, RuntimeError) as exc:
        raise query_error(exc) from None
    return cut_result(out, items, limit)


def call_with_timeout(func: Callable[[], Any], timeout: float | None, what: str) -> Any:
    """Run ``func`` in a daemon thread and wait at most ``timeout`` seconds for it.

    Oxigraph releases the GIL while it evaluates, so the caller wakes up on
    time; it cannot stop the evaluation, so on timeout the thread is left to
    finish (or die with the process) and :class:`QueryTimeout` is raised.
    """
    if timeout is None:
        return func()
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = func()
        except BaseException as exc:  # handed over to the caller's thread below
            outcome["error"] = exc

    worker = threading.Thread(target=work, name=f"kg-{what}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(f"the {what} did not finish within {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
