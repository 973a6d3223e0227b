"""``kg query``, ``kg stats``, ``kg validate`` and ``kg export``: reading the store."""
from __future__ import annotations

import json
import sys

import click

from ..formatting import FORMATS
from .base import cli, count_option, fail_cleanly, store_option


@cli.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r", encoding="utf-8"), help="Read the query from a file.")
@click.option("--example", "example", default=None, metavar="NAME",
              help="Run one of the bundled example queries by name (see --list-examples).")
@click.option("--list-examples", is_flag=True, help="List the bundled example queries and exit.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True)
@click.option("--update", is_flag=True, help="Allow SPARQL UPDATE (queries are read-only by default).")
@click.option("--allow-service", is_flag=True,
              help="Allow SERVICE (federated queries: the store then calls the servers the query names). "
                   "Off by default: kg makes no outgoing requests.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(0), metavar="SECONDS",
              help="Give up after this many seconds (0 = wait forever). Oxigraph cannot cancel a running "
                   "query, so kg then exits with status 1 (an unfinished update changes nothing).")
@click.option("--limit", "row_limit", default=10_000, show_default=True, type=click.IntRange(0), metavar="ROWS",
              help="Print at most this many rows or triples (0 = all; with csv/tsv/jsonl the rows are then "
                   "streamed, so any size fits in memory); a note on stderr says when some were left out.")
@store_option
@fail_cleanly
def query(sparql, query_file, example, list_examples, fmt, update, allow_service, timeout, row_limit, store):
    """Run a SPARQL query on the store (the default graph is the union of all graphs).

    The prefixes kg, act, skos, schema, prov, dct, xsd, rdf and rdfs are
    predeclared. The store is opened read-only unless --update is given.
    A query still running after --timeout seconds cannot be cancelled
    (Oxigraph has no cancellation): kg reports the timeout and exits.

    \b
    Example:
      kg query "SELECT ?label WHERE { ?a a kg:Person ; skos:prefLabel ?label }"
      kg query -f ontology/queries/top-actors.rq --format csv
      kg query --example top-actors           # bundled with kg; --list-examples lists them
    """
    from ..formatting import render_rows
    from .base import open_store

    from ..rdf.queries import example_queries

    if list_examples:
        for name, (description, _) in example_queries().items():
            click.echo(f"{name:20}  {description}")
        return
    if sum(map(bool, (sparql, query_file, example))) != 1:
        raise click.UsageError("give a query as an argument, with -f FILE or with --example NAME")
    if example:
        known = example_queries()
        if example not in known:
            raise click.UsageError(f"no example query {example!r}; choose from {', '.join(known)}")
        text = known[example][1]
    else:
        text = sparql or query_file.read()
    from ..rdf.sparql_text import inspect_query

    shape = inspect_query(text)
    is_update = shape.is_update
    if is_update and not update:
        raise click.ClickException("this is a SPARQL UPDATE; add --update to change the store")
    from ..errors import QueryTimeout

    seconds = timeout or None
    with open_store(store, read_only=not is_update, create=False) as kg_store:
        try:
            if is_update:
                before = kg_store.quad_count()
                kg_store.update(text, timeout=seconds, allow_service=allow_service)
                after = kg_store.quad_count()
                click.echo(f"update done: {after - before:+d} quads", err=True)
                if after == before and "GRAPH" not in shape.keywords:
                    click.echo("note: nothing changed. Updates act on the default graph, but kg keeps each "
                               "document in its own named graph: match with GRAPH ?g { ... } "
                               "(queries see the union of all graphs, updates do not)", err=True)
                return
            if row_limit == 0 and fmt in ("csv", "tsv", "jsonl") and shape.form == "SELECT":
                _stream(kg_store, text, fmt, seconds, allow_service)
                return
            result = kg_store.query(text, limit=row_limit or None, timeout=seconds, allow_service=allow_service)
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


def _stream(kg_store, text: str, fmt: str, seconds: float | None, allow_service: bool) -> None:
    """Write every row of a SELECT as it comes (``--limit 0`` with csv/tsv/jsonl): memory stays flat.

    ``--timeout`` bounds the whole run: when it passes, kg reports it and exits.
    """
    import csv
    import threading

    timer = None
    if seconds:
        timer = threading.Timer(seconds, _abandon, args=(f"Error: the query did not finish within {seconds:g} s "
                                                         "(rows written so far are incomplete); raise --timeout",))
        timer.daemon = True
        timer.start()
    try:
        variables, rows = kg_store.stream_select(text, allow_service=allow_service)
        out = sys.stdout
        if fmt == "jsonl":
            for row in rows:
                out.write(json.dumps(dict(zip(variables, row)), ensure_ascii=False) + "\n")
        else:
            writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
            writer.writerow(variables)
            for row in rows:
                writer.writerow(["" if v is None else v for v in row])
        out.flush()
    finally:
        if timer is not None:
            timer.cancel()


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


@cli.command()
@store_option
@click.option("--format", "fmt", required=True,
              type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "csv"]),
              help="RDF (ttl, nt, nq, trig, jsonld), actor graph (graphml, gexf) or weighted edge list "
                   "(csv: Source,Target,Weight; with -o FILE.csv the node table goes to FILE-nodes.csv).")
@click.option("-o", "--output", default="-", type=click.Path(dir_okay=False, allow_dash=True),
              help="File to write (default: standard output).")
@click.option("--per-event", is_flag=True,
              help="graphml/gexf: one edge per event with its evidence (reads every event: minutes on a "
                   "big store) instead of one edge per actor pair weighted by its events.")
@count_option
@fail_cleanly
def export(store, fmt, output, per_event, count):
    """Export the store as RDF, or the actor graph for Gephi, Cytoscape, pandas and spreadsheets.

    The actor graph (graphml, gexf, csv) has one edge per actor pair:
    weight = its events, category = their most frequent PLOVER category,
    categories = each category counted. --per-event draws every event
    instead, with its action, date, document and evidence sentence.

    \b
    Example:
      kg export --format trig -o output/graph.trig
      kg export --format gexf -o output/actors.gexf
      kg export --format graphml --per-event -o output/events.graphml
      kg export --format csv -o output/actors.csv   # + output/actors-nodes.csv
    """
    from ..graph.filter import GraphFilter
    from ..views.export import export as run_export
    from .base import open_store

    if per_event and fmt not in ("graphml", "gexf"):
        raise click.UsageError("--per-event applies to --format graphml or gexf only")
    flt = GraphFilter(mentions=count == "mentions")  # the actor graph's weights; RDF is exported whole
    with open_store(store, read_only=True) as kg_store:
        if output == "-":
            run_export(kg_store, fmt, sys.stdout.buffer, flt=flt, per_event=per_event)
            sys.stdout.buffer.flush()
        else:
            run_export(kg_store, fmt, output, flt=flt, per_event=per_event)
            if fmt == "csv":
                from ..views.export import nodes_path

                click.echo(f"wrote {output} (edges) and {nodes_path(output)} (nodes)", err=True)
            else:
                click.echo(f"wrote {output}", err=True)


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@fail_cleanly
def stats(store, fmt):
    """Count documents, events, actors and quads in the store.

    \b
    Example:
      kg stats --store output/store
    """
    from ..graph.stats import store_stats
    from .base import open_store

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
@fail_cleanly
def check(store):
    """Verify the store end to end: every quad readable, no interrupted build, summary current.

    Exits with 1 and says what to do when something is wrong. The store is
    only read. (`kg validate` checks the data against the SHACL shapes.)

    \b
    Example:
      kg check --store output/store
    """
    from ..ingest.check import check_store
    from ..store import store_location

    report = check_store(store_location(store))
    for note in report.notes:
        click.echo(f"ok: {note}")
    for problem in report.problems:
        click.echo(f"problem: {problem}", err=True)
    if not report.ok:
        raise SystemExit(1)
    click.echo("store is sound")


@cli.command()
@store_option
@click.option("--file", "data_file", type=click.Path(exists=True, dir_okay=False),
              help="Validate an RDF file (TriG, N-Quads, Turtle) instead of the store.")
@fail_cleanly
def validate(store, data_file):
    """Check the store (or a file) against the SHACL shapes in ontology/shapes.ttl.

    Exits with 1 and lists the violations if the data does not conform.

    \b
    Example:
      kg validate --store output/store
    """
    from ..ingest.validation import validate_file, validate_store

    if data_file:
        conforms, report = validate_file(data_file)
    else:
        from .base import open_store

        with open_store(store, read_only=True) as kg_store:
            conforms, report = validate_store(kg_store)
    if conforms:
        click.echo("conforms")
    else:
        click.echo(report)
        raise SystemExit(1)

