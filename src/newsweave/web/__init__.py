"""The web desk: HTTP API and story pages served by one FastAPI process."""
