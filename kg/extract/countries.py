"""Countries, demonyms and the gazetteer of well-known actors.

Why this exists: typing an actor as a Country with an ISO 3166-1 alpha-3
code needs every way news names a country ("U.S.", "Britain", "Ivory
Coast", "Ecuadorian"), and the small spaCy model mistypes actors that matter
(SOUTHCOM as a PERSON, Los Lobos as a place). We do not keep those tables in
Python: ISO names come from ``pycountry`` and everything else from four small
files in ``kg/data`` that users extend without touching code:

``country_aliases.csv`` (``alias,iso3``)
    Names pycountry's ``name``/``official_name``/``common_name`` miss. Rows
    win over pycountry ("Congo" is the DRC). The first full-name row of a code
    is its display name when pycountry has no ``common_name`` (USA ->
    "United States", RUS -> "Russia"), so list that row first.
``demonyms.csv`` (``demonym,iso3``)
    Adjectives and nouns for people ("Ecuadorian", "Americans"); matched
    case-sensitively, so lowercase common words cannot trigger them.
``gazetteer.jsonl``
    One actor per line: ``{"name", "type", "country", "aliases"}``.
``people.jsonl``
    The same format for people (type ``Person``): heads of state and
    government since 1975, ministers, militant leaders. ``country`` is the
    state they led or served (militants: where they operate; USSR and
    Yugoslav leaders: RUS and SRB); null for UN, NATO and EU officials.

Kosovo has no ISO code; we use the user-assigned ``XKX`` as the EU and IMF do.
"""
from __future__ import annotations

import csv
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..errors import InputError
from ..resources import data_dir

__all__ = [
    "TYPE_LABELS",
    "GazetteerEntry",
    "country_code",
    "demonym_code",
    "demonym_words",
    "country_name",
    "is_country",
    "load_gazetteer",
    "gazetteer_patterns",
]

#: kg actor type -> spaCy entity label used in EntityRuler patterns.
TYPE_LABELS = {"Organization": "ORG", "Person": "PERSON", "Country": "GPE",
               "Location": "LOC", "Group": "NORP"}

#: Codes outside ISO 3166-1 that kg accepts.
EXTRA_CODES = frozenset({"XKX"})

#: Alpha-3 codes that are also English words or common acronyms in capitals
#: (AND, CAN, VAT, ATF, NER ...): an all-caps token equal to one of these is
#: never read as a country code.
ISO3_STOPWORDS = frozenset({
    "AIA", "ALA", "AND", "ARE", "ARM", "ASM", "ATA", "ATF", "BEN", "BFA", "BLM", "BRA", "BRB",
    "CAF", "CAN", "CHE", "COD", "COG", "COL", "COM", "DJI", "DMA", "DOM", "ESP", "EST", "ETH",
    "FIN", "GAB", "GEO", "GIN", "GUM", "GUY", "IND", "IOT", "IRL", "ISR", "JAM", "KEN", "LIE",
    "LUX", "MAC", "MAR", "MDA", "MSR", "NAM", "NER", "NOR", "PAN", "PER", "PNG", "POL", "PRI",
    "PRY", "SEN", "SGS", "SSD", "STP", "SUR", "TLS", "TON", "VAT",
})

#: Country names that are also given names or a U.S. state; no GPE pattern is
#: made for them, the statistical NER decides ("Michael Jordan", "Chad Smith").
PATTERN_SKIP = frozenset({"Jordan", "Chad", "Georgia"})

#: Files in ``kg/data`` that ``load_gazetteer()`` reads when given no path.
GAZETTEER_FILES = ("gazetteer.jsonl", "people.jsonl", "places.jsonl")

_THE = re.compile(r"^the\s+", re.I)
_POSSESSIVE = re.compile(r"(?<=\S)['’]s?$")
_CODE = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class GazetteerEntry:
    """One well-known actor: canonical name, kg type, ISO3 country and aliases."""

    name: str
    type: str
    country: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class _CountryTables:
    names: dict[str, str]  # folded name -> iso3
    acronyms: dict[str, str]  # dotless capitals ("US", "DPRK") -> iso3
    display: dict[str, str]  # iso3 -> short common name
    codes: frozenset[str]
    surfaces: tuple[tuple[str, str], ...]  # (surface form, iso3) for patterns


def _fold(text: str) -> str:
    """Case-, accent-, dot- and article-insensitive key: ``"Côte d’Ivoire" -> "cote d'ivoire"``."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _THE.sub("", " ".join(text.split()))
    return text.replace(".", "").casefold()


def _acronym(text: str) -> str | None:
    """``"U.S." -> "US"``, ``"DPRK" -> "DPRK"``; None unless all capitals (at most 5)."""
    letters = text.replace(".", "")
    if letters.isascii() and letters.isalpha() and letters.isupper() and len(letters) <= 5:
        return letters
    return None


def _read_csv(name: str, columns: tuple[str, str], codes: frozenset[str]) -> list[tuple[str, str, int]]:
    path = data_dir() / name
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != columns:
            raise InputError(f"{path}:1: expected header {','.join(columns)}")
        for row in reader:
            text, code = (row[columns[0]] or "").strip(), (row[columns[1]] or "").strip()
            if not text or code not in codes:
                raise InputError(f"{path}:{reader.line_num}: need a name and a known ISO3 code, got {code!r}")
            rows.append((text, code, reader.line_num))
    return rows


@functools.lru_cache(maxsize=1)
def _known_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries) | EXTRA_CODES


@functools.lru_cache(maxsize=1)
def _country_tables() -> _CountryTables:
    import pycountry

    codes = _known_codes()
    names: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    first_alias: dict[str, str] = {}
    surfaces: list[tuple[str, str]] = []
    for alias, code, _ in _read_csv("country_aliases.csv", ("alias", "iso3"), codes):
        short = _acronym(_THE.sub("", alias))
        if short:
            acronyms.setdefault(short, code)
        else:
            names.setdefault(_fold(alias), code)
            if not _THE.match(alias) and alias[:1].isupper():
                first_alias.setdefault(code, alias)
        surfaces.append((_THE.sub("", alias), code))
    display = dict(first_alias)
    for country in pycountry.countries:
        code = country.alpha_3
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(_fold(value), code)
                surfaces.append((_THE.sub("", value), code))
        common = getattr(country, "common_name", None)
        display[code] = common or first_alias.get(code) or country.name
    return _CountryTables(names, acronyms, display, codes, tuple(surfaces))


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    rows = _read_csv("demonyms.csv", ("demonym", "iso3"), _known_codes())
    table: dict[str, str] = {}
    for word, code, _ in rows:
        table.setdefault(unicodedata.normalize("NFC", word), code)
    return table


@functools.lru_cache(maxsize=1)
def demonym_words() -> frozenset[str]:
    """Every one-word demonym :func:`demonym_code` knows ("Briton", "Americans"), composed and decomposed, so a
    scan of a document's tokens can look for them all at once (:func:`kg.extract.token_search.positions`)."""
    words = [w for w in _demonyms() if " " not in w]
    return frozenset(words) | {unicodedata.normalize("NFD", w) for w in words}


def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-3 code of a country name as written in news, or None.

    Matching ignores case, accents, dots and a leading "the", and reads
    pycountry names plus ``country_aliases.csv``. To stay conservative,
    all-caps aliases ("US", "UAE") match only in capitals, a single
    all-lowercase word never matches ("turkey", "china" are common nouns),
    and a bare 3-letter code matches only in capitals and unless it is an
    English word or acronym (see ``ISO3_STOPWORDS``).

    Parameters
    ----------
    name : str
        A country name, alias or upper-case alpha-3 code.

    Returns
    -------
    str or None
        The alpha-3 code (``"XKX"`` for Kosovo), or None when unknown.

    Examples
    --------
    >>> country_code("the United States"), country_code("U.S."), country_code("ECU")
    ('USA', 'USA', 'ECU')
    >>> country_code("Côte d’Ivoire"), country_code("us"), country_code("CIA")
    ('CIV', None, None)
    """
    text = _THE.sub("", _POSSESSIVE.sub("", " ".join(name.split()))).strip()
    if not text:
        return None
    tables = _country_tables()
    short = _acronym(text)
    if short is not None:
        if short in tables.acronyms:
            return tables.acronyms[short]
        if _CODE.match(text) and text in tables.codes and text not in ISO3_STOPWORDS:
            return text
    if " " not in text and not any(ch.isupper() for ch in text):
        return None
    return tables.names.get(_fold(text))


def demonym_code(word: str) -> str | None:
    """ISO3 code of a demonym or national adjective, matched case-sensitively.

    Examples
    --------
    >>> demonym_code("Ecuadorian"), demonym_code("Americans"), demonym_code("american")
    ('ECU', 'USA', None)
    """
    text = _POSSESSIVE.sub("", " ".join(word.split()))
    return _demonyms().get(unicodedata.normalize("NFC", text))


def country_name(iso3: str) -> str | None:
    """Short common name of a country, used as its canonical label.

    pycountry's ``common_name`` first, then the first full-name row of
    ``country_aliases.csv``, then pycountry's ``name``.

    Examples
    --------
    >>> country_name("USA"), country_name("GBR"), country_name("IRN"), country_name("RUS")
    ('United States', 'United Kingdom', 'Iran', 'Russia')
    >>> country_name("XKX"), country_name("ZZZ")
    ('Kosovo', None)
    """
    return _country_tables().display.get(iso3.strip().upper())


def is_country(name: str) -> bool:
    """True when :func:`country_code` knows ``name``.

    >>> is_country("Britain"), is_country("Pentagon")
    (True, False)
    """
    return country_code(name) is not None


def load_gazetteer(path: str | Path | None = None) -> list[GazetteerEntry]:
    """Read a gazetteer of well-known actors (JSON Lines).

    Parameters
    ----------
    path : str or Path, optional
        A ``.jsonl`` file, one ``{"name", "type", "country", "aliases"}``
        object per line; default: the bundled ``GAZETTEER_FILES``
        (``kg/data/gazetteer.jsonl`` then ``kg/data/people.jsonl``), read in
        that order. Files are cached per path and modification time.

    Returns
    -------
    list of GazetteerEntry

    Raises
    ------
    InputError
        When the file is missing or a line is not a valid entry (the message
        names file and line).
    """
    files = [Path(path)] if path is not None else [data_dir() / name for name in GAZETTEER_FILES]
    entries: list[GazetteerEntry] = []
    for file in files:
        try:
            mtime = file.stat().st_mtime_ns
        except OSError as exc:
            raise InputError(f"gazetteer not found: {file}") from exc
        entries.extend(_read_gazetteer(file.resolve(), mtime))
    return entries


@functools.lru_cache(maxsize=8)
def _read_gazetteer(file: Path, mtime: int) -> tuple[GazetteerEntry, ...]:
    entries = []
    with file.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                entries.append(_parse_entry(line, f"{file}:{number}"))
    return tuple(entries)


def _parse_entry(line: str, where: str) -> GazetteerEntry:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: invalid JSON ({exc.msg})") from exc
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object")
    name, type_, country = obj.get("name"), obj.get("type"), obj.get("country")
    aliases = obj.get("aliases") or []
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{where}: missing \"name\"")
    if type_ not in TYPE_LABELS:
        raise InputError(f"{where}: \"type\" must be one of {', '.join(TYPE_LABELS)}, got {type_!r}")
    if country is not None and country not in _known_codes():
        raise InputError(f"{where}: \"country\" must be an ISO 3166-1 alpha-3 code or null, got {country!r}")
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise InputError(f"{where}: \"aliases\" must be a list of names")
    unique = tuple(dict.fromkeys(a.strip() for a in aliases if a.strip() != name.strip()))
    return GazetteerEntry(name.strip(), type_, country, unique)


def gazetteer_patterns(entries: Iterable[GazetteerEntry], *, countries: bool = True) -> list[dict]:
    """spaCy EntityRuler phrase patterns for gazetteer entries and country names.

    Every name and alias is emitted exactly as written, so an acronym gets
    another casing ("Nato") only when the gazetteer lists it; a variant with
    a typographic apostrophe is added for names containing ``'``. The first
    pattern for a phrase wins, so gazetteer entries take precedence over
    country names. Country names and aliases become ``GPE`` patterns whose
    ``id`` is :func:`country_name` (names with commas or brackets and
    ``PATTERN_SKIP`` are left out).

    Parameters
    ----------
    entries : iterable of GazetteerEntry
        Usually ``load_gazetteer()``.
    countries : bool, default True
        Also emit patterns for country names and aliases.

    Returns
    -------
    list of dict
        ``{"label": "ORG", "pattern": "SOUTHCOM", "id": "U.S. Southern Command"}`` ...
    """
    patterns: list[dict] = []
    seen: set[str] = set()

    def emit(label: str, phrase: str, id_: str) -> None:
        variants = [phrase, phrase.replace("'", "’")] if "'" in phrase else [phrase]
        for variant in variants:
            if variant not in seen:
                seen.add(variant)
                patterns.append({"label": label, "pattern": variant, "id": id_})

    for entry in entries:
        for phrase in entry.names:
            emit(TYPE_LABELS[entry.type], phrase, entry.name)
    if countries:
        for surface, code in _country_tables().surfaces:
            if surface in PATTERN_SKIP or any(ch in surface for ch in ",()"):
                continue
            emit("GPE", surface, country_name(code) or surface)
    return patterns
