"""``kg check``: verify a store end to end, without changing it.

Why this exists: a store can be damaged in ways that show only when the
damaged part is read (a flipped block in one table file), or be left
mid-way by a killed build (documents still pending, links not refreshed,
a missing or stale analysis summary). ``kg stats`` would still print
numbers. This reads every quad once and checks kg's own bookkeeping, so an
analyst knows whether to trust the store, rebuild it, or just run
``kg build`` again to finish what was interrupted.
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CheckReport", "check_store"]


@dataclass
class CheckReport:
    """What :func:`check_store` found: ``problems`` (to act on) and ``notes`` (facts)."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(location: str) -> CheckReport:
    """Open the store read-only, read every quad, and check kg's bookkeeping.

    Raises
    ------
    StoreError
        If the store cannot be opened at all (missing, damaged manifest, ...).
    """
    from .. import vocab as V
    from ..errors import QueryError
    from .maintenance import links_pending
    from ..store.base import PENDING_GRAPH
    from ..store import open_store
    from ..graph.summary import read_summary

    report = CheckReport()
    with open_store(location, read_only=True) as store:
        expected = store.quad_count()
        try:
            seen = sum(1 for _ in store.iter_quads())
        except (OSError, RuntimeError) as exc:
            report.problems.append(f"reading every quad failed: the store is damaged ({exc}); restore it "
                                   "from a backup or rebuild it with `kg build DOCS --store NEW_DIR`")
            return report
        report.notes.append(f"{seen} quads read")
        if seen != expected:
            report.problems.append(f"{seen} quads read but the store counts {expected}: the store is damaged")
        try:
            pending = store.query(f"ASK {{ GRAPH <{PENDING_GRAPH.value}> {{ ?s ?p ?o }} }}", prefixes=False)
            if pending.boolean:
                report.problems.append("a build was interrupted while loading: run `kg build` (any input) "
                                       "to drop its half-written documents")
            if links_pending(store):
                report.problems.append("a build or removal was interrupted before the links were refreshed: "
                                       "run `kg build` again to finish it")
            docs = store.query(V.PREFIXES + "SELECT (COUNT(?g) AS ?n) WHERE { GRAPH ?g { ?g a kg:Document } }",
                               prefixes=False).rows[0][0]
        except QueryError as exc:
            report.problems.append(str(exc))
            return report
        report.notes.append(f"{docs} documents")
        if store.derived_dir is not None and docs:
            if read_summary(store) is None:
                report.problems.append("the analysis summary is missing or damaged: analysis falls back to "
                                       "slower SPARQL until the next `kg build` writes it")
            else:
                report.notes.append("analysis summary is current")
    return report
