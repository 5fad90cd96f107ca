"""Read-side analytics: functions that turn precomputed aggregates into series and tables."""
