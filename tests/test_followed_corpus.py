"""Builds and removals that follow their change leave what one full computation gives, on the bundled news.

The hypothesis tests of :mod:`kg.graph.table_update` and :mod:`kg.graph.relink`
use small, made-up name sets; here the bundled example corpus (real-looking
stories, people with surnames and titles, organisations with acronyms) is
built in three parts and then cut, and after every step the followed links,
countries, descriptions and event table must be those of a full computation.
"""
from __future__ import annotations

import shutil

from kg.graph.actor_cache import load_actor_cache
from kg.ingest.builder import build
from kg.ingest.maintenance import remove_documents
from kg.resources import examples_dir
from kg.store import open_store

from test_summary_updates import _assert_summary_is_a_full_count


def test_the_examples_built_in_parts_and_cut_match_a_full_computation(tmp_path):
    stories = sorted(p for p in examples_dir().iterdir() if p.suffix == ".txt")
    parts = [stories[k::3] for k in range(3)]
    with open_store(str(tmp_path / "store")) as store:
        for k, part in enumerate(parts):
            folder = tmp_path / f"part{k}"
            folder.mkdir()
            for story in part:
                shutil.copy(story, folder / story.name)
            build([str(folder)], kg_store=store, count_quads=False)
            _assert_summary_is_a_full_count(store)
            assert load_actor_cache(store).token is not None  # the link index was followed, not dropped
        removed = remove_documents(store, [p.stem for p in parts[1][:3]], on_unknown=lambda d, m: None)
        assert removed == 3
        _assert_summary_is_a_full_count(store)
