"""Documents as staff manage them: upload, stage, adjust, publish, list, download, delete."""
