"""Accounts (management companies), their settings and their staff."""
