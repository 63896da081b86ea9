"""Sessions' use cases: schedule, answer, remind, brief and count them; every permission check."""
