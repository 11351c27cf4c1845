"""RDF: triples from records (graph), the named-graph rule (named), graph files (files),
the writer (writer) and SHACL validation (validate)."""
