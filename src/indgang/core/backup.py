"""Backups of the whole database: pg_dump/pg_restore on PostgreSQL, the online backup API on
SQLite. Both copy a consistent snapshot while the application keeps running.

A restore replaces everything in the database with the backup's contents, the audit log
included (its append-only guards are part of the schema and come back with it).
"""

import os
import shutil
import sqlite3
import subprocess  # nosec B404  # runs pg_dump/pg_restore by absolute path, no shell
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    """A backup or restore that could not be done, with a message for the operator."""


def _pg_env_and_args(settings_dict) -> tuple[dict, list[str]]:
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    return env, args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client)")
    return path


def backup(path: Path) -> Path:
    """Write a snapshot of the current database to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args(connection.settings_dict)
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path)]
        command += [*args, connection.settings_dict["NAME"]]
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # nosec B603
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return path
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            with target:
                connection.connection.backup(target)
        finally:
            target.close()
        return path
    raise BackupError(f"no backup method for {connection.vendor}")


def restore(path: Path) -> None:
    """Replace the database's contents with the snapshot at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args(connection.settings_dict)
        connection.close()  # pg_restore drops the tables our connection may hold locks on
        command = [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
        ]
        command += [*args, "--dbname", connection.settings_dict["NAME"], str(path)]
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # nosec B603
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    if connection.vendor == "sqlite":
        source = sqlite3.connect(path)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        return
    raise BackupError(f"no restore method for {connection.vendor}")
