"""Mentor sessions: scheduling, reminders and answers, records, progress against the minimum, the brief.

Layers inside: `dialogs` -> `services` -> `repository` -> `tables`. Its pure rules are shared, in
`camau.practice.sessions` and `camau.practice.when`.
"""
