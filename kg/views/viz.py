"""Interactive, offline HTML view of an actor graph (vis-network via pyvis' bundled assets).

The page is one self-contained file: vis-network's JS and CSS are read from
the installed pyvis package and inlined, the graph travels as a JSON data
block, and a Content-Security-Policy with ``default-src 'none'`` plus hashes
of the two inline scripts means the browser neither fetches anything nor runs
any script we did not write.

Every piece of text taken from the graph is HTML-escaped in Python *and* put
into the page by the template's script as DOM text (``textContent``, canvas
``fillText``), never as markup, so a hostile label or evidence sentence cannot
execute even if one of the two layers were lost.
"""
from __future__ import annotations

import html
import json
import math
import os
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import KgError
from ..model import ENTITY_TYPES, MAX_EDGES
from .csp import inline_hashes
from .edges import (CATEGORY_COLOURS, SIGN_NAMES, GroupKey, category_colour, edge_records, esc as _esc, pair_weights,
                    top_pairs)

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["render_html", "to_html", "top_nodes", "top_pairs", "TYPE_COLOURS", "CATEGORY_COLOURS", "category_colour"]

#: Node colour per actor type (Okabe–Ito palette, distinguishable with colour-blindness).
TYPE_COLOURS: dict[str, str] = {
    "Person": "#E69F00",
    "Organization": "#0072B2",
    "Country": "#009E73",
    "Location": "#56B4E9",
    "Group": "#CC79A7",
    "Other": "#999999",
}

_VIS_DIR = ("lib", "vis-9.1.2")
_TEMPLATE = Path(__file__).resolve().parent / "templates" / "graph.html.j2"
_MIN_SIZE, _MAX_SIZE = 10.0, 48.0
_MAX_ALIASES = 8
_MAX_LABEL = 40
_STABILISE_ITERATIONS = 200
_FREEZE_ABOVE = 200
_CSP_PLACEHOLDER = "__KG_SCRIPT_HASHES__"


def render_html(
    G: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    scores: Mapping[str, float] | None = None,
    metric: str = "pagerank",
    max_nodes: int = 500,
    title: str = "kg graph",
    physics: bool = True,
    total_actors: int | None = None,
    max_edges: int = MAX_EDGES,
    total_links: int | None = None,
    edge_counts: Mapping[GroupKey, int] | None = None,
) -> Path:
    """Write an interactive, self-contained HTML view of an actor graph.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        Actors as nodes (``label``, ``type``, ``country``, ``aliases``,
        ``mentions``) and events as edges (``action``, ``lemma``, ``category``,
        ``date``, ``doc``, ``sentence``, ``evidence``, ``negated``,
        ``confidence``, ``weight``). Missing attributes get neutral defaults.
    path : str or os.PathLike
        Where to write the page; parent folders are created. The file is
        replaced atomically, so a reader never sees half a page.
    scores : mapping of node id to float, optional
        Centrality used for node size and for the top-``max_nodes`` cut.
        Defaults to weighted PageRank on ``G`` collapsed to a DiGraph.
    metric : str
        Name of the metric behind ``scores``, shown on the page.
    max_nodes : int
        Keep at most this many actors (the highest scores); the page says
        "showing N of M actors (top by <metric>)" when it cuts.
    title : str
        Page title and heading.
    physics : bool
        Start with live physics. With False the layout is still computed
        (200 stabilisation iterations) and then frozen. Graphs above 200
        actors are always frozen after stabilisation; a toggle turns physics
        back on.
    total_actors : int, optional
        Actors in the whole graph when ``G`` holds only the candidates for
        the page (see :mod:`kg.views.graph_page`); default ``G``'s node count.
    max_edges : int
        Draw at most this many links (actor pairs, each with its events):
        those with most events between the shown actors (:func:`top_pairs`);
        the page says "N of M links" when it cuts. The page carries at most
        4,000 evidence sentences in all (at most 5 per edge), shared out
        edge by edge in page order.
    total_links : int, optional
        Links between the shown actors when ``G`` holds only the drawn ones
        (see :mod:`kg.views.graph_page`); default: counted in ``G``.
    edge_counts : mapping, optional
        Events per edge, keyed ``(actor, target, lemma, category,
        negated)`` (:func:`kg.views.edges.group_key`), when ``G`` holds
        only the events whose evidence the page shows (see
        :mod:`kg.views.graph_page`); default: counted in ``G``.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    KgError
        If pyvis (the source of the vis-network assets) or jinja2 is missing,
        or ``max_nodes`` or ``max_edges`` is below 1.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Person/a", label="A", type="Person")
    >>> G.add_node("Person/b", label="B", type="Person")
    >>> G.add_edge("Person/a", "Person/b", key="ev1", action="met", lemma="meet", category="CONSULT")
    'ev1'
    >>> render_html(G, tmp / "graph.html").name  # doctest: +SKIP
    'graph.html'
    """
    page = to_html(G, scores=scores, metric=metric, max_nodes=max_nodes, title=title, physics=physics,
                   total_actors=total_actors, max_edges=max_edges, total_links=total_links, edge_counts=edge_counts)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(target, page)
    return target


def to_html(
    G: nx.MultiDiGraph,
    *,
    scores: Mapping[str, float] | None = None,
    metric: str = "pagerank",
    max_nodes: int = 500,
    title: str = "kg graph",
    physics: bool = True,
    total_actors: int | None = None,
    max_edges: int = MAX_EDGES,
    total_links: int | None = None,
    edge_counts: Mapping[GroupKey, int] | None = None,
) -> str:
    """Return the HTML page that :func:`render_html` writes (for ``kg serve``).

    Parameters are those of :func:`render_html` without ``path``.

    Returns
    -------
    str
        A complete, self-contained HTML document.
    """
    if max_nodes < 1:
        raise KgError(f"max_nodes must be at least 1, got {max_nodes}")
    if max_edges < 1:
        raise KgError(f"max_edges must be at least 1, got {max_edges}")
    try:
        import jinja2
    except ModuleNotFoundError as exc:  # pragma: no cover - jinja2 is a dependency
        raise KgError("jinja2 is not installed; run: pip install jinja2") from exc
    if scores is None:
        from ..analysis import metric_scores
        from ..graph.mirror import collapse

        scores = metric_scores(collapse(G), metric)
    kept = top_nodes(G, scores, max_nodes)
    nodes = _node_records(G, kept, scores, metric)
    weights = pair_weights(G, kept, edge_counts)
    drawn = top_pairs(weights, kept, max_edges)
    edges = edge_records(G, kept, set(drawn), edge_counts)
    type_counts = Counter(html.unescape(n["type"]) for n in nodes)
    types = [{"name": t, "colour": TYPE_COLOURS.get(t, TYPE_COLOURS["Other"]), "count": type_counts[t]}
             for t in sorted(type_counts, key=_type_order)]
    cat_counts = Counter(html.unescape(e["category"]) for e in edges)
    categories = [{"name": c or "(none)", "key": c, "colour": category_colour(c or None), "count": n}
                  for c, n in sorted(cat_counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    sign_counts = Counter(e["sign"] for e in edges)
    signs = [{"name": name, "key": key, "count": sign_counts[key]} for key, name in SIGN_NAMES.items()
             if sign_counts[key]]
    total, shown = (G.number_of_nodes() if total_actors is None else total_actors), len(nodes)
    notice = f"showing {shown} of {total} actors"
    if shown < total:
        notice += f" (top by {metric})"
    links = len(weights) if total_links is None else total_links
    if len(drawn) < links:
        notice += f"; {len(drawn)} of {links} links (most events)"
    payload = {
        "meta": {"shown": shown, "total": total, "metric": _esc(metric), "physics": bool(physics),
                 "freezeAbove": _FREEZE_ABOVE},
        "options": _vis_options(shown),
        "nodes": nodes,
        "edges": edges,
    }
    vis_js, vis_css = _vis_assets()
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True)
    template = env.from_string(_TEMPLATE.read_text(encoding="utf-8"))
    page = template.render(
        title=title, notice=notice, shown=shown, total=total, edge_count=len(edges),
        types=types, categories=categories, signs=signs, physics=bool(physics), csp_hashes=_CSP_PLACEHOLDER,
        data_json=_script_json(payload), vis_js=vis_js, vis_css=vis_css,
    )
    return page.replace(_CSP_PLACEHOLDER, " ".join(inline_hashes(page)), 1)


def _type_order(name: str) -> tuple[int, str]:
    return (ENTITY_TYPES.index(name) if name in ENTITY_TYPES else len(ENTITY_TYPES), name)


def top_nodes(G: nx.DiGraph | nx.MultiDiGraph, scores: Mapping[str, float], max_nodes: int) -> list[Any]:
    """The ``max_nodes`` nodes a page shows: highest score first, ties by id."""
    ranked = sorted(G.nodes, key=lambda n: (-round(float(scores.get(n, 0.0) or 0.0), 12), str(n)))
    return ranked[:max_nodes]


def _node_records(G: nx.MultiDiGraph, kept: list[Any], scores: Mapping[str, float],
                  metric: str) -> list[dict[str, Any]]:
    values = [float(scores.get(n, 0.0) or 0.0) for n in kept]
    lo, hi = min(values, default=0.0), max(values, default=0.0)
    records = []
    for node, score in zip(kept, values):
        attrs = G.nodes[node]
        label = str(attrs.get("label") or node)
        kind = str(attrs.get("type") or "Other")
        aliases = [str(a) for a in (attrs.get("aliases") or []) if a and str(a) != label]
        size = (_MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * math.sqrt((score - lo) / (hi - lo))
                if hi > lo else (_MIN_SIZE + _MAX_SIZE) / 2)
        alias_text = ", ".join(aliases[:_MAX_ALIASES]) + (", …" if len(aliases) > _MAX_ALIASES else "")
        rows = [("type", kind), ("country", attrs.get("country") or "—"),
                ("aliases", alias_text or "—"), ("mentions", attrs.get("mentions", "—")),
                (metric, f"{score:.4g}"), ("id", node)]
        records.append({
            "id": str(node),
            "label": _esc(label if len(label) <= _MAX_LABEL else label[:_MAX_LABEL - 1] + "…"),
            "type": _esc(kind),
            "color": TYPE_COLOURS.get(kind, TYPE_COLOURS["Other"]),
            "size": round(size, 2),
            "score": round(score, 12),  # float noise of the summation order never reaches the page
            "search": [_esc(label)] + [_esc(a) for a in aliases],
            "tip": {"title": _esc(label), "rows": [[_esc(k), _esc(v)] for k, v in rows]},
        })
    return records


def _vis_options(node_count: int) -> dict[str, Any]:
    return {
        "autoResize": True,
        "nodes": {"shape": "dot", "borderWidth": 1,
                  "font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3,
                           "strokeColor": "#ffffff"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                  "font": {"size": 10, "align": "horizontal", "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.15},
                  "selectionWidth": 2, "hoverWidth": 1},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": node_count > _FREEZE_ABOVE},
        "physics": {"enabled": True, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -8000, "springLength": 140,
                                  "springConstant": 0.04, "damping": 0.3, "avoidOverlap": 0.2},
                    "stabilization": {"enabled": True, "iterations": _STABILISE_ITERATIONS,
                                      "updateInterval": 25, "fit": True}},
        "layout": {"randomSeed": 7, "improvedLayout": node_count <= 100},
    }


def _script_json(payload: Any) -> str:
    """JSON that is inert inside a ``<script>`` element (no ``</script>``, ``<!--`` or entities)."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """Read vis-network's JS and CSS from the installed pyvis package.

    The package is found, not imported: importing pyvis imports IPython
    (0.5 s of every page command for files read from disk).
    """
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise KgError("pyvis is not installed; run: pip install pyvis")
    root = Path(list(spec.submodule_search_locations)[0])
    for base in (root, root / "templates"):
        folder = base.joinpath(*_VIS_DIR)
        js, css = folder / "vis-network.min.js", folder / "vis-network.css"
        if js.is_file() and css.is_file():
            js_text, css_text = js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")
            if "</script" in js_text.lower() or "</style" in css_text.lower():
                raise KgError("pyvis' vis-network assets cannot be inlined safely")
            return js_text, css_text
    raise KgError("pyvis is installed without vis-network 9.1.2 assets; reinstall pyvis==0.3.2")


def _write_atomic(target: Path, text: str) -> None:
    from ..files import atomic_binary_file

    with atomic_binary_file(target) as handle:
        handle.write(text.encode("utf-8"))
