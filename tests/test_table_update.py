"""The event table followed by a change (:func:`kg.graph.table_update.follow_table`) is the table a full merge gives.

Random event rows per document, random descriptions, votes and links
before and after a change (short names linked, unlinked and relinked,
actors appearing, pruned and ignored), random documents replaced: the
followed table must equal :meth:`EventTable.merge` of the rows after the
change, array for array, node for node.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import HealthCheck, example, given, settings, strategies as st

from kg.graph.actor_cache import ActorCache, Description
from kg.graph.actors import ActorMapping
from kg.graph.curation import Curation
from kg.graph.event_rows import EventRows
from kg.graph.table import ARRAYS, EventTable
from kg.graph.table_update import follow_table

IRIS = [f"http://kg/a{i}" for i in range(7)]
DOCS = [f"http://kg/d{i}" for i in range(4)]
DATES = ["2026-01-02", "2026-01-01", "2026-03-01"]
CATEGORIES = ["ASSAULT", "AID", "CONSULT"]
CONFIDENCES = [0.9, 0.5, 0.7]

row = st.tuples(st.sampled_from(range(-1, len(IRIS))), st.sampled_from(range(-1, len(IRIS))),
                st.sampled_from(range(-1, 3)), st.sampled_from(range(-1, 3)), st.sampled_from(range(-1, 3)),
                st.sampled_from([0, 1]))
documents = st.dictionaries(st.sampled_from(DOCS), st.lists(row, max_size=5), max_size=4)
side = st.fixed_dictionaries({
    "described": st.sets(st.sampled_from(range(len(IRIS)))),
    "links": st.dictionaries(st.sampled_from(range(len(IRIS))), st.sampled_from(range(len(IRIS))), max_size=3),
    "labels": st.dictionaries(st.sampled_from(range(len(IRIS))), st.sampled_from(["Ana", "Rui", "Eva"])),
    "votes": st.dictionaries(st.sampled_from(range(len(IRIS))), st.sampled_from(["CPV", "SEN", "PRT"])),
})


def _rows(docs: dict[str, list[tuple]]) -> EventRows:
    """Event rows of ``docs`` (the same row twice is one row counted twice), value lists in a shuffled order."""
    counted = Counter((DOCS.index(d), *r) for d, rs in docs.items() for r in rs)
    grid = np.array([[*key, n] for key, n in sorted(counted.items())], dtype=np.int64).reshape(-1, 8)
    return EventRows(docs=list(DOCS), iris=list(IRIS), dates=list(DATES), categories=list(CATEGORIES),
                     confidences=list(CONFIDENCES), doc=grid[:, 0], actor=grid[:, 1], target=grid[:, 2],
                     date=grid[:, 3], category=grid[:, 4], confidence=grid[:, 5], copy=grid[:, 6], count=grid[:, 7],
                     lemma=np.full(len(grid), -1, dtype=np.int64), negated=np.zeros(len(grid), dtype=np.int64), lemmas=[])


def _cache(s: dict) -> ActorCache:
    descriptions = {IRIS[i]: Description(f"Person/a{i}", s["labels"].get(i, f"Actor {i}"), "Person", (), (), ())
                    for i in s["described"]}
    votes = {IRIS[i]: Counter({(True, code): 1}) for i, code in s["votes"].items()}
    return ActorCache(descriptions, votes)


def _mapping(s: dict, cache: ActorCache, ignored: set[int]) -> ActorMapping:
    links = {IRIS[a]: IRIS[b] for a, b in s["links"].items()}
    curation = Curation.empty()
    curation.ignored.update(IRIS[i] for i in ignored)
    return ActorMapping.of(cache, links, curation)


def _assert_same(followed: EventTable, merged: EventTable) -> None:
    assert followed.nodes == merged.nodes and followed.iris == merged.iris
    assert (followed.dates, followed.categories, followed.confidences) == \
        (merged.dates, merged.categories, merged.confidences)
    for name in ARRAYS:
        assert np.array_equal(getattr(followed, name), getattr(merged, name)), name


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, documents, st.sets(st.sampled_from(DOCS)), side, side,
       st.sets(st.sampled_from(range(len(IRIS))), max_size=2))
# contradicting links (4 into 6 and 6 into 4) while 6 gains a label: 6 stays a node, placed on 4 (found by
# hypothesis on 2026-12-06; the followed table kept 6's old description)
@example(docs_before={DOCS[0]: [(-1, 4, -1, -1, -1, 0)]}, new_docs={}, removed=set(),
         before_side={"described": {0, 1, 2, 3, 4, 6}, "links": {6: 4, 0: 0, 4: 6},
                      "labels": {0: "Ana", 1: "Ana", 2: "Ana", 4: "Ana"}, "votes": {}},
         after_side={"described": {0, 1, 2, 3, 4, 6}, "links": {6: 4, 0: 0, 4: 6},
                     "labels": {0: "Ana", 1: "Ana", 2: "Ana", 3: "Ana", 4: "Ana", 6: "Ana"}, "votes": {}},
         ignored=set())
def test_a_followed_table_is_a_full_merge(docs_before, new_docs, removed, before_side, after_side, ignored):
    """``new_docs`` are written (new or replacing), ``removed`` removed; links, actors and votes change."""
    rows_before = _rows(docs_before)
    changed_iris = set(new_docs) | removed
    docs_after = {d: rs for d, rs in docs_before.items() if d not in changed_iris} | new_docs
    added = _rows(new_docs)
    rows_after = rows_before.without(changed_iris).plus(added)
    cache_before, cache_after = _cache(before_side), _cache(after_side)
    before = _mapping(before_side, cache_before, ignored)
    after = _mapping(after_side, cache_after, ignored)
    old = EventTable.merge(rows_before, before.entries(cache_before), before.links)
    followed = follow_table(old, rows_before.only(changed_iris), added, rows_after, before, after, cache_before,
                            cache_after)
    assert followed is not None
    _assert_same(followed, EventTable.merge(rows_after, after.entries(cache_after), after.links))
    # the rows after, counted again from scratch, are the same rows: the followed table matches their merge too
    _assert_same(followed, EventTable.merge(_rows(docs_after), after.entries(cache_after), after.links))


def test_a_changed_curation_is_merged_in_full():
    cache = _cache({"described": {0, 1}, "links": {}, "labels": {}, "votes": {}})
    rows = _rows({DOCS[0]: [(0, 1, 0, 0, 0, 0)]})
    before, after = _mapping({"links": {}}, cache, set()), _mapping({"links": {}}, cache, {1})
    old = EventTable.merge(rows, before.entries(cache), before.links)
    assert follow_table(old, rows.only(()), rows.only(()), rows, before, after, cache, cache) is None


def test_a_count_that_would_fall_below_zero_means_a_full_merge():
    """Rows said to be removed that the old table never counted: the change does not add up."""
    cache = _cache({"described": {0, 1}, "links": {}, "labels": {}, "votes": {}})
    rows = _rows({DOCS[0]: [(0, 1, 0, 0, 0, 0)]})
    mapping = _mapping({"links": {}}, cache, set())
    empty = EventTable.merge(rows.only(()), mapping.entries(cache), mapping.links)
    assert follow_table(empty, rows, rows.only(()), rows.only(()), mapping, mapping, cache, cache) is None
