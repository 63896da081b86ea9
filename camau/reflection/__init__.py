"""Reflect: the guided collaborative-conversation reflection, a worker's reflections, and what mentors are shown of them.

Layers inside: `dialogs` (conversation, texts, notices) -> `services` (use cases and permission checks) ->
`repository` (the only SQL) -> `tables`. Its pure rules are shared, in `camau.practice.reflection`.
"""
