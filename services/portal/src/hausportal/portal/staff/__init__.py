"""Staff of an account: invitations by e-mail, roles, deactivation; who counts as admin."""
