"""kg load (issue 15): kg's own triples, GDELT 2.0 events and mapped CSVs in, as kg build loads text.

The sample files are written here from the public format descriptions
(GDELT Event Codebook V2.0: 61 tab-separated columns, no header); every
actor, code and address in them is invented.
"""
from __future__ import annotations

import json

import pytest

from conftest import run_cli
from kg.ingest.builder import load_files
from kg.errors import InputError
from kg.analysis.events import event_table
from kg.extract.pipeline import extract_text
from kg.ingest.loading import GDELT_COLUMNS, cameo_category, parse_mapping
from kg.store import open_store
from kg.extract.output import triple_line


def gdelt_row(event_id: str, day: str, a1: tuple[str, str, str], a2: tuple[str, str, str], code: str,
              url: str) -> str:
    """One export line: (code, name, country code) per actor; the other columns as GDELT leaves them."""
    row = dict.fromkeys(GDELT_COLUMNS, "")
    row.update(GLOBALEVENTID=event_id, SQLDATE=day, MonthYear=day[:6], Year=day[:4], FractionDate="2031.1",
               Actor1Code=a1[0], Actor1Name=a1[1], Actor1CountryCode=a1[2],
               Actor2Code=a2[0], Actor2Name=a2[1], Actor2CountryCode=a2[2],
               IsRootEvent="1", EventCode=code, EventBaseCode=code[:3], EventRootCode=code[:2],
               QuadClass="4", GoldsteinScale="-10.0", NumMentions="3", NumSources="1", NumArticles="3",
               AvgTone="-5.2", DATEADDED=day + "120000", SOURCEURL=url)
    return "\t".join(row[c] for c in GDELT_COLUMNS)


@pytest.fixture
def gdelt_file(tmp_path):
    lines = [
        gdelt_row("900001", "20310502", ("VRD", "VERDANIA", "VRD"), ("OSTREB", "OSTMARK REBELS", "OST"), "190",
                  "https://example.org/verdania-clashes"),
        gdelt_row("900002", "20310503", ("OSTGOV", "OSTMARK GOVERNMENT", "OST"), ("VRD", "VERDANIA", "VRD"),
                  "0841", "https://example.org/ostmark-withdraws"),
        "900003\t20310503\ttoo few columns",
        gdelt_row("900004", "20310504", ("VRD", "VERDANIA", "VRD"), ("", "", ""), "010",
                  "https://example.org/verdania-statement"),
    ]
    path = tmp_path / "20310504.export.CSV"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cameo_crosswalk_is_the_plover_table():
    assert cameo_category("190") == cameo_category("2041") == "FIGHT"
    assert cameo_category("0841") == "RETREAT" and cameo_category("081") == "CONCEDE"
    assert cameo_category("010") is None and cameo_category("173") == "COERCE"


def test_gdelt_events_load_with_categories_dates_and_sources(gdelt_file, tmp_path):
    with open_store(str(tmp_path / "store")) as store:
        report = load_files([str(gdelt_file)], "gdelt", kg_store=store)
        assert (report.read.read, report.read.skipped, report.loaded) == (3, 1, 3)
        assert str(report.read.problems[0]) == f"{gdelt_file}:3: skipped: 3 columns, a GDELT 2.0 event export has 61"
        rows = event_table(store)
    assert [(r["date"], r["actor"], r["category"], r["target"], r["doc"]) for r in rows] == [
        ("2031-05-02", "Verdania", "FIGHT", "Ostmark Rebels", "gdelt:900001"),
        ("2031-05-03", "Ostmark Government", "RETREAT", "Verdania", "gdelt:900002"),
    ]
    assert rows[0]["actor_id"] == "Country/verdania" and rows[0]["target_id"] == "Organization/ostmark-rebels"


def test_loading_twice_is_a_no_op_and_a_changed_record_replaces_its_document(gdelt_file, tmp_path):
    with open_store(str(tmp_path / "store")) as store:
        load_files([str(gdelt_file)], "gdelt", kg_store=store)
        quads = store.quad_count()
        again = load_files([str(gdelt_file)], "gdelt", kg_store=store)
        assert (again.loaded, again.unchanged, store.quad_count()) == (0, 3, quads)
        gdelt_file.write_text(gdelt_file.read_text(encoding="utf-8").replace("\t190\t", "\t173\t", 1),
                              encoding="utf-8")
        changed = load_files([str(gdelt_file)], "gdelt", kg_store=store)
        assert (changed.loaded, changed.unchanged) == (1, 2)
        assert {r["category"] for r in event_table(store, docs={"gdelt:900001"})} == {"COERCE"}


def test_own_triples_round_trip(tmp_path):
    text = ("The Cape Verdean navy detained two smugglers off Praia on Monday. "
            "Police said the crews were released. Marta Lobato praised the Cape Verdean navy.")
    triples = extract_text(text, doc_id="gazette-7", date="2031-05-02")
    path = tmp_path / "triples.jsonl"
    path.write_text("".join(triple_line(t, "jsonl") + "\n" for t in triples), encoding="utf-8")
    with open_store(str(tmp_path / "store")) as store:
        report = load_files([str(path)], "triples", kg_store=store)
        assert (report.loaded, report.read.skipped) == (1, 0)
        rows = event_table(store)
    expected = {(t.subject.label, t.action.text, t.object.label) for t in triples
                if not t.derived and t.object is not None and t.object.id and t.object.type != "Other"
                and t.subject.id and t.subject.type != "Other" and not t.subject.generic and not t.object.generic}
    assert {(r["actor"], r["action"], r["target"]) for r in rows} == expected
    assert ("Marta Lobato", "praised", "Cape Verde") in expected  # the navy acts for its country


def test_bad_triple_lines_are_reported_with_their_line(tmp_path):
    path = tmp_path / "triples.jsonl"
    good = {"doc": "d1", "sentence": 0, "text": "A met B.", "span": [0, 8],
            "subject": {"text": "A", "id": "Person/a", "label": "A", "type": "Person"},
            "action": {"text": "met", "lemma": "meet", "category": "CONSULT"},
            "object": {"text": "B", "id": "Person/b", "label": "B", "type": "Person"}, "date": "2031-13-40"}
    path.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"doc": "d2"}) + "\n", encoding="utf-8")
    with open_store("memory") as store:
        report = load_files([str(path)], "triples", kg_store=store)
        assert [p.line for p in report.read.problems] == [1, 2, 3]
        assert report.read.skipped == 2  # the undated line is loaded
        assert "invalid date '2031-13-40'; loaded undated" in str(report.read.problems[0])
        assert report.loaded == 1
        with pytest.raises(InputError, match=":1: invalid date"):
            load_files([str(path)], "triples", kg_store=store, strict=True, force=True)


CSV_TEXT = """Who,Whom,Verb,Kind,Day,Story
Verdania,Ostmark,condemned,disapprove,2031-05-02,s1
Ostmark,Verdania,expelled diplomats of,SANCTION,2031-05-03,s1
Red Heron Brigade,Port Salten,shelled,BOMBARD,2031-05-04,s2
,Verdania,visited,,2031-05-05,s3
"""


def test_csv_with_a_mapping(tmp_path):
    path = tmp_path / "coded.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    mapping = parse_mapping("actor=Who,target=Whom,action=Verb,category=Kind,date=Day,doc=Story")
    with open_store("memory") as store:
        report = load_files([str(path)], "csv", kg_store=store, mapping=mapping)
        assert [str(p).split(": ", 1)[1] for p in report.read.problems] == [
            "unknown category 'BOMBARD'; loaded without one (PLOVER names, see ontology/actions.ttl)",
            "skipped: no actor, or neither target nor action"]
        assert [p.line for p in report.read.problems] == [4, 5]
        assert report.loaded == 2  # documents s1 (two rows) and s2
        rows = event_table(store)
    assert [(r["actor"], r["action"], r["category"], r["target"], r["doc"]) for r in rows] == [
        ("Verdania", "condemned", "DISAPPROVE", "Ostmark", "s1"),
        ("Ostmark", "expelled diplomats of", "SANCTION", "Verdania", "s1"),
        ("Red Heron Brigade", "shelled", None, "Port Salten", "s2"),
    ]


def test_mapping_errors_are_clear():
    with pytest.raises(InputError, match="unknown field 'whom'"):
        parse_mapping("actor=Who,whom=Whom")
    with pytest.raises(InputError, match="needs actor=COLUMN"):
        parse_mapping("target=Whom")


def test_cli_load(tmp_path, gdelt_file):
    store = str(tmp_path / "store")
    res = run_cli("load", str(gdelt_file), "--format", "gdelt", "--store", store, "-q")
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines()[0] == f"warning: {gdelt_file}:3: skipped: 3 columns, a GDELT 2.0 event export has 61"
    res = run_cli("load", str(gdelt_file), "--format", "gdelt", "--store", store)
    assert "0 loaded, 3 unchanged" in res.stderr
    res = run_cli("load", str(gdelt_file), "--format", "csv", "--store", store)
    assert res.exit_code == 2 and "--format csv needs --map" in res.output
    path = tmp_path / "coded.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    res = run_cli("load", str(path), "--format", "csv", "--map", "actor=Who,target=Nobody",
                  "--store", store)
    assert res.exit_code == 1 and "no column 'Nobody'" in res.output and "Traceback" not in res.output


@pytest.mark.parametrize("line, reason", [
    ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
    ('{"doc": "d", "subject": {"id": 5, "text": "A"}, "action": {"text": "met", "lemma": "meet"}}',
     "subject.id must be a string"),
    ('{"doc": "d", "subject": {"id": "Person/a", "text": "A", "type": "Alien"}, "action": {"text": "met"}}',
     "subject.type 'Alien' is not one of"),
    ('{"doc": "d", "subject": {"id": "Person/a", "text": "A"}, "action": {"text": "met"}, "confidence": "high"}',
     "confidence must be a number"),
])
def test_hostile_triple_lines_are_skipped_not_crashing(tmp_path, line, reason):
    path = tmp_path / "hostile.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with open_store("memory") as store:
        report = load_files([str(path)], "triples", kg_store=store)
    assert report.loaded == 0 and reason in str(report.read.problems[0])


def test_control_characters_never_reach_names(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_text("Who,Whom\nVer\x00dania,Ostmark\n", encoding="utf-8")
    with open_store("memory") as store:
        load_files([str(path)], "csv", kg_store=store, mapping=parse_mapping("actor=Who,target=Whom"))
        assert [r["actor"] for r in event_table(store)] == ["Ver dania"]
