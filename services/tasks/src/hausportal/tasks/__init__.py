"""Hausportal tasks: SmartTask tickets reported by residents, comments, status, history."""
