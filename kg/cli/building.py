"""``kg build``, ``kg load``, ``kg extract`` and ``kg remove``: documents and event data in, triples and store out."""
from __future__ import annotations

from pathlib import Path

import click

from ..model import DEFAULT_METRIC
from .base import (
    cli, DEFAULT_HTML, document_total, echo_problems, fail_cleanly, curation_option, input_options,
    inputs_or_example, min_confidence_option, model_option, progress, store_option,
)


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
@min_confidence_option
@curation_option
@fail_cleanly
def build(inputs, store, model, html, no_html, force, example, scheduler, workers, quiet, verbose, min_confidence,
          curation, jobs, lines, date, strict, actions):
    """Extract triples from DOCS and load them into the store.

    DOCS are .txt/.md files (optional first line `date YYYY-MM-DD`), .jsonl
    or .csv files ({"id","text","date",...}), directories (walked
    recursively) or - for standard input. Unchanged documents are skipped;
    changed ones replace their own graph, so re-running is safe.

    \b
    Example:
      kg build articles/ --store output/store
      kg build feed.jsonl --default-date 2026-03-04 -j 2
      kg build --example              # the bundled example corpus
      kg build articles/ --workers 4  # a local Dask cluster
      kg build articles/ --scheduler tcp://10.0.0.5:8786
    """
    from ..ingest.builder import build as run_build
    from .base import open_store

    inputs = inputs_or_example(inputs, example)
    missing = [p for p in inputs if p != "-" and not Path(p).exists()]
    if len(missing) == len(inputs):
        raise click.ClickException(f"no such file or directory: {', '.join(missing)}")
    if scheduler and workers:
        raise click.UsageError("give --scheduler or --workers, not both")
    with open_store(store) as kg_store, progress(document_total(inputs, lines, quiet), "build", quiet) as bar:
        report = run_build(inputs, model=model, lines=lines, date=date, strict=strict, n_process=jobs,
                           force=force, progress=bar.update, kg_store=kg_store, scheduler=scheduler,
                           workers=workers, min_confidence=min_confidence, curation=curation,
                           actions=actions, count_quads=not quiet, extract_in_worker=True)
        echo_problems(report.read, verbose)
        html_path = None
        if not no_html:
            from ..views.graph_page import write_graph_page

            html_path = write_graph_page(kg_store, html, metric=DEFAULT_METRIC)
    if not quiet:
        click.echo(report.summary(), err=True)
        if html_path:
            click.echo(f"graph page: {html_path}", err=True)
    if report.read.read == 0 and report.read.skipped:
        raise click.ClickException("no document could be read")


@cli.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...", type=click.Path(dir_okay=False))
@store_option
@click.option("--format", "fmt", required=True, type=click.Choice(["triples", "gdelt", "csv"]),
              help="triples: kg extract --format jsonl output; gdelt: a GDELT 2.0 event export (.CSV, "
                   "tab-separated, 61 columns); csv: any CSV/TSV with a header, read through --map.")
@click.option("--map", "mapping", default=None, metavar="FIELD=COLUMN,...",
              help="For --format csv: which column holds actor (required), target, action, category "
                   "(PLOVER name), date, doc, text, url, confidence, actor_type, target_type, "
                   "actor_country, target_country.")
@click.option("--force", is_flag=True, help="Reload documents even if unchanged since the last load.")
@click.option("--strict", is_flag=True, help="Stop at the first bad record.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
@click.option("-v", "--verbose", is_flag=True, help="List every skipped record.")
@curation_option
@fail_cleanly
def load(files, store, fmt, mapping, force, strict, quiet, verbose, curation):
    """Load existing event data into the store, under the same ontology as kg build.

    Re-running is safe: unchanged documents are skipped, changed ones replace
    their own graph. A GDELT event is one document (gdelt:ID, dated by SQLDATE,
    CAMEO code to PLOVER category by ontology/cameo-plover.csv); a CSV row is
    one document unless a doc column groups rows.

    \b
    Example:
      kg extract articles/ --format jsonl -o triples.jsonl && kg load triples.jsonl --format triples
      kg load 20260304.export.CSV --format gdelt
      kg load coded.csv --format csv --map actor=Source,target=Target,date=Day,category=Type
    """
    from ..ingest.builder import load_files
    from ..ingest.loading import parse_mapping
    from .base import open_store

    if fmt == "csv" and not mapping:
        raise click.UsageError("--format csv needs --map actor=COLUMN,target=COLUMN,...")
    if mapping and fmt != "csv":
        raise click.UsageError("--map is for --format csv")
    missing = [f for f in files if not Path(f).is_file()]
    if missing:
        raise click.ClickException(f"no such file: {', '.join(missing)}")
    columns = parse_mapping(mapping) if mapping else None
    with open_store(store) as kg_store, progress(None, "load", quiet) as bar:
        report = load_files(files, fmt, kg_store=kg_store, mapping=columns, strict=strict, force=force,
                            progress=bar.update, curation=curation)
    echo_problems(report.read, verbose)
    if not quiet:
        click.echo(report.summary(), err=True)
    if report.read.read == 0:
        raise click.ClickException("no record could be loaded")


@cli.command()
@click.argument("doc_ids", nargs=-1, required=True, metavar="DOC...")
@store_option
@click.option("-q", "--quiet", is_flag=True, help="No summary.")
@fail_cleanly
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
    from ..ingest.maintenance import remove_documents
    from .base import open_store

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
@min_confidence_option
@fail_cleanly
def extract(inputs, model, fmt, output, quiet, min_confidence, jobs, lines, date, strict, actions):
    """Extract actor–action–target triples from DOCS without loading them.

    \b
    Example:
      kg extract article.txt
      kg extract sentences.txt --lines --format carb -o out.tsv
    """
    from ..documents import ReadReport, iter_documents
    from ..extract.consolidate import consolidate
    from ..extract.output import triple_writer
    from ..extract.pipeline import extract_documents

    inputs = inputs_or_example(inputs, False)
    report = ReadReport()
    from ..ingest.builder import unparseable

    docs = iter_documents(inputs, lines=lines, date=date, strict=strict, report=report, reject=unparseable)
    count = 0
    with triple_writer(output, fmt) as write, progress(document_total(inputs, lines, quiet), "extract",
                                                        quiet) as bar:
        def counted(results):
            for result in results:
                bar.update(1)
                yield result

        # names are resolved over the whole corpus before anything is written (see kg.extract.consolidate)
        for result in consolidate(counted(extract_documents(docs, model=model, n_process=jobs, actions=actions))):
            for triple in result.triples:
                if triple.confidence < min_confidence:
                    continue
                write(triple)
                count += 1
    echo_problems(report, False, dates=not lines)  # sentence-per-line input is undated by design
    if not quiet:
        click.echo(f"{report.summary()}; {count} triples", err=True)
    if report.read == 0:
        raise click.ClickException("no document could be read")

