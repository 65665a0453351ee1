"""SmartPost letters: each published letter becomes a document shared with its one contact."""
