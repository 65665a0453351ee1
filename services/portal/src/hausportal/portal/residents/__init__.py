"""Residents (Bewohner): contacts registered through a property's invite link, no contract."""
