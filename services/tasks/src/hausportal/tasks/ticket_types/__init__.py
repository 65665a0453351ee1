"""Ticket types: the kinds of tickets an account offers, each with its custom fields."""
