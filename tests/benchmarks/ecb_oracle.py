"""How much of ECB+'s cross-document link recall is left inside the document: two oracles on kg's own mentions.

    python tests/benchmarks/accuracy.py --sets ecb --keep DIR
    python3 ../shared/eval/entity_score.py DIR/ecb.jsonl ../shared/eval/ecb/dev/gold.jsonl --alignment A.jsonl
    python tests/benchmarks/ecb_oracle.py A.jsonl

Reads the scorer's alignment (each gold mention kg reported, with the id kg
gave it) and prints kg's cross-document link B³ precision, recall and F1,
then the same after rewriting ids as an oracle would:

* ``in-document``: every description id ("...~<doc hash>") of a gold
  entity that kg also names in that document takes the name's id there (the
  most frequent one): what resolving every description of a named person
  inside its own story would give, which the design allows;
* ``across documents``: in addition, every aligned mention of a gold entity
  kg names anywhere in the topic takes that name's id: what merging
  descriptions across stories would give, which rule 6 of issue 11 forbids.

Why a script: the README states these ceilings, and every README figure
comes from a command shown next to it. Run on demand; not part of the tests.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

#: The shared scorers, beside the checkout (as ``accuracy.py`` finds them).
SCORER_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "eval"


def _b3(rows: list[dict]) -> tuple[float, float, float]:
    """Cross-document B³ (precision, recall, F1) with clusters per topic, by the shared scorer's own code."""
    if str(SCORER_DIR) not in sys.path:
        sys.path.insert(0, str(SCORER_DIR))
    import entity_score  # noqa: E402 (the shared scorer, read through its path)

    groups: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for r in rows:
        key, response = groups[r["topic"]]
        key.append(r["gold_entity"])
        response.append(r["system_id"])
    m = entity_score.coref_metrics(dict(groups))
    return m["b3_precision"], m["b3_recall"], m["b3_f1"]


def _named(rows: list[dict], scope: str) -> dict[tuple[str, str], str]:
    """The most frequent name id (not a description's) of each gold entity per document or per topic."""
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for r in rows:
        if "~" not in r["system_id"]:
            counts[(r[scope], r["gold_entity"])][r["system_id"]] += 1
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


def oracles(rows: list[dict]) -> dict[str, tuple[float, float, float]]:
    """kg's scores and the two oracles' (see the module docstring), on the aligned mentions with an id."""
    rows = [r for r in rows if r.get("system_id")]
    by_doc = _named(rows, "doc")
    in_doc = [dict(r, system_id=by_doc.get((r["doc"], r["gold_entity"]), r["system_id"]))
              if "~" in r["system_id"] else r for r in rows]
    by_topic = _named(rows, "topic")
    across = [dict(r, system_id=by_topic.get((r["topic"], r["gold_entity"]), r["system_id"])) for r in in_doc]
    return {"kg": _b3(rows), "in-document": _b3(in_doc), "across documents": _b3(across)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("alignment", help="the --alignment output of ../shared/eval/entity_score.py")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in Path(args.alignment).read_text(encoding="utf-8").splitlines() if line]
    for name, (p, r, f) in oracles(rows).items():
        print(f"{name:18s} link P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
