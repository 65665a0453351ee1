"""Contacts' portal logins: registering with an invitation's code or a property's link."""
