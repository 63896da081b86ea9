"""Sessions in conversation: my sessions, a mentor's scheduling and records, answers, the brief."""
