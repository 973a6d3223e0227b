"""Reprints of one story are found from MinHash signatures and their repeated events counted once."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kg.extract.pipeline import ExtractionResult
from kg.graph import ActorGraph, GraphFilter
from kg.graph.reprints import (REPRINT_GRAPH, THRESHOLD, reprint_groups,
                               signature, signature_array)
from kg.graph.stats import store_stats
from kg.graph.summary import read_summary, refresh_summary
from kg.graph.table import EventTable
from kg.ingest.builder import BuildReport, load_results
from kg.ingest.maintenance import refresh_derived, remove_documents
from kg.model import Document
from kg.store import open_store

from conftest import _triple

STORY = ("The harbour police of Port Alder arrested two smugglers on a fishing boat late on Sunday, "
         "the regional governor said. The governor thanked the coast guard for its help and said the boat "
         "had been followed for three days before it reached the northern pier.")
UPDATE = STORY + " The smugglers' lawyer said on Monday that her clients would plead not guilty."
OTHER = ("Farmers in the valley blocked the main road with tractors on Tuesday to protest against a new water "
         "tax, and the mayor promised to meet their leaders before the end of the week.")


def _similarity(a: str, b: str) -> float:
    return float(np.mean(signature_array(signature(a)) == signature_array(signature(b))))


def test_signature_is_deterministic_and_needs_enough_words():
    assert signature(STORY) == signature(STORY)
    assert signature(STORY.upper()) == signature(STORY)  # case does not make a new story
    assert signature("Police arrested two men.") is None
    assert signature_array("another-scheme:128:AAAA") is None
    assert signature_array(signature(STORY)[:-8] + "!!!!!!!!") is None  # damaged: ignored, not a crash


def test_an_update_is_a_reprint_and_another_story_is_not():
    assert _similarity(STORY, UPDATE) >= THRESHOLD
    assert _similarity(STORY, OTHER) < 0.1
    arrays = np.array([signature_array(signature(t)) for t in (OTHER, STORY, UPDATE)])
    assert reprint_groups(arrays) == [[1, 2]]


@pytest.fixture
def story(hand_entities):
    """The original (dated first), its update (one event repeated twice, one new) and an unrelated story."""
    e = hand_entities
    original = Document("wire-original", STORY, date="2026-05-03")
    update = Document("wire-update", UPDATE, date="2026-05-04")
    other = Document("farmers", OTHER, date="2026-05-05")

    def arrest(doc, sentence):
        return _triple(doc, sentence, e["navy"], "arrested", "arrest", e["lobos"], category="COERCE",
                       date="2026-05-03")

    thank = _triple("wire-original", 1, e["alice"], "thanked", "thank", e["navy"], category="ENGAGE")
    return {
        "original": ExtractionResult(original, [arrest("wire-original", 0), thank], entities=list(e.values()),
                                     sentences=2),
        "update": ExtractionResult(update, [arrest("wire-update", 0), dataclasses.replace(thank, doc="wire-update"),
                                            arrest("wire-update", 2)],
                                   entities=list(e.values()), sentences=3),
        "other": ExtractionResult(other, [_triple("farmers", 0, e["alice"], "met", "meet", e["usa"],
                                                  category="CONSULT")], entities=list(e.values()), sentences=1),
    }


def _load(store, *results):
    load_results(store, list(results), BuildReport())
    refresh_derived(store)


def _reprint_quads(store) -> set[tuple]:
    q = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{REPRINT_GRAPH}> {{ ?s ?p ?o }} }}"
    return {tuple(str(v) for v in row) for row in store.query(q).rows}


def _weights(store, **kw) -> dict[tuple[str, str], int]:
    D = ActorGraph(store, GraphFilter(**kw)).weighted
    return {(u, v): w for u, v, w in D.edges(data="weight")}


def test_repeated_events_of_a_reprint_count_once(backend_store, story):
    _load(backend_store, story["original"], story["update"], story["other"])
    stats = store_stats(backend_store)
    assert (stats["reprint_documents"], stats["event_mentions"] - stats["events"]) == (1, 2)  # 2 event copies
    quads = _reprint_quads(backend_store)
    assert ("https://w3id.org/kg-news/id/doc/wire-update", "https://w3id.org/kg-news/ns#duplicateOf",
            "https://w3id.org/kg-news/id/doc/wire-original") in quads
    assert ("https://w3id.org/kg-news/id/doc/wire-original", "https://w3id.org/kg-news/ns#copyCount", "2") in quads
    navy_lobos = ("Organization/ecuadorian-navy", "Organization/los-lobos")
    events = _weights(backend_store)
    mentions = _weights(backend_store, mentions=True)
    # the update repeats the arrest and the thanks (counted once) and reports a second arrest (new)
    assert events[navy_lobos] == 2 and mentions[navy_lobos] == 3
    assert events[("Person/alice-ayala", "Organization/ecuadorian-navy")] == 1
    assert mentions[("Person/alice-ayala", "Organization/ecuadorian-navy")] == 2
    assert events[("Person/alice-ayala", "Country/united-states")] == mentions[("Person/alice-ayala", "Country/united-states")] == 1


def test_reprints_do_not_depend_on_load_order_and_follow_removals(story):
    with open_store("memory") as forward, open_store("memory") as backward:
        _load(forward, story["original"], story["update"], story["other"])
        _load(backward, story["other"], story["update"])
        _load(backward, story["original"])
        assert _reprint_quads(forward) == _reprint_quads(backward)
        before = _weights(forward)
        # the original goes: the update now stands alone and every one of its events counts
        remove_documents(forward, ["wire-original"])
        assert _reprint_quads(forward) == set()
        after = _weights(forward)
        assert after[("Organization/ecuadorian-navy", "Organization/los-lobos")] == 2
        assert after[("Person/alice-ayala", "Organization/ecuadorian-navy")] == 1
        assert before == after


def test_the_summary_keeps_copies_apart(tmp_path, story):
    with open_store(str(tmp_path / "store")) as store:
        _load(store, story["original"], story["update"])
        refresh_summary(store)
        saved = read_summary(store)
        counted = EventTable.read(store)
        assert saved is not None and saved.copy.tolist() == counted.copy.tolist()
        assert int(saved.count[saved.copy == 1].sum()) == 2
        for mentions in (False, True):
            flt = GraphFilter(mentions=mentions)
            assert saved.count_events(saved.mask(flt)) == counted.count_events(counted.mask(flt))


def test_events_read_with_evidence_skip_copies_unless_mentions_are_asked(story):
    with open_store("memory") as store:
        _load(store, story["original"], story["update"])
        docs = sorted(d["doc"] for _, _, d in ActorGraph(store, GraphFilter()).events().edges(data=True))
        assert docs == ["wire-original", "wire-original", "wire-update"]
        assert ActorGraph(store, GraphFilter(mentions=True)).events().number_of_edges() == 5


WIRE = ("date 2026-05-03\n"
        "The Ecuadorian Navy seized a boat owned by Los Lobos near Guayaquil on Sunday, officials said. "
        "Admiral Jaime Vela said the navy had detained four men and handed them to the police. "
        "The United States praised the Ecuadorian Navy for the operation.\n")


def test_cli_counts_a_wire_update_once(tmp_path):
    from conftest import run_cli

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "wire-1.txt").write_text(WIRE, encoding="utf-8")
    update = WIRE.replace("2026-05-03", "2026-05-04") + "On Monday Los Lobos threatened the Ecuadorian Navy in a video.\n"
    (docs / "wire-2.txt").write_text(update, encoding="utf-8")
    store = tmp_path / "store"
    run_cli("build", docs, "--no-html", "-q", store=store, check=True)
    stats = run_cli("stats", store=store, check=True).output
    # "the navy had detained four men and handed them to the police" is the Ecuadorian Navy's: 7 events
    assert "reprint_documents  1\n" in stats and "events             7\n" in stats
    assert "event_mentions     13\n" in stats
    assert run_cli("events", store=store, check=True).output == (
        "date        actor          action      category  target           doc\n"
        "----------  -------------  ----------  --------  ---------------  ------\n"
        "2026-05-03  United States  praised     SUPPORT   Ecuadorian Navy  wire-1\n"
        "2026-05-04  Los Lobos      threatened  THREATEN  Ecuadorian Navy  wire-2\n")
    every = run_cli("events", "--count", "mentions", "--format", "csv", store=store, check=True).output
    assert every.count(",praised,") == 2  # once per document (the evidence column repeats the word)
    assert "--count [events|mentions]" in run_cli("centrality", "--help").output


def test_stats_report_events_once_and_every_mention(story):
    from kg.graph.stats import store_stats

    with open_store("memory") as store:
        _load(store, story["original"], story["update"], story["other"])
        stats = store_stats(store)
    assert (stats["documents"], stats["reprint_documents"]) == (3, 1)
    assert (stats["events"], stats["event_mentions"], stats["with_target"]) == (4, 6, 4)


def test_stats_from_the_summary_equal_the_sparql_counts(story, tmp_path, monkeypatch):
    import kg.graph.stats as stats_module
    from kg.graph.summary import read_rows, refresh_summary

    with open_store(str(tmp_path / "store")) as store:
        _load(store, story["original"], story["update"], story["other"])
        refresh_summary(store)  # as a writer does last
        assert read_rows(store) is not None
        fast = store_stats(store)
        monkeypatch.setattr(stats_module, "read_rows", lambda store: None)
        slow = store_stats(store)
    assert fast == slow and list(fast) == list(slow)
    assert (fast["events"], fast["event_mentions"], fast["with_target"], fast["categories"]) == (4, 6, 4, 3)


@pytest.mark.slow
def test_real_news_reprints_stay_within_one_event():
    """The README's ECB+ figures (tests/benchmarks/reprints.py prints them): 18 stories, none across events."""
    import json
    from pathlib import Path

    ecb = Path(__file__).resolve().parents[2] / "shared" / "eval" / "ecb"
    if not ecb.exists():
        pytest.skip("../shared/eval/ecb is not beside the checkout")
    docs = [json.loads(line) for split in ("dev", "train") for line in open(ecb / split / "docs.jsonl")]
    signed = [(d, s) for d in docs if (s := signature(d["text"])) is not None]
    groups = reprint_groups(np.array([signature_array(s) for _, s in signed]))
    assert (len(groups), sum(len(g) - 1 for g in groups)) == (18, 21)
    assert all(len({signed[i][0]["topic"] for i in g}) == 1 for g in groups)


def test_the_written_band_layout_is_datasketchs():
    """The banding uses datasketch's layout for the threshold; it is written out to spare the import."""
    from datasketch import MinHashLSH

    from kg.graph.reprints import BANDS, PERMUTATIONS

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS)
    assert BANDS == (lsh.b, lsh.r)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("abcdefgh éß"), min_size=1, max_size=6), min_size=8, max_size=60))
def test_the_written_minhash_is_datasketchs(words):
    """The signature's MinHash is written out to spare datasketch's import; its values stay datasketch's."""
    from datasketch import MinHash

    from kg.graph.reprints import PERMUTATIONS, SHINGLE_WORDS, _minhash

    shingles = {" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)}
    reference = MinHash(num_perm=PERMUTATIONS, seed=1, scheme="affine32")
    reference.update_batch(sorted(shingles))
    assert np.array_equal(_minhash(shingles), reference.hashvalues.astype(np.uint32))


def _reference_groups(signatures: np.ndarray) -> list[list[int]]:
    """The rule by brute force: pairs that share a band and reach the threshold, joined into components."""
    import networkx as nx

    from kg.graph.reprints import BANDS

    bands, rows = BANDS
    G = nx.Graph()
    for a in range(len(signatures)):
        for c in range(a + 1, len(signatures)):
            shared = any(np.array_equal(signatures[a, b * rows:(b + 1) * rows], signatures[c, b * rows:(b + 1) * rows])
                         for b in range(bands))
            if shared and np.mean(signatures[a] == signatures[c]) >= THRESHOLD:
                G.add_edge(a, c)
    return sorted(sorted(group) for group in nx.connected_components(G))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 60), st.integers(0, 2)), min_size=0, max_size=14))
def test_reprint_groups_follow_the_rule_with_copies_of_one_text(drawn):
    """Exact copies, edited copies (a few values changed) and unrelated texts: the same groups as the rule."""
    from kg.graph.reprints import PERMUTATIONS

    base = [np.arange(PERMUTATIONS, dtype=np.uint32) * (k + 1) + 7919 * k for k in range(4)]
    signatures = []
    for story, edited, salt in drawn:
        row = base[story].copy()
        row[:edited] += np.uint32(100_000 + salt)  # edited values: similarity 1 - edited / 128
        signatures.append(row)
    array = np.array(signatures, dtype=np.uint32).reshape(-1, PERMUTATIONS)
    assert reprint_groups(array) == _reference_groups(array)
