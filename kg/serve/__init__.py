"""Serve: the read-only SPARQL 1.1 endpoint and graph page over HTTP (``kg serve``).

Owns the Starlette app, the protocol handling of one request
(:mod:`kg.serve.protocol`) and the worker processes that run queries with
a time and memory limit. Everything here faces a hostile client.

May import: core and every stage below it (:mod:`kg.views` and lower).
"""
