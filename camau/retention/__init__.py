"""Retention: purge data past its configured period, and the daily job inside `camau serve`.

Layers inside: `services` -> `repository`. Its pure rules are shared, in `camau.practice.retention`.
"""
