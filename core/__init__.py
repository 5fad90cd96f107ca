"""What every app shares: months, query parameters and their errors, the cache, responses,
locks, import reports and bounded error lists."""
