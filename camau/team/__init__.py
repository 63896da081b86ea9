"""The team manager's digest and overdue alerts: counts and dates per worker, never reflective text.

Layers inside: `dialogs` -> `services` -> `rules` (the digest's arithmetic).
"""
