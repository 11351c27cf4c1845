"""fupin-kg from Python: build the seed graph, query it, validate it and write the view.

Run it from the repository root (`python examples/notebook.py [OUT_DIR]`); each step is a
cell you could paste into a notebook.
"""
from __future__ import annotations

import sys
from pathlib import Path

import kg

ROOT = Path(__file__).resolve().parent.parent
out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out"

# Build: files, folders or article text; an rdflib Dataset (one named graph per article).
g = kg.build(ROOT / "seeds")
print(f"{len(g)} triples")

# Query: a saved query by name, with parameters; rows are dicts of plain Python values.
officials = kg.query(g, "officials")
print(f"{len(officials.rows)} officials, e.g. {officials.rows[0]['name']} ({officials.rows[0]['post']})")
profile = kg.query(g, "county-profile", place="吉縣")
for row in profile.rows[:3]:
    print(f"  {row['facet']}: {row['value']}")

# SPARQL text works too, with the project's prefixes.
counties = kg.query(g, "SELECT ?c WHERE { ?c a fupin:County }")
print(f"{len(counties.rows)} counties")

# CSV for a spreadsheet (and .to_dataframe() when pandas is installed).
(out / "officials.csv").parent.mkdir(parents=True, exist_ok=True)
(out / "officials.csv").write_text(officials.to_csv(), encoding="utf-8")

# Extract: the typed records of one text, before any RDF.
ex = kg.extract("臨汾市委書記岳普煜主持召開全市脫貧攻堅推進會。")
print("people:", [p.name for p in ex.people])

# Validate against the SHACL shapes, and write the interactive view.
print("conforms:", kg.validate(g).conforms)
print("view:", kg.view(g, out / "graph.html", max_nodes=100))
