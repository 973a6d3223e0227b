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


def test_every_online_platform_is_a_gazetteer_organisation():
    # online_platforms.txt says where something was said; the gazetteer types the same names (a PERSON tag
    # on "Twitter" made it the antecedent of "she"): the two lists must name the same platforms
    from kg.extract.wordlists import word_list

    organisations = {n.lower() for e in load_gazetteer() if e.type == "Organization" for n in e.names}
    assert word_list("online_platforms.txt") <= organisations


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


def test_people_gazetteer():
    people = load_gazetteer(data_dir() / "people.jsonl")
    assert len(people) >= 700
    assert {e.type for e in people} == {"Person"}
    codes = {c.alpha_3 for c in pycountry.countries} | {"XKX"}  # Kosovo, as in the other data files
    assert [e.name for e in people if e.country is not None and e.country not in codes] == []
    default = load_gazetteer()
    from kg.extract.countries import GAZETTEER_FILES

    assert len(default) == sum(len(load_gazetteer(data_dir() / f)) for f in GAZETTEER_FILES)
    owners: dict[str, str] = {}
    for entry in default:
        for name in entry.names:
            assert owners.setdefault(name.casefold(), entry.name) == entry.name, name


def test_people_are_tagged_by_the_pipeline(nlp):
    doc = nlp("President Abdelaziz Bouteflika met Vladimir Putin in Algiers.")
    found = {(e.text, e.label_, e.ent_id_) for e in doc.ents}
    assert found >= {("Abdelaziz Bouteflika", "PERSON", "Abdelaziz Bouteflika"),
                     ("Vladimir Putin", "PERSON", "Vladimir Putin")}
    doc = nlp("Bouteflika and Putin spoke.")
    assert {(e.text, e.ent_id_) for e in doc.ents} >= {("Bouteflika", "Abdelaziz Bouteflika"),
                                                       ("Putin", "Vladimir Putin")}


# --------------------------------------------------------------------------- places.jsonl

@pytest.fixture(scope="module")
def places():
    return load_gazetteer(data_dir() / "places.jsonl")


def test_places_gazetteer(places):
    assert len(places) >= 1500
    assert {e.type for e in places} == {"Location"}
    codes = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    assert [e.name for e in places if e.country not in codes] == []
    default = {e.name for e in load_gazetteer()}
    assert {e.name for e in places} <= default
    # a place never shadows a country name ("Gaza" stays PSE the country, "Mexico City" is no country)
    assert [n for e in places for n in e.names if country_code(n)] == []


@pytest.mark.parametrize("name, country, alias", [
    ("Dakar", "SEN", "DAKAR"),
    ("Praia", "CPV", "PRAIA"),
    ("Mindelo", "CPV", "MINDELO"),
    ("Bissau", "GNB", "BISSAU"),
    ("Cacheu", "GNB", "CACHEU"),
    ("Lisbon", "PRT", "Lisboa"),
    ("Porto", "PRT", "Oporto"),
    ("Algeciras", "ESP", "ALGECIRAS"),
    ("Huelva", "ESP", "HUELVA"),
    ("Kyiv", "UKR", "Kiev"),
    ("Mumbai", "IND", "Bombay"),
    ("Gaza City", "PSE", "GAZA CITY"),
    ("São Paulo", "BRA", "Sao Paulo"),
    ("Washington, D.C.", "USA", "WASHINGTON"),
])
def test_places_alias(places, name, country, alias):
    entry = next(e for e in places if e.name == name)
    assert entry.country == country
    assert alias in entry.aliases


def test_places_skip_ambiguous_names(places):
    names = {n for e in places for n in e.names}
    # English words, given names and surnames, and country names stay with the statistical NER
    for word in ("Reading", "Bath", "Nice", "Mobile", "Victoria", "Florence", "Jordan", "Chad", "Georgia",
                 "Split", "Santiago", "Sofia", "Hague", "Medina", "Sabha", "Gao", "Male", "Gaza"):
        assert word not in names, word


def test_places_tagged_by_the_pipeline(nlp):
    doc = nlp("DAKAR -- Senegal's navy seized a trawler off Mindelo on Monday.")
    found = {e.text: (e.label_, e.ent_id_) for e in doc.ents}
    assert found["DAKAR"] == ("LOC", "Dakar")
    assert found["Mindelo"] == ("LOC", "Mindelo")
    assert not any(e.label_ == "PERSON" for e in doc.ents)
    doc = nlp("William Hague visited The Hague.")
    assert {(e.text, e.label_) for e in doc.ents} >= {("William Hague", "PERSON"), ("The Hague", "LOC")}
