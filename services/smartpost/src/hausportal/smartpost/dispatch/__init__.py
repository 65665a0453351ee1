"""Postal dispatch of a published serial letter: who gets paper, print options, the print
check, orders at a print provider (issue 6)."""
