"""Event envelope, event models and topic names shared by every Hausportal service."""
