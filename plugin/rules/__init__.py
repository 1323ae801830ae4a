"""Sync options compiled to rules (event kind → ordered handler names), and the registry of handlers."""
