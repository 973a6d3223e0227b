"""Who does what in a clause: a predicate's subjects, passive agents and relation words.

Why its own module: finding the subject of a predicate is most of the work
of a triple and the part most tied to the parser's dependency labels
(inherited subjects of conjoined, controlled and relative clauses, passive
agents, the speaker of a quote). Kept apart from how arguments are resolved
(:mod:`kg.extract.arguments`) and which triples are made
(:mod:`kg.extract.triples`), it can be read against the label scheme alone.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .appositions import renaming_turn
from .control import (adjective_frame, asked_through_preposition, controllers, copula_of_adjective, gerund_doers,
                      misread_main_verb)
from .dismissals import dismissing_body
from .noun_phrases import (FINITE_VERB_TAGS, RELATIVE_PRONOUNS, SUBJECTS, compound_head,
                           denotes_people, headline_passive, misread_subject, named_aside)
from .wordlists import intent_nouns, linking_verbs, speech_verbs

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

__all__ = ["SUBJECTS", "OBJECTS", "RELATIVE_PRONOUNS", "is_predicate", "direct_subjects", "clause_subjects",
           "gapped_object", "passive_agents", "relation_tokens", "controls_complement", "quoted_speaker",
           "name_read_as_adverb", "clause_opened_by_preposition", "clause_after_preposition", "clause_words",
           "acting_possessor", "infinitive_owner", "intent_frame", "calls_by_a_name"]

#: Dependency labels and relative pronouns are grammar: closed classes of English (and of the
#: parser's label scheme) the rules are written against, so they stay in code; verb classes are
#: lexicon and live in ``kg/data/words`` (:mod:`kg.extract.wordlists`).
OBJECTS = {"dobj", "obj", "dative", "oprd"}


#: Present participles English uses as prepositions: "starting this month", "following the vote",
#: "including Peru". Without a subject or auxiliary of their own they state no event (grammar, not vocabulary).
_PREPOSITION_PARTICIPLES = frozenset({"starting", "beginning", "following", "including", "excluding",
                                      "concerning", "regarding", "pending", "barring", "according"})


def is_predicate(tok: "Token") -> bool:
    """A verb heading a clause, or a copula with a subject and an attribute ("X is Ecuador's president")."""
    if tok.tag_ == "VBG" and tok.lower_ in _PREPOSITION_PARTICIPLES and tok.dep_ != "ROOT" and not any(
            c.dep_ in SUBJECTS or c.dep_ in ("aux", "auxpass") for c in tok.children):
        return False  # "would carry out operations, starting this month": a time, not a second event
    if tok.pos_ == "VERB":  # a ROOT is never amod, compound or aux; "champion turned actress" renames, no event
        return tok.dep_ not in ("amod", "compound", "aux", "auxpass") and not renaming_turn(tok)
    if tok.pos_ == "AUX" and tok.lemma_ == "be":
        return any(c.dep_ in ("attr", "acomp") for c in tok.children) and any(
            c.dep_ in SUBJECTS for c in tok.children)
    return False


def direct_subjects(verb: "Token") -> list["Token"]:
    """The subjects the verb governs itself (none for "agreed to [send]")."""
    return [c for c in verb.children if c.dep_ in SUBJECTS]


#: The relative pronouns that stand for a person.
_WHO = frozenset({"who", "whom"})


def _noun_before(who: "Token") -> "Token":
    """The noun a "who" the parser did not read as relative follows ("greeted Rui's sister, who had arrived"
    with "arrived" hung on "greeted"), else ``who`` itself ("watched who won")."""
    before = who.doc[who.i - 1] if who.i > 0 else who
    if before.text == "," and before.i > 0:
        before = who.doc[before.i - 1]
    if before.pos_ not in ("NOUN", "PROPN"):
        return who
    word = [before]  # a hyphenated noun is one word: "daughter-in-law" ends in "law" but is headed by "daughter"
    while word[0].i > 0 and not who.doc[word[0].i - 1].whitespace_:
        word.insert(0, who.doc[word[0].i - 1])
    return compound_head(next((t for t in word if t.head not in word or t.head == t), before))


def _person_antecedent(pronoun: "Token", noun: "Token") -> "Token":
    """The person a "who" clause describes when the parser hung it on a thing: "the killing of a fisherman who
    was stabbed" is about the fisherman, not the killing."""
    if pronoun.lower_ not in _WHO or noun.pos_ != "NOUN" or not _names_an_event(noun):
        return noun
    owners = [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
              if o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN")]
    return owners[-1] if owners else noun


def _names_an_event(noun: "Token") -> bool:
    """A noun naming an event ("stabbing", "abduction", "murder"): never what a "who" stands for."""
    from .actions import load_lexicon

    lemma = noun.lemma_.lower()
    return not denotes_people(noun) and (lemma in load_lexicon().common_words()
                                         or lemma.endswith(("ing", "tion", "sion")))


def clause_opened_by_preposition(verb: "Token", clause: "Token") -> "tuple[Token, Token] | None":
    """(preposition, subject) when the parser read a subordinate clause's conjunction as a preposition and
    its subject as that preposition's object: "comes a day after [the chief] wrapped up a visit"."""
    preps = [c for c in verb.children if c.dep_ == "prep" and c.i < clause.i
             and c.lower_ in ("after", "before", "since", "until", "when", "as")]
    pobjs = [(p, o) for p in preps for o in p.children if o.dep_ == "pobj" and o.i < clause.i]
    return pobjs[-1] if pobjs else None


def clause_after_preposition(verb: "Token") -> "tuple[Token, Token] | None":
    """(preposition, clause) of a clause after ``verb`` whose subject the parser made the preposition's object."""
    for clause in verb.children:
        if clause.dep_ == "advcl" and clause.tag_ in ("VBD", "VBZ", "VBP") and not direct_subjects(clause):
            opened = clause_opened_by_preposition(verb, clause)
            if opened is not None and opened[0].i > verb.i and opened[0].lower_ != "as":  # "marked as X, believed"
                return opened[0], clause
    return None


def clause_words(verb: "Token", clause: "Token", relation: list["Token"]) -> str:
    """The text of a clause that is ``verb``'s object ("said [that ...]", "collapsed after [the envoy left]"),
    without the relation's words and what hangs on them ("a day" of "a day after"); a speaker set into the
    sentence is left out of what they said, and a subject read as a preposition's object is put back in."""
    from .arguments import span_text

    aside = set(verb.subtree) if clause in verb.ancestors else set()
    opens = max((r.i for r in relation if r.head == clause and r.dep_ in ("mark", "advmod")), default=-1)
    words = [*clause.subtree, *(w for p in relation if p.dep_ == "prep" and p.head == verb for w in p.subtree)]
    return span_text(sorted((t for t in words if not t.is_space and t not in aside and t not in relation
                             and t.i > opens), key=lambda t: t.i)).strip(" ,.\"“”")


def acting_possessor(noun: "Token") -> "Token | None":
    """The possessor of ``noun`` that can be an actor: a name or noun ("Portugal's decision", "the militia's
    attack"), or a third person's pronoun ("their refusal"); not "our" or "my", which stand for no one named."""
    return next((c for c in noun.children if c.dep_ == "poss"
                 and (c.pos_ != "PRON" or c.lower_ in ("his", "her", "its", "their"))), None)


def infinitive_owner(verb: "Token") -> "Token | None":
    """The possessor whose decision, plan, offer or refusal (``intent_nouns.csv``) a "to" infinitive
    completes: "Portugal" in "Portugal's decision to send a frigate", "the rebels' refusal to free the
    hostages"; else None.

    The one who decides (offers, refuses) is the one who would do it, as
    with the verbs ("Portugal decided to send"). Not a possessive pronoun
    other than a third person's ("our plan to ..." has no actor of its own).
    """
    if verb.dep_ != "acl" or verb.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    noun = verb.head
    if noun.pos_ != "NOUN" or noun.i > verb.i or noun.lemma_.lower() not in intent_nouns():
        return None
    return acting_possessor(noun)


def calls_by_a_name(verb: "Token") -> bool:
    """True for "call" naming or summoning, not contacting: "reporters called him Deep Throat", "it was
    called Tallgrass", "firefighters were called to the church" (an object predicate, or a passive
    without its caller); "she called the police" is a contact."""
    if verb.lemma_.lower() != "call":
        return False
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    return any(c.dep_ == "oprd" for c in verb.children) or (passive and not any(
        c.dep_ == "agent" for c in verb.children))


def intent_frame(verb: "Token") -> str | None:
    """The verb a framing noun stands for when its possessor does ``verb`` ("refuse" for "the rebels'
    refusal to free ..."; see :func:`infinitive_owner`), else None."""
    return intent_nouns()[verb.head.lemma_.lower()] if infinitive_owner(verb) is not None else None


def clause_subjects(verb: "Token", depth: int = 0) -> tuple[list["Token"], bool, bool]:
    """Return (subject tokens, passive?, inherited?) for a predicate."""
    direct = direct_subjects(verb)
    passive = any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children) or headline_passive(verb)
    if direct:
        resolved = []
        for s in direct:
            if s.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                resolved.append(_person_antecedent(s, verb.head))
            else:
                resolved.append(_noun_before(s) if s.lower_ in _WHO else s)
        return resolved, passive, False
    if depth > 3:
        return [], passive, False
    head = verb.head
    if verb.dep_ == "conj" and verb.tag_ == "VBG" and head.dep_ == "advcl" and head.tag_ == "VBN" \
            and not direct_subjects(head) and head.head != head:
        # "launched strikes on ships, accused of smuggling, killing 150 people": the participle clause
        # describes the ships; the killing is done by the main clause's subject
        subs, _, _ = clause_subjects(head.head, depth + 1)
        return subs, passive, True
    if verb.dep_ == "conj" and head.pos_ in ("NOUN", "PROPN") and verb.tag_ in FINITE_VERB_TAGS \
            and not direct_subjects(head):  # a verb read as a noun ("a gunman shot and wounded") has its own
        # "resigned after the collapse of the coalition and moved to Geneva": the parser hung the second verb
        # on the nearest noun; it is the clause's second verb, done by the clause's subject
        governor = next((a for a in head.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if governor is None:
            return [], passive, False
        subs, _, _ = clause_subjects(governor, depth + 1)
        return subs, passive, True
    renamed = named_aside(verb)
    if renamed is not None:  # "visited troops at Camp Lemon, also called Lemon Base": the camp is called so
        return [renamed], False, True
    if verb.dep_ == "conj" and head != verb:
        subs, head_passive, _ = clause_subjects(head, depth + 1)
        # "was arrested and charged": charged is passive too; "was shot and has spoken to police": a
        # participle with its own auxiliary is an active perfect
        own_aux = any(c.dep_ == "aux" for c in verb.children)
        return subs, passive or (head_passive and verb.tag_ == "VBN" and not own_aux), True
    if (frame := adjective_frame(verb)) or verb.dep_ == "xcomp":
        objs = controllers(verb) if verb.dep_ == "xcomp" else []
        if objs:
            return objs, passive, True
        # "Syria is willing to withdraw", "was intent on recruiting him": the adjective's copula has the subject
        subs, _, _ = clause_subjects(copula_of_adjective(verb) or (frame or [head])[0], depth + 1)
        return subs, passive, True
    if verb.dep_ == "relcl":
        return [head], passive, True
    if misread_main_verb(verb):
        return [head], False, False
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return [head], True, True  # "video shared by X": the noun is the patient
    owner = infinitive_owner(verb)
    if owner is not None:  # "Portugal's decision to send a frigate": Portugal sends it
        return [owner], passive, True
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return [head], passive, True  # "soldiers guarding the border": the noun does it
    if verb.dep_ == "advcl" and verb.tag_ in ("VBD", "VBZ", "VBP"):
        opened = clause_opened_by_preposition(head, verb)
        if opened is not None:
            return [opened[1]], passive, False
    if is_purpose_clause(verb):  # "moved to Geneva to lead a charity": the mover leads
        subs, _, _ = clause_subjects(head, depth + 1)
        return subs, passive, True
    if verb.dep_ == "advcl" and (verb.tag_ == "VBG" or (verb.tag_ == "VBN" and any(
            c.dep_ == "aux" and c.lower_ == "having" for c in verb.children))):
        # "Having seized the airport, the rebels moved on": the perfect participle is done by the clause's subject
        subs, _, _ = clause_subjects(head, depth + 1)
        return subs, passive, True
    doers = gerund_doers(verb)  # "accused the government of using", "charged two men with smuggling"
    if doers:
        return doers, passive, True
    if verb.dep_ == "pcomp" and _gerund(verb) and head.head.pos_ in ("VERB", "AUX") and head.head != head \
            and head.dep_ != "agent":  # "was caused by overloading the grid": the passive's subject did not overload
        # "waited instead of chasing the boat", "was arrested after leaving the port", "served two years before
        # being appointed ambassador": the clause's subject
        subs, _, _ = clause_subjects(head.head, depth + 1)
        return subs, passive, True
    if verb.i > verb.sent.start:  # "After crossing X, Y, Nakambe Stream reaches": the list's last item
        before = verb.doc[verb.i - 1]
        last = before.head if before.dep_ == "compound" else before
        if misread_subject(last) == verb:
            return [last], passive, False
    return [], passive, False


#: Nouns a relative clause without "that" says when, why or how of ("the day they left", "the way she won").
_CIRCUMSTANCE_NOUNS = frozenset({"day", "night", "week", "month", "year", "time", "moment", "way", "reason",
                                 "manner", "extent", "morning", "evening", "hour", "minute"})


def gapped_object(verb: "Token") -> list["Token"]:
    """The noun a relative clause without a relative word acts on: "the hostages [they took in Bafata]".

    Not when the clause has an object or a dangling preposition of its own
    ("the town they fled from"), nor for a noun of time, reason or manner
    ("the day they arrived"), nor for a linking verb.
    """
    head = verb.head
    if verb.dep_ != "relcl" or head.pos_ not in ("NOUN", "PROPN") or head.i > verb.i:
        return []
    if not any(c.dep_ == "nsubj" and c.i < verb.i for c in verb.children) or (
            verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children)):
        return []  # "two partners wounded": a participle, not a clause with tense
    if verb.left_edge.i != head.i + 1:
        return []  # only a clause right after its noun lacks "that": not "the vessel, when the warship intervened"
    if any(t.lower_ in RELATIVE_PRONOUNS or t.lower_ in ("where", "when", "why", "how") for t in verb.subtree
           if t.i < verb.i):  # "a post that she will resign from", "most of whom lived"
        return []
    if any(c.dep_ in OBJECTS or c.dep_ in ("ccomp", "xcomp", "attr", "acomp", "nsubjpass")
           or (c.dep_ == "prep" and not list(c.children)) for c in verb.children):
        return []
    if head.lemma_.lower() in _CIRCUMSTANCE_NOUNS or head.ent_type_ in ("DATE", "TIME") \
            or verb.lemma_.lower() in linking_verbs() or verb.lemma_ == "be":
        return []
    return [head]


def is_purpose_clause(verb: "Token") -> bool:
    """A "to" infinitive that says what another verb's doer did it for ("blocked the road to stop the convoy").

    One led by a conjunction is something else: "did not identify them, except to say ...",
    "gave no details other than to say ...".
    """
    return (verb.dep_ == "advcl" and verb.tag_ == "VB" and verb.head.pos_ in ("VERB", "AUX")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            and not any(c.dep_ == "mark" for c in verb.children))


def _gerund(verb: "Token") -> bool:
    """An -ing clause: "leaving the port", or the passive "being appointed ambassador"."""
    return verb.tag_ == "VBG" or (verb.tag_ == "VBN" and any(
        c.dep_ == "auxpass" and c.lower_ == "being" for c in verb.children))


def passive_agents(verb: "Token") -> list["Token"]:
    """The doers of a passive verb, from its "by" phrase ("was arrested by police" -> police)."""
    out = []
    for c in verb.children:
        if c.dep_ == "agent":
            out.extend(p for p in c.children if p.dep_ == "pobj")
    body = dismissing_body(verb, particle_of(verb)) if not out else None  # "was fired from Gordon Advisors"
    return out if body is None else [body]


def relation_tokens(verb: "Token") -> list["Token"]:
    """The words of the relation: the verb with its auxiliaries, particle, negation and the adverbs
    inside the verb group ("were readily proven"), in text order."""
    toks = [verb]
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass", "neg", "prt") and c.i > verb.i - 6:
            toks.append(c)
        elif c.dep_ == "advmod" and c.lower_ in ("not", "never", "no"):
            toks.append(c)
        elif c.dep_ == "advmod" and c.lower_ == "longer" and any(g.dep_ == "neg" for g in c.children):
            toks.extend([*(g for g in c.children if g.dep_ == "neg"), c])  # "no longer produces"
        elif c.dep_ == "advmod" and c.tag_ == "RB" and c.i < verb.i and (c.i == verb.i - 1 or any(
                a.dep_ in ("aux", "auxpass") and a.i < c.i for a in verb.children)):
            toks.append(c)  # inside the verb group: "were readily proven", "strictly maintain", "has also sent"
    return sorted(toks, key=lambda t: t.i)


def particle_of(verb: "Token") -> str | None:
    """The verb's particle, lower case: "out" of "carried out"."""
    return next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)


def two_word_prepositions(verb: "Token") -> list[tuple["Token", "Token", "Token"]]:
    """(first word, preposition, its object) of each two-word preposition after the verb.

    The parser hangs "out of" and "close to" as a word with no object of its
    own ("out" as a preposition, "close" as an adverb) governing the real
    preposition; read plainly, "broke out of the siege" loses its object.
    """
    found = []
    for lead in verb.children:
        if (lead.i < verb.i or lead.dep_ not in ("prep", "advmod") or lead.pos_ not in ("ADP", "ADV", "ADJ")
                or lead.lower_ in ("not", "never", "no")):  # "according to X" is a source, read elsewhere
            continue
        if any(c.dep_ in ("pobj", "pcomp") for c in lead.children):
            continue
        inner = [c for c in lead.children if c.dep_ == "prep"]
        if len(inner) != 1 or inner[0].i != lead.i + 1:
            continue
        pobj = next((c for c in inner[0].children if c.dep_ == "pobj"), None)
        if pobj is not None:
            found.append((lead, inner[0], pobj))
    return found


def controls_complement(verb: "Token") -> bool:
    """True if ``verb`` only frames an xcomp that carries the event ("helped to raise funds").

    Then the frame alone ("She | helped | -") is not a fact: the complement's
    triple, with the frame in its relation, says it all.
    """
    xcomps = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and not direct_subjects(c)]
    has_xcomp = bool(xcomps)
    has_args = any(c.dep_ in OBJECTS or c.dep_ in ("attr", "acomp", "ccomp") for c in verb.children) or any(
        asked_through_preposition(verb, x) for x in xcomps)  # "called on the rebels to free ...": an act itself
    return has_xcomp and not has_args


def quoted_speaker(subject: "Token", verb: "Token") -> "Token":
    """'"We are taking action," SOUTHCOM said': first-person subjects in a quote are the speaker."""
    if subject.lower_ not in ("we", "i"):
        return subject
    cur = verb
    for _ in range(6):
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_ in speech_verbs():
            speakers = direct_subjects(cur.head)
            if speakers and speakers[0].lower_ not in ("we", "i"):
                return speakers[0]
            return subject
        if cur.head == cur:
            break
        cur = cur.head
    return subject


def name_read_as_adverb(verb: "Token") -> list["Token"]:
    """The object the parser took for an adverb: a name right after a verb with no object of its own
    ("Chelsea beat Arsenal 3-1": "Arsenal" parsed as a noun-phrase adverbial). A date or number stays an
    adverbial ("They met Tuesday")."""
    if verb.pos_ != "VERB" or verb.i + 1 >= len(verb.doc):
        return []
    nxt = verb.doc[verb.i + 1]
    if (nxt.head == verb and nxt.dep_ == "npadvmod" and nxt.pos_ == "PROPN"
            and nxt.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT")):
        return [nxt]
    return []
