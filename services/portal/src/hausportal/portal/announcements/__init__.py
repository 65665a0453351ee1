"""Messages (Mitteilungen) and appointments (Termine) to properties or named contacts."""
