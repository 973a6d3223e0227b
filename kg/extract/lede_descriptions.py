"""Descriptions a story names later: a lede's "A nurse rescued ..." and a headline's "Woman dies ...".

Why its own module: news puts the description first and the name after
("A 59-year-old woman was hit ... Ana Reis was crossing ..."), the reverse of
the "the actress" after "Tara Reid" that :mod:`kg.extract.descriptions` reads
back. The rules here look forward, or at the whole story, and each needs its
own guard against taking the other person of the lede ("A driver hit a
woman ..."). :class:`LedeRules` is a mixin of
:class:`~kg.extract.descriptions.DescriptionRules`, with the same state.
"""
from __future__ import annotations

import bisect
from collections import Counter
from typing import TYPE_CHECKING, Callable

from .clusters import Cluster, NameMention
from .countries import country_code, demonym_code, demonym_words
from .identity_cues import deeds, determiner, indefinite, same_deed
from .non_actor_mentions import headline_sentence, page_furniture
from .names import surname
from .noun_phrases import is_subject, marked_new, role_of, set_off
from .token_search import positions
from .wordlists import light_verbs, person_nouns, saying_verbs

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["LedeRules"]


class LedeRules:
    """Finds the named person a description introduces before the name (see the module's docstring)."""

    doc: "Doc"
    _mentions: list[NameMention]
    _sent_starts: list[int]
    _people_roles: "dict[tuple[str, str], list[tuple[Cluster, Token]]] | None"  # see _people_byrole_of
    _description_at: dict[int, Cluster]
    _clusters: dict[str, Cluster]
    _introduced_so: "Callable[[Token, Cluster], bool]"  # see DescriptionRules
    _possessed_by: "Callable[[Token, Cluster], bool]"

    def _source_mention(self, m: NameMention) -> bool:
        """True when a name is mentioned as the one who says something ("Ana Cossa said", "..., Cossa said",
        "His lawyer, Ana Cossa, said")."""
        root = self.doc[m.start:m.end].root
        if root.dep_ == "appos" and root.head.dep_ == "nsubj":  # "His lawyer, Ana Pires, said"
            root = root.head
        verb = root.head.lemma_.lower()
        return root.dep_ == "nsubj" and verb in saying_verbs()

    def _called_person(self, tok: "Token", gender: str | None, first_seen: dict[int, int], *,
                       counted: bool = False) -> Cluster | None:
        """The one person of the document the text calls by this noun ("Deputy Jerry Ortiz" for "the deputy").

        A definite description may come before or after the name; an
        indefinite one ("A deputy was shot ...") only before it, as in a lede
        that names the person later: after the name, "a deputy" is someone else.
        A possessive is definite ("his sister" for "his sister, Katia Reis"; "Reid's publicist").
        ``counted``: a count of one reads as "a" and is no mark of someone new
        ("One Australian ..."; asked for nationalities only, whose noun tells
        more than "one man" does).
        """
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)  # "his sister", "Reid's publicist"
        det = determiner(tok) or ("the" if owner is not None else "a" if counted and indefinite(tok) else None)
        if det not in ("the", "this", "that", "a", "an"):
            return None
        if marked_new(tok, ahead=True) or any(c.dep_ == "prep" and c.lower_ == "of" and not set_off(c) and any(
                o.dep_ == "pobj" and o.pos_ == "PROPN" for o in c.children) for c in tok.children):
            return None  # "the governor of California" is that place's, whoever else the text calls a governor
        noun = tok.lemma_.lower()
        called = {id(c): c for c in self._clusters.values()
                  if c.type == "Person" and noun in c.nouns and not (gender and c.gender and c.gender != gender)}
        if len(called) != 1:
            return None
        cluster = next(iter(called.values()))
        if marked_new(tok, ahead=counted) and not self._introduced_so(tok, cluster):
            return None  # "the former minister" is another one, unless the name was "former minister X" too
        if self._possessed_by(tok, cluster):
            return None  # "Reid's publicist" is not Reid
        if det in ("a", "an") and first_seen.get(id(cluster), -1) < tok.i:
            return None
        return cluster

    def _same_role_person(self, tok: "Token", gender: str | None) -> Cluster | None:
        """The one named person the document gives the same part in the same event as this description.

        "Man charged with arson after supermarket fire" (a headline) and,
        further down, "Rui Tavares, 24, was charged with arson": the
        description is the agent, or the patient, of a verb whose agent (or
        patient) the text names elsewhere. Only when exactly one person of
        compatible gender plays that part anywhere in the document, not named
        inside the description's own phrase ("a gang member of murdering Rui
        Lopes" is not Rui Lopes), and the description is not marked as
        someone new ("another man").
        """
        role = role_of(tok)
        if role is None or marked_new(tok) or any(c.dep_ == "poss" for c in tok.children):
            return None
        verb, part = role
        lemma = verb.lemma_.lower()
        if lemma in saying_verbs() or lemma in light_verbs() or lemma in ("be", "have"):
            return None  # "a spokesman said", "Rui Lopes said": saying is what everyone in a story does
        found: dict[int, Cluster] = {}
        for c, other in self._people_byrole_of().get((verb.lemma_, part), ()):
            if (gender and c.gender and c.gender != gender) or other.i == verb.i:
                continue
            if any(a.lower_ in ("also", "too", "another") for a in (*verb.children, *other.children)):
                return None  # "Police also arrested Rui Tavares": a second person in the same event
            found[id(c)] = c
        if len(found) != 1:
            return None
        c = next(iter(found.values()))
        if any(m.cluster is c and tok.left_edge.i <= m.start < tok.right_edge.i
               and self.doc[m.start:m.end].root.dep_ not in ("appos", "compound") for m in self._mentions):
            return None  # "a gang member of murdering Rui Lopes": a phrase is not someone it names inside it
        return c

    def _people_byrole_of(self) -> dict[tuple[str, str], list[tuple[Cluster, "Token"]]]:
        """Named people by (verb lemma, part) they play, in text order: read once per document, not per description."""
        index = self._people_roles
        if index is None:
            index = {}
            for m in self._mentions:
                if m.cluster.type != "Person":
                    continue
                role = role_of(self.doc[m.start:m.end].root)
                if role is not None:
                    index.setdefault((role[0].lemma_, role[1]), []).append((m.cluster, role[0]))
            self._people_roles = index
        return index

    def _named_later(self, tok: "Token", gender: str | None) -> Cluster | None:
        """The person a lede's description names in the next sentences ("A nurse rescued ... Rui Tavares, 52, ...").

        Only when nothing else could be meant: the description is a subject,
        no person is named before it (but in a headline that names the same
        one: "Ana Reis charged" over "A nurse who ... Ana Reis, 43, ..."), the
        first person named after it (other than one only named as the source:
        "Judge Ana Cossa said Rui Lopes, 44, ...") is named within the next two
        sentences as a subject (or with an age in apposition), and no other
        single person noun that could be the named one stands in the lede
        sentence ("A driver hit a woman ...": the name may be either's; not
        the aunt of "Son held after aunt found dead" when both the noun and
        the name say the one named is a man).
        """
        det = determiner(tok)  # a headline's "Woman hurt" as "a woman"
        if det not in ("the", "a", "an") or not is_subject(tok):
            return None
        if marked_new(tok, ahead=True) or any(c.dep_ == "poss" for c in tok.children):
            return None
        before = [m for m in self._mentions if m.start < tok.i and m.cluster.type == "Person"]
        if any(not headline_sentence(self.doc[m.start].sent) for m in before):
            return None  # someone is already named: the description may be them or another
        here = bisect.bisect_right(self._sent_starts, tok.i) - 1
        lo = self._sent_starts[here + 1] if here + 1 < len(self._sent_starts) else len(self.doc)
        hi = self._sent_starts[here + 3] if here + 3 < len(self._sent_starts) else len(self.doc)
        # the first person named after it who is not only the source ("Judge Ana Cossa said Rui Lopes, 44, ...")
        later = next((m for m in self._mentions if m.start > tok.i and m.cluster.type == "Person"
                      and not self._source_mention(m)), None)
        if later is None or not lo <= later.start < hi:
            return None
        c = later.cluster
        if before and all(m.cluster is not c for m in before):
            return None  # the headline names someone else: the description may be either
        if gender and c.gender and c.gender != gender:
            return None
        # "A driver hit a woman ...": the name may be either's; but "Son held after grandmother and aunt
        # found dead" names the son when the noun and the name both say he is a man (a given name may mislead)
        if self._another_person_noun(tok, gender if gender and c.gender == gender else None):
            if not self._named_for_the_same_deed(tok, c, gender, lo, hi):
                return None
            c.apart.update(o.lemma_.lower() for o in self._other_person_nouns(tok))  # "... the driver ...": not her
        root = self.doc[later.start:later.end].root
        if not (is_subject(root) or any(ch.dep_ == "appos" and ch.like_num for ch in root.children)):
            return None
        return c

    def _named_for_the_same_deed(self, tok: "Token", c: Cluster, gender: str | None, lo: int, hi: int) -> bool:
        """True if the named person, in the next sentences, had done to them (or did) what the lede's noun did and
        no other person noun of the lede did ("A woman has died after being hit by a car ..., and now, the driver
        is facing charges. ... Lena Marsh was crossing the road when she was struck": hit and struck tell one deed,
        :func:`~kg.extract.identity_cues.same_deed`).

        The named person's deeds are those of their mentions and of a "he"/"she" of their gender after them
        in the same sentence; "be", "have" and saying verbs tell nothing."""
        own = {"f": ("she", "her"), "m": ("he", "him")}.get(gender or "", ())  # "... the car that hit her"
        mine = {d for t in (tok, *(t for t in tok.sent if t.i > tok.i and t.lower_ in own)) for d in deeds(t)
                if d[0] not in ("be", "have") and d[0] not in saying_verbs()}
        others = set().union(*(deeds(o) for o in self._other_person_nouns(tok)))
        pronoun = {"f": "she", "m": "he"}.get(c.gender or gender or "")
        theirs: set[tuple[str, bool]] = set()
        for m in self._mentions:
            if m.cluster is not c or not lo <= m.start < hi:
                continue
            root = self.doc[m.start:m.end].root
            theirs |= deeds(root)
            theirs |= set().union(*(deeds(t) for t in root.sent if t.i > root.i and t.lower_ == pronoun))
        return any(same_deed(d, theirs) and not same_deed(d, others) for d in mine)

    @staticmethod
    def _other_person_nouns(tok: "Token") -> list["Token"]:
        """The person nouns of ``tok``'s sentence other than ``tok`` ("A woman ..., and now, the driver ...")."""
        return [o for o in tok.sent if o.i != tok.i and o.pos_ == "NOUN" and o.lower_ in person_nouns()]

    @staticmethod
    def _another_person_noun(tok: "Token", gender: str | None = None) -> bool:
        """True if the sentence holds another singular person noun (of ``gender`` or unknown, if given)."""
        nouns = person_nouns()
        for other in tok.sent:
            info = nouns.get(other.lower_)
            if other.i != tok.i and other.pos_ == "NOUN" and info is not None and not info.plural \
                    and other.head.i != tok.i and (gender is None or info.gender in (None, gender)):
                return True
        return False

    def _main_person(self, tok: "Token", gender: str | None) -> Cluster | None:
        """The story's main person, for a lede's "a man" or a headline's "Woman" that no other rule placed.

        News introduces its main person by a description ("A woman died
        after she fell from a cliff") and names them further down, often
        past the next two sentences that :meth:`_named_later` looks at. The
        description takes the person the document names most (by surname,
        not counting "..., Lopes said"), when that person is of the
        description's stated gender (known from a title, a given name or the
        text's own pronouns), named at least twice and twice as often as
        anyone else of compatible gender. A headline's noun of no gender
        ("Inmate escapes ...") takes a person named three times as often as
        anyone else, and at least three times. Not for one of a list ("two
        women and a man"), someone's ("his mother"), a sentence that names a person of
        compatible gender or holds another singular person noun that could be
        them ("a deputy was shot by a gunman"), or anything marked new.
        """
        if gender is None and not headline_sentence(tok.sent):
            return None
        if determiner(tok) not in ("a", "an") or marked_new(tok, ahead=True) \
                or any(c.dep_ == "poss" for c in tok.children):
            return None
        if any(m.start < tok.i and m.cluster.type == "Person" for m in self._mentions):
            return None
        if tok.dep_ == "conj" or any(c.dep_ == "conj" for c in tok.children):
            return None  # "killed two women and a man": one of several
        if self._another_person_noun(tok, gender):
            return None  # "a deputy ... was shot by a gunman": the named man may be either
        people: dict[int, Cluster] = {}
        for m in self._mentions:
            c = m.cluster
            if c.type != "Person" or (gender and c.gender not in (gender, None)):
                continue
            if tok.sent.start <= m.start < tok.sent.end:
                return None  # "A man was shot by Rui Lopes": the name is someone else
            if not self._source_mention(m):
                people[id(c)] = c
        # how often each is named: by its surname as written, as news names a person after the first time
        saying = saying_verbs()
        words = Counter(t.lower_ for t in self.doc if t.text[:1].isupper() and not (
            t.dep_ == "nsubj" and t.head.lemma_.lower() in saying))  # "..., Hastings said": the source
        counts = Counter({k: words[surname(c.label)] for k, c in people.items()})
        (top, n), *rest = counts.most_common(2) + [(None, 0)]
        if gender is None:  # a headline's "Teen held": only a person the story names far more than anyone
            return people[top] if n >= 3 and n >= 3 * rest[0][1] else None
        if n >= 2 and n >= 2 * rest[0][1] and people[top].gender == gender:
            return people[top]  # the story's main person, and known to be of that gender
        return None

    def _lede_echo(self, tok: "Token") -> "Token | None":
        """The lede's noun a headline's bare noun repeats ("Driver charged ..." and "A driver has been charged ...").

        The headline shortens the lede: its "Driver" is the lede's "a
        driver", whoever that turns out to be, so it waits for the lede's
        reading rather than guessing on its own (it would miss the other
        person the lede names beside it, "... struck a woman"). The echo is
        the first token with the same lemma in the next sentence, a time
        stamp line between them passed over ("Updated 4/11/2026 1:26 PM":
        :func:`~kg.extract.non_actor_mentions.page_furniture`), else the lede's
        subject that did the same deed (:meth:`_same_deed`).
        """
        if tok.dep_ == "compound" or determiner(tok) != "a" or any(c.dep_ == "det" for c in tok.children):
            return None  # a headline's bare noun only ("Woman hurt"), not a lede's "a woman"
        lemma = tok.lemma_.lower()
        lede = self._next_sentence(tok)
        same = next((t for t in lede if t.lemma_.lower() == lemma and t.tag_ == "NN"
                     and t.dep_ != "compound"), None)  # one person: not the lede's "two women"
        return same if same is not None else self._same_deed(tok, lede)

    @staticmethod
    def _same_deed(tok: "Token", lede: "Span | list[Token]") -> "Token | None":
        """The lede's "A man suspected of shooting ..." for a headline's "Sacked worker shoots ...": another noun
        for the one who did the headline's deed. Only the lede's first subject with "a", a singular person noun
        that does (or is the object of) the same verb, or is the one a gerund of it in its phrase tells of."""
        role = role_of(tok)
        subject = next((t for t in lede if is_subject(t) and t.tag_ == "NN"), None)
        if role is None or subject is None or determiner(subject) not in ("a", "an") \
                or subject.lower_ not in person_nouns():
            return None
        verb, part = role
        own = role_of(subject)
        if own is not None and own[0].lemma_ == verb.lemma_ and own[1] == part:
            return subject
        acts = part == "agent" and any(t.tag_ == "VBG" and t.lemma_ == verb.lemma_ for t in subject.subtree)
        return subject if acts else None

    def _next_sentence(self, tok: "Token") -> "Span | list[Token]":
        """The sentence after ``tok``'s, a time stamp line between them passed over (empty at the end)."""
        starts = self._sent_starts
        nxt = bisect.bisect_right(starts, tok.i)
        while nxt < len(starts) and page_furniture(self.doc[starts[nxt]].sent):
            nxt += 1
        return self.doc[starts[nxt]].sent if nxt < len(starts) else []

    def _settle_nationality_echoes(self) -> None:
        """A headline's "Briton dies in fall" is the lede's "A British climber", whoever the lede names.

        Headlines call the story's person by nationality and the lede
        describes them with the same nationality as an adjective. A bare
        singular demonym in a headline takes the reading of the first singular
        person noun of the next sentence that the same country's adjective
        modifies, when that noun was found to be a named person.
        """
        for tok in (self.doc[i] for i in positions(self.doc, demonym_words())):  # only the demonyms
            code = demonym_code(tok.text) if tok.tag_ in ("NNP", "NN") and tok.text[:1].isupper() else None
            if code is None or country_code(tok.text) or any(c.dep_ == "det" for c in tok.children) \
                    or tok.i in self._description_at or not headline_sentence(tok.sent):
                continue
            echo = next((t for t in self._next_sentence(tok) if t.tag_ == "NN" and t.lower_ in person_nouns()
                         and any(c.dep_ in ("amod", "compound") and demonym_code(c.text) == code
                                 for c in t.children)), None)
            read = self._description_at.get(echo.i) if echo is not None else None
            if read is not None and read.scope is None:
                self._description_at[tok.i] = read

    def _settle_called_later(self, unnamed: "list[tuple[Token, str | None]]", first_seen: dict[int, int]) -> None:
        """A lede's "One Australian ..." is the one person the story later calls "the Australian" (by name or not).

        :meth:`_called_person` reads the nouns each named person has been
        called by; the ones the text gives after a description ("Duncan Rait
        ... The New Zealand-born Australian") are known only once the whole
        document has been read, so every lede nationality no rule named is
        looked at again with them. Only nationalities: for "a driver" or "one
        man" the second look spread what a recency guess had given a named
        person (on ECB+ the hit-and-run victim became every story's "driver").
        """
        for tok, gender in unnamed:
            named = self._called_person(tok, gender, first_seen, counted=True)
            if named is not None:
                self._description_at[tok.i] = named

    def _settle_echoes(self, echoes: "dict[int, tuple[int, Cluster | None]]") -> None:
        """Give each headline noun its lede echo's reading (``{headline token: (lede token, own reading)}``).

        When the lede's noun named no one ("searching for an escaped
        inmate", an object no lede rule reads) the headline noun's own
        reading (the story's main person) stands for both, unless the lede
        puts another person beside it ("A driver ... struck a woman"), where
        the one the story names may be either. Then the headline's nationalities.
        """
        for i, (echo, own) in echoes.items():
            read = self._description_at.get(echo)
            if own is not None and (read is None or read.scope is not None) \
                    and not self._another_person_noun(self.doc[echo]):
                read = self._description_at[echo] = own
                own.nouns.add(self.doc[i].lemma_.lower())
            if read is not None:
                self._description_at[i] = read
        self._settle_nationality_echoes()
