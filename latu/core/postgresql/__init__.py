"""Django's PostgreSQL backend, with health checks at most every few seconds (``base``)."""
