"""The default base IRI of the data, apart from kg.model.namespaces so that the command line
can show it without importing rdflib."""

DEFAULT_BASE = "https://w3id.org/fupin-kg/id/"
