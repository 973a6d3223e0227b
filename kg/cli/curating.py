"""``kg actors`` and the curation commands: merge, alias, rename, retype, ignore, curation (list, undo)."""
from __future__ import annotations

import click

from ..formatting import FORMATS
from ..model import ENTITY_TYPES
from .base import fail_cleanly, cli, curation_option, store_option

_ACTOR_COLUMNS = ("id", "label", "type", "country", "aliases", "events")


def _record(store: str | None, curation: str | None, op: str, actor: str, value: str | None) -> None:
    from ..graph.curating import curate
    from .base import open_store

    with open_store(store, create=False) as kg_store:
        decision = curate(kg_store, op, actor, value, curation=curation)
    click.echo(decision.describe())


@cli.command()
@store_option
@click.option("--type", "types", multiple=True, type=click.Choice(ENTITY_TYPES, case_sensitive=False),
              help="Only actors of this type (repeatable).")
@click.option("--country", default=None, metavar="ISO3", help="Only actors of this country (e.g. ECU).")
@click.option("--search", default=None, metavar="TEXT", help="Only actors whose id, label or an alias contains TEXT.")
@click.option("--top", default=None, type=click.IntRange(1), help="At most this many (most events first).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@fail_cleanly
def actors(store, types, country, search, top, fmt):
    """List actors as analysis sees them: type, country, aliases, events.

    Curation decisions (kg merge, kg rename, ...) are applied; variants
    merged into an actor are listed among its aliases, ignored actors not
    at all.

    \b
    Example:
      kg actors --top 20
      kg actors --type Person --search bush
      kg actors --format csv > actors.csv
    """
    from ..graph.curating import list_actors
    from ..formatting import render_rows
    from .base import open_store

    with open_store(store, read_only=True) as kg_store:
        rows = list_actors(kg_store)
    wanted = {t.lower() for t in types}
    q = (search or "").lower()
    rows = [r for r in rows if (not wanted or r["type"].lower() in wanted)
            and (not country or (r["country"] or "").upper() == country.upper())
            and (not q or any(q in str(v).lower() for v in (r["id"], r["label"], *r["aliases"])))]
    click.echo(render_rows(rows[:top] if top else rows, _ACTOR_COLUMNS, fmt))


@cli.command()
@click.argument("actor")
@click.argument("into")
@store_option
@curation_option
@fail_cleanly
def merge(actor, into, store, curation):
    """Merge ACTOR into INTO: one node, INTO's name, ACTOR's names as aliases.

    ACTOR and INTO are ids, labels or aliases (see kg actors). The decision
    is kept in the curation ledger and applied at every build.

    \b
    Example:
      kg merge "George Bush" "George W Bush"
      kg merge Person/bush Person/george-w-bush --curation team-curation.jsonl
    """
    _record(store, curation, "merge", actor, into)


@cli.command()
@click.argument("action", type=click.Choice(["add", "remove"]))
@click.argument("actor")
@click.argument("alias")
@store_option
@curation_option
@fail_cleanly
def alias(action, actor, alias, store, curation):
    """Add or remove an alias of ACTOR.

    \b
    Example:
      kg alias add "Black Mangrove Militia" "the mangrove militia"
      kg alias remove "European Union" "the government"
    """
    _record(store, curation, f"alias-{action}", actor, alias)


@cli.command()
@click.argument("actor")
@click.argument("label")
@store_option
@curation_option
@fail_cleanly
def rename(actor, label, store, curation):
    """Show ACTOR under LABEL (its id stays; the old name becomes an alias).

    \b
    Example:
      kg rename "Freddie Forsyth" "Frederick Forsyth"
    """
    _record(store, curation, "rename", actor, label)


@cli.command()
@click.argument("actor")
@click.argument("type_", metavar="TYPE", type=click.Choice(ENTITY_TYPES))
@store_option
@curation_option
@fail_cleanly
def retype(actor, type_, store, curation):
    """Give ACTOR the type TYPE in every command, page and export.

    \b
    Example:
      kg retype UKIP Organization
    """
    _record(store, curation, "retype", actor, type_)


@cli.command()
@click.argument("actor")
@store_option
@curation_option
@fail_cleanly
def ignore(actor, store, curation):
    """Never show ACTOR as a node (its events drop out of the graph too).

    \b
    Example:
      kg ignore "White Paper"
    """
    _record(store, curation, "ignore", actor, None)


@cli.group(invoke_without_command=True)
@store_option
@curation_option
@click.pass_context
@fail_cleanly
def curation(ctx, store, curation):
    """List the curation decisions, numbered; `kg curation undo [N]` takes one back.

    \b
    Example:
      kg curation
      kg curation undo        # the last decision
      kg curation undo 2      # decision 2
    """
    ctx.obj = {"store": store, "curation": curation}
    if ctx.invoked_subcommand is not None:
        return
    from ..graph.curation import ledger_path, read_ledger
    from ..store import store_location

    path = ledger_path(store_location(store), curation)
    decisions = read_ledger(path)
    if not decisions:
        click.echo(f"no curation decisions ({path})", err=True)
        return
    for n, d in enumerate(decisions, 1):
        click.echo(f"{n:>3}  {d.at}  {d.describe()}")


@curation.command("undo")
@click.argument("number", required=False, type=click.IntRange(1))
@store_option
@curation_option
@click.pass_context
@fail_cleanly
def curation_undo(ctx, number, store, curation):
    """Take back decision NUMBER (default: the last) and apply the rest again.

    \b
    Example:
      kg curation undo 3
    """
    from ..graph.curating import undo
    from .base import open_store

    with open_store(store or ctx.obj["store"], create=False) as kg_store:
        removed = undo(kg_store, number, curation=curation or ctx.obj["curation"])
    click.echo(f"undone: {removed.describe()}")
