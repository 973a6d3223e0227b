"""Documents: the first stage. Files, folders and stdin in, :class:`kg.model.Document` out.

Owns reading every input format (plain text, JSONL, CSV/TSV, folders,
stdin) with ``file:line`` problem reports, the document date header, and
counting documents ahead of a progress bar.

May import: the core modules (``kg.errors``, ``kg.model``, ``kg.resources``, ...) only.
"""
from .counting import COUNT_LIMIT_BYTES, count_documents
from .formats import INPUT_SUFFIXES
from .problems import Problem, ReadReport
from .reading import iter_documents
from .text import normalize_text, parse_date

__all__ = [
    "COUNT_LIMIT_BYTES",
    "INPUT_SUFFIXES",
    "Problem",
    "ReadReport",
    "count_documents",
    "iter_documents",
    "normalize_text",
    "parse_date",
]
