"""The reports' use cases: admins only, each audited."""
