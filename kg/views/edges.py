"""The edges of a graph page: which links it draws, how events group on them, what evidence they carry.

Why apart from :mod:`kg.views.viz`: the page of a big store is decided by
its edges. 500 actors of a million-event store have 37k linked pairs and
72k events between them; drawn whole, that is a 26 MB page the browser
takes seconds to lay out. So a page draws the ``max_edges`` pairs with
most events (:func:`top_pairs`, also used to choose which events to read
from the store), groups each pair's events by action, category and
negation, and shares a page-wide budget of evidence sentences out edge by
edge (:func:`edge_records`). The shares are decided by the edges' event
counts alone (:func:`evidence_shares`), so a page of a big store counts its
edges from the saved rows and reads only the evidence it shows
(:mod:`kg.graph.edge_groups`).
"""
from __future__ import annotations

import html
import math
import zlib
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..formatting import negated_text
from ..graph.edge_groups import GroupKey, evidence_mark, group_key

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["CATEGORY_COLOURS", "SIGN_NAMES", "GroupKey", "category_colour", "edge_records", "evidence_shares",
           "group_key", "ordered_groups", "pair_weights", "shown_evidence", "top_pairs"]

#: Edge colour per PLOVER category (Paul Tol's palettes; cooperation in blues and
#: greens, verbal conflict in oranges and purples, material conflict in reds).
CATEGORY_COLOURS: dict[str, str] = {
    "AGREE": "#117733", "CONSULT": "#44AA99", "SUPPORT": "#88CCEE", "CONCEDE": "#999933",
    "COOPERATE": "#332288", "AID": "#0077BB", "RETREAT": "#DDCC77",
    "REQUEST": "#AA4499", "DEMAND": "#AA4499", "ACCUSE": "#EE7733", "DISAPPROVE": "#EE7733",
    "REJECT": "#CCBB44", "THREATEN": "#EE3377", "INVESTIGATE": "#6699CC",
    "PROTEST": "#CC6677", "SANCTION": "#882255", "MOBILIZE": "#AA3377", "COERCE": "#994455",
    "ASSAULT": "#CC3311", "FIGHT": "#661100",
}
_NO_CATEGORY_COLOUR = "#9E9E9E"
_FALLBACK_COLOURS = ("#4477AA", "#228833", "#AA3377", "#BBBBBB", "#EE6677", "#66CCEE", "#CCBB44")

_MAX_EVIDENCE = 5
#: Evidence sentences one page carries in all, shared out edge by edge (first one each, then a second...),
#: so a big page stays a few megabytes; a tooltip says how many more events its edge has.
_MAX_PAGE_EVIDENCE = 4000
#: Longest evidence text shown (characters); a longer "sentence" is a paragraph the splitter missed.
_MAX_EVIDENCE_CHARS = 600


def category_colour(category: str | None) -> str:
    """Return the edge colour of a PLOVER category (grey for None, stable colour for unknown ones).

    Examples
    --------
    >>> category_colour("ASSAULT")
    '#CC3311'
    >>> category_colour(None)
    '#9E9E9E'
    """
    if not category:
        return _NO_CATEGORY_COLOUR
    colour = CATEGORY_COLOURS.get(category.upper())
    if colour is None:
        colour = _FALLBACK_COLOURS[zlib.crc32(category.encode("utf-8")) % len(_FALLBACK_COLOURS)]
    return colour


def esc(value: Any) -> str:
    """HTML-escaped text of a value (None: empty), quotes included: every string a page takes from the graph."""
    return html.escape("" if value is None else str(value), quote=True)


def pair_weights(G: nx.MultiDiGraph, kept: list[Any],
                 counts: "Mapping[GroupKey, int] | None" = None) -> dict[tuple[Any, Any], float]:
    """Events (summed ``weight``) per linked actor pair among ``kept``: what :func:`top_pairs` ranks.

    ``counts``: the events of each edge (:func:`edge_records`'), summed per pair instead of ``G``'s events.
    """
    members = set(kept)
    weights: dict[tuple[Any, Any], float] = defaultdict(float)
    if counts is not None:
        for (u, v, *_), n in counts.items():
            if u in members and v in members and u != v:
                weights[(u, v)] += n
        return dict(weights)
    for u, v, w in G.edges(kept, data="weight", default=1.0):
        if v in members and u != v:
            weights[(u, v)] += w
    return dict(weights)


def top_pairs(weights: Mapping[tuple[Any, Any], float], kept: list[Any], max_edges: int) -> list[tuple[Any, Any]]:
    """The links a page draws: the ``max_edges`` actor pairs with most events, ties by the actors' rank.

    ``weights``: events per pair among the ``kept`` actors (from the events,
    :func:`pair_weights`, or from the weighted graph: the same numbers).

    >>> top_pairs({("a", "b"): 1.0, ("b", "a"): 3.0, ("a", "c"): 1.0}, ["a", "b", "c"], 2)
    [('b', 'a'), ('a', 'b')]
    """
    rank = {node: i for i, node in enumerate(kept)}
    ranked = sorted(weights, key=lambda pair: (-round(float(weights[pair]), 9), rank[pair[0]], rank[pair[1]]))
    return ranked[:max_edges]


def _newest_first(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Order events newest first (undated last), then by document, sentence and words (whatever order they came in)."""
    events = sorted(events, key=lambda d: (str(d.get("doc") or ""), str(d.get("sentence") or "").zfill(8),
                                           str(d.get("action") or ""), str(d.get("evidence") or "")))
    return sorted(events, key=lambda d: str(d.get("date") or ""), reverse=True)


def _signs() -> Mapping[str, str]:
    """Category -> "cooperation"/"conflict" from the action lexicon (``kg:sign`` in actions.ttl)."""
    from kg.extract.actions import load_lexicon

    return load_lexicon().signs


#: Sign filters of the page, in legend order ("" = events without a signed category).
SIGN_NAMES = {"cooperation": "cooperation", "conflict": "conflict", "": "(no sign)"}


def _evidence_shares(available: list[int], budget: int | None = None, cap: int = _MAX_EVIDENCE) -> list[int]:
    """Evidence sentences each edge shows: one each in page order, then a second each..., until ``budget``
    (default: the page's, :data:`_MAX_PAGE_EVIDENCE`).

    >>> _evidence_shares([3, 1, 5], budget=6, cap=5)
    [3, 1, 2]
    """
    shares, left = [0] * len(available), _MAX_PAGE_EVIDENCE if budget is None else budget
    for round_ in range(cap):
        for i, n in enumerate(available):
            if left == 0:
                return shares
            if n > round_:
                shares[i] += 1
                left -= 1
    return shares


def _shown_text(text: str) -> str:
    return text if len(text) <= _MAX_EVIDENCE_CHARS else text[:_MAX_EVIDENCE_CHARS - 1] + "…"


def ordered_groups(counts: Mapping[GroupKey, int], kept: list[Any]) -> list[GroupKey]:
    """The page's edges in page order: the actors' rank, then lemma, category and negation (the same page
    whatever order the events came in)."""
    rank = {node: i for i, node in enumerate(kept)}
    return sorted(counts, key=lambda k: (rank[k[0]], rank[k[1]], k[2], k[3] or "", k[4]))


def evidence_shares(counts: Mapping[GroupKey, int], kept: list[Any]) -> dict[GroupKey, int]:
    """Evidence sentences each edge of a page may show, by the page's budget (:func:`_evidence_shares`):
    decided by the edges' event counts alone, so a page of a big store reads only the evidence it shows
    (:class:`kg.graph.edge_groups.EdgeGroups`)."""
    order = ordered_groups(counts, kept)
    return dict(zip(order, _evidence_shares([counts[k] for k in order])))


def shown_evidence(events: list[dict[str, Any]], share: int) -> list[dict[str, Any]]:
    """The evidence an edge shows: its newest ``share`` events, one per (document, sentence, action)."""
    evidence, seen = [], set()
    for data in _newest_first(events):
        if len(evidence) == share:
            break
        mark = evidence_mark(data)
        if mark not in seen:
            seen.add(mark)
            evidence.append(data)
    return evidence


def edge_records(G: nx.MultiDiGraph, kept: list[Any], drawn: set[tuple[Any, Any]],
                 counts: Mapping[GroupKey, int] | None = None) -> list[dict[str, Any]]:
    """The page's edges: the events of the ``drawn`` pairs grouped by action, category and negation,
    in the actors' rank order, each with its newest evidence within the page's budget.

    ``counts``: the events of each group (:func:`group_key`) when ``G``
    holds only those whose evidence the page shows (a big store's page,
    :mod:`kg.views.graph_page`); default: counted in ``G``.
    """
    signs = _signs()
    groups: dict[GroupKey, list[dict[str, Any]]] = defaultdict(list)
    for u, v, data in G.edges(kept, data=True):  # ranked order: the page is the same in every run
        if (u, v) in drawn:
            groups[group_key(u, v, data)].append(data)
    if counts is None:
        counts = {key: len(events) for key, events in groups.items()}
    else:
        counts = {key: n for key, n in counts.items() if key[:2] in drawn}
    shares = evidence_shares(counts, kept)
    records = []
    for index, key in enumerate(ordered_groups(counts, kept)):
        u, v, lemma, category, negated = key
        count = counts[key]
        evidence = shown_evidence(groups.get(key, []), shares[key])
        label = ("not " if negated else "") + lemma + (f" · {category}" if category else "")
        heading = f"{G.nodes[u].get('label') or u} → {label} → {G.nodes[v].get('label') or v}"
        records.append({
            "id": f"e{index}",
            "from": str(u),
            "to": str(v),
            "label": esc(label + (f" ×{count}" if count > 1 else "")),
            "category": esc(category or ""),
            "sign": signs.get((category or "").upper(), ""),
            "color": category_colour(category),
            "width": round(min(1.5 + 2.0 * math.log2(count), 10.0), 2),
            "count": count,
            "negated": negated,
            "tip": {
                "title": esc(heading),
                "rows": [["events", str(count)]],
                "evidence": [{
                    "date": esc(d.get("date") or "undated"),
                    "doc": esc(d.get("doc") or "?"),
                    "sentence": esc(d.get("sentence") if d.get("sentence") is not None else "?"),
                    "action": esc(negated_text(str(d.get("action") or lemma), bool(d.get("negated")))),
                    "text": esc(_shown_text(str(d.get("evidence") or ""))),
                } for d in evidence],
                "more": count - len(evidence),
            },
        })
    return records
