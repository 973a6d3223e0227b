"""Analysis: what the actor graph says. Rankings, communities, ego networks, periods, event rows.

Works on networkx graphs and on :mod:`kg.graph`'s event table; it never
opens a store or writes a file.

May import: core and every stage below it (:mod:`kg.graph` and lower).
"""
