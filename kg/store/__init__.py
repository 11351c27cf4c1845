"""Querying graphs: saved queries (saved), local engines (local), remote endpoints (remote),
`kg serve` (serve) and result formats (results)."""
