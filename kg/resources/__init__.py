"""Data files under ontology/: lexicons, the national gazetteer, the ontology and its shapes."""
