"""Rankings per month or ISO week, so rising and falling actors show."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, Iterable

import networkx as nx

from ..graph.mirror import ActorGraph
from .metrics import centrality

__all__ = ["PERIODS", "PeriodRanking", "period_of", "centrality_over_time"]

#: Period lengths of :func:`centrality_over_time`.
PERIODS = ("month", "week")


def period_of(date: str | dt.date | None, by: str) -> str | None:
    """Label of the month (``2026-03``) or ISO week (``2026-W10``) of a date; None if undated or invalid.

    Examples
    --------
    >>> period_of("2026-03-04", "month"), period_of("2026-03-04", "week")
    ('2026-03', '2026-W10')
    >>> period_of("2027-01-01", "week")  # ISO weeks can belong to the previous year
    '2026-W53'
    >>> period_of(None, "month") is None
    True
    """
    if by not in PERIODS:
        raise ValueError(f"unknown period {by!r}; choose from {', '.join(PERIODS)}")
    if not date:
        return None
    if not isinstance(date, dt.date):
        try:
            date = dt.date.fromisoformat(str(date)[:10])
        except ValueError:
            return None
    if by == "month":
        return f"{date.year:04d}-{date.month:02d}"
    year, week, _ = date.isocalendar()
    return f"{year:04d}-W{week:02d}"


class PeriodRanking(list):
    """Rows of :func:`centrality_over_time` (a plain list) plus what was left out.

    Attributes
    ----------
    periods : list of str
        Periods with at least one dated event, in order.
    undated : int
        Events skipped because they have no (valid) date.
    """

    def __init__(self, rows: Iterable[dict[str, Any]] = (), *, periods: Iterable[str] = (), undated: int = 0):
        super().__init__(rows)
        self.periods = list(periods)
        self.undated = undated


def centrality_over_time(G: nx.MultiDiGraph | ActorGraph, *, by: str = "month",
                         metrics: Iterable[str] = ("pagerank", "degree"),
                         top: int | None = None) -> PeriodRanking:
    """Rank actors separately in each month or ISO week, so rising and falling actors show.

    Each period's graph holds that period's events only (and the actors
    they involve); metrics are computed on it as in :func:`centrality`.

    Parameters
    ----------
    G : networkx.MultiDiGraph or ActorGraph
        The actor graph; edges need a ``date`` (``YYYY-MM-DD``). From an
        :class:`~kg.graph.mirror.ActorGraph`, each period's weighted graph
        comes from its event table (no event is read from the store; the
        pairs are those its filter keeps).
    by : {"month", "week"}
        Period length; weeks are ISO 8601 weeks (``2026-W10``).
    metrics : iterable of str
        Any of :data:`METRICS`; ranks follow the first.
    top : int, optional
        Keep the first ``top`` actors of each period.

    Returns
    -------
    PeriodRanking
        A list of ``{"period", "rank", "id", "label", "type", "country",
        "aliases", <metric>: score, ..., "previous_rank", "rank_change"}``
        ordered by period then rank. ``previous_rank`` is the actor's rank in
        the preceding period that had events (None if it was not there);
        ``rank_change`` = previous_rank - rank (positive = rising).
        ``.undated`` counts the events skipped for lack of a date,
        ``.periods`` lists the periods.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", date="2026-01-05"); _ = G.add_edge("c", "b", date="2026-01-06")
    >>> _ = G.add_edge("b", "a", date="2026-02-02"); _ = G.add_edge("a", "c", date="2026-02-03")
    >>> _ = G.add_edge("a", "b", date="2026-02-03"); _ = G.add_edge("a", "c", date=None)
    >>> rows = centrality_over_time(G, metrics=["degree"])
    >>> for r in rows:
    ...     print(r["period"], r["rank"], r["id"], r["rank_change"])
    2026-01 1 b None
    2026-01 2 a None
    2026-01 3 c None
    2026-02 1 a 1
    2026-02 2 b -1
    2026-02 3 c 0
    >>> rows.undated
    1
    """
    if by not in PERIODS:
        raise ValueError(f"unknown period {by!r}; choose from {', '.join(PERIODS)}")
    if isinstance(G, ActorGraph):
        return _table_periods(G, by, metrics, top)
    buckets: dict[str, list[tuple[Any, Any, Any]]] = defaultdict(list)
    undated = 0
    for u, v, key, date in G.edges(keys=True, data="date"):
        period = period_of(date, by)
        if period is None:
            undated += 1
        else:
            buckets[period].append((u, v, key))
    periods = sorted(buckets)
    return _rank_periods(((p, G.edge_subgraph(buckets[p])) for p in periods), metrics, top, periods, undated)


def _table_periods(view: ActorGraph, by: str, metrics: Iterable[str], top: int | None) -> PeriodRanking:
    """:func:`centrality_over_time` of an ActorGraph: each period's weighted graph from the event table."""
    table = view.table_for({"date"})
    keep = table.mask(view.filter)
    pairs = set(view.weighted.edges())  # what the graph-shaping filters keep

    def in_period(period: str) -> Any:
        return table.mask(date=lambda d: d is not None and period_of(d, by) == period)

    graphs = [(p, g) for p in table.periods(keep, lambda d: period_of(d, by))
              if (g := table.weighted(keep & in_period(p), pairs=pairs)).number_of_edges()]
    undated = table.count_events(keep & table.mask(date=lambda d: d is None or period_of(d, by) is None), pairs=pairs)
    return _rank_periods(graphs, metrics, top, [p for p, _ in graphs], undated)


def _rank_periods(graphs: Iterable[tuple[str, nx.DiGraph | nx.MultiDiGraph]], metrics: Iterable[str],
                  top: int | None, periods: list[str], undated: int) -> PeriodRanking:
    """Rank each period's graph and compare every actor's rank with the preceding period's."""
    metrics = list(metrics)
    rows: list[dict[str, Any]] = []
    previous: dict[Any, int] = {}
    for period, graph in graphs:
        ranks: dict[Any, int] = {}
        for rank, row in enumerate(centrality(graph, metrics), 1):
            ranks[row["id"]] = rank
            if top and rank > top:
                continue
            before = previous.get(row["id"])
            rows.append({"period": period, "rank": rank, **row, "previous_rank": before,
                         "rank_change": None if before is None else before - rank})
        previous = ranks
    return PeriodRanking(rows, periods=periods, undated=undated)
