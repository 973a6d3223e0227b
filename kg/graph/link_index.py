"""Every actor's link keys (:func:`kg.graph.relink.index_keys`) in an SQLite file next to an on-disk store.

Why on disk: finding the actors a change can affect (:func:`kg.graph.relink.block`)
needs, for a few keys, every actor that holds them. Computing every actor's
keys again takes longer (1 s at 100,000 actors) than the links it would
spare; an indexed table answers each lookup in microseconds and is updated
row by row.

Why it can be trusted: unlike the files directly in ``<store>/derived``,
which every write deletes, the index lives in ``derived/followed/`` and is
kept across a writer's own writes. It carries a token that the actor cache
saved with it carries too (:attr:`kg.graph.actor_cache.ActorCache.token`):
a writer uses the index only when the cache it read before its first
write holds the same token, and writes a new token into both once it has
updated them. A write made any other way deletes the cache, so the next
writer finds no token to match and builds the index again
(:func:`build_link_index`).
"""
from __future__ import annotations

import secrets
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Iterable, Mapping

from ..store.base import Store
from .relink import Row, index_keys

__all__ = ["LinkIndex", "build_link_index", "open_link_index"]

#: Everything an index kg writes holds: a file with anything else (a trigger that would run on the
#: writer's updates, a view) is not used, and is replaced by a new index.
_SCHEMA = {("table", "keys"), ("table", "meta"), ("index", "sqlite_autoindex_meta_1"), ("index", "by_key"),
           ("index", "by_iri")}
FOLDER = "followed"
NAME = "link-keys.sqlite"
_BATCH = 500


class LinkIndex:
    """The keys table: ``(key, actor IRI)``, indexed both ways."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    @classmethod
    def build(cls, db: sqlite3.Connection, rows: Iterable[tuple[str, Row]]) -> "LinkIndex":
        """Fill an empty database with these ``(IRI, row)`` actors' keys."""
        db.execute("CREATE TABLE keys (key TEXT NOT NULL, iri TEXT NOT NULL)")
        db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
        db.executemany("INSERT INTO keys VALUES (?, ?)", ((key, iri) for iri, row in rows for key in index_keys(*row)))
        db.execute("CREATE INDEX by_key ON keys (key)")
        db.execute("CREATE INDEX by_iri ON keys (iri)")
        db.commit()
        return cls(db)

    def actors_with(self, keys: Iterable[str]) -> Iterable[tuple[str, str]]:
        keys = list(keys)
        for start in range(0, len(keys), _BATCH):
            chunk = keys[start:start + _BATCH]
            yield from self.db.execute(f"SELECT key, iri FROM keys WHERE key IN ({','.join('?' * len(chunk))})",
                                       chunk)

    def update(self, rows: Mapping[str, Row | None]) -> None:
        """Replace the keys of these actors (None: the actor has no row any more)."""
        iris = list(rows)
        for start in range(0, len(iris), _BATCH):
            chunk = iris[start:start + _BATCH]
            self.db.execute(f"DELETE FROM keys WHERE iri IN ({','.join('?' * len(chunk))})", chunk)
        self.db.executemany("INSERT INTO keys VALUES (?, ?)",
                            ((key, iri) for iri, row in rows.items() if row is not None for key in index_keys(*row)))

    def commit(self) -> str:
        """Save the changes with a new token (returned: the actor cache saved next carries it)."""
        token = secrets.token_hex(16)
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('token', ?)", (token,))
        self.db.commit()
        return token

    def close(self) -> None:
        self.db.close()


def _path(store: Store) -> Path | None:
    folder = store.derived_dir
    return None if folder is None or store.read_only else folder / FOLDER / NAME


def open_link_index(store: Store, token: str | None) -> LinkIndex | None:
    """The store's index if it holds ``token`` (the actor cache's), else None (none, stale or damaged)."""
    path = _path(store)
    if path is None or token is None or not path.is_file():
        return None
    try:
        db = sqlite3.connect(path)
    except sqlite3.Error:
        return None
    try:
        db.execute("PRAGMA trusted_schema = OFF")  # (a store folder is user input: see _SCHEMA)
        schema = set(db.execute("SELECT type, name FROM sqlite_master").fetchall())
        found = db.execute("SELECT value FROM meta WHERE name = 'token'").fetchone() if schema == _SCHEMA else None
    except sqlite3.Error:  # damaged, or not an index: built again
        db.close()
        return None
    if found is None or found[0] != token:
        db.close()
        return None
    return LinkIndex(db)


def build_link_index(store: Store, rows: Iterable[tuple[str, Row]]) -> LinkIndex | None:
    """A new index of these ``(IRI, row)`` actors (replacing any), or None for a store without a folder."""
    path = _path(store)
    if path is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with closing(sqlite3.connect(partial)) as db:
        db.execute("PRAGMA journal_mode = OFF")  # (a new file: written whole, then renamed into place)
        LinkIndex.build(db, rows)
    partial.replace(path)
    return LinkIndex(sqlite3.connect(path))
