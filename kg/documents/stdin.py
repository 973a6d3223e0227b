"""Stdin (``-``): JSON Lines when its first non-blank character is ``{``, else text.

The bytes are checked like a file's (binary data, UTF-16, invalid UTF-8 are
reported, never decoded into a garbled document): Python's own text stdin
would let invalid bytes through as surrogates under a C locale.
"""
from __future__ import annotations

import codecs
import itertools
from collections.abc import Iterator
from typing import BinaryIO, TextIO

from kg.model import Document

from .decoding import PROBE_BYTES, byte_lines, decode_whole, decoded_lines, plausible_text
from .problems import ReadRun
from .records import jsonl_documents, line_documents, text_document

__all__ = ["STDIN_NAME", "read_stdin"]

#: The name problems with stdin are reported under.
STDIN_NAME = "<stdin>"


def read_stdin(run: ReadRun, stream: TextIO) -> Iterator[Document]:
    """Read stdin as JSON Lines if it starts with ``{``, else as text (one document, or one per line).

    The byte stream under ``stream`` is read when there is one; a text-only
    stream (``io.StringIO``) is read as text.
    """
    raw = getattr(stream, "buffer", None)
    if raw is not None:
        yield from _read_stdin_bytes(run, raw)
        return
    head: list[str] = []
    try:
        for line in stream:
            if not head:
                line = line.lstrip("\ufeff")
            head.append(line)
            if line.strip():
                break
        if not any(line.strip() for line in head):
            run.problem(STDIN_NAME, None, "empty document")
            return
        rest = itertools.chain(head, stream)
        if head[-1].lstrip().startswith("{"):
            yield from jsonl_documents(run, STDIN_NAME, "stdin", enumerate(rest, 1))
        elif run.lines:
            yield from line_documents(run, STDIN_NAME, "stdin", rest)
        else:
            doc = text_document(run, STDIN_NAME, "stdin", "".join(rest))
            if doc is not None:
                yield doc
    except UnicodeDecodeError as exc:
        run.problem(STDIN_NAME, None, f"not valid UTF-8 ({exc.reason})")
    except OSError as exc:
        run.problem(STDIN_NAME, None, f"cannot read ({exc})")


def _read_stdin_bytes(run: ReadRun, raw: BinaryIO) -> Iterator[Document]:
    """:func:`read_stdin` on the byte stream under stdin, with the checks files get."""
    try:
        head = raw.read(PROBE_BYTES)
        if not plausible_text(run, STDIN_NAME, head):
            return
        lines = byte_lines(head, raw)
        first: list[bytes] = []
        for line in lines:
            first.append(line)
            if line.strip() and line.strip() != codecs.BOM_UTF8:
                break
        rest = itertools.chain(first, lines)
        if first and first[-1].lstrip(codecs.BOM_UTF8 + b" \t\r\n").startswith(b"{"):
            yield from jsonl_documents(run, STDIN_NAME, "stdin", decoded_lines(run, STDIN_NAME, rest))
            return
        text = decode_whole(run, STDIN_NAME, b"".join(rest))
        if text is None:
            return
        if not text.strip():
            run.problem(STDIN_NAME, None, "empty document")
        elif run.lines:
            yield from line_documents(run, STDIN_NAME, "stdin", text.splitlines(keepends=True))
        else:
            doc = text_document(run, STDIN_NAME, "stdin", text)
            if doc is not None:
                yield doc
    except OSError as exc:
        run.problem(STDIN_NAME, None, f"cannot read ({exc})")
