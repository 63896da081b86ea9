"""The domain, pure and synchronous: working days, cadence, trends, privacy guard, digests.

Imports nothing of Camau's and does no I/O.
"""
