"""Contacts: the people and companies letters and portal access are for."""
