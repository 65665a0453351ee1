"""All Hausportal services in one process: SQLite, local-disk storage, the in-process bus."""
