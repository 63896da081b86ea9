"""A person's settings: language, working hours, time zone and reminders.

Layers inside: `dialogs` -> `services`.
"""
