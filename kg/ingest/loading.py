"""Existing event data in, under kg's ontology: kg's own triples, GDELT 2.0 events, any CSV.

Why: analysts already hold event data (GDELT, spreadsheets they coded,
triples extracted on another machine). Each reader here turns a file into
:class:`~kg.extract.pipeline.ExtractionResult` objects, one per document,
which :func:`kg.ingest.builder.load_results` loads exactly as ``kg build`` loads
extracted text: a document is whole or absent, an unchanged one is skipped
by content hash, a changed one replaces its own graph, and links, curation
and the event summary are refreshed. So ``kg load`` can run every day over
the same growing file.

Formats (``kg load --format``):

* ``triples``: the JSON Lines of ``kg extract --format jsonl`` (the contract
  in the README), so extraction can run elsewhere;
* ``gdelt``: a GDELT 2.0 event export (tab-separated, 61 columns, no header;
  the column names are :data:`GDELT_COLUMNS`), one document per event, the
  CAMEO code mapped to a PLOVER category by ``ontology/cameo-plover.csv``;
* ``csv``: any CSV with a header, read through a column mapping
  (``actor=Source,target=Target,date=Day,...``, see :data:`CSV_FIELDS`).

Bad records are reported with file and line (:class:`kg.documents.Problem`)
and skipped, or stop the load with ``strict``. A file's records are grouped
by document in memory, so memory follows the size of one file.
"""
from __future__ import annotations

import csv
import functools
import json
import re
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from ..documents.reading import Problem, ReadReport, parse_date
from ..errors import InputError
from ..extract.names import clean_name, entity_id
from ..model import ENTITY_TYPES, Action, Document, EntityRef, Triple

if TYPE_CHECKING:  # pragma: no cover
    from ..extract.pipeline import ExtractionResult

__all__ = ["LOAD_FORMATS", "CSV_FIELDS", "GDELT_COLUMNS", "parse_mapping", "read_records", "cameo_category"]

LOAD_FORMATS = ("triples", "gdelt", "csv")

#: Fields a CSV column can be mapped to (``--map field=column``); ``actor`` is required,
#: and ``target`` or ``action``.
CSV_FIELDS = ("actor", "target", "action", "category", "date", "doc", "text", "actor_type", "target_type",
              "actor_country", "target_country", "url", "confidence")

#: The 61 columns of a GDELT 2.0 event export, in file order (GDELT Event Codebook V2.0).
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL",
)

#: Confidence of a loaded record without one: it was coded by a person or a coder, not guessed here.
LOADED_CONFIDENCE = 0.9

#: Control characters (NUL included) a spreadsheet cell may carry: never part of a name or an id.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def _cell(text: str | None) -> str:
    return _CONTROL.sub(" ", text or "").strip()


def parse_mapping(text: str) -> dict[str, str]:
    """``"actor=Source,target=Target"`` -> ``{"actor": "Source", "target": "Target"}``.

    >>> parse_mapping("actor=Who, target=Whom, date=Day")
    {'actor': 'Who', 'target': 'Whom', 'date': 'Day'}

    Raises
    ------
    InputError
        For an unknown field, a pair without ``=``, or no ``actor``.
    """
    out: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in text.split(","))):
        field, sep, column = pair.partition("=")
        field, column = field.strip().lower(), column.strip()
        if not sep or not column:
            raise InputError(f"--map: {pair!r} is not FIELD=COLUMN")
        if field not in CSV_FIELDS:
            raise InputError(f"--map: unknown field {field!r}; fields: {', '.join(CSV_FIELDS)}")
        out[field] = column
    if "actor" not in out or not ({"target", "action"} & out.keys()):
        raise InputError("--map needs actor=COLUMN and target=COLUMN or action=COLUMN")
    return out


def read_records(path: str | Path, fmt: str, report: ReadReport, *, mapping: dict[str, str] | None = None,
                 strict: bool = False) -> Iterator["ExtractionResult"]:
    """The documents of one file in format ``fmt`` (one of :data:`LOAD_FORMATS`), in file order.

    Raises
    ------
    InputError
        If the file cannot be read, the CSV header lacks a mapped column, or
        (with ``strict``) at the first bad record.
    """
    path = Path(path)
    if fmt not in LOAD_FORMATS:
        raise InputError(f"unknown load format {fmt!r}; choose from {', '.join(LOAD_FORMATS)}")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    reader: Callable[..., Iterator[tuple[int, Triple, Document]]]
    reader = {"triples": _triples, "gdelt": _gdelt, "csv": _csv}[fmt]

    def problem(line: int | None, reason: str) -> None:
        found = Problem(str(path), line, reason)
        if strict:
            raise InputError(str(found))
        report.problems.append(found)
        report.skipped += reason.startswith("skipped")  # "loaded undated" and the like keep the record

    groups: OrderedDict[str, tuple[Document, list[Triple], list[str]]] = OrderedDict()
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            for line, triple, doc in reader(fh, problem, mapping or {}, path.stem):
                entry = groups.setdefault(doc.id, (doc, [], []))
                entry[1].append(triple)
                entry[2].append(json.dumps(triple.to_json(), sort_keys=True, ensure_ascii=False))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); convert it to UTF-8") from exc
    except csv.Error as exc:
        raise InputError(f"{path}: not readable as CSV/TSV: {exc}") from exc
    from ..extract.pipeline import ExtractionResult

    for doc, triples, lines in groups.values():
        # the records are the document: their canonical text decides whether a reload changed it
        text = "\n".join(sorted(lines))
        report.read += 1
        report.undated += doc.date is None
        yield ExtractionResult(Document(doc.id, text, doc.date, doc.title, doc.url, doc.source), triples,
                               sentences=len({t.sentence for t in triples}))


# --------------------------------------------------------------------------- kg's own triples

def _triples(fh, problem, mapping, stem) -> Iterator[tuple[int, Triple, Document]]:
    for number, raw in enumerate(fh, 1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
            _check_triple(data)
            triple = Triple.from_json(data)
            if not triple.doc or not triple.subject.id and not triple.subject.text:
                raise ValueError("empty doc id or subject")
        except RecursionError:
            problem(number, "skipped: JSON nested too deeply")
            continue
        except (ValueError, KeyError, TypeError) as exc:
            problem(number, f"skipped: {exc}")
            continue
        if triple.date is not None and parse_date(triple.date) is None:
            problem(number, f"invalid date {triple.date!r}; loaded undated")
            triple.date = None
        yield number, triple, Document(triple.doc, "", triple.date)


_TEXT_FIELDS = {"subject": ("text", "id", "label", "type", "country", "role", "kind"),
                "object": ("text", "id", "label", "type", "country", "role", "kind"),
                "action": ("text", "lemma", "category", "modality")}


def _check_triple(data: object) -> None:
    """Raise ValueError unless ``data`` has the shape of a kg triple (a hostile file must not crash the load)."""
    if not isinstance(data, dict) or not isinstance(data.get("subject"), dict) \
            or not isinstance(data.get("action"), dict):
        raise ValueError("not a kg triple object (needs doc, subject, action)")
    if not isinstance(data.get("doc"), str) or not isinstance(data.get("text", ""), str):
        raise ValueError("doc and text must be strings")
    if data.get("date") is not None and not isinstance(data["date"], str):
        raise ValueError("date must be a YYYY-MM-DD string")
    if not isinstance(data.get("confidence", 0.5), (int, float)) or isinstance(data.get("confidence"), bool):
        raise ValueError("confidence must be a number")
    for part, fields in _TEXT_FIELDS.items():
        value = data.get(part)
        if value is None and part == "object":
            continue
        if not isinstance(value, dict):
            raise ValueError(f"{part} must be an object")
        bad = [f for f in fields if value.get(f) is not None and not isinstance(value[f], str)]
        if bad:
            raise ValueError(f"{part}.{bad[0]} must be a string")
        if part != "action" and value.get("type") is not None and value["type"] not in ENTITY_TYPES:
            raise ValueError(f"{part}.type {value['type']!r} is not one of {', '.join(ENTITY_TYPES)}")
    if not isinstance(data.get("arguments") or [], list) or any(
            not isinstance(a, dict) or not all(isinstance(a.get(k, ""), str) for k in ("text", "role"))
            for a in data.get("arguments") or []):
        raise ValueError("arguments must be a list of {text, role} objects")


# --------------------------------------------------------------------------- GDELT 2.0

@functools.lru_cache(maxsize=1)
def _crosswalk() -> dict[str, str | None]:
    from ..resources import ontology_file

    table: dict[str, str | None] = {}
    with ontology_file("cameo-plover.csv").open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        for row in rows:
            table[row["cameo"].strip()] = (row["plover"] or "").strip() or None
    return table


def cameo_category(code: str) -> str | None:
    """The PLOVER category of a CAMEO event code (longest prefix in ``ontology/cameo-plover.csv``).

    >>> cameo_category("0841"), cameo_category("190"), cameo_category("010")
    ('RETREAT', 'FIGHT', None)
    """
    table = _crosswalk()
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def _gdelt_actor(row: dict[str, str], n: int) -> EntityRef | None:
    name = clean_name(row[f"Actor{n}Name"].title())
    if not name:
        return None
    code, country = row[f"Actor{n}Code"], row[f"Actor{n}CountryCode"] or None
    type_ = "Country" if country and code == country else "Organization"
    return EntityRef(text=row[f"Actor{n}Name"], id=entity_id(type_, name), label=name, type=type_,
                     country=country)


def _gdelt(fh, problem, mapping, stem) -> Iterator[tuple[int, Triple, Document]]:
    rows = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE, strict=True)
    for number, cells in enumerate(rows, 1):
        if not cells or cells == [""]:
            continue
        if len(cells) != len(GDELT_COLUMNS):
            problem(number, f"skipped: {len(cells)} columns, a GDELT 2.0 event export has {len(GDELT_COLUMNS)}")
            continue
        row = {column: _cell(value) for column, value in zip(GDELT_COLUMNS, cells)}  # stripped, no controls
        actor, target = _gdelt_actor(row, 1), _gdelt_actor(row, 2)
        day = row["SQLDATE"]
        date = parse_date(f"{day[:4]}-{day[4:6]}-{day[6:8]}") if len(day) == 8 and day.isdigit() else None
        if actor is None or not row["GLOBALEVENTID"] or not row["EventCode"]:
            problem(number, "skipped: no event id, Actor1 or event code")
            continue
        if date is None:
            problem(number, f"invalid SQLDATE {day!r}; loaded undated")
        code = row["EventCode"]
        url = row["SOURCEURL"] or None
        evidence = f"{actor.label} [CAMEO {code}] {target.label if target else ''}".strip()
        triple = Triple(doc=f"gdelt:{row['GLOBALEVENTID']}", sentence=0, text=evidence,
                        span=(0, len(evidence)), subject=actor,
                        action=Action(text=f"CAMEO {code}", lemma=code, category=cameo_category(code)),
                        object=target, date=date, confidence=LOADED_CONFIDENCE)
        yield number, triple, Document(triple.doc, "", date, url=url, source="GDELT 2.0")


# --------------------------------------------------------------------------- any CSV

def _csv(fh, problem, mapping, stem) -> Iterator[tuple[int, Triple, Document]]:
    sample = fh.read(65536)
    fh.seek(0)
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.DictReader(fh, delimiter=delimiter, strict=True)
    missing = [c for c in mapping.values() if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"{fh.name}: no column {', '.join(map(repr, missing))} "
                         f"(columns: {', '.join(reader.fieldnames or [])})")
    from ..extract.actions import load_lexicon

    known = set(load_lexicon().categories())
    for row in reader:
        number = reader.line_num
        if None in row or any(v is None for v in row.values()):
            problem(number, "skipped: wrong number of fields")
            continue
        value = {field: _cell(row[column]) for field, column in mapping.items()}
        actor = _csv_actor(value, "actor")
        if actor is None or not (value.get("target") or value.get("action")):
            problem(number, "skipped: no actor, or neither target nor action")
            continue
        try:
            for field in ("actor_type", "target_type"):
                if value.get(field) and value[field].capitalize() not in ENTITY_TYPES:
                    raise ValueError(f"unknown {field} {value[field]!r} (types: {', '.join(ENTITY_TYPES)})")
            confidence = float(value["confidence"]) if value.get("confidence") else LOADED_CONFIDENCE
        except ValueError as exc:
            problem(number, f"skipped: {exc}")
            continue
        date = parse_date(value["date"]) if value.get("date") else None
        if value.get("date") and date is None:
            problem(number, f"invalid date {value['date']!r}; loaded undated")
        category = value.get("category", "").upper() or None
        if category and category not in known:
            problem(number, f"unknown category {category!r}; loaded without one (PLOVER names, see "
                            "ontology/actions.ttl)")
            category = None
        action = value.get("action") or (category.lower() if category else "acted on")
        target = _csv_actor(value, "target")
        doc_id = value.get("doc") or f"{stem}:{number}"
        text = value.get("text") or f"{actor.label} {action} {target.label if target else ''}".strip()
        triple = Triple(doc=doc_id, sentence=0 if value.get("doc") is None else number, text=text,
                        span=(0, len(text)), subject=actor,
                        action=Action(text=action, lemma=action.lower(), category=category),
                        object=target, date=date, confidence=confidence)
        yield number, triple, Document(doc_id, "", date, url=value.get("url") or None)


def _csv_actor(value: dict[str, str], field: str) -> EntityRef | None:
    name = clean_name(value.get(field, ""))
    if not name:
        return None
    type_ = (value.get(f"{field}_type") or "Organization").capitalize()
    country = (value.get(f"{field}_country") or "").upper() or None
    return EntityRef(text=value[field], id=entity_id(type_, name), label=name, type=type_, country=country)

