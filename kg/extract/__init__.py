"""Extractors: one module per kind of fact; `extract(doc)` runs them in order.

places → scope (which place each sentence is about) → dates → organisations →
people and credits → initiatives → quantities (amounts, statistics) → events → documents →
relations.
"""
from __future__ import annotations

from kg.extract import credits, dates, facts, initiatives, orgs, people, places, scope
from kg.model.records import Document, Extraction


def extract(doc: Document) -> Extraction:
    """Run every extractor over a cleaned document."""
    place_mentions, home = places.find_places(doc)
    city = home.city
    sc = scope.sentence_scopes(doc, place_mentions, home)
    date_mentions = dates.find_dates(doc)
    org_mentions = orgs.find_orgs(doc, sc)
    initiative_mentions = initiatives.find_initiatives(doc, sc, place_mentions)
    amounts, statistics = facts.build_quantities(doc, sc, place_mentions, date_mentions, initiative_mentions)
    return Extraction(
        doc=doc,
        city=city,
        places=place_mentions,
        orgs=org_mentions,
        people=people.find_people(doc, sc) + tuple(credits.find_credits(doc, sc.city)),
        amounts=amounts,
        statistics=statistics,
        events=facts.build_events(doc, sc, place_mentions, date_mentions, org_mentions),
        initiatives=initiative_mentions,
        documents=facts.build_documents(doc, org_mentions, date_mentions),
        relations=facts.build_relations(doc, place_mentions),
    )
