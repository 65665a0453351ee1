"""FAQ entries and contact persons of a property, shown on its residents' start pages."""
