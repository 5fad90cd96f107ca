"""What every app shares: months, query parameters and their errors, the cache, responses."""
