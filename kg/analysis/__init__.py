"""Analysis: what the actor graph says. Rankings, communities, ego networks, periods, event rows.

Works on networkx graphs and on :class:`kg.graph.mirror.ActorGraph` (which
reads the store); it never opens a store or writes a file itself.

* :mod:`~kg.analysis.metrics`: centrality (``events``, PageRank, betweenness, ...)
* :mod:`~kg.analysis.communities`: Louvain communities
* :mod:`~kg.analysis.ego`: actors by name, ego networks, table rows
* :mod:`~kg.analysis.periods`: rankings per month or ISO week
* :mod:`~kg.analysis.events`: the events behind the graph as rows (``kg events``)

May import: core and every stage below it (:mod:`kg.graph` and lower).
"""
from .communities import communities, community_rows
from .ego import actor_rows, closest_actors, ego_network, event_rows, match_actors
from .metrics import METRICS, betweenness_samples, centrality, metric_scores
from .periods import PERIODS, PeriodRanking, centrality_over_time, period_of

__all__ = ["METRICS", "betweenness_samples", "centrality", "metric_scores", "communities", "community_rows",
           "actor_rows", "closest_actors", "ego_network", "event_rows", "match_actors", "PERIODS",
           "PeriodRanking", "centrality_over_time", "period_of"]
