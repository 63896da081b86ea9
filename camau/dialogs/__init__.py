"""Conversation flows: one ComponentDialog per module, with the cards and prompts they use."""
