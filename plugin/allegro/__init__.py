"""Allegro's REST API: OAuth2 tokens, a requests-based client with bounded retries, and the order models."""
