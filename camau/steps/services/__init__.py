"""Steps to change's use cases: cases and areas, scores and bookings, nudges; every permission check."""
