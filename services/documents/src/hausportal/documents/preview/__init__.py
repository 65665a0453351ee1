"""Staff's portal preview: the documents a tenant, owner or resident of a property sees."""
