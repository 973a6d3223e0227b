"""Which documents does kg call reprints of one story? Checked on real news where many outlets cover one event.

ECB+ (``../shared/eval/ecb/{dev,train}/docs.jsonl``) holds 43 events, each
reported by several outlets: the hard case for a reprint detector, since
independent reports of one event share names, places and phrases. The
script signs every document as ``kg build`` does, groups them with
:func:`kg.graph.reprints.reprint_groups` and prints each group with the
exact Jaccard similarity of its word 5-shingles and the opening of each
document, so the groups can be read by hand; then the totals, the groups that
cross events (each a false reprint) and how many same-event pairs lie near the
threshold. Run on demand:

    python tests/benchmarks/reprints.py            # groups, then totals
    python tests/benchmarks/reprints.py --quiet    # totals only
"""
from __future__ import annotations

import argparse
import itertools
import json
import re
from pathlib import Path

import numpy as np

from kg.graph.reprints import SHINGLE_WORDS, THRESHOLD, reprint_groups, signature, signature_array

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval" / "ecb"


def _shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quiet", action="store_true", help="print the totals only")
    args = parser.parse_args()
    docs = [json.loads(line) for split in ("dev", "train") for line in open(EVAL / split / "docs.jsonl")]
    signed = [(d, signature(d["text"])) for d in docs]
    signed = [(d, s) for d, s in signed if s is not None]
    groups = reprint_groups(np.array([signature_array(s) for _, s in signed]))
    shingles = {d["id"]: _shingles(d["text"]) for d in docs}
    crossing = 0
    for group in groups:
        members = [signed[i][0] for i in group]
        topics = {d["topic"] for d in members}
        crossing += len(topics) > 1
        if args.quiet:
            continue
        least = min(_jaccard(shingles[a["id"]], shingles[b["id"]]) for a, b in itertools.combinations(members, 2))
        print(f"== {', '.join(d['id'] for d in members)}  (least pairwise Jaccard {least:.3f})")
        for d in members:
            print("   " + d["text"][:110].replace("\n", " | "))
    pairs = [_jaccard(shingles[a["id"]], shingles[b["id"]]) for a, b in itertools.combinations(docs, 2)
             if a["topic"] == b["topic"]]
    near = sum(THRESHOLD - 0.1 <= j < THRESHOLD for j in pairs)
    print(f"{len(docs)} documents ({len(docs) - len(signed)} too short to sign); {len(groups)} reprint groups "
          f"joining {sum(len(g) for g in groups)} documents ({sum(len(g) - 1 for g in groups)} reprints); "
          f"{crossing} groups cross events; same-event pairs with exact Jaccard in "
          f"[{THRESHOLD - 0.1:.1f}, {THRESHOLD:.1f}): {near} of {len(pairs)}")


if __name__ == "__main__":
    main()
