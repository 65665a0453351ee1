"""Invitations: a contact's one-time code, a property's invite link and QR code, e-mails."""
