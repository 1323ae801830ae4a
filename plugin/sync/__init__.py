"""The sync engine: Allegro order events and listings → rules → handlers → one shop transaction per order."""
