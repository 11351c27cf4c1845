"""The view: the entity graph behind `kg viz` and `kg stats` (entities), what to show
(selection), the HTML page (page) and graph statistics (stats); for corpora the folded entity
view (corpus, corpus_page) and the offline map of places (geo, `kg map`)."""
