"""The shape of kg.extract: small modules that say why they exist, word lists as data, stable imports.

Also the acronym rule the name clustering relies on, on names made up for the test.
"""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from kg.extract import wordlists
from kg.extract.names import is_acronym_of

PACKAGE = Path(wordlists.__file__).resolve().parent.parent
EXTRACT = PACKAGE / "extract"
WORDS = PACKAGE / "data" / "words"
MAX_LINES = 400


@pytest.mark.parametrize("acronym, long_form, expected", [
    ("NRB", "National Rivers Board", True),  # an initialism
    ("N.R.B.", "National Rivers Board", True),  # dots are ignored
    ("WESTCOM", "Western Command", True),  # a syllabic acronym: WESTern COMmand
    ("WESTCOM", "N.Z. Western Command", True),  # a country prefix of up to two words may be skipped
    ("WESTCOM", "New Zealand Western Command", True),
    ("WESTCOM", "Old Red Western Command", False),  # ... but no other words
    ("SC", "N.Z. Southern Command", False),  # ... and not by a two-letter acronym
    ("WESTCOM", "Big N.Z. Western Command", False),
    ("BP", "Bank of the Plains", True),  # small function words may be skipped
    ("NR", "National Rivers Board", False),  # every remaining word must be used
    ("NRBX", "National Rivers Board", False),  # every letter must be used
    ("ABC", "Alpha Beta", False),
    ("nrb", "National Rivers Board", False),  # an acronym starts with a capital
    ("N", "National", False),  # one letter is not an acronym
])
def test_is_acronym_of(acronym, long_form, expected):
    assert is_acronym_of(acronym, long_form) is expected


def _modules() -> list[Path]:
    return sorted(p for p in EXTRACT.glob("*.py") if p.name != "__init__.py")


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_extract_modules_are_small_and_documented(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES, f"{path.name} has grown past {MAX_LINES} lines: split it by job"
    doc = ast.get_docstring(ast.parse(text))
    assert doc and len(doc.split()) >= 8, f"{path.name} needs a docstring that says why it exists"


@pytest.mark.parametrize("module, names", [
    ("kg.extract.entities", ["DocumentEntities", "entity_id", "slugify", "is_acronym_of", "strip_titles",
                             "description_id"]),
    ("kg.extract.triples", ["Candidate", "sentence_triples", "noun_phrase"]),
])
def test_public_names_stay_importable(module, names):
    mod = importlib.import_module(module)
    for name in names:
        assert name in mod.__all__
        assert getattr(mod, name) is not None


def test_no_private_names_imported_across_extract_modules():
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level >= 1:
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports private {private} from {node.module}"


def test_every_word_list_says_what_it_is():
    files = sorted(WORDS.glob("*.txt")) + sorted(WORDS.glob("*.csv"))
    assert files
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# "), f"{path.name} must start with a comment saying what it is"
        entries = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
        assert entries, path.name
        assert len(entries) == len(set(entries)), f"{path.name} lists a word twice"


def test_word_lists_load():
    for loader in (wordlists.organization_heads, wordlists.institution_heads, wordlists.new_referent_modifiers,
                   wordlists.raising_verbs, wordlists.linking_verbs, wordlists.intent_verbs,
                   wordlists.speech_verbs, wordlists.reporting_verbs, wordlists.light_verbs,
                   wordlists.negating_verbs, wordlists.object_control_verbs):
        words = loader()
        assert isinstance(words, frozenset) and words
        assert all(w == w.strip().lower() and w for w in words), loader.__name__
    assert set(wordlists.actor_nouns().values()) <= {"Person", "Group", "Organization"}
    assert all(types <= {"Person", "Group", "Organization", "Country"} for types in wordlists.anaphoric_heads().values())
    assert set(wordlists.gendered_titles().values()) <= {"m", "f"}
    assert wordlists.modal_intent_verbs() < wordlists.intent_verbs()
    assert "plan" in wordlists.modal_intent_verbs() and "agree" not in wordlists.modal_intent_verbs()
