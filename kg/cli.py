"""Command line of kg: parse options, call the library, format the result.

Nothing here knows how extraction, storage or analysis work; every command
is a thin layer over a public function. Library errors (``KgError``) become
one-line messages with exit status 1; usage errors exit with 2 (click).
"""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any, Callable

import click

from .formatting import FORMATS
from .model import ENTITY_TYPES, METRICS

__all__ = ["cli", "main"]

DEFAULT_HTML = "output/graph.html"


def _fail_cleanly(func: Callable) -> Callable:
    """Turn kg's exceptions into click errors (message, exit 1) instead of tracebacks."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .errors import KgError

        try:
            return func(*args, **kwargs)
        except KgError as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:  # `kg query ... | head`
            sys.stderr.close()
            raise SystemExit(0)
    return wrapper


def _export_update_endpoint(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:  # kg.endpoint reads it from the environment, like the credentials
        import os

        os.environ["KG_UPDATE_ENDPOINT"] = value
    return value


def store_option(func: Callable) -> Callable:
    func = click.option("--update-endpoint", envvar="KG_UPDATE_ENDPOINT", default=None, metavar="URL",
                        expose_value=False, callback=_export_update_endpoint,
                        help="SPARQL 1.1 Update URL when --store is an http(s) endpoint "
                             "(default: the --store URL).")(func)
    return click.option("--store", "store", envvar="KG_STORE", default=None, metavar="LOCATION",
                        help="Store: a directory (embedded Oxigraph), 'memory', or an http(s):// SPARQL 1.1 "
                             "endpoint (credentials from $KG_SPARQL_USER/$KG_SPARQL_PASSWORD). "
                             "Default: $KG_STORE or output/store.")(func)


def model_option(func: Callable) -> Callable:
    from .extract.nlp import DEFAULT_MODEL

    return click.option("--model", default=DEFAULT_MODEL, show_default=True,
                        help="spaCy pipeline package to parse with.")(func)


def _use_extra_lexicons(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> None:
    """Hand ``--actions`` files to the lexicon loader (through the environment, for worker processes)."""
    if value:
        import os

        from .extract.actions import EXTRA_LEXICONS_ENV

        os.environ[EXTRA_LEXICONS_ENV] = os.pathsep.join(str(Path(v).resolve()) for v in value)


def input_options(func: Callable) -> Callable:
    func = click.option("--strict", is_flag=True, help="Stop at the first bad file or record.")(func)
    func = click.option("--date", "date", default=None, metavar="YYYY-MM-DD",
                        help="Document date for inputs without one (relative dates resolve against it).")(func)
    func = click.option("--actions", "actions", multiple=True, type=click.Path(exists=True, dir_okay=False),
                        callback=_use_extra_lexicons, expose_value=False,
                        help="Extra SKOS action lexicon (Turtle, like ontology/actions.ttl) merged over "
                             "the bundled one (repeatable).")(func)
    func = click.option("--lines", is_flag=True, help="Each non-empty line of a text file is a document.")(func)
    func = click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
                        help="Parser processes (spaCy n_process).")(func)
    return click.argument("inputs", nargs=-1, required=False, metavar="DOCS...")(func)


def filter_options(func: Callable) -> Callable:
    func = click.option("--actor", default=None, help="Only this actor (label, alias or id) and its neighbours.")(func)
    func = click.option("--min-weight", default=1, show_default=True, type=click.IntRange(1),
                        help="Drop actor pairs with fewer events than this.")(func)
    func = click.option("--type", "types", multiple=True,
                        type=click.Choice(ENTITY_TYPES,
                                          case_sensitive=False),
                        help="Keep actors of this type (repeatable).")(func)
    func = click.option("--category", "categories", multiple=True, metavar="CATEGORY",
                        help="Keep events of this PLOVER category, e.g. ASSAULT (repeatable).")(func)
    func = click.option("--until", default=None, metavar="YYYY-MM-DD", help="Events on or before this date.")(func)
    func = click.option("--since", default=None, metavar="YYYY-MM-DD", help="Events on or after this date.")(func)
    return func


def _inputs_or_example(inputs: tuple[str, ...], example: bool) -> list[str]:
    if example:
        from .resources import examples_dir

        return [*inputs, str(examples_dir())]
    if not inputs:
        raise click.UsageError("give at least one DOCS path (a file, a directory or - for stdin)")
    return list(inputs)


def _filter(since, until, categories, types, min_weight, actor):
    from .documents import parse_date
    from .graph import GraphFilter

    for name, value in (("--since", since), ("--until", until)):
        if value and parse_date(value) is None:
            raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name)
    return GraphFilter(since=since, until=until, categories=tuple(categories), types=tuple(types),
                       actor=actor, min_weight=min_weight)


def _progress(total: int | None, desc: str, quiet: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="doc", file=sys.stderr,
                disable=quiet or not sys.stderr.isatty(), dynamic_ncols=True)


def _document_total(inputs: list[str], lines: bool, quiet: bool) -> int | None:
    """Documents to expect, for the bar's percentage and ETA (None: unknown, or no bar shown)."""
    if quiet or not sys.stderr.isatty():
        return None
    from .progress import count_documents

    return count_documents(inputs, lines=lines)


def _echo_problems(report, verbose: bool) -> None:
    for problem in report.problems[: None if verbose else 20]:
        click.echo(f"warning: {problem}", err=True)
    hidden = len(report.problems) - 20
    if hidden > 0 and not verbose:
        click.echo(f"warning: … and {hidden} more (use --verbose to list all)", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="kg", message="kg %(version)s")
def cli() -> None:
    """Turn news articles into a knowledge graph of who did what to whom, and when.

    \b
    Typical session:
      kg build articles/              # extract, load into output/store, write output/graph.html
      kg centrality --top 10          # most central actors
      kg query -f ontology/queries/top-actors.rq
      kg viz -o graph.html            # interactive graph, works offline
    """


@cli.command()
@input_options
@store_option
@model_option
@click.option("--html", "html", default=DEFAULT_HTML, show_default=True, type=click.Path(dir_okay=False),
              help="Write the graph page here after loading.")
@click.option("--no-html", is_flag=True, help="Do not write the graph page.")
@click.option("--force", is_flag=True, help="Re-extract documents even if unchanged since the last build.")
@click.option("--example", is_flag=True, help="Build the bundled example corpus (20 articles written for kg).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Extract on this Dask scheduler (e.g. tcp://10.0.0.5:8786); needs pip install 'kg[dask]'.")
@click.option("--workers", default=None, type=click.IntRange(1, 256), metavar="N",
              help="Extract on a local Dask cluster of N worker processes; needs pip install 'kg[dask]'.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
@click.option("-v", "--verbose", is_flag=True, help="List every skipped file or record.")
@_fail_cleanly
def build(inputs, store, model, html, no_html, force, example, scheduler, workers, quiet, verbose, jobs, lines,
          date, strict):
    """Extract triples from DOCS and load them into the store.

    DOCS are .txt/.md files (optional first line `date YYYY-MM-DD`), .jsonl
    or .csv files ({"id","text","date",...}), directories (walked
    recursively) or - for standard input. Unchanged documents are skipped;
    changed ones replace their own graph, so re-running is safe.

    \b
    Example:
      kg build articles/ --store output/store
      kg build feed.jsonl --date 2026-03-04 -j 2
      kg build --example              # the bundled example corpus
      kg build articles/ --workers 4  # a local Dask cluster
      kg build articles/ --scheduler tcp://10.0.0.5:8786
    """
    from .builder import build as run_build
    from .store import open_store

    inputs = _inputs_or_example(inputs, example)
    missing = [p for p in inputs if p != "-" and not Path(p).exists()]
    if len(missing) == len(inputs):
        raise click.ClickException(f"no such file or directory: {', '.join(missing)}")
    if scheduler and workers:
        raise click.UsageError("give --scheduler or --workers, not both")
    with open_store(store) as kg_store, _progress(_document_total(inputs, lines, quiet), "build", quiet) as bar:
        report = run_build(inputs, model=model, lines=lines, date=date, strict=strict, n_process=jobs,
                           force=force, progress=bar.update, kg_store=kg_store, scheduler=scheduler,
                           workers=workers)
        _echo_problems(report.read, verbose)
        html_path = None
        if not no_html:
            html_path = _write_html(kg_store, html, "pagerank", 500, None, "kg graph")
    if not quiet:
        click.echo(report.summary(), err=True)
        if html_path:
            click.echo(f"graph page: {html_path}", err=True)
    if report.read.read == 0 and report.read.skipped:
        raise click.ClickException("no document could be read")


@cli.command()
@click.argument("doc_ids", nargs=-1, required=True, metavar="DOC...")
@store_option
@click.option("-q", "--quiet", is_flag=True, help="No summary.")
@_fail_cleanly
def remove(doc_ids, store, quiet):
    """Remove documents from the store by id, with the actors only they mention.

    A document's id is the one `kg build` gave it: its path below the input
    directory without the suffix, or the `id` of a JSON Lines / CSV record.
    Actors other documents mention stay; links between short and full names
    are recomputed. Unknown ids are reported with close matches; the exit
    status is 1 if nothing was removed.

    \b
    Example:
      kg remove 2026-01-05-coast-guard-seizure --store output/store
      kg query "SELECT ?id WHERE { ?d a kg:Document ; dct:identifier ?id }"  # list ids
    """
    from .maintenance import remove_documents
    from .store import open_store

    def unknown(doc_id: str, matches: list[str]) -> None:
        hint = f"; did you mean {', '.join(repr(m) for m in matches)}?" if matches else ""
        click.echo(f"warning: no document {doc_id!r} in the store{hint}", err=True)

    with open_store(store, create=False) as kg_store:
        removed = remove_documents(kg_store, doc_ids, on_unknown=unknown)
    if not removed:
        raise click.ClickException("no document removed")
    if not quiet:
        click.echo(f"removed {removed} document{'' if removed == 1 else 's'}", err=True)


@cli.command()
@input_options
@model_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "tsv", "carb"]), default="jsonl", show_default=True,
              help="jsonl: the kg contract; tsv: one line per triple; carb: CaRB's tab format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write here instead of standard output.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
@_fail_cleanly
def extract(inputs, model, fmt, output, quiet, jobs, lines, date, strict):
    """Extract actor–action–target triples from DOCS without loading them.

    \b
    Example:
      kg extract article.txt
      kg extract sentences.txt --lines --format carb -o out.tsv
    """
    from .documents import ReadReport, iter_documents
    from .extract.pipeline import extract_documents
    from .writers import triple_writer

    inputs = _inputs_or_example(inputs, False)
    report = ReadReport()
    from .builder import unparseable

    docs = iter_documents(inputs, lines=lines, date=date, strict=strict, report=report, reject=unparseable)
    count = 0
    with triple_writer(output, fmt) as write, _progress(_document_total(inputs, lines, quiet), "extract",
                                                        quiet) as bar:
        for result in extract_documents(docs, model=model, n_process=jobs):
            for triple in result.triples:
                write(triple)
                count += 1
            bar.update(1)
    _echo_problems(report, False)
    if not quiet:
        click.echo(f"{report.summary()}; {count} triples", err=True)


@cli.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r", encoding="utf-8"), help="Read the query from a file.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True)
@click.option("--update", is_flag=True, help="Allow SPARQL UPDATE (queries are read-only by default).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(0), metavar="SECONDS",
              help="Give up after this many seconds (0 = wait forever). Oxigraph cannot cancel a running "
                   "query, so kg then exits with status 1 (an unfinished update changes nothing).")
@click.option("--limit", "row_limit", default=10_000, show_default=True, type=click.IntRange(0), metavar="ROWS",
              help="Print at most this many rows or triples (0 = all); a note on stderr says when some were left out.")
@store_option
@_fail_cleanly
def query(sparql, query_file, fmt, update, timeout, row_limit, store):
    """Run a SPARQL query on the store (the default graph is the union of all graphs).

    The prefixes kg, act, skos, schema, prov, dct, xsd, rdf and rdfs are
    predeclared. The store is opened read-only unless --update is given.
    A query still running after --timeout seconds cannot be cancelled
    (Oxigraph has no cancellation): kg reports the timeout and exits.

    \b
    Example:
      kg query "SELECT ?label WHERE { ?a a kg:Person ; skos:prefLabel ?label }"
      kg query -f ontology/queries/top-actors.rq --format csv
    """
    from .formatting import render_rows
    from .store import open_store

    if bool(sparql) == bool(query_file):
        raise click.UsageError("give a query either as an argument or with -f FILE")
    text = sparql or query_file.read()
    is_update = _looks_like_update(text)
    if is_update and not update:
        raise click.ClickException("this is a SPARQL UPDATE; add --update to change the store")
    from .errors import QueryTimeout

    seconds = timeout or None
    with open_store(store, read_only=not is_update, create=False) as kg_store:
        try:
            if is_update:
                kg_store.update(text, timeout=seconds)
                click.echo("update done", err=True)
                return
            result = kg_store.query(text, limit=row_limit or None, timeout=seconds)
        except QueryTimeout as exc:
            _abandon(f"Error: {exc}; simplify it, add LIMIT, or raise --timeout")
    if result.truncated:
        click.echo(f"note: only the first {row_limit} {'triples' if result.kind == 'graph' else 'rows'} "
                   "are shown; raise --limit (0 = all) to see more", err=True)
    if result.kind == "ask":
        click.echo("true" if result.boolean else "false")
    elif result.kind == "graph":
        click.echo("\n".join(result.triples))
    else:
        click.echo(render_rows(result.dicts(), result.variables, fmt))


def _abandon(message: str) -> None:
    """Exit now, leaving a query that cannot be cancelled running in its thread.

    ``os._exit`` skips interpreter shutdown, which would wait on the store
    the worker thread still uses; the OS frees the writer lock (an update
    that did not commit leaves the store as it was).
    """
    import os

    click.echo(message, err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(1)


def _looks_like_update(text: str) -> bool:
    import re

    body = re.sub(r"#[^\n]*", "", text)
    body = re.sub(r"(?is)^\s*((PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", body)
    return bool(re.match(r"(?i)(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", body))


@cli.command()
@store_option
@filter_options
@click.option("--metric", "metrics", multiple=True, default=("pagerank", "degree", "betweenness"),
              show_default=True, type=click.Choice(METRICS),
              help="Metric to compute (repeatable); rows are sorted by the first.")
@click.option("--top", default=20, show_default=True, type=click.IntRange(0), help="Rows to show (0 = all).")
@click.option("--by", "by", type=click.Choice(["month", "week"]), default=None,
              help="Rank separately per month or ISO week (one row per period and actor; --top is per period).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True)
@_fail_cleanly
def centrality(store, metrics, top, by, fmt, since, until, categories, types, min_weight, actor):
    """Rank actors by centrality in the actor graph.

    With --by month|week, actors are ranked within each period's events, so
    rising and falling actors show (rank_change: positive = rising).

    \b
    Example:
      kg centrality --top 10
      kg centrality --metric betweenness --since 2026-03-01 --format csv
      kg centrality --by month --top 3
    """
    from .analysis import centrality as rank
    from .formatting import render_rows
    from .graph import to_weighted_digraph
    from .store import open_store

    flt = _filter(since, until, categories, types, min_weight, actor)
    if by:
        _centrality_by_period(store, flt, by, metrics, top, fmt)
        return
    with open_store(store, read_only=True) as kg_store:
        G = to_weighted_digraph(kg_store, flt)
    rows = rank(G, metrics, top=top or None)
    from .analysis import betweenness_samples

    k = betweenness_samples(G.number_of_nodes(), G.number_of_edges())
    if "betweenness" in metrics and k:
        click.echo(f"note: betweenness estimated from {k} sampled pivots ({G.number_of_nodes()} actors)", err=True)
    columns = ["label", "type", "country", *metrics] if fmt == "table" else ["id", "label", "type", "country", "aliases", *metrics]
    if not rows and fmt == "table":
        click.echo("no actors match", err=True)
        return
    click.echo(render_rows(rows, columns, fmt))


def _centrality_by_period(store, flt, by, metrics, top, fmt) -> None:
    from .analysis import store_centrality_over_time
    from .formatting import render_rows
    from .store import open_store

    with open_store(store, read_only=True) as kg_store:
        rows = store_centrality_over_time(kg_store, flt, by=by, metrics=metrics, top=top or None)
    if rows.undated:
        click.echo(f"note: {rows.undated} undated event(s) left out", err=True)
    if not rows and fmt == "table":
        click.echo("no dated events match", err=True)
        return
    columns = (["period", "rank", "label", "type", *metrics, "rank_change"] if fmt == "table" else
               ["period", "rank", "id", "label", "type", "country", *metrics, "previous_rank", "rank_change"])
    click.echo(render_rows(rows, columns, fmt))


def _write_html(kg_store, output, metric, max_nodes, flt, title) -> Path:
    from .analysis import metric_scores
    from .graph import collapse, to_networkx
    from .viz import render_html

    G = to_networkx(kg_store, flt)
    scores = metric_scores(collapse(G), metric)
    return render_html(G, output, scores=scores, metric=metric, max_nodes=max_nodes, title=title)


@cli.command()
@store_option
@filter_options
@click.option("-o", "--output", default=DEFAULT_HTML, show_default=True, type=click.Path(dir_okay=False))
@click.option("--metric", default="pagerank", show_default=True,
              type=click.Choice(METRICS), help="Node size by this metric; the cap keeps the top actors by it.")
@click.option("--max-nodes", default=500, show_default=True, type=click.IntRange(1),
              help="Show at most this many actors.")
@click.option("--title", default="kg graph", show_default=True)
@_fail_cleanly
def viz(store, output, metric, max_nodes, title, since, until, categories, types, min_weight, actor):
    """Write the interactive graph as one self-contained HTML file (works offline).

    \b
    Example:
      kg viz -o output/graph.html --metric betweenness --max-nodes 200
    """
    from .store import open_store

    flt = _filter(since, until, categories, types, min_weight, actor)
    with open_store(store, read_only=True) as kg_store:
        path = _write_html(kg_store, output, metric, max_nodes, flt, title)
    click.echo(str(path))


@cli.command()
@store_option
@filter_options
@click.option("--members", "top_members", default=5, show_default=True, type=click.IntRange(0),
              help="Most central members (PageRank) listed per community (0 = all).")
@click.option("--resolution", default=1.0, show_default=True, type=click.FloatRange(0, min_open=True),
              help="Louvain resolution: above 1 gives smaller communities, below 1 larger ones.")
@click.option("--seed", default=42, show_default=True, type=int, help="Random seed (same seed, same result).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True)
@_fail_cleanly
def communities(store, top_members, resolution, seed, fmt, since, until, categories, types, min_weight, actor):
    """Find communities of actors (Louvain on the undirected, event-weighted graph).

    Communities are numbered from the largest; members are listed by
    PageRank in the whole (filtered) graph; events counts events between
    members.

    \b
    Example:
      kg communities
      kg communities --since 2026-03-01 --members 0 --format json
    """
    from .analysis import community_rows
    from .formatting import render_rows
    from .graph import to_weighted_digraph
    from .store import open_store

    flt = _filter(since, until, categories, types, min_weight, actor)
    with open_store(store, read_only=True) as kg_store:
        G = to_weighted_digraph(kg_store, flt)
    rows = community_rows(G, top=top_members or None, seed=seed, resolution=resolution)
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
@_fail_cleanly
def ego(name, store, radius, output, fmt, since, until, categories, types, min_weight, actor):
    """Show the actors within --radius steps of ACTOR and the events among them.

    ACTOR is a label, alias or id (case-insensitive); a near miss lists
    close matches.

    \b
    Example:
      kg ego "Joaquim Serpa"
      kg ego Serpa --radius 1 -o output/serpa.html
    """
    from .analysis import actor_rows, ego_network, event_rows, metric_scores
    from .formatting import render_rows
    from .graph import collapse, to_networkx
    from .store import open_store
    from .viz import render_html

    flt = _filter(since, until, categories, types, min_weight, actor)
    with open_store(store, read_only=True) as kg_store:
        G = to_networkx(kg_store, flt)
    E = ego_network(G, name, radius=radius)
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
        row["action"] = ("not " if row["negated"] else "") + str(row["action"])
    click.echo(f"ego network of {centre} (radius {radius}): {len(actors)} actors, {len(events)} events\n")
    click.echo(render_rows(actors, ["label", "type", "country", "distance", "events"], "table"))
    if events:
        click.echo("")
        click.echo(render_rows(events, ["date", "actor", "action", "category", "target", "doc"], "table"))


@cli.command()
@store_option
@filter_options
@click.option("-o", "--output", default="output/report.html", show_default=True, type=click.Path(dir_okay=False))
@click.option("--top", default=20, show_default=True, type=click.IntRange(1),
              help="Actors in the table and the centrality chart.")
@click.option("--max-nodes", default=500, show_default=True, type=click.IntRange(1),
              help="Show at most this many actors in the embedded graph.")
@click.option("--title", default="kg report", show_default=True)
@_fail_cleanly
def report(store, output, top, max_nodes, title, since, until, categories, types, min_weight, actor):
    """Write a one-page HTML report: summary, top actors, charts, communities, graph (works offline).

    \b
    Example:
      kg report
      kg report --since 2026-03-01 -o output/march.html --top 10
    """
    from .report import render_report
    from .store import open_store

    flt = _filter(since, until, categories, types, min_weight, actor)
    with open_store(store, read_only=True) as kg_store:
        path = render_report(kg_store, output, flt=flt, top=top, max_nodes=max_nodes, title=title)
    click.echo(str(path))


@cli.command()
@store_option
@click.option("--format", "fmt", required=True,
              type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf"]),
              help="RDF (ttl, nt, nq, trig, jsonld) or actor graph (graphml, gexf).")
@click.option("-o", "--output", default="-", type=click.Path(dir_okay=False, allow_dash=True),
              help="File to write (default: standard output).")
@_fail_cleanly
def export(store, fmt, output):
    """Export the store as RDF or the actor graph for Gephi/Cytoscape.

    \b
    Example:
      kg export --format trig -o output/graph.trig
      kg export --format gexf -o output/actors.gexf
    """
    from .export import export as run_export
    from .store import open_store

    with open_store(store, read_only=True) as kg_store:
        if output == "-":
            run_export(kg_store, fmt, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            run_export(kg_store, fmt, output)
            click.echo(f"wrote {output}", err=True)


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_fail_cleanly
def stats(store, fmt):
    """Count documents, events, actors and quads in the store.

    \b
    Example:
      kg stats --store output/store
    """
    from .stats import store_stats
    from .store import open_store

    with open_store(store, read_only=True) as kg_store:
        numbers = store_stats(kg_store)
    if fmt == "json":
        click.echo(json.dumps(numbers, indent=1))
    else:
        width = max(len(k) for k in numbers)
        for k, v in numbers.items():
            click.echo(f"{k.ljust(width)}  {v}")


@cli.command()
@store_option
@click.option("--file", "data_file", type=click.Path(exists=True, dir_okay=False),
              help="Validate an RDF file (TriG, N-Quads, Turtle) instead of the store.")
@_fail_cleanly
def validate(store, data_file):
    """Check the store (or a file) against the SHACL shapes in ontology/shapes.ttl.

    Exits with 1 and lists the violations if the data does not conform.

    \b
    Example:
      kg validate --store output/store
    """
    from .validation import validate_file, validate_store

    if data_file:
        conforms, report = validate_file(data_file)
    else:
        from .store import open_store

        with open_store(store, read_only=True) as kg_store:
            conforms, report = validate_store(kg_store)
    if conforms:
        click.echo("conforms")
    else:
        click.echo(report)
        raise SystemExit(1)


@cli.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; only loopback addresses unless --allow-remote.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0 picks a free one).")
@click.option("--timeout", "timeout_s", default=30.0, show_default=True, type=click.FloatRange(0, min_open=True),
              help="Seconds to wait for a query before answering 503.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1),
              help="Cut results to this many rows (header X-KG-Truncated: true).")
@click.option("--allow-remote", is_flag=True, help="Allow a non-loopback --host (there is no authentication).")
@click.option("-v", "--verbose", is_flag=True, help="Log every request.")
@_fail_cleanly
def serve(store, host, port, timeout_s, max_rows, allow_remote, verbose):
    """Serve the store read-only: SPARQL 1.1 endpoint at /sparql, query page at /, graph at /graph.

    Updates are refused (403); Ctrl-C stops the server.

    \b
    Example:
      kg serve --store output/store
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' \\
           http://127.0.0.1:8765/sparql
    """
    from .serve import create_app, host_names, listen, run_server, server_url
    from .store import store_location

    if store_location(store).startswith(("http://", "https://")):
        raise click.ClickException("kg serve serves an embedded store; a SPARQL server is already an endpoint")
    sock = listen(host, port, allow_remote=allow_remote)
    try:
        app = create_app(store, timeout_s=timeout_s, max_rows=max_rows,
                         allowed_hosts=None if allow_remote else host_names(host))
    except BaseException:
        sock.close()
        raise
    url = server_url(sock)
    try:  # the socket already listens: requests sent from now on are answered once uvicorn runs
        click.echo(f"kg serve: {url} (SPARQL endpoint: {url}sparql); Ctrl-C to stop")
        run_server(app, sock, verbose=verbose)
    except KeyboardInterrupt:  # Ctrl-C before uvicorn took over the signal
        sock.close()
    click.echo("kg serve: stopped", err=True)


def main() -> None:
    """Entry point of the ``kg`` console script."""
    cli(prog_name="kg")


if __name__ == "__main__":  # pragma: no cover
    main()
