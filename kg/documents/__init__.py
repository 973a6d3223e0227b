"""Documents: the first stage. Files, folders and stdin in, :class:`kg.model.Document` out.

Owns reading every input format (plain text, JSONL, CSV/TSV, folders,
stdin) with ``file:line`` problem reports, the document date header, and
counting documents ahead of a progress bar.

May import: the core modules (``kg.errors``, ``kg.model``, ``kg.resources``, ...) only.
"""
