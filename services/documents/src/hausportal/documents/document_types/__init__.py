"""Document types: the kinds an account files its documents under."""
