"""One exception tree for kg: the library raises, the CLI explains.

Every error a user can cause (bad file, missing model, locked store, bad
SPARQL) is a ``KgError`` with a message meant to be read by that user; the
CLI prints it on one line and exits with status 1.
"""
from __future__ import annotations

__all__ = ["KgError", "InputError", "ModelNotFound", "StoreError", "StoreLocked", "QueryError", "QueryTimeout"]


class KgError(Exception):
    """Base class of every user-facing kg error."""


class InputError(KgError):
    """An input file or record could not be read (message names file:line)."""


class ModelNotFound(KgError):
    """The spaCy model is not installed; the message says how to install it."""


class StoreError(KgError):
    """A store location is invalid or cannot be opened."""


class StoreLocked(StoreError):
    """Another process is writing to the store."""


class QueryError(KgError):
    """A SPARQL query is malformed or failed on the store."""


class QueryTimeout(QueryError):
    """A SPARQL query or update did not finish within its time limit."""
