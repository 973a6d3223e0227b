"""Command line of kg: parse options, call the library, format the result.

Nothing here knows how extraction, storage or analysis work; every command
is a thin layer over a public function. Library errors (``KgError``) become
one-line messages with exit status 1; usage errors exit with 2 (click).

The ``kg`` group and the options commands share live in :mod:`.base`; the
commands are grouped by job: :mod:`.building` (build, extract, remove),
:mod:`.querying` (query, stats, validate, export), :mod:`.analysing`
(centrality, communities, ego), :mod:`.curating` (actors and the curation
commands) and :mod:`.views` (viz, report, serve).
Importing this package registers them all on :data:`cli`.

May import: every package (it is the top of the pipeline).
"""
from __future__ import annotations

from . import analysing, building, curating, querying, views  # noqa: F401  (each registers its commands on cli)
from .base import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Entry point of the ``kg`` console script."""
    cli(prog_name="kg")


if __name__ == "__main__":  # pragma: no cover
    main()
