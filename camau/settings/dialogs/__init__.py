"""Settings in conversation: the settings menu and the reminder settings."""
