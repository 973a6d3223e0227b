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

import os

# NumPy asks Linux for huge pages for big arrays; where the kernel then compacts memory on the first
# touch (transparent_hugepage defrag "madvise", a common default), each new array waits for it: 50 MB
# took 0.15-0.5 s against 0.02 s on the benchmark machine, and a million-event kg viz 5.5 s against
# 5.0 s (mean of 3). Before NumPy is imported, the command line turns it off unless the user chose;
# the library leaves NumPy's default to its caller.
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")

from . import analysing, building, curating, querying, views  # noqa: E402,F401  (each registers its commands on cli)
from .base import cli  # noqa: E402

__all__ = ["cli", "main"]


def main() -> None:
    """Entry point of the ``kg`` console script."""
    cli(prog_name="kg")


if __name__ == "__main__":  # pragma: no cover
    main()
