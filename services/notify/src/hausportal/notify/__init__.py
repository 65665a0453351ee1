"""Hausportal notify: e-mail notifications, the daily digest, invitations, download links."""
