"""Extract: documents in, actor–action–target triples with evidence out (spaCy parse + kg's rules and lexicons).

Owns the spaCy pipeline and gazetteer ruler (:mod:`~kg.extract.nlp`),
entity resolution within a document (names, descriptions, pronouns, countries),
the clause rules that make triples and derived facts, the action lexicon
(SKOS categories), relative dates, cross-document name links
(:mod:`~kg.extract.consolidate`), running in processes, and the JSONL/CSV
output of ``kg extract``.

May import: core, :mod:`kg.documents`.
"""
