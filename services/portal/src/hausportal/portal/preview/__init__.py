"""Staff see a property's portal exactly as a tenant, an owner or a resident of it would."""
