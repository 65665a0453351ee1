"""Documents as a contact sees them: only what the visibility decision lets through."""
