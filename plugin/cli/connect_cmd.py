"""``allegro-sync connect MANIFEST``: link the manifest to an Allegro account (OAuth2 device flow)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from plugin.cli._args import add_format, manifest_command


def register(subparsers: Any) -> None:
    parser = manifest_command(
        subparsers, "connect", help="connect to an Allegro account (device flow); stores tokens privately"
    )
    parser.add_argument(
        "--replace-account", action="store_true", help="allow switching the token file to another Allegro account"
    )
    add_format(parser)
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from plugin.allegro.connect import connect
    from plugin.validation import load_manifest

    manifest = load_manifest(args.manifest)
    client = connect(
        manifest,
        show=lambda line: print(line, file=sys.stderr if args.format == "json" else sys.stdout, flush=True),
        replace_account=args.replace_account,
    )
    tokens = client.transport.tokens.tokens
    result = {
        "account_id": tokens.account_id,
        "account_login": tokens.account_login,
        "token_file": str(manifest.allegro.token_file),
        "expires_at": tokens.expires_at.isoformat(),
    }
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(
            f"Connected to Allegro account {tokens.account_login} ({tokens.account_id}); "
            f"tokens stored in {result['token_file']} (mode 0600)."
        )
    return 0
