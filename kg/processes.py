"""Worker processes that end with their parent, and how many CPUs workers may use.

A worker left behind by a parent killed with SIGKILL keeps running, blocked
on a pipe and holding copies of the parent's open files (a store's lock
files among them). The extraction pool and ``kg serve``'s query workers
call one of these helpers first thing in the worker.
"""
from __future__ import annotations

import os
import signal
import sys

__all__ = ["die_with_parent", "watch_parent", "usable_cpus"]


def die_with_parent(parent: int) -> None:
    """Make this worker process end when its parent does (Linux ``PR_SET_PDEATHSIG``).

    Without it a ``kg build -j 2`` killed with SIGKILL leaves its workers
    orphaned, blocked on a pipe and holding copies of the store's lock files,
    so the store stays locked for good. Elsewhere this is a no-op. The signal
    follows the thread that started the worker: use it only for workers
    started by a thread that lives as long as the pool (else :func:`watch_parent`).
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no prctl: nothing to do
        return
    if os.getppid() != parent:  # the parent died before the call: go now
        os._exit(1)


def watch_parent(parent: int, interval: float = 0.5) -> None:
    """End this process soon after its parent is gone, checked by a daemon thread.

    For workers started from short-lived threads, where ``PR_SET_PDEATHSIG``
    cannot be used: Linux sends that signal when the creating *thread* ends.
    """
    import threading
    import time

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)
            time.sleep(interval)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity where the system says, else the machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
