"""Shared fixtures: the spaCy pipeline, the seed article path, stores built once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "data" / "seed-article.txt"
EVAL = SHARED / "eval"


@pytest.fixture(scope="session")
def nlp():
    from kg.extract.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip("../shared/data/seed-article.txt is not available")
    return SEED


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, seed_path):
    """An on-disk Oxigraph store built from the seed article (built once, opened read-only by tests)."""
    from kg import build

    path = tmp_path_factory.mktemp("seed") / "store"
    report = build([str(seed_path)], store=str(path))
    assert report.loaded == 1
    return path


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory):
    """A store built from the bundled example corpus."""
    from kg import build
    from kg.resources import examples_dir

    path = tmp_path_factory.mktemp("examples") / "store"
    build([str(examples_dir())], store=str(path))
    return path
