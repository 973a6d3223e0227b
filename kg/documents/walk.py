"""The one directory walk, shared by reading (:func:`kg.documents.iter_documents`) and counting.

Depth first in name order, hidden entries (a leading ``.``) skipped, only
files with an :data:`~kg.documents.INPUT_SUFFIXES` suffix, every real
directory listed once (symlink loops and a directory linked twice end there).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from .formats import INPUT_SUFFIXES

__all__ = ["walk"]


def walk(root: Path, on_error: Callable[[Path, OSError], None] | None = None) -> Iterator[Path]:
    """Yield the input files under the directory ``root``, lazily, in sorted order.

    A directory that cannot be listed is passed to ``on_error`` (with the
    error) and left out; without ``on_error`` it is left out silently.
    The walk keeps its own stack, so no nesting depth is too deep.
    """
    visited: set[str] = set()

    def listing(directory: Path) -> Iterator[Path] | None:
        real = os.path.realpath(directory)
        if real in visited:  # a symlink loop, or a directory already reached by another path
            return None
        visited.add(real)
        try:
            return iter(sorted(directory.iterdir(), key=lambda p: p.name))
        except OSError as exc:
            if on_error is not None:
                on_error(directory, exc)
            return None

    first = listing(root)
    stack = [first] if first is not None else []
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif entry.name.startswith("."):
            continue
        elif entry.is_dir():
            entries = listing(entry)
            if entries is not None:
                stack.append(entries)
        elif entry.is_file() and entry.suffix.lower() in INPUT_SUFFIXES:
            yield entry
