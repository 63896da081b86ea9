"""The storage package's error tree (see the package docstring)."""


class StorageError(Exception):
    """Base of every error the storage package raises."""


class StateConflictError(StorageError):
    """Another turn saved the same agent-state key since this turn read it."""


class DatabaseUnavailable(StorageError):
    """The database could not be reached."""
