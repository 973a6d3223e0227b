"""Tests for kg.extract.countries: country codes, demonyms and the gazetteer."""
from __future__ import annotations

import csv

import pycountry
import pytest

from kg.errors import InputError
from kg.extract.countries import (
    GazetteerEntry,
    country_code,
    country_name,
    demonym_code,
    gazetteer_patterns,
    is_country,
    load_gazetteer,
)
from kg.resources import data_dir


@pytest.mark.parametrize("name, expected", [
    ("U.S.", "USA"),
    ("US", "USA"),
    ("U.S.A.", "USA"),
    ("America", "USA"),
    ("the United States", "USA"),
    ("United States of America", "USA"),
    ("Ecuador", "ECU"),
    ("ECUADOR", "ECU"),
    ("Ecuador's", "ECU"),
    ("Britain", "GBR"),
    ("U.K.", "GBR"),
    ("Great Britain", "GBR"),
    ("Russia", "RUS"),
    ("Iran", "IRN"),
    ("North Korea", "PRK"),
    ("DPRK", "PRK"),
    ("South Korea", "KOR"),
    ("Vietnam", "VNM"),
    ("Czech Republic", "CZE"),
    ("Ivory Coast", "CIV"),
    ("Cote d'Ivoire", "CIV"),
    ("Côte d’Ivoire", "CIV"),
    ("Burma", "MMR"),
    ("Congo", "COD"),
    ("DR Congo", "COD"),
    ("Republic of the Congo", "COG"),
    ("Gaza", "PSE"),
    ("West Bank", "PSE"),
    ("Kosovo", "XKX"),
    ("Türkiye", "TUR"),
    ("Turkey", "TUR"),
    ("Holland", "NLD"),
    ("UAE", "ARE"),
    ("the Vatican", "VAT"),
    ("Macedonia", "MKD"),
    ("Russian Federation", "RUS"),
    ("ECU", "ECU"),
    ("PRK", "PRK"),
])
def test_country_code(name, expected):
    assert country_code(name) == expected


@pytest.mark.parametrize("name", [
    "CIA", "FBI", "NATO", "Pentagon", "Atlantis", "", "us", "Us", "turkey", "china",
    "CAN", "AND", "VAT", "ecu",
])
def test_country_code_unknown(name):
    assert country_code(name) is None


def test_cia_is_not_a_country():
    assert not is_country("CIA")
    assert is_country("Britain")


@pytest.mark.parametrize("word, expected", [
    ("Ecuadorian", "ECU"),
    ("Ecuadorians", "ECU"),
    ("American", "USA"),
    ("Americans", "USA"),
    ("British", "GBR"),
    ("Briton", "GBR"),
    ("Afghan", "AFG"),
    ("Israeli", "ISR"),
    ("Palestinian", "PSE"),
    ("Congolese", "COD"),
    ("Kosovar", "XKX"),
    ("South Korean", "KOR"),
    ("ecuadorian", None),
    ("Martian", None),
])
def test_demonym_code(word, expected):
    assert demonym_code(word) == expected


@pytest.mark.parametrize("iso3, expected", [
    ("USA", "United States"),
    ("GBR", "United Kingdom"),
    ("IRN", "Iran"),
    ("RUS", "Russia"),
    ("TUR", "Turkey"),
    ("ECU", "Ecuador"),
    ("XKX", "Kosovo"),
    ("ZZZ", None),
])
def test_country_name(iso3, expected):
    assert country_name(iso3) == expected


def test_country_name_round_trips_for_every_code():
    codes = [c.alpha_3 for c in pycountry.countries] + ["XKX"]
    assert [c for c in codes if country_code(country_name(c) or "") != c] == []


def test_data_files_use_known_codes():
    codes = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    for name in ("demonyms.csv", "country_aliases.csv"):
        with (data_dir() / name).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))[1:]
        assert {code for _, code in rows} <= codes, name
        assert len({text for text, _ in rows}) == len(rows), f"duplicate rows in {name}"


def test_gazetteer_loads():
    entries = load_gazetteer()
    assert len(entries) > 150
    assert all(isinstance(e, GazetteerEntry) for e in entries)
    owners: dict[str, str] = {}
    for entry in entries:
        for name in entry.names:
            assert owners.setdefault(name.lower(), entry.name) == entry.name, name


@pytest.mark.parametrize("alias, name, type_, country", [
    ("SOUTHCOM", "U.S. Southern Command", "Organization", "USA"),
    ("Los Choneros", "Los Choneros", "Organization", "ECU"),
    ("Tren de Aragua", "Tren de Aragua", "Organization", "VEN"),
    ("ISIL", "Islamic State", "Organization", None),
    ("UN", "United Nations", "Organization", None),
    ("Rohingya", "Rohingya", "Group", "MMR"),
])
def test_gazetteer_alias(alias, name, type_, country):
    entry = next(e for e in load_gazetteer() if alias in e.names)
    assert (entry.name, entry.type, entry.country) == (name, type_, country)


@pytest.mark.parametrize("line, message", [
    ("{not json", "invalid JSON"),
    ('{"name": "X", "type": "Army"}', '"type" must be one of'),
    ('{"name": "X", "type": "Organization", "country": "ZZZ"}', '"country" must be'),
    ('{"type": "Organization"}', 'missing "name"'),
])
def test_load_gazetteer_rejects_bad_lines(tmp_path, line, message):
    path = tmp_path / "gaz.jsonl"
    path.write_text('{"name": "Ok", "type": "Group"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        load_gazetteer(path)
    assert f"{path}:2" in str(info.value)


def test_load_gazetteer_missing_file(tmp_path):
    with pytest.raises(InputError, match="gazetteer not found"):
        load_gazetteer(tmp_path / "nope.jsonl")


def test_patterns_keep_acronyms_as_given():
    patterns = gazetteer_patterns([GazetteerEntry("NATO", "Organization", None, ("Nato",)),
                                   GazetteerEntry("World Health Organization", "Organization", None, ("WHO",))],
                                  countries=False)
    assert {p["pattern"] for p in patterns} == {"NATO", "Nato", "World Health Organization", "WHO"}
    assert {p["id"] for p in patterns} == {"NATO", "World Health Organization"}


@pytest.fixture(scope="module")
def ruler_nlp():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    ruler.add_patterns(gazetteer_patterns(load_gazetteer()))
    return nlp


def test_patterns_are_valid_for_entity_ruler(ruler_nlp):
    doc = ruler_nlp("SOUTHCOM said U.S. and Ecuadorian forces struck Los Choneros and Tren de Aragua "
                    "in Ecuador, while the UN and the IAEA met in Latin America.")
    found = {(e.text, e.label_, e.ent_id_) for e in doc.ents}
    assert found >= {
        ("SOUTHCOM", "ORG", "U.S. Southern Command"),
        ("U.S.", "GPE", "United States"),
        ("Los Choneros", "ORG", "Los Choneros"),
        ("Tren de Aragua", "ORG", "Tren de Aragua"),
        ("Ecuador", "GPE", "Ecuador"),
        ("UN", "ORG", "United Nations"),
        ("IAEA", "ORG", "International Atomic Energy Agency"),
        ("Latin America", "LOC", "Latin America"),
    }
    assert not any(e.text == "America" for e in doc.ents)


def test_patterns_prefer_longest_and_skip_given_names(ruler_nlp):
    doc = ruler_nlp("Michael Jordan met officials of the Kurdistan Workers’ Party and the Democratic Republic of Congo.")
    found = {(e.text, e.ent_id_) for e in doc.ents}
    assert ("Kurdistan Workers’ Party", "Kurdistan Workers' Party") in found
    assert ("Democratic Republic of Congo", "Democratic Republic of Congo") in found
    assert not any(e.text == "Jordan" for e in doc.ents)
