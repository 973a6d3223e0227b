"""Render rows (lists of dicts) as aligned tables, CSV, TSV, JSON or JSON Lines.

Shared by ``kg query``, ``kg centrality`` and ``kg stats`` so every command
prints the same way.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, Sequence

__all__ = ["FORMATS", "negated_text", "render_rows"]

FORMATS = ("table", "csv", "tsv", "json", "jsonl")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return " ".join(str(value).split())


def render_rows(rows: Sequence[dict[str, Any]], columns: Iterable[str], fmt: str = "table",
                *, max_width: int = 60) -> str:
    """Render rows in one of :data:`FORMATS`; returns the text (no trailing newline for table)."""
    columns = list(columns)
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=1)
    if fmt == "jsonl":
        return "\n".join(json.dumps({c: r.get(c) for c in columns}, ensure_ascii=False) for r in rows)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_cell(r.get(c)) if not isinstance(r.get(c), (int, float)) or isinstance(r.get(c), bool)
                             else r.get(c) for c in columns])
        return buf.getvalue().rstrip("\n")
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    cells = [[v if len(v) <= max_width else v[: max_width - 1] + "…" for v in row] for row in cells]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


_NEGATION_WORDS = frozenset({"not", "never", "no", "n't", "cannot"})


def negated_text(action: str, negated: bool) -> str:
    """An action as a reader should see it: "not" in front of a negated one unless its words say so already.

    >>> negated_text("suspend", True), negated_text("did not suspend", True), negated_text("met", False)
    ('not suspend', 'did not suspend', 'met')
    """
    words = set(action.lower().replace("n't", " n't").split())
    return f"not {action}" if negated and not words & _NEGATION_WORDS else action
