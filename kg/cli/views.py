"""``kg viz``, ``kg report`` and ``kg serve``: pages and a SPARQL endpoint."""
from __future__ import annotations


import click

from ..model import DEFAULT_METRIC, MAX_EDGES, METRICS
from .base import cli, DEFAULT_HTML, fail_cleanly, make_filter, filter_options, store_option


@cli.command()
@store_option
@filter_options
@click.option("-o", "--output", default=DEFAULT_HTML, show_default=True, type=click.Path(dir_okay=False))
@click.option("--metric", default=DEFAULT_METRIC, show_default=True,
              type=click.Choice(METRICS), help="Node size by this metric; the cap keeps the top actors by it.")
@click.option("--max-nodes", default=500, show_default=True, type=click.IntRange(1),
              help="Show at most this many actors.")
@click.option("--max-edges", default=MAX_EDGES, show_default=True, type=click.IntRange(1),
              help="Draw at most this many links between them (those with most events).")
@click.option("--title", default="kg graph", show_default=True)
@fail_cleanly
def viz(store, output, metric, max_nodes, max_edges, title,
        since, until, categories, types, min_weight, actor, min_confidence, sign, count):
    """Write the interactive graph as one self-contained HTML file (works offline).

    \b
    Example:
      kg viz -o output/graph.html --metric betweenness --max-nodes 200

    A page carries at most 4,000 evidence sentences (5 per edge); the
    rest of an edge's events are listed by kg events --actor A --target B.
    """
    from ..views.graph_page import write_graph_page
    from .base import open_store

    flt = make_filter(since, until, categories, types, min_weight, actor, min_confidence, sign, count)
    with open_store(store, read_only=True) as kg_store:
        path = write_graph_page(kg_store, output, flt=flt, metric=metric, max_nodes=max_nodes,
                                max_edges=max_edges, title=title)
    click.echo(str(path))


@cli.command()
@store_option
@filter_options
@click.option("-o", "--output", default="output/report.html", show_default=True, type=click.Path(dir_okay=False))
@click.option("--top", default=20, show_default=True, type=click.IntRange(1),
              help="Actors in the table and the centrality chart.")
@click.option("--max-nodes", default=500, show_default=True, type=click.IntRange(1),
              help="Show at most this many actors in the embedded graph.")
@click.option("--max-edges", default=MAX_EDGES, show_default=True, type=click.IntRange(1),
              help="Draw at most this many links between them (those with most events).")
@click.option("--title", default="kg report", show_default=True)
@fail_cleanly
def report(store, output, top, max_nodes, max_edges, title,
           since, until, categories, types, min_weight, actor, min_confidence, sign, count):
    """Write a one-page HTML report: summary, top actors, charts, communities, graph (works offline).

    \b
    Example:
      kg report
      kg report --since 2026-03-01 -o output/march.html --top 10
    """
    from ..views.report import render_report
    from .base import open_store

    flt = make_filter(since, until, categories, types, min_weight, actor, min_confidence, sign, count)
    with open_store(store, read_only=True) as kg_store:
        path = render_report(kg_store, output, flt=flt, top=top, max_nodes=max_nodes, max_edges=max_edges,
                             title=title)
    click.echo(str(path))


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
@click.option("--allow-remote", is_flag=True,
              help="Allow a non-loopback --host; needs --token (every request must then carry it).")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Host header names to accept besides loopback and --host (repeatable; DNS-rebinding defence).")
@click.option("--token", envvar="KG_SERVE_TOKEN", default=None, metavar="TOKEN",
              help="Require 'Authorization: Bearer TOKEN' on every request (env KG_SERVE_TOKEN).")
@click.option("-v", "--verbose", is_flag=True, help="Log every request.")
@fail_cleanly
def serve(store, host, port, timeout_s, max_rows, allow_remote, allowed_hosts, token, verbose):
    """Serve the store read-only: SPARQL 1.1 endpoint at /sparql, query page at /, graph at /graph.

    Updates are refused (403); Ctrl-C stops the server.

    \b
    Example:
      kg serve --store output/store
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' \\
           http://127.0.0.1:8765/sparql
      KG_SERVE_TOKEN=$(openssl rand -hex 16) kg serve --host 0.0.0.0 --allow-remote \\
           --allowed-host kg.example.org
    """
    from ..serve.app import create_app, host_names, listen, run_server, server_url
    from ..store import store_location

    if store_location(store).startswith(("http://", "https://")):
        raise click.ClickException("kg serve serves an embedded store; a SPARQL server is already an endpoint")
    if allow_remote and not token:
        raise click.UsageError("--allow-remote needs --token (or KG_SERVE_TOKEN): a server open to the "
                               "network must not answer anyone who finds it")
    if token is not None and len(token) < 16:
        raise click.UsageError("--token must be at least 16 characters (e.g. openssl rand -hex 16)")
    sock = listen(host, port, allow_remote=allow_remote)
    try:
        app = create_app(store, timeout_s=timeout_s, max_rows=max_rows, token=token,
                         allowed_hosts=[*host_names(host), *(h.lower() for h in allowed_hosts)])
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

