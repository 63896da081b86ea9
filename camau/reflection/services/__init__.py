"""The reflection's use cases: keep, read, share and export reflections; every permission check."""
