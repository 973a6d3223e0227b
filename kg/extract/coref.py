"""Pronouns and descriptions resolved to the actor they refer to, precision first.

Why precision first: a pronoun resolved to the wrong actor puts an edge on the wrong node, which an analyst
cannot see and will trust; an unresolved pronoun only loses an edge. So a pronoun is resolved only when the
text leaves one compatible candidate:

* agreement: "he"/"she" only to a person of a compatible gender (given name, title or gendered noun), "it"
  only to an organisation or country, "they" never to one person;
* syntax first: a reflexive refers to its clause's subject ("Reid checked herself in"); a pronoun in what
  someone said refers to the speaker ("the officer says he fired"); a pronoun in a clause before the main
  clause to the main subject ("After she left, Lobato checked in"); a possessive in what someone is told to
  do to whom it is told ("told the workers to stay in their offices");
* otherwise the nearest sentence (this one, or one of the two before) that holds a compatible mention, if it
  holds exactly one compatible actor, or one that is a subject while the others are not.

Everything else stays unresolved: the mention keeps its text and offsets, and gets no actor id (so no edge
in the graph).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from .control import according_to, adjective_frame, parallel_object, told_doer
from .quotes import quoted
from .wordlists import reporting_verbs, saying_verbs, speech_verbs

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["DEMONSTRATIVES", "PRONOUNS", "PronounInfo", "Anchor", "resolve_pronouns", "speaker_of"]


@dataclass(frozen=True)
class PronounInfo:
    """What a pronoun says about its referent."""

    types: frozenset[str]
    gender: str | None = None
    plural: bool = False
    reflexive: bool = False
    person: int = 3  # grammatical person: 1 (I, we) or 3


_PERSON = frozenset({"Person"})
_THING = frozenset({"Organization", "Country"})
_PLURAL = frozenset({"Group", "Organization"})
_FIRST_PLURAL = frozenset({"Organization", "Group", "Country"})


def _p(types, gender=None, plural=False, reflexive=False, person=3) -> PronounInfo:
    return PronounInfo(types, gender, plural, reflexive, person)


#: Pronouns that point at something without naming it ("That angered the rebels"): never an actor of their own.
DEMONSTRATIVES = frozenset({"that", "this", "these", "those"})

PRONOUNS: dict[str, PronounInfo] = {
    "he": _p(_PERSON, "m"), "him": _p(_PERSON, "m"), "his": _p(_PERSON, "m"), "himself": _p(_PERSON, "m", reflexive=True),
    "she": _p(_PERSON, "f"), "her": _p(_PERSON, "f"), "hers": _p(_PERSON, "f"),
    "herself": _p(_PERSON, "f", reflexive=True),
    "it": _p(_THING), "its": _p(_THING), "itself": _p(_THING, reflexive=True),
    "they": _p(_PLURAL, plural=True), "them": _p(_PLURAL, plural=True), "their": _p(_PLURAL, plural=True),
    "themselves": _p(_PLURAL, plural=True, reflexive=True),
    "i": _p(_PERSON, person=1), "me": _p(_PERSON, person=1), "my": _p(_PERSON, person=1),
    "myself": _p(_PERSON, person=1, reflexive=True),
    "we": _p(_FIRST_PLURAL, plural=True, person=1), "us": _p(_FIRST_PLURAL, plural=True, person=1),
    "our": _p(_FIRST_PLURAL, plural=True, person=1),
}

#: Pronouns and dependency labels are grammar (closed classes the rules are written against) and
#: stay here; the verbs that report speech are lexicon (``kg/data/words/reporting_verbs.txt``).
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


@dataclass
class Anchor:
    """One mention an anaphor can point back to: a name, a description or a resolved pronoun."""

    i: int  # token index of the mention's head
    sent: int  # start token of its sentence
    subject: bool
    cluster: object  # a clusters.Cluster (type, gender, plural)


def compatible(info: PronounInfo, cluster) -> bool:
    """True if a pronoun can refer to ``cluster`` (type, number and gender agree)."""
    if cluster.type not in info.types:
        return False
    if info.plural:
        # "they": a group, a plural description or a plural-named organisation ("the Lions")
        return cluster.plural or cluster.type == "Group"
    if cluster.plural:
        return False
    if info.gender and cluster.gender and info.gender != cluster.gender:
        return False
    return True


def _clause_subject(tok: "Token") -> "Token | None":
    """The subject of the nearest verb governing ``tok`` (for reflexives)."""
    cur = tok.head
    for _ in range(8):
        subs = [c for c in cur.children if c.dep_ in SUBJECT_DEPS and c.i != tok.i]
        if subs:
            return subs[0]
        if cur.head == cur:
            return None
        cur = cur.head
    return None


def speaker_of(tok: "Token") -> "Token | None":
    """The subject of the speech verb whose reported clause holds ``tok`` ("the officer says he ...")."""
    cur = tok
    for _ in range(8):
        if cur.head == cur:
            return None
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_.lower() in reporting_verbs():
            if cur.head.i > tok.i and not quoted(tok):
                return None  # "He died in prison, said a spokesman": he is not the spokesman
            verb = cur.head  # "Santos denied the claims and said he would sue": the first verb's subject
            while not (subs := [c for c in verb.children if c.dep_ in SUBJECT_DEPS]) and verb.dep_ == "conj":
                verb = verb.head
            return subs[0] if subs else None
        if cur.dep_ in ("relcl", "acl", "advcl") and cur is not tok:
            return None
        cur = cur.head
    return None


def _main_subject_after(tok: "Token") -> "Token | None":
    """In a clause before the main clause, the main clause's subject ("After she left, Lobato ..."); in the
    second of two joined clauses, the first one's named subject ("Jackman has talent, but he lacks fans")."""
    if tok.dep_ in SUBJECT_DEPS and tok.head.dep_ == "conj" and (first := next((
            c for c in tok.head.head.children if c.dep_ in SUBJECT_DEPS and c.pos_ == "PROPN"), None)) \
            and quoted(first) == quoted(tok):  # not '"She returned," says Fairman, "and she shot ..."'
        return first
    cur = tok
    for _ in range(8):
        if cur.head == cur:
            return None
        if cur.dep_ in ("advcl", "prep") and cur.i < cur.head.i:
            main = cur.head
            subs = [c for c in main.children if c.dep_ in SUBJECT_DEPS and c.i > tok.i]
            if subs and main.pos_ in ("VERB", "AUX"):
                return subs[0]
            return None
        cur = cur.head
    return None


def _co_subject(tok: "Token") -> "Token | None":
    """The subject of the verb ``tok`` is the object of ("he hit him"): never what ``tok`` refers to.

    A participle, an infinitive or a conjoined verb without a subject of its own takes the subject of the
    verb it hangs from: in "Silva beat Costa, knocking him down" or "Silva appeared and hit him", "him" is
    not Silva; nor is the judge "him" in "The judge ordered him held".
    """
    accusative = tok.lower_ in ("him", "them") or (tok.lower_ == "her" and tok.tag_ == "PRP"
                                                   and tok.head.tag_ in ("VBN", "VB"))
    if tok.dep_ == "nsubj" and accusative and tok.head.dep_ in ("ccomp", "xcomp"):
        # "The judge ordered him held", "Police saw them leave": the accusative is the ordering verb's object
        # ("her" only before a participle or a bare verb, "ordered her released": before an "-ing" word it is
        # as often a possessive the parser made a subject, "her winning smile")
        return next((c for c in tok.head.head.children if c.dep_ in SUBJECT_DEPS), None)
    if tok.dep_ not in ("dobj", "dative", "pobj"):
        return None
    verb = tok.head if tok.dep_ != "pobj" else tok.head.head
    verb = verb.head if tok.head.lower_ == "of" and verb.dep_ == "dobj" else verb  # "killed three of them"
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            return subject
        if not (frame := adjective_frame(verb)) and verb.dep_ not in ("advcl", "xcomp", "conj"):  # "intent on ..."
            return None
        if verb.tag_ not in ("VBG", "VBN", "VB") and verb.dep_ != "conj":  # "X appeared and shot him": X shot
            return None
        verb = frame[0] if frame else verb.head
    return None


def _fronted_report(tok: "Token") -> set[int] | None:
    """Whom a report names when its speaker ``tok`` comes after it ("The judge could free her, he added"): a
    speaker says "I", so someone else, except whoever says it in the report ("Lopes said X, he added": Lopes).
    None unless ``tok`` is the subject of a verb of saying set off after its report."""
    if tok.dep_ != "nsubj" or tok.head.lemma_ not in speech_verbs() or tok.i == 0 \
            or tok.nbor(-1).text not in (",", "''", '"', "”", "’", "'"):  # after a comma or a quote, not ";"
        return None
    report = next((c for c in tok.head.children if c.dep_ == "ccomp" and c.i < tok.i), None)
    if report is None:
        return None
    return {t.i for t in report.subtree
            if not (t.dep_ in SUBJECT_DEPS and t.head.lemma_ in saying_verbs())}


def _own_object(tok: "Token") -> "Token | None":
    """The object its own verb has when ``tok`` is that verb's subject (or "them" in its "some of them"):
    a noun, never what ``tok`` refers to ("They thanked the officers": they are not the officers)."""
    subject = tok
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.dep_ in SUBJECT_DEPS:
        subject = tok.head.head  # "Some of them thanked the officers"
    if subject.dep_ != "nsubj":
        return None
    return next((c for c in subject.head.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")), None)


def resolve_pronouns(doc: "Doc", anchors: list[Anchor], mention_cluster: Callable[["Token"], object | None],
                     sentence_starts: list[int]) -> dict[int, object]:
    """Resolve every third- and first-person pronoun of ``doc``; returns token index -> cluster.

    ``anchors`` are the document's name and description mentions in token
    order; resolved pronouns are added to them as the pass goes, so a chain
    ("Reid ... she ... her") follows its first link. ``mention_cluster``
    gives the cluster of a token that heads a mention (or None).
    Pronouns left out of the result are unresolved.
    """
    out: dict[int, object] = {}
    sent_index = {start: k for k, start in enumerate(sentence_starts)}
    anchors = sorted(anchors, key=lambda a: a.i)

    def cluster_of(tok: "Token") -> object | None:
        return out[tok.i] if tok.i in out else mention_cluster(tok)

    for tok in doc:
        info = PRONOUNS.get(tok.lower_)
        if info is None or tok.pos_ != "PRON":
            continue
        found = _resolve_one(tok, info, doc, anchors, cluster_of, sent_index)
        if found is not None:
            out[tok.i] = found
            if info.gender and not info.plural and found.type == "Person" and found.gender is None:
                found.gender = info.gender  # "Joana Brito ... her lawyer": the text says she is a woman
            anchor = Anchor(tok.i, tok.sent.start, tok.dep_ in SUBJECT_DEPS, found)
            pos = next((k for k, a in enumerate(anchors) if a.i > tok.i), len(anchors))
            anchors.insert(pos, anchor)
    return out


def _resolve_one(tok: "Token", info: PronounInfo, doc: "Doc", anchors: list[Anchor],
                 cluster_of: Callable[["Token"], object | None], sent_index: dict[int, int]) -> object | None:
    if info.reflexive:
        subj = _clause_subject(tok)
        if subj is None:
            return None
        c = cluster_of(subj)
        return c if c is not None and _agrees(info, c) else None
    if (tok.lower_ == "it" and not _referring_it(tok)) or _proverbial_they(tok):
        return None
    if info.person == 1:  # "I", "we" only inside what a named speaker said
        speaker = speaker_of(tok)
        if speaker is None or speaker.lower_ in PRONOUNS and PRONOUNS[speaker.lower_].person == 1:
            return None
        c = cluster_of(speaker)
        return c if c is not None and c.type in info.types and (not info.plural or c.type != "Person") else None
    speaker = speaker_of(tok)
    # '"He betrayed the uniform," said Sitoe': inside a quote the speaker says "I", so "he" is someone else
    quoting = cluster_of(speaker) if speaker is not None and quoted(tok) else None
    # "The cartel threatened two judges. It said they would pay": whom a speaker calls "it" is not "they"
    other_than_speaker = cluster_of(speaker) if speaker is not None and info.plural and speaker.lower_ in (
        "it", "he", "she") else None
    if speaker is not None and quoting is None and other_than_speaker is None:
        c = cluster_of(speaker)
        # "Seacom announced that they have restored services": an organisation speaks of itself as "they", and
        # so do people a plural noun names whatever actor they stand for ("Palestinian leaders said they would"),
        # but never one person whose name the tagger read as a plural ("Lopes said they would live")
        fits = c is not None and (compatible(info, c) or (info.plural and (c.type == "Organization" or (
            speaker.tag_ in ("NNS", "NNPS") and c.type != "Person"))))
        if fits and not _better_gender_match(info, c, tok, anchors):
            return c
    told = told_doer(tok) if tok.dep_ == "poss" else parallel_object(tok) if tok.pos_ == "PRON" else None
    if told is not None and (c := cluster_of(told)) is not None and compatible(info, c):  # their offices, him
        return c
    if tok.dep_ in SUBJECT_DEPS or tok.dep_ == "poss":
        main = _main_subject_after(tok)
        if main is not None:
            c = cluster_of(main)
            # a name only: "As he spoke, the suspect appeared" introduces the suspect, someone else
            if c is not None and compatible(info, c) and getattr(c, "scope", None) is None and c is not quoting:
                return c
    here = sent_index.get(tok.sent.start, 0)
    co_subject = _co_subject(tok)
    # the co-argument subject, and whoever it is ("Sam's Club ... its tape ... will hand it over": not the club)
    excluded = cluster_of(co_subject) if co_subject is not None else None
    own_object = _own_object(tok)
    named_object = cluster_of(own_object) if own_object is not None else None
    outside_quotes = not quoted(tok)
    said = _fronted_report(tok)
    tiers: dict[int, list[Anchor]] = {}
    for a in anchors:
        if a.i >= tok.i:
            break
        distance = here - sent_index.get(a.sent, -99)
        if co_subject is not None and (a.i == co_subject.i or (excluded is not None and a.cluster is excluded)):
            continue
        if any(a.cluster is c for c in (quoting, other_than_speaker) if c is not None):
            continue
        if distance == 0 and ((outside_quotes and quoted(doc[a.i])) or (said is not None and a.i in said)
                              or (according_to(doc[a.i]) and not info.plural)):  # "According to Kurtz, he ..."
            continue  # '"I don't question Billy," he said', "The judge may free her, he added": not whom it names
        if info.plural and _said_of_speakers(doc[a.i]):
            continue  # '"We are fishermen, and they treat us like criminals"': the fishermen are "we"
        if 0 <= distance <= 2 and compatible(info, a.cluster):
            tiers.setdefault(distance, []).append(a)
    found = _nearest_fit(info, tiers)
    # never the noun its own verb takes as object; but no tie broken by leaving that noun out either: where
    # it was one of several candidates, the others are no surer (measured on ECB+: as many wrong as right)
    return None if found is not None and found is named_object else found


def _said_of_speakers(tok: "Token") -> bool:
    """True for what "we" are said to be or not to be ("We are fishermen", "We are not smugglers"): the
    speakers, whom their own "they" never means."""
    verb = tok.head
    return tok.dep_ == "attr" and verb.lemma_ == "be" and any(c.dep_ == "nsubj" and c.lower_ == "we"
                                                             for c in verb.children)


def _nearest_fit(info: PronounInfo, tiers: dict[int, list[Anchor]]) -> object | None:
    """The one actor the nearest sentence with candidates offers (its subject, if several), or None."""
    for distance in sorted(tiers):
        cands = tiers[distance]
        if info.gender:  # a candidate whose gender is known to agree beats one of unknown gender
            known = [a for a in cands if getattr(a.cluster, "gender", None) == info.gender]
            cands = known or cands
        distinct = {id(a.cluster): a.cluster for a in cands}
        if len(distinct) == 1:
            return next(iter(distinct.values()))
        subjects = {id(a.cluster): a.cluster for a in cands if a.subject}
        if len(subjects) == 1:
            return next(iter(subjects.values()))
        return None  # several actors fit equally: leave it unresolved
    return None


def _proverbial_they(tok: "Token") -> bool:
    """True for the "they" of a saying: "you know what they say", "as they say" (people in general, no one named)."""
    verb = tok.head
    if tok.lower_ != "they" or tok.dep_ != "nsubj" or verb.lemma_.lower() != "say":
        return False
    if any(c.dep_ in ("ccomp", "prep", "dobj") and c.lower_ != "what" for c in verb.children):
        return False  # "what they say about the strike", "they say the offer is fair": someone's words
    return any((c.dep_ == "dobj" and c.lower_ == "what") or (c.dep_ == "mark" and c.lower_ == "as")
               for c in verb.children)


#: Verbs whose subject "it" is usually no one: "it seems", "it remains unclear", "it takes time".
_EMPTY_IT_VERBS = frozenset({"be", "seem", "appear", "look", "happen", "remain", "take", "matter", "rain"})
#: What only someone takes: "it took part", "it took control of the port", "it took responsibility".
_ACTS_TAKEN = frozenset({"part", "control", "responsibility", "charge", "action", "power", "office"})


def _referring_it(tok: "Token") -> bool:
    """True when "it" can stand for an organisation or a country: a subject that acts, as in "the ministry said it would ...".

    Measured on ECB+ news, "it" as an object ("turned it down", "hand it over") was a thing nine times in ten,
    and "it" as the subject of a copula, of "seem"-like verbs or of a passive report ("it's possible", "it was
    reported that") is no one: those are left unresolved.
    """
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = tok.head
    if tok.dep_ == "nsubj" and verb.lemma_.lower() in _EMPTY_IT_VERBS and not (verb.lemma_ == "take" and any(
            c.dep_ == "dobj" and c.lemma_.lower() in _ACTS_TAKEN for c in verb.children)):
        return False  # "it takes time", "it took a reward to ..."; but "it took part in the talks": someone
    if tok.dep_ == "nsubjpass" and (verb.lemma_.lower() in reporting_verbs()
                                    or any(c.dep_ in ("ccomp", "csubj") for c in verb.children)):
        return False  # "it was reported that ...", "it is expected that ..."
    return True


def _better_gender_match(info: PronounInfo, speaker, tok: "Token", anchors: list[Anchor]) -> bool:
    """True if "she" has a speaker of unknown gender but a known woman earlier in the sentence.

    "A friend of the actress said she ...": the speaker rule would pick the friend; the actress fits better,
    so the speaker rule stands aside.
    """
    if not info.gender or getattr(speaker, "gender", None) == info.gender:
        return False
    return any(a.sent == tok.sent.start and a.i < tok.i and a.cluster is not speaker
               and getattr(a.cluster, "gender", None) == info.gender for a in anchors)


def _agrees(info: PronounInfo, cluster) -> bool:
    """Reflexives only need type agreement and, where both are known, gender."""
    if cluster.type not in info.types and not (info.plural and cluster.plural):
        return False
    return not (info.gender and cluster.gender and info.gender != cluster.gender)
