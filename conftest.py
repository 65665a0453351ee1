"""Fixtures every test directory may use (database backends, real servers)."""

pytest_plugins = ["hausportal.kit.testing"]
