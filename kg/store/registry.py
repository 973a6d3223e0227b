"""Choose the back-end from the location: a directory or ``memory`` (Oxigraph), ``http(s)://`` (SPARQL 1.1).

Why a registry: the location string is all a user gives (``--store``,
``$KG_STORE``), and a new back-end (another scheme) should be one
:func:`register_backend` call, not an edit of every caller.
"""
from __future__ import annotations

import os
from typing import Any, Callable

from ..errors import StoreError
from .base import Store, store_location

__all__ = ["open_store", "register_backend", "BACKENDS"]

#: Opener by location scheme ("" = no scheme: a directory or ``memory``).
BACKENDS: dict[str, Callable[..., Store]] = {}


def register_backend(scheme: str, opener: Callable[..., Store]) -> None:
    """Open locations ``<scheme>://...`` with ``opener(location, read_only=, create=, **settings)``."""
    BACKENDS[scheme.lower()] = opener


def _open_embedded(location: str, *, read_only: bool, create: bool, **settings: Any) -> Store:
    if any(v is not None for v in settings.values()):
        raise StoreError(f"{', '.join(sorted(k for k, v in settings.items() if v is not None))} only apply to a "
                         f"SPARQL endpoint store (http(s)://...), not to {location}")
    from .oxigraph_open import open_oxigraph

    return open_oxigraph(location, read_only=read_only, create=create)


def _open_endpoint(location: str, *, read_only: bool, create: bool, **settings: Any) -> Store:
    from .sparql import SparqlEndpointStore  # httpx is imported only when a server is used

    return SparqlEndpointStore(location, read_only=read_only, **{k: v for k, v in settings.items() if v is not None})


register_backend("", _open_embedded)
register_backend("http", _open_endpoint)
register_backend("https", _open_endpoint)


def open_store(location: str | os.PathLike | None = None, *, read_only: bool = False, create: bool = True,
               **settings: Any) -> Store:
    """Open the store at ``location`` with the back-end its scheme names.

    Parameters
    ----------
    location : str or path, optional
        A directory (embedded Oxigraph), ``"memory"``, an ``http(s)://``
        SPARQL 1.1 endpoint, or None for ``$KG_STORE`` / ``output/store``.
    read_only : bool
        Open without taking the writer lock; many readers may share a store.
    create : bool
        Create a missing on-disk store (writers); readers get a clear error instead.
    **settings
        Back-end settings, e.g. for an endpoint ``update_endpoint``, ``user``,
        ``password``, ``timeout`` (see :class:`kg.store.sparql.SparqlEndpointStore`).

    Raises
    ------
    StoreLocked
        Another process is writing to the store.
    StoreError
        The location is not a store, does not exist for a reader, or names an unknown scheme.

    Examples
    --------
    >>> with open_store("memory") as store:
    ...     store.quad_count()
    0
    """
    loc = store_location(location)
    scheme = loc.split("://", 1)[0].lower() if "://" in loc else ""
    opener = BACKENDS.get(scheme)
    if opener is None:
        known = ", ".join(f"{s}://" for s in sorted(BACKENDS) if s)
        raise StoreError(f"unknown store location scheme {scheme}:// in {loc!r}; use a directory, 'memory' or {known}")
    return opener(loc, read_only=read_only, create=create, **settings)
