"""Run the README's tour and compare (or rewrite) the outputs it shows, so they cannot drift.

Every ``$ kg ...`` line in a README code block that is followed by output
lines (except ``kg serve``, which runs until stopped) is run in README order, in a fresh folder that looks like a checkout
beside ``../shared`` (``ontology/``, ``kg/data/samples`` and ``../shared`` are linked in), with
stdout and stderr together as a terminal user sees them. Time stamps
(``2026-12-04T23:44:40Z``) are compared as placeholders.

    python tests/readme_tour.py            # report differences, exit 1 if any
    python tests/readme_tour.py --write    # rewrite the README's outputs from a real run

``tests/test_readme_tour.py`` runs the comparison (marked slow).
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
SHARED = REPO.parent / "shared"
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


@dataclass
class Example:
    """One ``$ command`` of the README and the output lines shown under it (line numbers 0-based)."""

    command: str
    first: int  # first output line
    last: int  # one past the last output line
    shown: list[str]


def examples(lines: list[str]) -> list[Example]:
    """The README's runnable examples: ``$ kg ...`` lines with output under them, in order."""
    out: list[Example] = []
    in_block = False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            in_block = not in_block
            continue
        if not in_block or not line.startswith("$ kg ") or "kg serve" in line:
            continue  # a server runs until stopped: its examples are checked by tests/test_serve*.py
        j = i + 1
        while j < len(lines) and not lines[j].startswith("$ ") and not lines[j].startswith("```"):
            j += 1
        body = lines[i + 1:j]
        while body and not body[-1].strip():
            body.pop()
        if body:
            out.append(Example(line[2:], i + 1, i + 1 + len(body), body))
    return out


def run_tour(cmds: list[str]) -> list[list[str]]:
    """Run the commands in a fresh checkout-like folder; returns each one's output lines."""
    with tempfile.TemporaryDirectory(prefix="kg-tour-") as tmp:
        work = Path(tmp) / "main"
        work.mkdir()
        (work / "ontology").symlink_to(REPO / "ontology")
        (work / "kg" / "data").mkdir(parents=True)  # the bundled sample files, at their checkout path
        (work / "kg" / "data" / "samples").symlink_to(REPO / "kg" / "data" / "samples")
        if SHARED.is_dir():
            (Path(tmp) / "shared").symlink_to(SHARED)
        env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
        env["COLUMNS"] = "200"
        outputs = []
        for cmd in cmds:
            res = subprocess.run(cmd, shell=True, cwd=work, env=env, capture_output=True, text=True, timeout=600)
            text = (res.stdout + res.stderr).rstrip("\n")
            outputs.append(text.split("\n") if text else [])
        return outputs


def _norm(lines: list[str]) -> list[str]:
    return [_STAMP.sub("<time>", ln.rstrip()) for ln in lines]


def compare() -> list[str]:
    """Differences between the README's outputs and a real run (empty when they agree)."""
    lines = README.read_text(encoding="utf-8").split("\n")
    exs = examples(lines)
    got = run_tour([e.command for e in exs])
    problems = []
    for ex, out in zip(exs, got):
        if _norm(ex.shown) != _norm(out):
            problems.append(f"$ {ex.command}\n--- README\n" + "\n".join(ex.shown) + "\n--- real\n" + "\n".join(out))
    return problems


def write() -> None:
    """Replace every example's output in the README with a real run's."""
    lines = README.read_text(encoding="utf-8").split("\n")
    exs = examples(lines)
    got = run_tour([e.command for e in exs])
    for ex, out in reversed(list(zip(exs, got))):
        lines[ex.first:ex.last] = out
    README.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="rewrite the README's outputs from a real run")
    a = ap.parse_args(argv)
    if a.write:
        write()
        return 0
    problems = compare()
    for p in problems:
        print(p, end="\n\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
