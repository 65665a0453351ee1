"""Logging in: staff and contacts get an access token for every service."""
