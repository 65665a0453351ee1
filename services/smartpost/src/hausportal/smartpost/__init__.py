"""Hausportal smartpost: serial letters: upload, split, assign, publish, postal dispatch."""
