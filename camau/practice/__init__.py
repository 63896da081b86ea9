"""Pure rules several features share, synchronous: working days and hours, cadence, answers,
dates, times and lengths as people type them, steps' scores and trends, sessions' timings,
retention, rosters, the privacy guard.

Imports nothing of Camau's and does no I/O. A feature's own rules live in its package
(`camau/<feature>/rules.py`).
"""
