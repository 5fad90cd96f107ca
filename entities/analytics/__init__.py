"""Read-side queries of the entities app: monthly series and month tables (from aggregates)."""
