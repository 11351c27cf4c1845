"""Extractors: one module per kind of fact; `extract(doc)` runs them all."""

from kg.records import Document, Extraction


def extract(doc: Document) -> Extraction:
    """Run every extractor over a cleaned document."""
    return Extraction(doc=doc, city=None)
