"""When each step of one ``kg build`` starts and how long it takes: where a build's own time goes.

    python tests/benchmarks/build_steps.py ARTICLES.jsonl --store DIR [other kg build options]

Runs ``kg build`` in this process with the builder's steps wrapped in timers
and prints, after the build, one line per call: seconds since the command
started, seconds taken, step. Against a big store (the daily benchmark's:
``python tests/benchmarks/run.py --only daily --cache DIR`` keeps one) it
shows which steps overlap the extraction worker and what is left after the
last write. Run on demand; not part of the test suite.
"""
from __future__ import annotations

import atexit
import functools
import sys
import time

_START = time.perf_counter()
_CALLS: list[tuple[float, float, str]] = []


def _timed(owner: object, name: str) -> None:
    function = getattr(owner, name)

    @functools.wraps(function)
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _CALLS.append((start - _START, time.perf_counter() - start, name))

    setattr(owner, name, timed)


def _report() -> None:
    for start, seconds, name in sorted(_CALLS):
        print(f"{start:7.2f} s  {seconds:6.3f} s  {name}", file=sys.stderr)
    print(f"{time.perf_counter() - _START:7.2f} s  end", file=sys.stderr)


def main() -> None:
    import kg.graph.event_rows as event_rows
    import kg.graph.reprints as reprints
    import kg.graph.summary as summary
    import kg.ingest.builder as builder
    import kg.ingest.maintenance as maintenance
    from kg.cli import main as kg_main

    for owner, name in ((builder._LoadSession, "read_derived"), (builder._LoadSession, "marked"),
                        (builder, "_write_batch"), (builder._LoadSession, "finish"),
                        (maintenance, "refresh_derived"), (reprints, "refresh_reprints"),
                        (maintenance, "refresh_links"), (summary, "refresh_summary"),
                        (event_rows.EventRows, "read"), (event_rows.EventRows, "plus"), (summary, "follow_table"),
                        (summary, "save_actor_cache"), (summary, "_save"), (reprints, "signature")):
        _timed(owner, name)
    atexit.register(_report)
    sys.argv = ["kg", "build", *sys.argv[1:]]
    kg_main()


if __name__ == "__main__":
    main()
