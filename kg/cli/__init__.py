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
    import gc

    # A command builds hundreds of thousands of small objects (a big store's actors, rows and links),
    # and Python's cyclic collector, run every 700 allocations, scans them again and again. The
    # modules loaded so far live as long as the command (frozen: never scanned), and the collector
    # runs every 50,000 allocations: on the 1M-event store kg remove 2.4 s -> 2.1 s, kg build of 200
    # articles 6.2-6.6 s -> 5.7-6.1 s, kg report 14.0-15.3 s -> 12.9-13.2 s, kg viz 4.4 s -> 3.8-4.1 s,
    # the same peak memory (within 1%) and outputs.
    gc.freeze()
    gc.set_threshold(_YOUNG_OBJECTS, *gc.get_threshold()[1:])
    cli(prog_name="kg")


#: Allocations between the cyclic collector's runs in a command (Python's default is 700).
_YOUNG_OBJECTS = 50_000


if __name__ == "__main__":  # pragma: no cover
    main()
