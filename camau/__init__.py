"""Camau: a Teams and Telegram assistant for Effective Child Protection practice in Wales."""

__version__ = "0.1.0"
