"""The project lead's reports (reflections, adherence, changes, sessions): counts and scores only.

Layers inside: `texts` / `charts` (what the CLI prints and draws) -> `services` -> `repository` -> `rules`.
"""
