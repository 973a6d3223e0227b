"""Write triples as the JSONL contract, a TSV summary or CaRB's tab format (``kg extract --format``).

Output files are written atomically (:func:`kg.files.atomic_text_file`) so an
interrupted ``kg extract -o out.jsonl`` never leaves half a file behind.
"""
from __future__ import annotations

import contextlib
import json
import sys
from typing import Callable, Iterator

from ..files import atomic_text_file
from ..model import Triple

__all__ = ["triple_line", "triple_writer"]


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def triple_line(triple: Triple, fmt: str) -> str:
    """One output line (without newline) for a triple in ``jsonl``, ``tsv`` or ``carb`` format."""
    if fmt == "jsonl":
        return json.dumps(triple.to_json(), ensure_ascii=False)
    obj = triple.object.text if triple.object else ""
    if fmt == "tsv":
        fields = [triple.doc, str(triple.sentence), triple.subject.label, triple.action.text, obj,
                  triple.action.category or "", triple.date or "", f"{triple.confidence:.4f}"]
    elif fmt == "carb":
        fields = [triple.text, f"{triple.confidence:.4f}", triple.action.text, triple.subject.text]
        fields += [x for x in [obj, *(a.text for a in triple.arguments)] if x]
    else:
        raise ValueError(f"unknown triple format {fmt!r}")
    return "\t".join(_clean(f) for f in fields)


@contextlib.contextmanager
def triple_writer(output: str, fmt: str) -> Iterator[Callable[[Triple], None]]:
    """Context manager yielding ``write(triple)`` to a path or ``-`` (stdout)."""
    if fmt == "tsv" or fmt == "carb":
        header = "doc\tsentence\tsubject\taction\tobject\tcategory\tdate\tconfidence\n" if fmt == "tsv" else ""
    else:
        header = ""
    if output == "-":
        if header:
            sys.stdout.write(header)
        yield lambda t: sys.stdout.write(triple_line(t, fmt) + "\n")
        sys.stdout.flush()
        return
    with atomic_text_file(output) as fh:
        fh.write(header)
        yield lambda t: fh.write(triple_line(t, fmt) + "\n")
