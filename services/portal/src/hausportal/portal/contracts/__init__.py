"""Contracts: owners (Eigentümer) and tenants (Mieter) of units."""
