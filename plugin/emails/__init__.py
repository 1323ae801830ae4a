"""The shop's emails for Allegro buyers: the outbox queue, Jinja2 rendering, safe messages, transports."""
