"""Reflect: the guided collaborative-conversation reflection, a worker's reflections, and what
mentors are shown of them.

Layers inside: `feature` (the declaration) -> `dialogs` (conversation, texts, notices, cards) ->
`services` (use cases and permission checks) -> `repository` (the only SQL) -> `tables`, and
`rules` (the questions, components and sharing choices; pure) at the bottom.
"""
