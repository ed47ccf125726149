"""The HTTP service: Linked Data documents, the ontology and a SPARQL endpoint."""

from api.app import create_app

__all__ = ["create_app"]
