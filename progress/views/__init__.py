"""The progress pages, by topic: the dashboard, progression, goals."""
