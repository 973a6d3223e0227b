"""Bytes to text: binary and UTF-16 files, invalid UTF-8, byte order marks, chunked lines.

Files and stdin are checked the same way: a binary file, a UTF-16 one or an
invalid UTF-8 sequence is reported with its byte offset, never decoded into
a garbled document.
"""
from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from .problems import ReadRun

__all__ = ["CHUNK_BYTES", "PROBE_BYTES", "byte_lines", "decode_whole", "decoded_lines",
           "first_invalid_utf8", "plausible_text"]

PROBE_BYTES = 8192  # a NUL byte in this much of the head marks a binary file
CHUNK_BYTES = 1 << 16


def plausible_text(run: ReadRun, name: str, head: bytes) -> bool:
    """Report UTF-16 and binary files from their first bytes."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        run.problem(name, None, "not valid UTF-8 (UTF-16 byte order mark); save it as UTF-8")
        return False
    nul = head.find(b"\x00")
    if nul >= 0:
        run.problem(name, None, f"binary file (NUL byte at offset {nul})")
        return False
    return True


def first_invalid_utf8(fh: BinaryIO) -> int | None:
    """Return the byte offset of the first invalid UTF-8 sequence, streaming."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    while True:
        chunk = fh.read(CHUNK_BYTES)
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            return offset - pending + exc.start
        if not chunk:
            return None
        offset += len(chunk)


def decode_whole(run: ReadRun, name: str, data: bytes) -> str | None:
    """Decode ``data`` (a leading UTF-8 byte order mark dropped), or report where it is not UTF-8."""
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        run.problem(name, None, f"not valid UTF-8 (byte offset {start + exc.start})")
        return None


def decoded_lines(run: ReadRun, name: str, lines: Iterable[bytes]) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, text)``, reporting and skipping undecodable lines."""
    offset = 0
    for number, raw in enumerate(lines, 1):
        start = len(codecs.BOM_UTF8) if number == 1 and raw.startswith(codecs.BOM_UTF8) else 0
        try:
            yield number, raw[start:].decode("utf-8")
        except UnicodeDecodeError as exc:
            run.problem(name, number, f"not valid UTF-8 (byte offset {offset + start + exc.start})")
        offset += len(raw)


def byte_lines(head: bytes, raw: BinaryIO) -> Iterator[bytes]:
    """Lines (with their b"\\n") of ``head`` followed by the rest of ``raw``, read in chunks."""
    pending = head
    while True:
        *complete, pending = pending.split(b"\n")
        for line in complete:
            yield line + b"\n"
        chunk = raw.read(CHUNK_BYTES)
        if not chunk:
            break
        pending += chunk
    if pending:
        yield pending
