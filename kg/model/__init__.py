"""Records, IRIs and errors: the vocabulary every later stage speaks."""
