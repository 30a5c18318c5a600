"""Text stages: decode, extract (clean), metadata, clauses, segment."""
