"""Hausportal documents: documents of properties and units, sharing, downloads and their audit."""
