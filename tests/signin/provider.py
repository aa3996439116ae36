"""A real OpenID Connect provider for tests: scripts/oidc-provider.mjs (npm's oidc-provider).

``start_provider(clients=..., accounts=...)`` runs it on a free port of 127.0.0.1 and gives
its issuer URL; ``settings_for(issuer, client)`` are the Django settings that point at it.
Fails loudly when Node.js or the npm package is missing (``make install`` provides both).
"""

import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "oidc-provider.mjs"
PACKAGE = ROOT / "node_modules" / "oidc-provider" / "package.json"

CLIENT_ID = "indgang-test"
CLIENT_SECRET = "indgang-test-secret-0123456789abcdef"


@contextmanager
def start_provider(*, clients: list[dict], accounts: dict[str, dict]) -> Iterator[str]:
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js (node) is not on PATH: the OpenID provider tests need it")
    if not PACKAGE.exists():
        raise RuntimeError(f"{PACKAGE.parent} is missing: run `npm ci` (make install)")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as config:
        json.dump(
            {"host": "127.0.0.1", "port": 0, "clients": clients, "accounts": accounts}, config
        )
    process = subprocess.Popen(
        [node, str(SCRIPT), config.name],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NODE_ENV": "test"},
    )
    stderr: list[str] = []
    threading.Thread(target=lambda: stderr.extend(process.stderr), daemon=True).start()
    try:
        line = process.stdout.readline()
        if not line.startswith("READY "):
            process.wait(timeout=5)
            raise RuntimeError(f"the OpenID provider did not start: {line}{''.join(stderr)}")
        yield line.split(" ", 1)[1].strip()
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        os.unlink(config.name)


def client(redirect_uri: str) -> dict:
    return {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": [redirect_uri],
    }


def settings_for(issuer: str) -> dict:
    return {
        "OIDC_ENABLED": True,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{issuer}/auth",
        "OIDC_OP_TOKEN_ENDPOINT": f"{issuer}/token",
        "OIDC_OP_USER_ENDPOINT": f"{issuer}/me",
        "OIDC_OP_JWKS_ENDPOINT": f"{issuer}/jwks",
        "OIDC_RP_CLIENT_ID": CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_RP_SIGN_ALGO": "RS256",
    }
