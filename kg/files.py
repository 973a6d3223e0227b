"""Write triples as the JSONL contract, a TSV summary or CaRB's tab format.

Output files are written atomically (temporary file, then rename) so an
interrupted ``kg extract -o out.jsonl`` never leaves half a file behind.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Callable, Iterator, TextIO

from .model import Triple

__all__ = ["triple_line", "triple_writer", "atomic_text_file", "atomic_binary_file", "file_mode"]


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


def file_mode() -> int:
    """The mode a new file gets from the user's umask (``0o644`` under the usual ``022``).

    ``tempfile.mkstemp`` creates ``0o600`` files; an output renamed into place
    must get the mode any other program would give it.
    """
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def atomic_binary_file(path: str | os.PathLike) -> Iterator[IO[bytes]]:
    """Open a binary file for writing that appears, whole and with the umask's mode, only when the block succeeds."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
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
