"""Units (Einheiten) of properties."""
