"""Properties (Liegenschaften)."""
