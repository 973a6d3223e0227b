"""``kg centrality``, ``kg communities``, ``kg ego`` and ``kg events``: ranking and grouping actors, listing events."""
from __future__ import annotations

import json

import click

from ..formatting import FORMATS
from ..model import DEFAULT_METRIC, EVENT_SORTS, METRICS
from .base import cli, fail_cleanly, make_filter, event_filter_options, filter_options, store_option


@cli.command()
@store_option
@filter_options
@click.option("--metric", "metrics", multiple=True, default=(DEFAULT_METRIC, "pagerank", "degree", "betweenness"),
              show_default=True, type=click.Choice(METRICS),
              help="Metric to compute (repeatable); rows are sorted by the first. events = the events an "
                   "actor takes part in (said included): the ranking that matches a reader best.")
@click.option("--top", default=20, show_default=True, type=click.IntRange(0), help="Rows to show (0 = all).")
@click.option("--by", "by", type=click.Choice(["month", "week"]), default=None,
              help="Rank separately per month or ISO week (one row per period and actor; --top is per period).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True)
@fail_cleanly
def centrality(store, metrics, top, by, fmt,
               since, until, categories, types, min_weight, actor, min_confidence, sign, count):
    """Rank actors by centrality in the actor graph.

    The default ranking, events (what an actor did, said or had done to it),
    put the participant human annotators mention most first in 63% of ECB+
    dev news topics and in the top 3 of all of them; PageRank did in 25% and
    50% (tests/benchmarks/ranking.py). PageRank and betweenness still show
    who bridges or receives.

    With --by month|week, actors are ranked within each period's events, so
    rising and falling actors show (rank_change: positive = rising).

    \b
    Example:
      kg centrality --top 10
      kg centrality --metric betweenness --since 2026-03-01 --format csv
      kg centrality --by month --top 3
    """
    from ..analysis import betweenness_samples, centrality as rank
    from ..formatting import render_rows
    from ..graph.mirror import ActorGraph
    from .base import open_store

    flt = make_filter(since, until, categories, types, min_weight, actor, min_confidence, sign, count)
    if by:
        _centrality_by_period(store, flt, by, metrics, top, fmt)
        return
    with open_store(store, read_only=True) as kg_store:
        G = ActorGraph(kg_store, flt).pairs  # the weighted graph as arrays: no networkx graph of every actor
    rows = rank(G, metrics, top=top or None)
    k = betweenness_samples(G.number_of_nodes(), G.number_of_edges())
    if "betweenness" in metrics and k:
        click.echo(f"note: betweenness estimated from {k} sampled pivots ({G.number_of_nodes()} actors)", err=True)
    columns = ["label", "type", "country", *metrics] if fmt == "table" else ["id", "label", "type", "country", "aliases", *metrics]
    if not rows and fmt == "table":
        click.echo("no actors match", err=True)
        return
    click.echo(render_rows(rows, columns, fmt))


def _centrality_by_period(store, flt, by, metrics, top, fmt) -> None:
    from ..analysis import centrality_over_time
    from ..formatting import render_rows
    from ..graph.mirror import ActorGraph
    from .base import open_store

    with open_store(store, read_only=True) as kg_store:
        rows = centrality_over_time(ActorGraph(kg_store, flt), by=by, metrics=metrics, top=top or None)
    if rows.undated:
        click.echo(f"note: {rows.undated} undated event(s) left out", err=True)
    if not rows and fmt == "table":
        click.echo("no dated events match", err=True)
        return
    columns = (["period", "rank", "label", "type", *metrics, "rank_change"] if fmt == "table" else
               ["period", "rank", "id", "label", "type", "country", *metrics, "previous_rank", "rank_change"])
    click.echo(render_rows(rows, columns, fmt))


@cli.command()
@store_option
@filter_options
@click.option("--members", "top_members", default=5, show_default=True, type=click.IntRange(0),
              help="Most central members (PageRank) listed per community (0 = all).")
@click.option("--resolution", default=1.0, show_default=True, type=click.FloatRange(0, min_open=True),
              help="Louvain resolution: above 1 gives smaller communities, below 1 larger ones.")
@click.option("--seed", default=42, show_default=True, type=int, help="Random seed (same seed, same result).")
@click.option("--min-size", default=2, show_default=True, type=click.IntRange(1),
              help="Hide communities with fewer actors (1 shows single actors too); stderr says how many.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True)
@fail_cleanly
def communities(store, top_members, resolution, seed, min_size, fmt,
                since, until, categories, types, min_weight, actor, min_confidence, sign, count):
    """Find communities of actors (Louvain on the undirected, event-weighted graph).

    Communities are numbered from the largest; members are listed by
    PageRank in the whole (filtered) graph; events counts events between
    members.

    \b
    Example:
      kg communities
      kg communities --since 2026-03-01 --members 0 --format json
    """
    from ..analysis import community_rows
    from ..formatting import render_rows
    from ..graph.mirror import ActorGraph
    from .base import open_store

    flt = make_filter(since, until, categories, types, min_weight, actor, min_confidence, sign, count)
    with open_store(store, read_only=True) as kg_store:
        G = ActorGraph(kg_store, flt).pairs
    rows = community_rows(G, top=top_members or None, seed=seed, resolution=resolution)
    hidden = [r for r in rows if r["size"] < min_size]
    rows = [r for r in rows if r["size"] >= min_size]
    if hidden:
        click.echo(f"{len(hidden)} {'community' if len(hidden) == 1 else 'communities'} of fewer than "
                   f"{min_size} actors not shown (--min-size 1 shows them)", err=True)
    if not rows and fmt == "table":
        click.echo("no actors match", err=True)
        return
    columns = ["community", "size", "events", "members"]
    if fmt != "table":
        columns += ["ids", "pagerank"]
    click.echo(render_rows(rows, columns, fmt, max_width=120))


@cli.command()
@click.argument("name", metavar="ACTOR")
@store_option
@filter_options
@click.option("--radius", default=2, show_default=True, type=click.IntRange(0),
              help="Steps from ACTOR, in either direction.")
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False),
              help="Also write the ego network as an interactive HTML page.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@fail_cleanly
def ego(name, store, radius, output, fmt, since, until, categories, types, min_weight, actor, min_confidence,
        sign, count):
    """Show the actors within --radius steps of ACTOR and the events among them.

    ACTOR is a label, alias or id (case-insensitive); a near miss lists
    close matches.

    \b
    Example:
      kg ego "Joaquim Serpa"
      kg ego Serpa --radius 1 -o output/serpa.html
    """
    from ..analysis import actor_rows, ego_network, event_rows, metric_scores
    from ..formatting import negated_text, render_rows
    from ..graph.mirror import ActorGraph, collapse
    from ..views.viz import render_html
    from .base import open_store

    flt = make_filter(since, until, categories, types, min_weight, actor, min_confidence, sign, count)
    with open_store(store, read_only=True) as kg_store:
        E = ego_network(ActorGraph(kg_store, flt), name, radius=radius)
    centre = ", ".join(str(E.nodes[c].get("label") or c) for c in E.graph["centre"])
    actors, events = actor_rows(E), event_rows(E)
    if output:
        path = render_html(E, output, scores=metric_scores(collapse(E), "pagerank"), metric="pagerank",
                           title=f"ego network of {centre} (radius {radius})")
        click.echo(f"graph page: {path}", err=True)
    if fmt == "json":
        click.echo(json.dumps({"centre": E.graph["centre"], "radius": radius, "actors": actors,
                               "events": events}, ensure_ascii=False, indent=1))
        return
    for row in events:
        row["action"] = negated_text(str(row["action"]), row["negated"])
    click.echo(f"ego network of {centre} (radius {radius}): {len(actors)} actors, {len(events)} events\n")
    click.echo(render_rows(actors, ["label", "type", "country", "distance", "events"], "table"))
    if events:
        click.echo("")
        click.echo(render_rows(events, ["date", "actor", "action", "category", "target", "doc"], "table"))



@cli.command()
@store_option
@click.option("--actor", default=None, metavar="ACTOR", help="Only events this actor did (label, alias or id).")
@click.option("--target", default=None, metavar="ACTOR", help="Only events done to this actor.")
@event_filter_options
@click.option("--doc", "docs", multiple=True, metavar="DOC_ID", help="Only events from this document (repeatable).")
@click.option("--sort", type=click.Choice(EVENT_SORTS), default="date", show_default=True,
              help="date: oldest first (undated last); confidence: most confident first.")
@click.option("--reverse", is_flag=True, help="Newest (or least confident) first.")
@click.option("--limit", default=0, show_default=True, type=click.IntRange(0), help="Rows to show (0 = all).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table for reading; csv/tsv/json/jsonl carry the evidence sentence and ids too.")
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False),
              help="Write to this file instead of standard output (whole or not at all).")
@fail_cleanly
def events(store, actor, target, categories, since, until, min_confidence, sign, count, docs, sort, reverse, limit, fmt,
           output):
    """List the events behind the graph: who did what to whom, when, and where it is written.

    Every row is one edge of the actor graph (same actors, merges and
    curation applied), with its document, sentence number and evidence.

    \b
    Example:
      kg events --actor "Joaquim Serpa" --format csv -o output/serpa.csv
      kg events --category COERCE --since 2026-03-01 --until 2026-03-31
      kg events --sign conflict --actor Senegal
      kg events --target "Cape Verde" --sort date --reverse --limit 10
    """
    from ..analysis.events import EVENT_COLUMNS, event_table
    from ..formatting import negated_text, render_rows
    from .base import open_store

    flt = make_filter(since, until, categories, (), 1, None, min_confidence, sign, count)
    with open_store(store, read_only=True) as kg_store:
        rows = event_table(kg_store, flt, actor=actor, target=target, docs=docs, sort=sort, reverse=reverse,
                           limit=limit or None)
    if fmt == "table":
        for row in rows:
            row["action"] = negated_text(str(row["action"]), row["negated"])
        columns: tuple[str, ...] = ("date", "actor", "action", "category", "target", "doc")
    else:
        columns = EVENT_COLUMNS
    if not rows and fmt == "table" and not output:
        click.echo("no events match", err=True)
        return
    text = render_rows(rows, columns, fmt, max_width=60 if fmt == "table" else 10**9)
    if output:
        from ..files import atomic_text_file

        with atomic_text_file(output) as fh:
            fh.write(text + "\n")
        click.echo(f"wrote {len(rows)} events to {output}", err=True)
    else:
        click.echo(text)
