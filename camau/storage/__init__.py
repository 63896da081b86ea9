"""Storage: SQLModel tables, repositories (the only code that runs SQL), the SDK Storage on SQL.

Errors (all subclass `StorageError`):
    StorageError
    ├── StateConflictError   another turn saved the same state key first
    └── DatabaseUnavailable  the database could not be reached
"""
