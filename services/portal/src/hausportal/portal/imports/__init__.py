"""Master-data import: one row per contract, from CSV or XLSX, matched against what exists."""
