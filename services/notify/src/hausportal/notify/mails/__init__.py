"""Outgoing e-mail: composed from templates, queued once per (event, recipient), sent over SMTP."""
