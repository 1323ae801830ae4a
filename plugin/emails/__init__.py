"""The shop's emails for Allegro buyers: the outbox queue, Jinja2 rendering, safe messages, transports.

Read in data-path order: ``outbox`` (the queue the engine writes in its transaction) → ``context`` (the
documented template context, ``sample_context``) → ``environment`` / ``filters`` / ``i18n`` (one sandboxed
Jinja2 environment per folder and language) → ``render`` (subject, text, HTML) → ``headers`` / ``message``
(CR/LF-safe headers, multipart message) → ``transports`` (``.eml`` folder, SMTP) → ``safety`` (the
archival-orders guard and ``plan`` arithmetic) → ``delivery`` (``deliver_pending``). ``check`` is what
``validate`` runs; ``preview`` serves the ``emails`` commands (the outbox table lives in the sync store).
Nothing heavy is imported here, so ``import plugin.emails.outbox`` stays cheap for the engine.
"""
