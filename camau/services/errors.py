"""The services package's error tree.

ServiceError
├── NotPermitted     the caller's roles or links do not allow this
├── NotFound         no such person or thing (or not visible to the caller)
└── InvalidInput     the input cannot be used; `.reason` is a msgid for the person
"""


class ServiceError(Exception):
    """Base of every error the services package raises."""


class NotPermitted(ServiceError):
    """The caller may not do this."""


class NotFound(ServiceError):
    """No such thing, or not visible to the caller."""


class InvalidInput(ServiceError):
    """The input cannot be used; `reason` is a catalogue msgid to show the person."""

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params
