"""Reading and cleaning articles: decode (read), pinyin removal and segmentation (clean),
script conversion (script), Chinese numerals (numerals)."""
