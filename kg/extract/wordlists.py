"""Word lists that extraction reads as data (``kg/data/words``), not as code.

Why data: which words are titles, which nouns denote people (and their gender and number), which given
names mark a gender, which last words make a capitalised phrase a law or a plan rather than an actor, which
nouns are institutions and which verbs report speech, raise, link or negate are facts of the lexicon a user
may want to extend for their corpus without touching Python. Each list is a small text or CSV file whose
header comment says what it is for; ``#`` starts a comment line. Loaded once per process (``lru_cache``).

Grammar stays in code: dependency labels, modal auxiliaries, pronouns and prepositions are closed classes
of English that the rules are written against, not vocabulary to extend.
"""
from __future__ import annotations

import csv
import functools
from typing import Iterable, NamedTuple

from ..resources import data_dir

__all__ = ["PersonNoun", "titles", "person_remains", "quantity_nouns", "place_nouns", "shared_institutions",
           "company_suffixes", "headline_lowercase", "gendered_titles", "non_actor_heads", "non_actor_openers",
           "person_nouns", "first_name_gender", "nickname_groups", "organization_heads", "institution_heads",
           "private_organisation_nouns", "statement_media_nouns", "organisation_kinds", "intent_nouns", "capitals",
           "armed_forces_nouns", "national_services", "place_name_heads", "place_name_words", "place_plural_heads",
           "setting_nouns", "contest_verbs", "vessel_prefixes", "person_first_nouns",
           "actor_nouns", "anaphoric_heads", "new_referent_modifiers", "raising_verbs", "linking_verbs",
           "intent_verbs", "modal_intent_verbs", "speech_verbs", "reporting_verbs", "light_verbs",
           "negating_verbs", "object_control_verbs", "saying_verbs", "subject_control_verbs", "purpose_verbs", "stative_participles",
           "honorifics", "not_people_nouns", "word_list",
           "title_abbreviations", "title_nouns", "wordnet_person_nouns"]


class PersonNoun(NamedTuple):
    """What a people noun says about its referent: gender ``"m"``/``"f"``/None, ``plural``."""

    gender: str | None
    plural: bool


def _lines(name: str) -> list[str]:
    text = (data_dir() / "words" / name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _csv_rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(_lines(name)))


@functools.lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """The words of one plain list that one module reads (``word_list("youth_nouns.txt")``: "teen", "boy").

    ``clientele_nouns.txt``: people an organisation serves or faces, never the organisation itself ("its
    customers"); ``youth_nouns.txt``: nouns for a young person by age; ``surname_kin_nouns.txt``: kin who
    usually share the family name ("brother", not "wife")."""
    return frozenset(_lines(name))


@functools.lru_cache(maxsize=1)
def headline_lowercase() -> frozenset[str]:
    """Closed-class words a title-case headline capitalises and a sentence does not ("Into", "At", "Is")."""
    return frozenset(w.lower() for w in _lines("headline_lowercase.txt"))


@functools.lru_cache(maxsize=1)
def company_suffixes() -> frozenset[str]:
    """Legal-form words a company name may carry or drop ("Corp.", "Inc", "Ltd"), lower case, no final dot."""
    return frozenset(w.lower() for w in _lines("company_suffixes.txt"))


@functools.lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Honorifics, ranks and job titles written before names, lower case, without dots."""
    return frozenset(w.rstrip(".") for w in _lines("titles.txt"))


@functools.lru_cache(maxsize=1)
def gendered_titles() -> dict[str, str]:
    """Titles that mark the gender of whom they name: ``{"mrs": "f", "congressman": "m", ...}``."""
    return {r["title"]: r["gender"] for r in _csv_rows("gendered_titles.csv")}


@functools.lru_cache(maxsize=1)
def non_actor_heads() -> frozenset[str]:
    """Last words of names that are laws, documents, plans, events or meals, not actors."""
    return frozenset(_lines("non_actor_heads.txt"))


@functools.lru_cache(maxsize=1)
def non_actor_openers() -> frozenset[str]:
    """First words of names that are storms, operations or battles, not actors."""
    return frozenset(_lines("non_actor_openers.txt"))


@functools.lru_cache(maxsize=1)
def person_nouns() -> dict[str, PersonNoun]:
    """Nouns denoting people: ``{"actress": PersonNoun("f", False), "pirates": PersonNoun(None, True)}``."""
    return {r["noun"]: PersonNoun(r["gender"] or None, r["number"] == "p") for r in _csv_rows("person_nouns.csv")}


@functools.lru_cache(maxsize=1)
def not_people_nouns() -> frozenset[str]:
    """Nouns that end like a word for people but mostly are not ("counter", "quarter", "statement").

    From WordNet 3.0's two most frequent senses of each noun (``tests/tools/wordnet_lists.py``);
    :func:`person_nouns` and :func:`actor_nouns` win over it."""
    return frozenset(_lines("not_people_nouns_wordnet.txt"))


@functools.lru_cache(maxsize=1)
def title_abbreviations() -> dict[str, str]:
    """Abbreviated titles and the noun each stands for: ``{"dr": "doctor", "gov": "governor", ...}``."""
    return {r["abbreviation"]: r["noun"] for r in _csv_rows("title_abbreviations.csv")}


def title_nouns(words: Iterable[str]) -> set[str]:
    """The nouns a name's title words call the person: "Dr." gives "dr" and "doctor", "Captain" "captain"."""
    out = set()
    for w in words:
        key = w.lower().rstrip(".")
        out.add(key)
        noun = title_abbreviations().get(key)
        if noun is not None:
            out.add(noun)
    return out


@functools.lru_cache(maxsize=1)
def person_first_nouns() -> frozenset[str]:
    """Nouns whose most frequent WordNet sense is a person, and the second no thing, act or place ("parolee").

    From ``tests/tools/wordnet_lists.py``; narrower than :func:`wordnet_person_nouns` ("computer" is out): an
    unlisted noun describes someone only when a person is what it usually means."""
    return frozenset(_lines("person_first_nouns_wordnet.txt"))


@functools.lru_cache(maxsize=1)
def wordnet_person_nouns() -> frozenset[str]:
    """Nouns one of whose two most frequent WordNet senses is a person ("contender", "host"; not "name").

    From ``tests/tools/wordnet_lists.py``: whether a noun can stand for a named person, for the few rules
    that must know it of any noun, not only of the people nouns kg lists itself."""
    return frozenset(_lines("person_nouns_wordnet.txt"))


@functools.lru_cache(maxsize=1)
def first_name_gender() -> dict[str, str]:
    """Given names that usually mark a gender (``"m"``/``"f"``); unlisted names are unknown."""
    return {r["name"]: r["gender"] for r in _csv_rows("first_names.csv")}


@functools.lru_cache(maxsize=1)
def nickname_groups() -> dict[str, frozenset[str]]:
    """Each English given name with the names it is a nickname of or has as nicknames (itself included).

    From the ``nicknames`` package (hand-curated, Apache-licensed): "freddie" -> {"freddie", "frederick",
    ...}. Used to merge "Freddie Forsyth" with "Frederick Forsyth" only when the surname matches too."""
    from nicknames import name_triplets

    groups: dict[str, set[str]] = {}
    for t in name_triplets():
        groups.setdefault(t.name1, {t.name1}).add(t.name2)
        groups.setdefault(t.name2, {t.name2}).add(t.name1)
    return {k: frozenset(v) for k, v in groups.items()}


# -- nouns of actors (kg.extract.entities, kg.extract.descriptions) ------------------------------


@functools.lru_cache(maxsize=1)
def organization_heads() -> frozenset[str]:
    """Last words that make a name an organisation whatever the model's label says ("cartel", "ministry")."""
    return frozenset(_lines("organization_heads.txt"))


@functools.lru_cache(maxsize=1)
def private_organisation_nouns() -> frozenset[str]:
    """Organisation nouns a national adjective gives a country but not the state's voice ("a Spanish company")."""
    return frozenset(_lines("private_organisation_nouns.txt"))


@functools.lru_cache(maxsize=1)
def eponym_heads() -> dict[str, str]:
    """Last words of a place or an institution named after a person, with its entity label ("airport": FAC)."""
    return {r["noun"]: r["label"] for r in _csv_rows("eponym_heads.csv")}


@functools.lru_cache(maxsize=1)
def institution_heads() -> frozenset[str]:
    """Head nouns denoting an institution of whoever modifies them ("Trump's administration")."""
    return frozenset(_lines("institution_heads.txt"))


@functools.lru_cache(maxsize=1)
def national_services() -> frozenset[str]:
    """A country's armed services as the words after its demonym ("navy", "air force"), lower case."""
    return frozenset(_lines("national_services.txt"))


@functools.lru_cache(maxsize=1)
def place_name_words() -> frozenset[str]:
    """Words that make a name a place when a word follows ("Mount" of "Ben Mount Walker"), lower case."""
    return frozenset(_lines("place_name_words.txt"))


@functools.lru_cache(maxsize=1)
def contest_verbs() -> frozenset[str]:
    """Verbs that report a game's result when a score goes with them ("beat ... 24-7"), lower case."""
    return frozenset(_lines("contest_verbs.txt"))


@functools.lru_cache(maxsize=1)
def place_plural_heads() -> frozenset[str]:
    """Plural last words that keep a place's name a place ("Islands" of "the Cayman Islands"), lower case."""
    return frozenset(_lines("place_plural_heads.txt"))


@functools.lru_cache(maxsize=1)
def place_name_heads() -> frozenset[str]:
    """Last words that make a name a street or a square ("American Boulevard"), lower case, no final dot."""
    return frozenset(_lines("place_name_heads.txt"))


@functools.lru_cache(maxsize=1)
def setting_nouns() -> frozenset[str]:
    """Institution nouns that name a setting after a bare preposition ("in court", "to jail"), lower case."""
    return frozenset(_lines("setting_nouns.txt"))


@functools.lru_cache(maxsize=1)
def vessel_prefixes() -> dict[str, str | None]:
    """Ship prefixes and the navy each names: ``{"USS": "USA", "INS": "-", "MV": None}`` (``vessel_prefixes.csv``)."""
    return {r["prefix"]: r["navy"] or None for r in _csv_rows("vessel_prefixes.csv")}


@functools.lru_cache(maxsize=1)
def armed_forces_nouns() -> frozenset[str]:
    """Nouns for conventional armed forces and their platforms ("troops", "aircraft"), lower-case lemmas."""
    return frozenset(_lines("armed_forces_nouns.txt"))


@functools.lru_cache(maxsize=1)
def person_remains() -> frozenset[str]:
    """Nouns that with their owner stand for a dead person ("his body", "the remains of X")."""
    return frozenset(_lines("person_remains.txt"))


@functools.lru_cache(maxsize=1)
def quantity_nouns() -> frozenset[str]:
    """Nouns that count or gather what follows "of" ("dozens of civilians", "the rest of the crew")."""
    return frozenset(_lines("quantity_nouns.txt"))


@functools.lru_cache(maxsize=1)
def place_nouns() -> frozenset[str]:
    """Nouns for a kind of place that name it after "of" ("the town of Vila Nova")."""
    return frozenset(_lines("place_nouns.txt"))


@functools.lru_cache(maxsize=1)
def organisation_kinds() -> dict[str, frozenset[str]]:
    """The kinds of organisation a head word names ("cartel": criminal; "bank": business and bank)."""
    kinds: dict[str, set[str]] = {}
    for row in _csv_rows("organisation_kinds.csv"):
        kinds.setdefault(row["word"], set()).add(row["kind"])
    return {w: frozenset(k) for w, k in kinds.items()}


@functools.lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """National capitals as written in news, with their country's ISO code ("Moscow": "RUS")."""
    return {r["capital"]: r["iso3"] for r in _csv_rows("capitals.csv")}


@functools.lru_cache(maxsize=1)
def intent_nouns() -> dict[str, str]:
    """Nouns whose possessor does their infinitive, with the verb each stands for ("refusal": "refuse")."""
    return {r["noun"]: r["verb"] for r in _csv_rows("intent_nouns.csv")}


@functools.lru_cache(maxsize=1)
def statement_media_nouns() -> frozenset[str]:
    """What a statement is made in or at ("in a statement", "at a news conference"): it describes the saying."""
    return frozenset(_lines("statement_media_nouns.txt"))


@functools.lru_cache(maxsize=1)
def shared_institutions() -> frozenset[str]:
    """Institution names many countries use ("congress", "senate"): the gazetteer's only where its country is named."""
    return frozenset(w.lower() for w in _lines("shared_institutions.txt"))


@functools.lru_cache(maxsize=1)
def actor_nouns() -> dict[str, str]:
    """Collective or institutional nouns that are actors even without a name: ``{"police": "Organization", ...}``."""
    return {r["noun"]: r["type"] for r in _csv_rows("actor_nouns.csv")}


@functools.lru_cache(maxsize=1)
def anaphoric_heads() -> dict[str, frozenset[str]]:
    """Nouns of definite descriptions that refer back to a named actor, with that actor's possible types."""
    types: dict[str, set[str]] = {}
    for r in _csv_rows("anaphoric_heads.csv"):
        types.setdefault(r["noun"], set()).add(r["type"])
    return {noun: frozenset(t) for noun, t in types.items()}


@functools.lru_cache(maxsize=1)
def new_referent_modifiers() -> frozenset[str]:
    """Modifiers that make a description introduce someone new ("the other man", "a second suspect")."""
    return frozenset(_lines("new_referent_modifiers.txt"))


# -- verb classes (kg.extract.triples and its rule modules, kg.extract.coref) --------------------


@functools.lru_cache(maxsize=1)
def honorifics() -> frozenset[str]:
    """Forms of address before a name ("Mr", "Dr", "Sir"), lower case without dots: never what someone is."""
    return frozenset(_lines("honorifics.txt"))


@functools.lru_cache(maxsize=1)
def stative_participles() -> frozenset[str]:
    """Verbs whose passive states where or what someone is, not what someone did to them ("based in")."""
    return frozenset(_lines("stative_participles.txt"))


@functools.lru_cache(maxsize=1)
def raising_verbs() -> frozenset[str]:
    """Verbs that raise their complement's subject: "were said to have made", "seems to support"."""
    return frozenset(_lines("raising_verbs.txt"))


@functools.lru_cache(maxsize=1)
def saying_verbs() -> frozenset[str]:
    """Every verb that says or reports speech (speech and reporting verbs together): "said", "told", "alleged"."""
    return reporting_verbs() | speech_verbs()


@functools.lru_cache(maxsize=1)
def subject_control_verbs() -> frozenset[str]:
    """Verbs whose subject does their infinitive even after an object: "promised the voters to cut taxes"."""
    return frozenset(_lines("subject_control_verbs.txt"))


@functools.lru_cache(maxsize=1)
def purpose_verbs() -> frozenset[str]:
    """Verbs of contest and contact (WordNet): "beat Lopes to win", "grabbed the boy to shield him" (a purpose)."""
    return frozenset(_lines("purpose_verbs_wordnet.txt"))


@functools.lru_cache(maxsize=1)
def linking_verbs() -> frozenset[str]:
    """Linking verbs whose complement (attr/acomp) is what the clause says of the subject."""
    return frozenset(_lines("linking_verbs.txt"))


@functools.lru_cache(maxsize=1)
def intent_verbs() -> frozenset[str]:
    """Verbs whose xcomp carries the event while they add intent or attitude ("plans to send")."""
    return frozenset(r["verb"] for r in _csv_rows("intent_verbs.csv"))


@functools.lru_cache(maxsize=1)
def modal_intent_verbs() -> frozenset[str]:
    """The intent verbs whose complement is only intended ("plan", not "agree"): they become its modality."""
    return frozenset(r["verb"] for r in _csv_rows("intent_verbs.csv") if r["modal"] == "yes")


@functools.lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    """Verbs of saying whose clausal complement is what was said."""
    return frozenset(_lines("speech_verbs.txt"))


@functools.lru_cache(maxsize=1)
def reporting_verbs() -> frozenset[str]:
    """Verbs reporting speech or thought, whose subject a pronoun in the reported clause may be."""
    return frozenset(_lines("reporting_verbs.txt"))


@functools.lru_cache(maxsize=1)
def light_verbs() -> frozenset[str]:
    """Verbs whose object noun names the event ("launched strikes on X")."""
    return frozenset(_lines("light_verbs.txt"))


@functools.lru_cache(maxsize=1)
def negating_verbs() -> frozenset[str]:
    """Verbs whose complement did not happen: "refused to pay", "failed to stop"."""
    return frozenset(_lines("negating_verbs.txt"))


@functools.lru_cache(maxsize=1)
def object_control_verbs() -> frozenset[str]:
    """Verbs whose object does their complement ("urged the rebels to disarm": the rebels disarm)."""
    return frozenset(_lines("object_control_verbs.txt"))
