"""Extraction accuracy on the shared evaluation sets (run on demand, not in the test suite).

Runs kg's extractor over the dev halves in ``../shared/eval`` and scores the
output with the shared scorers, printing one table:

    python tests/benchmarks/accuracy.py            # all sets
    python tests/benchmarks/accuracy.py --sets carb --keep /tmp/kg-eval
    python tests/benchmarks/accuracy.py --folds 5   # also mean/spread over 5 held-out folds
    python tests/benchmarks/accuracy.py --folds 5 --check-readme   # and compare with README's table

The data and scorers are read through the path, never copied into the repo.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EVAL = REPO.parent / "shared" / "eval"

SETS = {
    "carb": ("carb/dev.jsonl", "carb/dev.gold.tsv", "carb_score.py", []),
    "plover": ("plover/dev.jsonl", "plover/dev.gold.jsonl", "events_score.py", []),
    "re3d": ("re3d/dev.jsonl", "re3d/dev.gold.jsonl", "events_score.py",
             ["--relation-types", "FightingAgainst,CommWith,AlliesOf,InChargeOf,Likes,Dislikes"]),
    # entity resolution on real news: fit on ecb-train, check on ecb (dev); ids resolved over the corpus
    "ecb": ("ecb/dev/docs.jsonl", "ecb/dev/gold.jsonl", "entity_score.py", []),
    "ecb-train": ("ecb/train/docs.jsonl", "ecb/train/gold.jsonl", "entity_score.py", []),
}
#: Sets whose ids are scored across documents: extraction goes through the corpus-wide name pass.
CORPUS_SETS = {"ecb", "ecb-train"}
#: Entity-resolution figures printed for the ECB+ sets (the scorer reports more with --json).
ECB_METRICS = ("link_precision", "link_recall", "link_f1", "wd_link_f1", "mention_recall", "pronoun_accuracy",
               "pronouns_scored", "split_rate", "merge_rate", "actor_events_with_category")


def run_extraction(docs: Path, out: Path, corpus: bool = False) -> tuple[int, float, int]:
    """Extract every document of a dev set to contract JSONL; returns (triples, seconds, words)."""
    from kg.documents import iter_documents
    from kg.extract.consolidate import consolidate
    from kg.extract.output import triple_line
    from kg.extract.pipeline import extract_documents

    start = time.perf_counter()
    n = words = 0
    results = extract_documents(iter_documents([docs]))
    with out.open("w", encoding="utf-8") as fh:
        for result in consolidate(results) if corpus else results:
            words += len(result.document.text.split())
            for t in result.triples:
                fh.write(triple_line(t, "jsonl") + "\n")
                n += 1
    return n, time.perf_counter() - start, words


def score(name: str, system: Path, *, gold: Path | None = None, docs: Path | None = None) -> dict:
    docs_rel, gold_rel, scorer, extra = SETS[name]
    gold = gold or EVAL / gold_rel
    cmd = [sys.executable, str(EVAL / scorer), str(system), str(gold), "--json", *extra]
    if scorer in ("carb_score.py", "entity_score.py"):
        cmd += ["--docs", str(docs or EVAL / docs_rel)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


#: Actor types between which an event is an interaction PLOVER could categorise (places are not actors here).
_INTERACTING = {"Person", "Organization", "Country", "Group"}


def category_share(system: Path) -> float:
    """Share of actor -> actor events (not derived facts) that carry a PLOVER category (issue 12 target).

    An agentless passive ("journalists were handed to the Red Cross") is not
    one: in the graph its subject is the target of an event without an actor.
    """
    n = with_category = 0
    for line in system.read_text(encoding="utf-8").splitlines():
        t = json.loads(line)
        obj = t.get("object") or {}
        if t.get("derived") or t.get("agentless") or not t["subject"].get("id") or not obj.get("id"):
            continue
        if t["subject"].get("type") in _INTERACTING and obj.get("type") in _INTERACTING:
            n += 1
            with_category += bool(t["action"].get("category"))
    return with_category / n if n else 0.0


def fold_of(name: str, doc_id: str, k: int) -> int:
    """Stable fold of a document: by its id, or for ECB+ by its topic (cross-document clusters stay whole)."""
    key = doc_id.split("_", 1)[0] if name in CORPUS_SETS else doc_id
    return zlib.crc32(key.encode("utf-8")) % k


def headline(name: str, res: dict) -> list[tuple[str, float]]:
    """The figures printed for a set."""
    if name == "carb":
        return [("precision", res["precision"]), ("recall", res["recall"]), ("F1", res["f1"]), ("AUC", res["auc"])]
    if name in CORPUS_SETS:
        return [(k, res[k]) for k in ECB_METRICS if res.get(k) is not None]
    return [(k, v["value"]) for k, v in res.items() if isinstance(v, dict) and v.get("value") is not None]


def score_folds(name: str, system: Path, k: int, tmp: Path) -> list[dict]:
    """Score each of ``k`` folds of the set on its own (same system output, gold and docs cut per fold)."""
    docs_rel, gold_rel, _, _ = SETS[name]
    docs = [json.loads(line) for line in (EVAL / docs_rel).read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for f in range(k):
        ids = {d["id"] for d in docs if fold_of(name, d["id"], k) == f}
        if not ids:  # fewer topics than folds
            continue
        fdocs, fgold, fsys = tmp / f"{name}.{f}.docs.jsonl", tmp / f"{name}.{f}.gold", tmp / f"{name}.{f}.sys.jsonl"
        fdocs.write_text("".join(json.dumps(d) + "\n" for d in docs if d["id"] in ids), encoding="utf-8")
        if name == "carb":
            texts = {d["text"] for d in docs if d["id"] in ids}
            lines = (EVAL / gold_rel).read_text(encoding="utf-8").splitlines()
            fgold.write_text("".join(ln + "\n" for ln in lines if ln.split("\t", 1)[0] in texts), encoding="utf-8")
        else:
            lines = (EVAL / gold_rel).read_text(encoding="utf-8").splitlines()
            fgold.write_text("".join(ln + "\n" for ln in lines if ln.strip() and json.loads(ln)["doc"] in ids),
                             encoding="utf-8")
        sys_lines = system.read_text(encoding="utf-8").splitlines()
        fsys.write_text("".join(ln + "\n" for ln in sys_lines if json.loads(ln)["doc"] in ids), encoding="utf-8")
        out.append(score(name, fsys, gold=fgold, docs=fdocs))
    return out


#: README Accuracy rows (set cell, metric cell) -> (set, figure) of this script, for --check-readme.
README_ROWS = {
    ("CaRB dev", "precision"): ("carb", "precision"), ("CaRB dev", "recall"): ("carb", "recall"),
    ("CaRB dev", "F1"): ("carb", "f1"), ("CaRB dev", "AUC"): ("carb", "auc"),
    ("PLOVER dev", "actor recall"): ("plover", "actor_recall"),
    ("PLOVER dev", "directed actor→target pair recall"): ("plover", "pair_recall"),
    ("PLOVER dev", "category accuracy on matched pairs"): ("plover", "category_accuracy"),
    ("PLOVER dev", "country-code accuracy"): ("plover", "country_accuracy"),
    ("re3d dev", "directed pair recall"): ("re3d", "pair_recall"),
    ("ECB+ dev", "cross-document link precision (B³)"): ("ecb", "link_precision"),
    ("ECB+ dev", "link recall"): ("ecb", "link_recall"), ("ECB+ dev", "link F1"): ("ecb", "link_f1"),
    ("ECB+ dev", "within-document link F1"): ("ecb", "wd_link_f1"),
    ("ECB+ dev", "mention recall"): ("ecb", "mention_recall"),
    ("ECB+ dev", "pronoun accuracy (resolved pronouns)"): ("ecb", "pronoun_accuracy"),
    ("ECB+ dev", "actor→actor events with a PLOVER category"): ("ecb", "actor_events_with_category"),
}


def readme_drift(figures: dict[str, dict], readme: Path = REPO / "README.md") -> list[str]:
    """Rows of the README's Accuracy table whose "kg" figure differs from this run's (one line each)."""
    problems: list[str] = []
    current = ""
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("| ") or len(cells) < 3:
            continue
        current = cells[0].split(" (")[0] or current
        key = README_ROWS.get((current, cells[1].strip("*")))
        if key is None or key[0] not in figures or figures[key[0]].get(key[1]) is None:
            continue
        value = figures[key[0]][key[1]]
        shown = cells[2].replace("*", "").split()[0]
        want = f"{value['value'] if isinstance(value, dict) else value:.3f}"
        if shown != want:
            problems.append(f"README {current} / {cells[1].strip('*')}: shows {shown}, this run {want}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="carb,plover,re3d,ecb",
                    help="comma-separated: carb, plover, re3d, ecb (ECB+ dev), ecb-train")
    ap.add_argument("--keep", type=Path, help="keep the system outputs in this folder")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--folds", type=int, default=0, metavar="K",
                    help="also score K folds of each set apart (ECB+ by topic) and print mean and spread: "
                         "a rule is kept only if it helps on folds it was not written from")
    ap.add_argument("--check-readme", action="store_true",
                    help="compare the README's Accuracy table with this run; exit 1 on any difference")
    a = ap.parse_args(argv)
    if not EVAL.is_dir():
        print(f"evaluation kit not found at {EVAL}", file=sys.stderr)
        return 2
    if a.keep is None:  # the system outputs (tens of MB per run) go with the run unless asked to keep them
        with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
            return _run(a, Path(tmp))
    a.keep.mkdir(parents=True, exist_ok=True)
    return _run(a, a.keep)


def _run(a: argparse.Namespace, outdir: Path) -> int:
    """Extract, score and print every set of ``a.sets`` with the system outputs written in ``outdir``."""
    figures: dict[str, dict] = {}
    for name in a.sets.split(","):
        docs = EVAL / SETS[name][0]
        system = outdir / f"{name}.jsonl"
        n, seconds, words = run_extraction(docs, system, corpus=name in CORPUS_SETS)
        res = score(name, system)
        if name in CORPUS_SETS:
            res["actor_events_with_category"] = category_share(system)
        res["_triples"], res["_seconds"], res["_words"] = n, seconds, words
        if a.folds > 1:
            res["_folds"] = score_folds(name, system, a.folds, outdir)
        figures[name] = res
    print(f"{'set':8} {'metric':34} {'value':>7}" + (f"  {'folds mean':>10} {'sd':>6} {'min':>6}" if a.folds > 1 else ""))
    for name, res in figures.items():
        per_fold = [dict(headline(name, f)) for f in res.get("_folds", [])]
        for metric, value in headline(name, res):
            line = f"{name:8} {metric:34} {value:7.3f}" if isinstance(value, float) else f"{name:8} {metric:34} {value:7}"
            values = [f[metric] for f in per_fold if isinstance(f.get(metric), (int, float))]
            if values and isinstance(value, float):
                line += f"  {statistics.mean(values):10.3f} {statistics.pstdev(values):6.3f} {min(values):6.3f}"
            print(line)
        print(f"{name:8} {'triples / seconds':34} {res['_triples']:7} / {res['_seconds']:.1f}s")
    if a.json:
        a.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    if a.check_readme:
        drift = readme_drift(figures)
        print("\n".join(drift) if drift else "README Accuracy table matches this run", file=sys.stderr)
        return 1 if drift else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
