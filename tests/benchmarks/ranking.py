"""Which ranking matches a reader? Metrics compared on real news with human-annotated participants.

For each ECB+ topic (``../shared/eval/ecb/<split>``), the participant the
annotators mention most is the one a reader calls central. kg extracts the
topic's documents, builds the actor graph of its events (actor -> target,
actor types only, derived facts left out, an event without a known actor
counted for its target alone, as the store's analysis does) and ranks actors
by each metric; the figure is how often that participant comes first, and in
the top 3. Also prints the seed article's and the example corpus's top
actors per metric. Run on demand:

    python tests/benchmarks/ranking.py            # ECB+ dev and train topics
"""
from __future__ import annotations

import collections
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import networkx as nx

REPO = Path(__file__).resolve().parents[2]
EVAL = REPO.parent / "shared" / "eval"
ACTOR_TYPES = {"Person", "Organization", "Country", "Group", "Location"}
METRICS = ("mentions", "weighted_degree", "pagerank", "betweenness")


def topic_graphs(system: Path) -> dict[str, tuple[nx.DiGraph, collections.Counter]]:
    """Per topic: the weighted actor graph and each actor's event count (with or without a target)."""
    out: dict[str, tuple[nx.DiGraph, collections.Counter]] = {}
    for line in system.read_text(encoding="utf-8").splitlines():
        t = json.loads(line)
        s, o = t["subject"], t.get("object") or {}
        if t.get("derived") or not s.get("id") or s.get("type") not in ACTOR_TYPES or s.get("generic"):
            continue
        G, mentions = out.setdefault(t["doc"].split("_", 1)[0], (nx.DiGraph(), collections.Counter()))
        mentions[s["id"]] += 1
        G.add_node(s["id"])
        if t.get("agentless"):  # "14 people were killed": done to them by nobody named; no edge, no other actor
            continue
        if o.get("id") and o.get("type") in ACTOR_TYPES and not o.get("generic") and o["id"] != s["id"]:
            mentions[o["id"]] += 1
            w = G.get_edge_data(s["id"], o["id"], {"weight": 0})["weight"]
            G.add_edge(s["id"], o["id"], weight=w + 1)
    return out


def scores(G: nx.DiGraph, mentions: collections.Counter, metric: str) -> dict[str, float]:
    if metric == "mentions":
        return {n: float(mentions[n]) for n in G}
    if metric == "weighted_degree":
        return {n: float(d) for n, d in G.degree(weight="weight")}
    if metric == "pagerank":
        return nx.pagerank(G, weight="weight")
    return nx.betweenness_centrality(G, weight=None)


def rank_of(score: dict[str, float], node: str) -> int:
    ordered = sorted(score, key=lambda n: (-score[n], n))
    return ordered.index(node) + 1 if node in score else 10**6


def evaluate(split: str) -> dict[str, tuple[float, float, int]]:
    docs = EVAL / "ecb" / split / "docs.jsonl"
    gold = EVAL / "ecb" / split / "gold.jsonl"
    with tempfile.TemporaryDirectory() as tmp:
        system, align = Path(tmp) / "out.jsonl", Path(tmp) / "align.jsonl"
        subprocess.run([sys.executable, "-m", "kg", "extract", str(docs), "--format", "jsonl", "-o", str(system),
                        "-q"], check=True, stderr=subprocess.DEVNULL)
        subprocess.run([sys.executable, str(EVAL / "entity_score.py"), str(system), str(gold),
                        "--alignment", str(align)], check=True, capture_output=True)
        graphs = topic_graphs(system)
        rows = [json.loads(line) for line in align.read_text(encoding="utf-8").splitlines()]
    gold_counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for g in map(json.loads, gold.read_text(encoding="utf-8").splitlines()):
        gold_counts[g["topic"]][g["entity"]] += 1
    kg_id: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    for r in rows:
        if r["system_id"]:
            kg_id[(r["topic"], r["gold_entity"])][r["system_id"]] += 1
    hits = {m: [0, 0] for m in METRICS}
    topics = 0
    for topic, counts in gold_counts.items():
        central, _ = counts.most_common(1)[0]
        ids = kg_id.get((topic, central))
        if topic not in graphs or not ids:
            continue  # kg never reports the central participant: no metric can rank it
        node = ids.most_common(1)[0][0]
        topics += 1
        G, mentions = graphs[topic]
        for m in METRICS:
            r = rank_of(scores(G, mentions, m), node)
            hits[m][0] += r == 1
            hits[m][1] += r <= 3
    return {m: (h[0] / topics, h[1] / topics, topics) for m, h in hits.items()}


def main() -> int:
    if not EVAL.is_dir():
        print(f"evaluation kit not found at {EVAL}", file=sys.stderr)
        return 2
    print(f"{'split':6} {'metric':16} {'central actor ranked 1st':>24} {'in top 3':>9}  topics")
    for split in ("dev", "train"):
        for metric, (first, top3, n) in evaluate(split).items():
            print(f"{split:6} {metric:16} {first:24.3f} {top3:9.3f}  {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
