"""Opening an embedded Oxigraph store: the writer lock, read-only retries, damage and misuse reported clearly.

Why apart: opening is where users meet the file system (a missing folder,
a file instead of a folder, a store another process writes, a damaged
RocksDB, a full disk); each case gets one sentence saying what to do,
never RocksDB's own message alone.
"""
from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from ..errors import StoreError, StoreLocked
from .base import one_line
from .oxigraph import LOCK_NAME, KgStore

__all__ = ["open_oxigraph"]

#: Read-only opens that meet a manifest a writer is just rewriting are retried this many times.
_READ_RETRIES = 5


def _open_read_only(path: Path) -> ox.Store:
    """Open a store for reading, retrying the transient errors of a concurrent writer.

    RocksDB may report a manifest as corrupt while a writer replaces it; a
    moment later the new one is complete. A damage that persists is a clear
    :class:`StoreError`, not a traceback.
    """
    import time

    for attempt in range(_READ_RETRIES):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            transient = "MANIFEST" in str(exc) or "No such file" in str(exc)
            if not transient or attempt == _READ_RETRIES - 1:
                raise _open_error(path, exc) from None
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _open_error(path: Path, exc: BaseException) -> StoreError:
    """A user-readable error for a store Oxigraph/RocksDB could not open."""
    text = one_line(exc)
    if "Corruption" in text or "checksum" in text.lower():
        return StoreError(f"store {path} is damaged ({text}); restore it from a backup, or rebuild it into a "
                          "new directory with `kg build DOCS --store NEW_DIR`")
    if "No space left" in text:
        return StoreError(f"cannot open store {path}: the disk is full; free some space and retry")
    if "Permission denied" in text or "Read-only file system" in text:
        return StoreError(f"cannot open store {path}: no permission to write there ({text})")
    return StoreError(f"cannot open store {path}: {text}")


#: How long to wait for a lock whose writer is gone: its worker processes, which hold a copy of the lock file,
#: are ending (they are killed with their parent) and release it within moments.
_ORPHANED_LOCK_WAIT = 5.0


def _acquire_lock(path: Path) -> IO[str]:
    lock_path = path / LOCK_NAME
    handle = open(lock_path, "a+", encoding="utf-8")
    deadline = time.monotonic() + _ORPHANED_LOCK_WAIT
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError:
            handle.seek(0)
            pid = handle.read().strip() or "unknown"
            if not _gone(pid) or time.monotonic() > deadline:
                handle.close()
                raise StoreLocked(f"store {path} is in use by PID {pid}; wait for that kg command to finish "
                                  f"or stop it, then retry") from None
            time.sleep(0.05)  # the writer was killed; the workers it forked are being killed with it
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def _gone(pid: str) -> bool:
    """True when the process that wrote the lock file no longer exists (not when it is unknown or another
    user's)."""
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def open_oxigraph(location: str, *, read_only: bool = False, create: bool = True) -> KgStore:
    """Open the embedded store at ``location`` (a directory, or ``"memory"``).

    :func:`kg.store.open_store` calls this for every location that is not a
    URL; call it directly when only an embedded store will do (``kg serve``).

    Parameters
    ----------
    location : str
        A directory, or ``"memory"``.
    read_only : bool
        Open without taking the writer lock; many readers may share a store.
    create : bool
        Create a missing on-disk store (writers); readers get a clear error instead.

    Raises
    ------
    StoreLocked
        Another process is writing to the store.
    StoreError
        The location is not a store, or does not exist for a reader.

    Examples
    --------
    >>> with open_oxigraph("memory") as store:
    ...     store.quad_count()
    0
    """
    loc = str(location)
    if loc == "memory":
        return KgStore(ox.Store(), "memory", read_only=False)
    path = Path(loc).expanduser()
    exists = (path / "CURRENT").is_file()
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} is a file, not a store directory")
    if path.is_dir() and not exists and any(p.name != LOCK_NAME for p in path.iterdir()):
        if any(p.name.startswith("MANIFEST-") or p.suffix == ".sst" for p in path.iterdir()):
            raise StoreError(f"store {path} is damaged: its CURRENT file is missing (RocksDB's pointer to "
                             "its manifest); restore the store from a backup, or rebuild it into a new "
                             "directory with `kg build DOCS --store NEW_DIR`")
        raise StoreError(f"{path} exists and is not a kg store (no Oxigraph data in it); "
                         "choose an empty or new directory")
    if read_only:
        if not exists:
            raise StoreError(f"no store at {path}; run `kg build DOCS --store {loc}` first")
        return KgStore(_open_read_only(path), str(path), read_only=True)
    if not exists and not create:
        raise StoreError(f"no store at {path}; run `kg build DOCS --store {loc}` first")
    path.mkdir(parents=True, exist_ok=True)
    lock = _acquire_lock(path)
    try:
        store = ox.Store(str(path))
    except (OSError, RuntimeError) as exc:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()
        text = str(exc)
        if "Corruption" not in text and ("LOCK" in text or "No locks available" in text
                                         or "lock hold" in text.lower()):
            raise StoreLocked(f"store {path} is in use by another process; wait for it to finish") from None
        raise _open_error(path, exc) from None
    kg_store = KgStore(store, str(path), read_only=False, lock=lock)
    try:  # a build killed during a bulk load left half-written documents and temporary files: drop them now
        kg_store._remove_bulk_debris()
        kg_store.recover_pending()
    except BaseException:
        kg_store.close()
        raise
    return kg_store
