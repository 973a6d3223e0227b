"""Views: files a person opens. The offline graph page, the HTML report and the exports.

Owns the pyvis graph page and its template, the report (matplotlib SVG
charts inlined), the RDF/GraphML/GEXF/CSV exports, and the helpers they
share (Content-Security-Policy hashes).

May import: core and every stage below it (:mod:`kg.analysis` and lower).
"""
