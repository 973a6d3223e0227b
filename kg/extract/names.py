"""Names of actors: ids, cleaning, titles and roles, and when two names denote one actor.

Why this exists: the same person or organisation is written many ways
("Coroner Gary Hargrove", "W. Mark Felt", "Mark Felt", "Felt"; "Freddie" and
"Frederick Forsyth"; "SOUTHCOM" and "U.S. Southern Command"). These pure
string functions decide what the canonical name is and which variants may
be merged, both inside one document (:mod:`kg.extract.entities`) and
across documents (:mod:`kg.extract.consolidate`, :mod:`kg.graph.links`), so the
two levels agree.
"""
from __future__ import annotations

import re
from functools import lru_cache
import unicodedata
import zlib

from .wordlists import (company_suffixes, first_name_gender, gendered_titles, nickname_groups,
                        non_actor_heads, non_actor_openers, organization_heads, titles)

__all__ = ["TYPE_PRIORITY", "slugify", "entity_id", "clean_name", "split_title", "strip_titles", "surname",
           "is_acronym_of", "one_edit", "name_gender", "title_gender", "same_person", "canonical_person_names",
           "full_name_of", "is_non_actor_name", "looks_like_url", "name_key", "person_parts", "acronym_letters",
           "looks_like_acronym"]

#: Order in which a type wins a tie of votes between mentions of one name (in a document and across them).
TYPE_PRIORITY = {"Person": 0, "Organization": 1, "Country": 2, "Location": 3, "Group": 4, "Other": 5}

_LEADING_ARTICLES = re.compile(r"^(the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(\s*['’]s|['’])$")
_URL = re.compile(r"https?:|www\.|\.(com|org|net|co\.uk|html?|aspx?|php)\b|/", re.I)


def slugify(text: str) -> str:
    """ASCII slug used in entity ids: ``"Los Choneros" -> "los-choneros"``."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-")
    return slug or "x" + str(zlib.crc32(text.encode("utf-8", "surrogatepass")) % 100_000)  # stable across runs


def entity_id(type_: str, label: str) -> str:
    """Stable entity id from type and canonical label, the same in every run and document.

    >>> entity_id("Organization", "Los Choneros")
    'Organization/los-choneros'
    """
    return f"{type_}/{slugify(label)}"


@lru_cache(maxsize=1 << 18)  # corpus-wide linking asks for the same names' keys many times
def name_key(label: str) -> str:
    """What two spellings of one name share: case, accents, hyphens and dots ignored.

    >>> name_key("Lopes-Semedo") == name_key("Lopes Semedo")
    True
    """
    return slugify(label).replace("-", "")


def without_company_suffix(label: str) -> str:
    """A company's name without its legal form: "Tecnicil Corp." -> "Tecnicil" (a one-word name stays).

    >>> without_company_suffix("Tecnicil Shipping Co., Ltd.")
    'Tecnicil Shipping'
    >>> without_company_suffix("Corp")
    'Corp'
    """
    words = label.split()
    while len(words) > 1 and words[-1].lower().rstrip(".,") in company_suffixes():
        words.pop()
    return " ".join(words).rstrip(",") if words else label


#: A press release's marks on a name ("Oscars®", "Kleenex™"): no part of the name.
_TRADEMARKS = re.compile("[\u00ae\u2122\u00a9\u2120]")


def clean_name(text: str) -> str:
    """A name without leading article, trailing possessive, quotes, trademark signs or surrounding punctuation.

    >>> clean_name("The Academy Awards®")
    'Academy Awards'
    """
    text = _LEADING_ARTICLES.sub("", _TRADEMARKS.sub("", text.strip()))
    text = _POSSESSIVE.sub("", text)
    return re.sub(r"\s+", " ", text).strip(" ,.;:\"“”'‘’()")


def _is_title(word: str) -> bool:
    return word.lower().rstrip(".") in titles()


def split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """Split leading titles and job words from a person's name: ``(role words, name words)``.

    A known given name ends the title run unless another title follows it
    ("Marine Le Pen" keeps Marine, "Marine Gen. Francis Donovan" does not)
    or it follows a title and a given name and surname follow it ("Associate
    Dean Tom Ruiz"; "Dean Martin" keeps Dean), and at least one word always
    stays in the name.

    >>> split_title(["Coroner", "Gary", "Hargrove"])
    (['Coroner'], ['Gary', 'Hargrove'])
    >>> split_title(["Marine", "Le", "Pen"])
    ([], ['Marine', 'Le', 'Pen'])
    >>> split_title(["Associate", "Dean", "Tom", "Ruiz"])
    (['Associate', 'Dean'], ['Tom', 'Ruiz'])
    """
    given = first_name_gender()
    i = 0
    while i < len(words) - 1 and _is_title(words[i]):
        if words[i].lower() in given and not _is_title(words[i + 1]) and not (
                i > 0 and len(words) - i > 2 and words[i + 1].lower() in given):
            break
        i += 1
    return words[:i], words[i:]


def strip_titles(words: list[str]) -> list[str]:
    """Drop leading titles and ranks: ``["Marine", "Gen.", "Francis", "Donovan"] -> [...Francis, Donovan]``.

    >>> strip_titles(["Gen.", "Francis", "Donovan"])
    ['Francis', 'Donovan']
    """
    return split_title(words)[1]


#: Words an acronym may leave out anywhere in its long form ("North Atlantic Treaty Organization" has none,
#: "Organization of the Petroleum Exporting Countries" two).
ACRONYM_SMALL_WORDS = frozenset({"of", "the", "and", "for", "de", "la", "del", "los", "las", "el", "in", "on"})
#: How many leading words of a long form an acronym may leave out (a country: "U.S.", "South Africa").
ACRONYM_SKIPPED_LEAD = 2


def looks_like_acronym(label: str) -> bool:
    """One upper-case word of two characters or more ("BMM", "U.S."): a name that may stand for a longer one.

    >>> looks_like_acronym("BMM"), looks_like_acronym("Lobos"), looks_like_acronym("BMM Group")
    (True, False, False)
    """
    return " " not in label and label.isupper() and len(label) >= 2


def acronym_letters(acronym: str) -> str:
    """An acronym's letters, lower case, without dots or digits ("U.S." -> "us")."""
    return re.sub(r"[^A-Za-z]", "", acronym).lower()


def is_acronym_of(acronym: str, long_form: str) -> bool:
    """True if ``acronym`` is built from prefixes of consecutive words of ``long_form``.

    Covers initialisms (NATO) and syllabic acronyms (SOUTHCOM = SOUTHern COMmand),
    allowing the long form to open with a country the acronym leaves out (the
    "U.S." of "U.S. Southern Command", at most two words, initials or a
    country's name; only for acronyms of 3+ letters) and small function words
    anywhere. Other leading words may not be skipped: "L.A." is not
    "Verdant Lab Americas".

    >>> is_acronym_of("SOUTHCOM", "U.S. Southern Command")
    True
    >>> is_acronym_of("NATO", "North Atlantic Treaty Organization")
    True
    >>> is_acronym_of("UN", "Los Lobos"), is_acronym_of("L.A.", "Verdant Lab Americas")
    (False, False)
    """
    letters = acronym_letters(acronym)
    if len(letters) < 2 or not acronym[:1].isupper():
        return False
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", long_form)]
    small = ACRONYM_SMALL_WORDS

    def match(a: int, w: int, used: int) -> bool:
        if a == len(letters):
            return w == len(words) and used >= 2 or (w == len(words) and used >= 1 and len(words) == 1)
        if w == len(words):
            return False
        word = words[w]
        if word in small and match(a, w + 1, used):
            return True
        for k in range(min(len(word), len(letters) - a), 0, -1):
            if word[:k] == letters[a:a + k] and match(a + k, w + 1, used + 1):
                return True
        return False

    def skippable(start: int) -> bool:  # "U.S.", "UK", "Brazil": a country prefix the acronym leaves out
        if start == 0:
            return True
        if len(letters) < 3:  # two letters are too little to tell ("D.A." is no "U.S. Department of Agriculture")
            return False
        lead = re.findall(r"[A-Za-z]+", long_form)[:start]
        from .countries import country_code

        return all(len(w) == 1 for w in lead) or country_code(" ".join(lead)) is not None

    return any(match(0, start, 0) for start in range(0, min(ACRONYM_SKIPPED_LEAD + 1, len(words)))
               if skippable(start))


def one_edit(a: str, b: str) -> bool:
    """True if ``a`` and ``b`` differ by exactly one insertion, deletion or substitution.

    >>> one_edit("SOTHCOM", "SOUTHCOM"), one_edit("Rait", "Raite"), one_edit("Rait", "Rait")
    (True, True, False)
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:] if len(a) < len(b) else a[i + 1:] == b[i + 1:]


def title_gender(words: list[str]) -> str | None:
    """``"m"``/``"f"`` when a gendered title stands among the words ("Mr. Oakes"), else None (no guess from names).

    >>> title_gender(["Mrs.", "Oakes"]), title_gender(["Tara", "Reid"])
    ('f', None)
    """
    return next((g for w in words if (g := gendered_titles().get(w.lower().rstrip(".")))), None)


def name_gender(words: list[str]) -> str | None:
    """``"m"``/``"f"`` when a title or the given name marks it, else None.

    A title and one word ("Dr. Thomas") leave a surname, which says nothing.

    >>> name_gender(["Mrs", "Smith"]), name_gender(["Tara", "Reid"]), name_gender(["Smith"])
    ('f', 'f', None)
    >>> name_gender(["Dr.", "Thomas"]), name_gender(["Thomas", "Reis"])
    (None, 'm')
    """
    for k, w in enumerate(words):
        g = gendered_titles().get(w.lower().rstrip("."))
        if g:
            return g
        if not _is_title(w):
            return None if 0 < k == len(words) - 1 else first_name_gender().get(w.lower())
    return None


#: Generational suffixes written after a person's name ("Rui Tavares Jr.", "John Crozier, III").
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@lru_cache(maxsize=1 << 18)
def person_parts(label: str) -> tuple[tuple[str, ...], str]:
    """(given names lower-cased, surname key) of a person's name, generational suffixes skipped.

    >>> person_parts("Rui Manuel Tavares Jr.")
    (('rui', 'manuel'), 'tavares')
    """
    words = [w for w in re.split(r"\s+", label.strip()) if w]
    words = [w for w in words if w.lower().rstrip(".,") not in NAME_SUFFIXES]
    if not words:
        return (), ""
    return tuple(w.lower().rstrip(".") for w in words[:-1]), name_key(words[-1])


def surname(label: str) -> str:
    """The name key of a person's surname, generational suffixes skipped.

    >>> surname("Rui Manuel Tavares Jr."), surname("Lopes-Semedo")
    ('tavares', 'lopessemedo')
    """
    return person_parts(label)[1]


def _given_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    group = nickname_groups().get(a)
    return group is not None and b in group


def same_person(a: str, b: str) -> bool:
    """True if two multi-word person names can only be one person's.

    The surnames agree (case, accents, hyphens, spaces ignored; or one edit
    apart when 4+ letters long and the given names agree exactly), and the
    given names are compatible: equal, initials of each other, nicknames
    ("Freddie"/"Frederick"), or one name's given names a subset of the other's
    ("Mark Felt" / "W. Mark Felt").

    >>> same_person("Freddie Forsyth", "Frederick Forsyth"), same_person("W. Mark Felt", "Mark Felt")
    (True, True)
    >>> same_person("George Bush", "Laura Bush"), same_person("Duncan Rait", "Duncan Raite")
    (False, True)
    """
    if name_key(a) == name_key(b):  # "Lopes-Semedo" / "Lopes Semedo", case and accents
        return " " in a.strip() and " " in b.strip()
    ga, sa = person_parts(a)
    gb, sb = person_parts(b)
    if not ga or not gb or not sa or not sb:
        return False
    if sa != sb:
        if not (min(len(sa), len(sb)) >= 4 and one_edit(sa, sb) and ga == gb):
            return False
    full_a = [g for g in ga if len(g) > 1]
    full_b = [g for g in gb if len(g) > 1]
    if full_a and full_b:
        short, long_ = (full_a, full_b) if len(full_a) <= len(full_b) else (full_b, full_a)
        return all(any(_given_compatible(s, g) for g in long_) for s in short)
    return _given_compatible(ga[0], gb[0])


def canonical_person_names(labels: list[str]) -> dict[str, str]:
    """Each full person name mapped to the longest variant of the same person ("Mark Felt" -> "W. Mark Felt").

    A name that matches several longer variants (two different people could
    be meant) stays itself.

    >>> canonical_person_names(["Ann Oakes", "Ann B. Oakes", "Tom Oakes"])["Ann Oakes"]
    'Ann B. Oakes'
    """
    unique = sorted(set(labels), key=lambda x: (-len(x.split()), -len(x), x))
    canon: dict[str, str] = {}
    for label in unique:
        match = [c for c in dict.fromkeys(canon.values()) if same_person(label, c)]
        canon[label] = match[0] if len(match) == 1 else label
    return canon


def full_name_of(word: str, persons: set[str], is_person: bool, recent: dict[str, str] | None = None,
                 titled_as: str | None = None) -> str | None:
    """The full person name a bare surname (or, for a person, given name) ``word`` stands for.

    The one full name that fits; when several do ("Tomas Furtado" and
    his brother "Abel Furtado"), the one the text named last before it
    (``recent``: surname key -> full name), as a reader takes "Mr. Furtado"
    to be whoever was just introduced. A title's gender (``titled_as``,
    "m" for "Mr. Oakes") rules out the family's members of the other gender.

    >>> full_name_of("Oakes", {"Ann Oakes", "Tom Oakes"}, False, {"oakes": "Ann Oakes"}, titled_as="m")
    'Tom Oakes'
    """
    key = name_key(word)
    full = [p for p in persons if surname(p) == key or (is_person and p.split()[0] == word)]
    if titled_as:
        full = [p for p in full if name_gender(p.split()) in (None, titled_as)]
    if len(full) == 1:
        return full[0]
    last = (recent or {}).get(key)
    return last if last in full else None


def is_non_actor_name(label: str) -> bool:
    """True for names of laws, documents, plans, events, storms or meals ("Data Protection Act", "Breakfast").

    >>> is_non_actor_name("Data Protection Act"), is_non_actor_name("Hurricane Rosa"), is_non_actor_name("Labour Party")
    (True, True, False)
    """
    words = label.split()
    if not words:
        return False
    last = words[-1].lower().strip(".,")
    if last in non_actor_heads():
        return True
    # "Hurricane Rosa", "Operation Sea Shield"; not "Operation Smile Foundation", "Storm Shipping Ltd"
    return (len(words) > 1 and words[0].lower() in non_actor_openers()
            and last not in organization_heads() and last not in company_suffixes())


def looks_like_url(text: str) -> bool:
    """True for a web address or path, which the model sometimes tags as a person.

    >>> looks_like_url("http://example.org/a-story.html"), looks_like_url("Gary Hargrove")
    (True, False)
    """
    return bool(_URL.search(text))
