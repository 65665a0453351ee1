"""The residents' start page: what a contact sees in the portal today."""
