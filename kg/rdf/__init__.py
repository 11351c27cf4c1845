"""RDF: triples from records (graph), the named-graph rule (named), graph files (files; terms:
Oxigraph's terms as rdflib's), the writer (writer) and SHACL validation (validate)."""
