"""Contacts' portal logins: one-time registration tokens and registering with them."""
