"""Worker processes that end with their parent, how many CPUs workers may use, and one result from a child.

A worker left behind by a parent killed with SIGKILL keeps running, blocked
on a pipe and holding copies of the parent's open files (a store's lock
files among them). The extraction pool and ``kg serve``'s query workers
call one of these helpers first thing in the worker. :func:`in_child`
computes one CPU-bound result in a forked child while the caller goes on
(the report's communities beside its betweenness).
"""
from __future__ import annotations

import os
import pickle
import signal
import sys
from typing import Any, Callable, Generic, TypeVar

_T = TypeVar("_T")

__all__ = ["die_with_parent", "watch_parent", "usable_cpus", "in_child"]


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


class _InChild(Generic[_T]):
    """A function's result computed by a forked child while this process goes on; see :func:`in_child`."""

    def __init__(self, function: Callable[..., _T], args: tuple) -> None:
        self._function, self._args = function, args
        self._pid: int | None = None
        self._read: int | None = None
        if hasattr(os, "fork") and usable_cpus() > 1:
            parent = os.getpid()
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: compute, send the pickled result, leave without cleanup
                try:
                    os.close(read)
                    die_with_parent(parent)
                    with os.fdopen(write, "wb") as out:
                        out.write(pickle.dumps(function(*args), protocol=pickle.HIGHEST_PROTOCOL))
                finally:
                    os._exit(0)
            os.close(write)
            self._pid, self._read = pid, read

    def result(self) -> _T:
        """The result: the child's (waited for), or computed here when there was no child or it died."""
        if self._pid is None or self._read is None:
            return self._function(*self._args)
        with os.fdopen(self._read, "rb") as got:
            data = got.read()
        os.waitpid(self._pid, 0)
        self._pid = self._read = None
        try:
            return pickle.loads(data)  # (our own child's bytes: nothing from outside)
        except (pickle.UnpicklingError, EOFError, ValueError, AttributeError):
            return self._function(*self._args)


def in_child(function: Callable[..., _T], *args: Any) -> _InChild[_T]:
    """Start ``function(*args)`` in a forked child; ``.result()`` waits for it and returns its result.

    Why: a page that needs several CPU-bound results (a report's communities
    beside its betweenness and its evidence queries) gets them on every CPU
    at once; Python threads would share one. Without ``fork`` or a second
    CPU the function runs in this process, when the result is asked for.
    The result travels back pickled: it must be picklable, and the child
    sees this process's memory as it was at the fork.
    """
    return _InChild(function, args)
