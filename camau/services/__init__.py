"""Use cases: one function per thing a person can do. Every permission check lives here."""
