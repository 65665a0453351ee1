"""Hausportal portal: accounts, staff, master data, contracts, invitations, login, messages."""
