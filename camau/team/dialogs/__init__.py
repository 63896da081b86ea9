"""The team digest in conversation (`team`), as a card or text, and as the Monday notice."""
