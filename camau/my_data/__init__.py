"""Delete my data: a person removes their own personal content from Camau, in one go.

Layers inside: `dialogs` -> `services`.
"""
