"""Atomic file writes: a file appears whole, with the umask's mode, or not at all.

A file is written to a temporary file in the target's folder and renamed
into place only when writing succeeded, so an interrupted run (``kg extract
-o``, a page, an export, the curation file) never leaves half a file behind.
"""
from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator, TextIO

__all__ = ["atomic_text_file", "atomic_binary_file", "file_mode"]


def file_mode() -> int:
    """The mode a new file gets from the user's umask (``0o644`` under the usual ``022``).

    ``tempfile.mkstemp`` creates ``0o600`` files; an output renamed into place
    must get the mode any other program would give it.
    """
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def atomic_binary_file(path: str | os.PathLike, *, durable: bool = True) -> Iterator[IO[bytes]]:
    """Open a binary file for writing that appears, whole and with the umask's mode, only when the block succeeds.

    ``durable``: flush it to disk before it appears, so a power cut cannot
    leave it empty. A cache that checks what it reads and is computed again
    when damaged (kg's derived data) passes False: at a million events the
    flushes cost a build or removal a second on a busy disk.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, file_mode())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_text_file(path: str | os.PathLike) -> Iterator[TextIO]:
    """Open a UTF-8 text file for writing that appears only when the block succeeds (see :func:`atomic_binary_file`)."""
    with atomic_binary_file(path) as raw:
        fh = io.TextIOWrapper(raw, encoding="utf-8", newline="\n", write_through=True)
        try:
            yield fh
            fh.flush()
        finally:
            fh.detach()  # the binary file is closed (and renamed) by atomic_binary_file
