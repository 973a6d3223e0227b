"""The ``kg`` command group and what its commands share: options, filters, clean failures, progress."""
from __future__ import annotations

import functools
import sys
from typing import Any, Callable

import click

from ..model import ENTITY_TYPES

__all__ = ["cli", "DEFAULT_HTML", "open_store", "fail_cleanly", "make_filter", "store_option", "model_option", "count_option",
           "input_options", "filter_options", "event_filter_options", "min_confidence_option", "sign_option",
           "curation_option", "inputs_or_example", "progress", "document_total", "echo_problems"]

DEFAULT_HTML = "output/graph.html"


def fail_cleanly(func: Callable) -> Callable:
    """Turn kg's exceptions into click errors (message, exit 1) instead of tracebacks."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ..errors import KgError

        try:
            return func(*args, **kwargs)
        except KgError as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:  # `kg query ... | head`
            sys.stderr.close()
            raise SystemExit(0)
    return wrapper


_UPDATE_ENDPOINT = "kg.update_endpoint"


def _remember_update_endpoint(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    ctx.meta[_UPDATE_ENDPOINT] = value  # handed to open_store below as an argument
    return value


def open_store(location: str | None, **kwargs: Any) -> Any:
    """:func:`kg.store.open_store` with the command's ``--update-endpoint``, if it has one."""
    from ..store import open_store as open_location, store_location

    ctx = click.get_current_context(silent=True)
    endpoint = ctx.meta.get(_UPDATE_ENDPOINT) if ctx is not None else None
    if endpoint and store_location(location).startswith(("http://", "https://")):
        kwargs["update_endpoint"] = endpoint
    return open_location(location, **kwargs)


def store_option(func: Callable) -> Callable:
    func = click.option("--update-endpoint", envvar="KG_UPDATE_ENDPOINT", default=None, metavar="URL",
                        expose_value=False, callback=_remember_update_endpoint,
                        help="SPARQL 1.1 Update URL when --store is an http(s) endpoint "
                             "(default: the --store URL).")(func)
    return click.option("--store", "store", envvar="KG_STORE", default=None, metavar="LOCATION",
                        help="Store: a directory (embedded Oxigraph), 'memory', or an http(s):// SPARQL 1.1 "
                             "endpoint (credentials from $KG_SPARQL_USER/$KG_SPARQL_PASSWORD). "
                             "Default: $KG_STORE or output/store.")(func)


def model_option(func: Callable) -> Callable:
    from ..extract.nlp import DEFAULT_MODEL

    return click.option("--model", default=DEFAULT_MODEL, show_default=True,
                        help="spaCy pipeline package to parse with.")(func)


def input_options(func: Callable) -> Callable:
    func = click.option("--strict", is_flag=True, help="Stop at the first bad file or record.")(func)
    func = click.option("--default-date", "--date", "date", default=None, metavar="YYYY-MM-DD",
                        help="Date of documents that carry none (relative dates resolve against it); "
                             "kg warns when documents stay undated.")(func)
    func = click.option("--actions", "actions", multiple=True, type=click.Path(exists=True, dir_okay=False),
                        help="Extra SKOS action lexicon (Turtle, like ontology/actions.ttl) merged over "
                             "the bundled one (repeatable).")(func)
    func = click.option("--lines", is_flag=True, help="Each non-empty line of a text file is a document.")(func)
    func = click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
                        help="Extraction processes, each parsing and running kg's rules on batches of "
                             "documents (kg build with 1 extracts in one worker beside the process that "
                             "writes the store).")(func)
    return click.argument("inputs", nargs=-1, required=False, metavar="DOCS...")(func)


def min_confidence_option(func: Callable) -> Callable:
    return click.option("--min-confidence", "min_confidence", default=0.0, show_default=True,
                        type=click.FloatRange(0.0, 1.0), metavar="C",
                        help="Only triples/events whose extraction confidence is at least C (0-1).")(func)


def sign_option(func: Callable) -> Callable:
    return click.option("--sign", default=None, type=click.Choice(["cooperation", "conflict"]),
                        help="Only events of cooperative or conflictual categories (PLOVER's quad categories, "
                             "kg:sign in ontology/actions.ttl); uncategorised events have no sign.")(func)


def curation_option(func: Callable) -> Callable:
    return click.option("--curation", default=None, metavar="FILE", type=click.Path(dir_okay=False),
                        help="Curation ledger to use (shared between stores); default: kg-curation.jsonl "
                             "in the store folder.")(func)


def count_option(func: Callable) -> Callable:
    return click.option("--count", default="events", show_default=True, type=click.Choice(["events", "mentions"]),
                        help="events: an event repeated by reprints of its story (wire copy, updates) counts "
                             "once; mentions: every copy counts.")(func)


def event_filter_options(func: Callable) -> Callable:
    """The options that select events: time window, categories, sign, confidence, reprints (``kg events`` too)."""
    func = count_option(func)
    func = sign_option(func)
    func = min_confidence_option(func)
    func = click.option("--category", "categories", multiple=True, metavar="CATEGORY",
                        help="Keep events of this PLOVER category, e.g. ASSAULT (repeatable).")(func)
    func = click.option("--until", default=None, metavar="YYYY-MM-DD", help="Events on or before this date.")(func)
    func = click.option("--since", default=None, metavar="YYYY-MM-DD", help="Events on or after this date.")(func)
    return func


def filter_options(func: Callable) -> Callable:
    """:func:`event_filter_options` plus the options that shape the graph: actor types, pair weight, one actor."""
    func = click.option("--actor", default=None, help="Only this actor (label, alias or id) and its neighbours.")(func)
    func = click.option("--min-weight", default=1, show_default=True, type=click.IntRange(1),
                        help="Drop actor pairs with fewer events than this.")(func)
    func = click.option("--type", "types", multiple=True,
                        type=click.Choice(ENTITY_TYPES,
                                          case_sensitive=False),
                        help="Keep actors of this type (repeatable).")(func)
    return event_filter_options(func)


def inputs_or_example(inputs: tuple[str, ...], example: bool) -> list[str]:
    if example:
        from ..resources import examples_dir

        return [*inputs, str(examples_dir())]
    if not inputs:
        raise click.UsageError("give at least one DOCS path (a file, a directory or - for stdin)")
    return list(inputs)


def make_filter(since, until, categories, types, min_weight, actor, min_confidence=0.0, sign=None, count="events"):
    from ..documents import parse_date
    from ..graph.mirror import GraphFilter

    for name, value in (("--since", since), ("--until", until)):
        if value and parse_date(value) is None:
            raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name)
    if sign:  # a sign is the set of its categories, so every graph path filters it the same way
        from ..extract.actions import load_lexicon

        signed = load_lexicon().categories_of_sign(sign)
        chosen = [c for c in categories if c.upper() in signed] if categories else signed
        if not chosen:
            raise click.BadParameter(f"no {sign} category among --category {', '.join(categories)} "
                                     f"({sign}: {', '.join(signed)})", param_hint="--sign")
        categories = chosen
    return GraphFilter(since=since, until=until, categories=tuple(categories), types=tuple(types),
                       actor=actor, min_weight=min_weight, min_confidence=min_confidence,
                       mentions=count == "mentions")


def progress(total: int | None, desc: str, quiet: bool):
    """A tqdm bar on a terminal; else a stand-in that counts nothing (tqdm is not even imported: 14 ms of
    every quiet or piped command's start)."""
    if quiet or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="doc", file=sys.stderr, dynamic_ncols=True)


class _NoBar:
    """What the commands use of a tqdm bar, doing nothing."""

    def __enter__(self) -> "_NoBar":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int = 1) -> None:
        return None


def document_total(inputs: list[str], lines: bool, quiet: bool) -> int | None:
    """Documents to expect, for the bar's percentage and ETA (None: unknown, or no bar shown)."""
    if quiet or not sys.stderr.isatty():
        return None
    from ..documents import count_documents

    return count_documents(inputs, lines=lines)


def echo_problems(report, verbose: bool, dates: bool = True) -> None:
    for problem in report.problems[: None if verbose else 20]:
        click.echo(f"warning: {problem}", err=True)
    hidden = len(report.problems) - 20
    if hidden > 0 and not verbose:
        click.echo(f"warning: … and {hidden} more (use --verbose to list all)", err=True)
    undated = report.undated_warning() if dates else None
    if undated:
        click.echo(undated, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="kg", message="kg %(version)s")
def cli() -> None:
    """Turn news articles into a knowledge graph of who did what to whom, and when.

    \b
    Typical session:
      kg build articles/              # extract, load into output/store, write output/graph.html
      kg centrality --top 10          # most central actors
      kg query --example top-actors   # bundled queries: kg query --list-examples
      kg viz -o graph.html            # interactive graph, works offline
    """

