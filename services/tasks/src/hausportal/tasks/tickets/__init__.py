"""Tickets (Vorgänge): reported by residents or staff, worked on by staff, printed as PDF."""
