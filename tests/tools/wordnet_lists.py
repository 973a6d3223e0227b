"""Regenerate the word lists kg derives from WordNet 3.0 (``kg/data/words/*wordnet*``).

Why a script: the lists are facts of WordNet, not choices of ours, so they
are written by a program that anyone can re-run, never edited by hand.
WordNet is read from Debian's ``wordnet-base`` package
(``apt-get install wordnet-base``: ``/usr/share/wordnet``); kg itself never
needs WordNet installed, only the lists this writes.

    python tests/tools/wordnet_lists.py            # check the files are current
    python tests/tools/wordnet_lists.py --write    # rewrite them

The lists:

* ``not_people_nouns_wordnet.txt``: nouns that end like a word for people
  ("-er", "-ist", "-ant", "-ent", "-ee", "-or", "-ian", "-man") but whose
  most frequent sense is neither a person nor a group of people ("counters",
  "quarters", "statements", "plants"). A plural with such an ending is read
  as people ("workers", "protesters") unless listed. A noun stays people
  when either of its two most frequent senses is: the device or plant sense
  of an agent noun often comes first ("climbers", "firemen", "operators",
  "bombers").
* ``person_nouns_wordnet.txt``: every single-word noun one of whose two most
  frequent senses is a person ("contender", "host", "accountant"; not
  "name", "choice" or "part"), not counting named individuals (WordNet's
  instances: "david", "nixon" are names, not words for what someone is):
  a noun that can stand for a named person.
* ``person_first_nouns_wordnet.txt``: single-word nouns whose most
  frequent sense is a person and whose second, if any, is not a thing, an
  act or a place ("parolee", "receptionist", "client"; not "trawler",
  "fighter", "knockout", "ward"; nor a surname, whose first sense is one
  named individual: "nixon"): a noun kg's own lists lack that still
  describes someone ("a convicted molester").
* ``role_phrases_wordnet.txt``: two-word nouns whose first word is a verb's
  "-ing" form and whose most frequent sense is a person, not one named
  individual ("running back", "managing director", "prosecuting attorney";
  not "Bing Crosby"): written before a name they are the name's role, which
  the parser reads as a verb ("Prosecuting attorney Rui Lopes asked ...").
* ``functionary_nouns_wordnet.txt``: single-word nouns whose most frequent
  sense is a kind of police officer, lawyer, judge or prosecutor, jailer,
  guard, investigator, spokesperson, military officer or health
  professional (WordNet's hyponyms of those synsets: "sheriff", "attorney",
  "coroner", "spokesman", "surgeon"): the people through whom a story's
  people are handled. "The judge" or "the spokesman said" is whoever holds
  that office, someone the text names or calls so, not the last person
  named (who is most often the one being judged or spoken of).
* ``purpose_verbs_wordnet.txt``: single-word verbs whose most frequent sense
  is a verb of contest or contact ("beat", "defeat", "hit"). After such a
  verb a "to" infinitive is what its own subject does it for ("beat Lopes to
  win the title", "grabbed the boy to shield him"), where after other verbs
  the person object does it ("urged the rebels to disarm", "used children to
  carry the drugs").
* ``deed_senses_wordnet.txt``: each single-word verb with the synsets of its
  two most frequent senses and of their verb groups (WordNet's ``$``
  pointer: "strike" deliver a blow, grouped with "hit, strike, collide
  with"), for verbs that share one with another verb. Two verbs with a
  synset in common tell the same deed: a lede's "a woman ... struck by a
  car" and a later "Lena Marsh was hit" were done the same thing.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

WORDNET = Path("/usr/share/wordnet")
WORDS = Path(__file__).resolve().parents[2] / "kg" / "data" / "words"
OUT = WORDS / "not_people_nouns_wordnet.txt"
PERSON_OUT = WORDS / "person_nouns_wordnet.txt"
PURPOSE_OUT = WORDS / "purpose_verbs_wordnet.txt"
PERSON_FIRST_OUT = WORDS / "person_first_nouns_wordnet.txt"
ROLE_OUT = WORDS / "role_phrases_wordnet.txt"
FUNCTIONARY_OUT = WORDS / "functionary_nouns_wordnet.txt"
DEED_OUT = WORDS / "deed_senses_wordnet.txt"

#: The synsets (lemma, sense number) whose hyponyms are functionaries (see the module docstring).
FUNCTIONARY_ROOTS = (("lawman", 1), ("lawyer", 1), ("judge", 1), ("prosecutor", 1), ("jailer", 1), ("guard", 1),
                     ("investigator", 2), ("spokesperson", 1), ("military_officer", 1), ("health_professional", 1))

#: WordNet lexicographer files (lexnames) of people: noun.person (18) and noun.group (14).
PEOPLE_LEXFILES = frozenset({14, 18})
#: noun.person alone.
PERSON_LEXFILE = 18

#: A second sense in noun.act (4), noun.artifact (6) or noun.location (15) makes a person-first noun a
#: thing as often: "trawler" (a boat), "fighter" (a jet), "knockout" (a blow), "ward" (a district).
THING_LEXFILES = frozenset({4, 6, 15})

#: Verb lexicographer files of contest and contact: verb.competition (33), verb.contact (35).
PURPOSE_LEXFILES = frozenset({33, 35})

#: The singular endings of kg.extract.noun_phrases' plural people suffixes ("-men" -> "-man").
SUFFIXES = ("man", "er", "ist", "ian", "ant", "ent", "ee", "or", "ier")

WORDNET_LICENSE = """\
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# Permission to use, copy, modify and distribute this software and database and its documentation
# for any purpose and without fee or royalty is hereby granted, provided that you agree to comply
# with the following copyright notice and statements, including the disclaimer, and that the same
# appear on ALL copies of the software, database and documentation, including modifications that
# you make for internal use or for distribution.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS
# OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY
# MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE
# OR THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD
# PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. The name of Princeton University or
# Princeton may not be used in advertising or publicity pertaining to distribution of the software
# and/or database. Title to copyright in this software, database and any associated documentation
# shall at all times remain with Princeton University and LICENSEE agrees to preserve same.
"""

HEADER = """\
# Nouns ending like a word for people ("-er", "-ist", "-ant", "-ent", "-ee", "-or", "-ian", "-man")
# whose two most frequent WordNet 3.0 senses are neither a person nor a group of people: "counters",
# "quarters", "statements" and "plants" are not people, though "workers", "protesters" and
# "climbers" (a plant first, a person second) are. Generated by tests/tools/wordnet_lists.py from
# the first two listed senses of each noun (WordNet orders senses by frequency in its sense-tagged
# corpus); do not edit by hand: add to person_nouns.csv or actor_nouns.csv instead (those win).
#
""" + WORDNET_LICENSE

PERSON_HEADER = """\
# Single-word nouns one of whose two most frequent WordNet 3.0 senses is a person ("contender",
# "host", "accountant"; not "name", "choice" or "part"; nor a named individual such as "david" or
# "nixon", which are names): nouns that can stand for a named person, as in "Lopes is the leading
# contender". Generated by tests/tools/wordnet_lists.py; do not edit by hand.
#
""" + WORDNET_LICENSE


PERSON_FIRST_HEADER = """\
# Single-word nouns whose most frequent WordNet 3.0 sense is a person and whose second, if any, is
# not an act, an artifact or a place ("parolee", "receptionist", "client"; not "trawler", "fighter",
# "knockout", "ward"; nor a surname whose first sense is one named individual, "nixon"): an unlisted
# noun that describes someone ("a convicted molester"). Generated by tests/tools/wordnet_lists.py; do
# not edit by hand.
#
""" + WORDNET_LICENSE


ROLE_HEADER = """\
# Two-word nouns whose first word is a verb's "-ing" form and whose most frequent WordNet 3.0 sense is
# a person, not one named individual ("running back", "managing director", "prosecuting attorney"):
# written before a name they are the name's role, which the parser often reads as a verb taking the
# name as its object (kg.extract.parse_repairs). Lower case, one space between the words. Generated by
# tests/tools/wordnet_lists.py; do not edit by hand.
#
""" + WORDNET_LICENSE


PURPOSE_HEADER = """\
# Single-word verbs whose most frequent WordNet 3.0 sense is one of contest or contact
# (lexicographer files verb.competition and verb.contact: "beat", "defeat", "hit"). After such a
# verb a "to" infinitive is what its own subject does it for ("beat Lopes to win the title",
# "grabbed the boy to shield him"); after other verbs a person object does it ("urged the rebels
# to disarm", "used children to carry the drugs"). Generated by tests/tools/wordnet_lists.py; do
# not edit by hand.
#
""" + WORDNET_LICENSE


FUNCTIONARY_HEADER = """\
# Single-word nouns whose most frequent WordNet 3.0 sense is a hyponym of a police officer (lawman),
# lawyer, judge, prosecutor, jailer, guard, investigator, spokesperson, military officer or health
# professional ("sheriff", "attorney", "coroner", "spokesman", "surgeon"): the people through whom a
# story's people are handled. A bare "the judge" is whoever the text names or calls so, not the last
# person named. Generated by tests/tools/wordnet_lists.py; do not edit by hand.
#
""" + WORDNET_LICENSE


DEED_HEADER = """\
# Single-word verbs with the synsets (WordNet 3.0 offsets) of their two most frequent senses and of
# those senses' verb groups ("$" pointers), listed only when another verb shares one: two verbs with
# a synset in common tell the same deed ("struck by a car" and "was hit": strike's first sense is
# grouped with "hit, strike, collide with"). Read by kg.extract.identity_cues. Generated by
# tests/tools/wordnet_lists.py; do not edit by hand.
#
""" + WORDNET_LICENSE


#: How many of a noun's most frequent senses are looked at: an agent noun's device or plant sense is
#: often listed first ("climber", "fireman", "operator", "bomber"), its people sense second.
TOP_SENSES = 2


class Synsets(NamedTuple):
    """What kg reads of ``data.<pos>``, by synset offset."""

    lexfile: dict[str, int]  # the synset's lexicographer file
    instances: set[str]  # instance synsets: one named individual (``@i``)
    hyponyms: dict[str, list[str]]  # the synsets one ``~`` pointer below
    words: dict[str, list[str]]  # the synset's words, lower case, "_" between a phrase's words ("pull_back")


def synsets(wordnet: Path = WORDNET, pos: str = "noun") -> Synsets:
    """Each synset's lexicographer file, whether it is an instance, its hyponyms and its words, read from
    ``data.<pos>``."""
    found = Synsets({}, set(), {}, {})
    with open(wordnet / f"data.{pos}", encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            fields = line.split("|", 1)[0].split()
            offset = fields[0]
            found.lexfile[offset] = int(fields[1])
            at = 4 + 2 * int(fields[3], 16)  # after the synset's words: the pointer count, then the pointers
            pointers = fields[at + 1:at + 1 + 4 * int(fields[at])]
            if "@i" in pointers[::4]:
                found.instances.add(offset)
            found.hyponyms[offset] = [pointers[i + 1] for i in range(0, len(pointers), 4) if pointers[i] == "~"]
            found.words[offset] = [fields[4 + 2 * i].lower() for i in range(int(fields[3], 16))]
    return found


def senses(wordnet: Path = WORDNET, pos: str = "noun") -> dict[str, list[str]]:
    """Each lemma of ``index.<pos>`` with its synsets' offsets, most frequent sense first."""
    found: dict[str, list[str]] = {}
    with open(wordnet / f"index.{pos}", encoding="latin-1") as f:
        for line in f:
            if not line.startswith(" "):
                fields = line.split()
                found[fields[0]] = fields[-int(fields[2]):]  # offsets come last
    return found


def top_sense_lexfiles(wordnet: Path = WORDNET, pos: str = "noun",
                       top: int = TOP_SENSES) -> dict[str, tuple[int, ...]]:
    """Each single-word noun (or verb) of WordNet with the lexicographer files of its most frequent senses."""
    lexfile = synsets(wordnet, pos).lexfile
    return {lemma: tuple(lexfile[o] for o in offsets[:top]) for lemma, offsets in senses(wordnet, pos).items()
            if "_" not in lemma and "-" not in lemma and lemma.isalpha()}


def not_people_nouns(wordnet: Path = WORDNET) -> list[str]:
    """The sorted list written to ``not_people_nouns_wordnet.txt``."""
    return sorted(w for w, filenums in top_sense_lexfiles(wordnet).items()
                  if w.endswith(SUFFIXES) and PEOPLE_LEXFILES.isdisjoint(filenums))


def person_nouns(wordnet: Path = WORDNET) -> list[str]:
    """The sorted list written to ``person_nouns_wordnet.txt``: a person sense that is no named individual
    (the ``@i`` instances: "david" is King David, "nixon" the president; as words they are names)."""
    found = synsets(wordnet)
    return sorted(w for w, offsets in senses(wordnet).items() if "_" not in w and "-" not in w and w.isalpha()
                  and any(found.lexfile[o] == PERSON_LEXFILE and o not in found.instances
                          for o in offsets[:TOP_SENSES]))


def named_first_senses(wordnet: Path = WORDNET) -> set[str]:
    """Nouns whose most frequent sense is one named individual ("nixon", "reid": an ``@i`` instance synset)."""
    instances = synsets(wordnet).instances
    return {lemma for lemma, offsets in senses(wordnet).items() if offsets[0] in instances}


def person_first_nouns(wordnet: Path = WORDNET) -> list[str]:
    """The sorted list written to ``person_first_nouns_wordnet.txt``: not a named individual's surname."""
    named = named_first_senses(wordnet)
    return sorted(w for w, filenums in top_sense_lexfiles(wordnet).items()
                  if filenums[0] == PERSON_LEXFILE and THING_LEXFILES.isdisjoint(filenums[1:]) and w not in named)


def role_phrases(wordnet: Path = WORDNET) -> list[str]:
    """The sorted list written to ``role_phrases_wordnet.txt``: "-ing" word + noun, a person first."""
    nouns = synsets(wordnet)
    verbs = senses(wordnet, "verb")
    out = []
    for lemma, offsets in senses(wordnet).items():
        words, first = lemma.split("_"), offsets[0]
        if len(words) != 2 or not words[0].endswith("ing") or not all(w.isalpha() for w in words):
            continue
        stem = words[0][:-3]  # "running" -> "runn" -> "run"; "managing" -> "manag" -> "manage"
        if not {stem, stem + "e", stem[:-1]} & verbs.keys() or nouns.lexfile[first] != PERSON_LEXFILE \
                or first in nouns.instances:
            continue
        out.append(" ".join(words))
    return sorted(out)


def functionary_nouns(wordnet: Path = WORDNET) -> list[str]:
    """The sorted list written to ``functionary_nouns_wordnet.txt``: a first sense under a root's hyponyms."""
    hyponyms, lemmas = synsets(wordnet).hyponyms, senses(wordnet)
    below, todo = set(), [lemmas[lemma][n - 1] for lemma, n in FUNCTIONARY_ROOTS]
    while todo:
        offset = todo.pop()
        if offset not in below:
            below.add(offset)
            todo.extend(hyponyms.get(offset, ()))
    return sorted(w for w, offsets in lemmas.items() if w.isalpha() and offsets[0] in below)


def purpose_verbs(wordnet: Path = WORDNET) -> list[str]:
    """The sorted list written to ``purpose_verbs_wordnet.txt``."""
    return sorted(w for w, filenums in top_sense_lexfiles(wordnet, "verb", 1).items()
                  if PURPOSE_LEXFILES.intersection(filenums))


def verb_groups(wordnet: Path = WORDNET) -> dict[str, set[str]]:
    """Each verb synset's verb-group neighbours (the ``$`` pointers of ``data.verb``), both ways."""
    groups: dict[str, set[str]] = {}
    with open(wordnet / "data.verb", encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            fields = line.split("|", 1)[0].split()
            at = 4 + 2 * int(fields[3], 16)
            pointers = fields[at + 1:at + 1 + 4 * int(fields[at])]
            for i in range(0, len(pointers), 4):
                if pointers[i] == "$" and pointers[i + 2] == "v":
                    groups.setdefault(fields[0], set()).add(pointers[i + 1])
                    groups.setdefault(pointers[i + 1], set()).add(fields[0])
    return groups


def deed_senses(wordnet: Path = WORDNET) -> list[tuple[str, list[str]]]:
    """The sorted (verb, synsets) rows written to ``deed_senses_wordnet.txt`` (see the module docstring)."""
    groups = verb_groups(wordnet)
    rows = {}
    for lemma, offsets in senses(wordnet, "verb").items():
        if lemma.isalpha():
            top = offsets[:TOP_SENSES]
            rows[lemma] = sorted(set(top).union(*(groups.get(o, ()) for o in top)))
    shared = [o for synsets_ in rows.values() for o in synsets_]
    counts = Counter(shared)
    return sorted((w, offs) for w, offs in rows.items() if any(counts[o] > 1 for o in offs))


def trigger_synonyms(triggers: dict[str, str], wordnet: Path = WORDNET) -> dict[str, set[str]]:
    """Candidate triggers: each verb whose most frequent sense is the most frequent sense of a trigger, with the
    categories of those triggers ("incarcerate" -> {COERCE}, for "imprison" and "jail").

    Both ways the first sense, so that the word's usual meaning is the trigger's usual meaning: "hold" is among
    "arrest"'s synonyms only in a rarer sense. Candidates, not triggers: ``ontology/actions.ttl`` keeps those
    whose sense fits the category's PLOVER definition (``python tests/tools/wordnet_lists.py
    --trigger-synonyms`` lists them).
    """
    verbs, words = senses(wordnet, "verb"), synsets(wordnet, "verb").words
    found: dict[str, set[str]] = {}
    for trigger, category in triggers.items():
        key = trigger.replace(" ", "_")
        if key not in verbs:
            continue
        first = verbs[key][0]
        for word in words.get(first, ()):
            if word != key and word.replace("_", " ") not in triggers and verbs.get(word, [None])[0] == first:
                found.setdefault(word.replace("_", " "), set()).add(category)
    return found


def render(wordnet: Path = WORDNET) -> str:
    return HEADER + "".join(w + "\n" for w in not_people_nouns(wordnet))


def render_person(wordnet: Path = WORDNET) -> str:
    return PERSON_HEADER + "".join(w + "\n" for w in person_nouns(wordnet))


def render_person_first(wordnet: Path = WORDNET) -> str:
    return PERSON_FIRST_HEADER + "".join(w + "\n" for w in person_first_nouns(wordnet))


def render_purpose(wordnet: Path = WORDNET) -> str:
    return PURPOSE_HEADER + "".join(w + "\n" for w in purpose_verbs(wordnet))


def render_roles(wordnet: Path = WORDNET) -> str:
    return ROLE_HEADER + "".join(w + "\n" for w in role_phrases(wordnet))


def render_functionaries(wordnet: Path = WORDNET) -> str:
    return FUNCTIONARY_HEADER + "".join(w + "\n" for w in functionary_nouns(wordnet))


def render_deeds(wordnet: Path = WORDNET) -> str:
    return DEED_HEADER + "".join(f"{w} {' '.join(offs)}\n" for w, offs in deed_senses(wordnet))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite the list instead of checking it")
    parser.add_argument("--trigger-synonyms", action="store_true",
                        help="print the WordNet synonyms of kg's action triggers not yet triggers (candidates to read)")
    args = parser.parse_args(argv)
    if not (WORDNET / "index.noun").exists():
        print(f"WordNet not found at {WORDNET}: apt-get install wordnet-base", file=sys.stderr)
        return 2
    if args.trigger_synonyms:
        from kg.extract.actions import load_lexicon
        for word, categories in sorted(trigger_synonyms(load_lexicon().triggers).items()):
            print(word, " ".join(sorted(categories)), sep="\t")
        return 0
    stale = 0
    for out, header, text in ((OUT, HEADER, render()), (PERSON_OUT, PERSON_HEADER, render_person()),
                              (PURPOSE_OUT, PURPOSE_HEADER, render_purpose()),
                              (PERSON_FIRST_OUT, PERSON_FIRST_HEADER, render_person_first()),
                              (ROLE_OUT, ROLE_HEADER, render_roles()),
                              (FUNCTIONARY_OUT, FUNCTIONARY_HEADER, render_functionaries()),
                              (DEED_OUT, DEED_HEADER, render_deeds())):
        if args.write:
            out.write_text(text, encoding="utf-8")
            print(f"wrote {out} ({text.count(chr(10)) - header.count(chr(10))} words)")
        elif not out.exists() or out.read_text(encoding="utf-8") != text:
            print(f"{out} is out of date: python tests/tools/wordnet_lists.py --write", file=sys.stderr)
            stale = 1
        else:
            print(f"{out.name} is current")
    return stale


if __name__ == "__main__":
    sys.exit(main())
