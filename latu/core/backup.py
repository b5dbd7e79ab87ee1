"""Backups: the database and the uploaded files in one archive, and restoring one.

An archive is a tar file holding ``manifest.json`` first, then the database
(``database.pgdump``, PostgreSQL's custom format made by ``pg_dump``, or
``database.sqlite3``, a copy made with SQLite's online backup API) and the uploaded
files under ``media/`` (public uploads, ``MEDIA_ROOT``) and ``private-media/``
(access-checked uploads, ``LATU_PRIVATE_MEDIA_ROOT``). The manifest names the format,
Latu's version, when the backup was made, the database engine, the applied migrations
and the SHA-256 checksum and size of every other member.

Restoring checks every checksum and that the code knows every migration of the backup
before it touches anything; it refuses to overwrite a database that holds data unless
told to (``force``).
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
# Tables that a freshly migrated database fills by itself: rows in them are not data.
BOOKKEEPING_APPS = {"contenttypes", "auth", "sessions", "sites"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why."""


@dataclass
class RestoreReport:
    manifest: dict
    media_files: int = 0
    pending_migrations: list[str] = field(default_factory=list)


def latu_version() -> str:
    try:
        return metadata.version("latu")
    except metadata.PackageNotFoundError:
        return "unknown"


def media_roots() -> dict[str, Path]:
    """Archive folder → the directory of uploaded files it holds."""
    return {"media": Path(settings.MEDIA_ROOT), "private-media": Path(settings.LATU_PRIVATE_MEDIA_ROOT)}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _engine(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in DUMPS:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The database's applied migrations as "app.name", sorted."""
    recorder = MigrationRecorder(connections[alias])
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def known_migrations() -> set[str]:
    """Every migration in the code."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


# --- PostgreSQL ----------------------------------------------------------------------------


def _pg_environment(alias: str) -> dict[str, str]:
    """libpq's environment for the connection's database (the password never goes on a
    command line)."""
    db = connections[alias].settings_dict
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                          ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")):
        if db.get(key):
            env[variable] = str(db[key])
    if sslmode := (db.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not on PATH: install the PostgreSQL client tools.")
    # The command is a fixed list of the PostgreSQL tools and their options, never a shell.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _dump_postgresql(alias: str, target: Path) -> None:
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
         _pg_environment(alias))


def _restore_postgresql(alias: str, dump: Path) -> None:
    """Replace the database's public schema with the dump, in one transaction: when
    anything fails, the database is left as it was."""
    connections[alias].close()
    env = _pg_environment(alias)
    script = dump.with_suffix(".sql")
    _run(["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(dump)], env)
    _run(["psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
          "--command=DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;",
          f"--file={script}"], env)


# --- SQLite --------------------------------------------------------------------------------


def _sqlite_connection(alias: str) -> sqlite3.Connection:
    connection = connections[alias]
    connection.ensure_connection()
    return connection.connection


def _dump_sqlite(alias: str, target: Path) -> None:
    copy = sqlite3.connect(target)
    try:
        _sqlite_connection(alias).backup(copy)
    finally:
        copy.close()


def _restore_sqlite(alias: str, dump: Path) -> None:
    """Copy the backup over the live database page by page (SQLite's backup API holds
    the target locked meanwhile, so other connections never see half of it)."""
    source = sqlite3.connect(dump)
    try:
        source.backup(_sqlite_connection(alias))
    finally:
        source.close()
    connections[alias].close()


# --- the database as a whole ---------------------------------------------------------------


def database_has_data(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Does any of Latu's tables hold a row? (A freshly migrated database does not.)"""
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for model in apps.get_models():
            meta = model._meta
            if meta.app_label in BOOKKEEPING_APPS or not meta.managed or meta.proxy:
                continue
            if meta.db_table in tables and model._base_manager.using(alias).exists():
                return True
    return False


# --- archives ------------------------------------------------------------------------------


def _files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def create(output: Path, *, alias: str = DEFAULT_DB_ALIAS, include_media: bool = True) -> dict:
    """Write a backup archive to ``output`` and return its manifest."""
    engine = _engine(alias)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".latu-backup-") as work:
        dump = Path(work) / DUMPS[engine]
        if engine == "postgresql":
            _dump_postgresql(alias, dump)
        else:
            _dump_sqlite(alias, dump)
        members: list[tuple[str, Path]] = [(DUMPS[engine], dump)]
        if include_media:
            for folder, root in media_roots().items():
                members += [(f"{folder}/{path.relative_to(root).as_posix()}", path) for path in _files(root)]
        manifest = {
            "format": FORMAT,
            "latu_version": latu_version(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {"engine": engine, "file": DUMPS[engine]},
            "media": include_media,
            "migrations": applied_migrations(alias),
            "files": {name: {"sha256": _sha256(path), "size": path.stat().st_size} for name, path in members},
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(datetime.now(UTC).timestamp())
            archive.addfile(info, io.BytesIO(data))
            for name, path in members:
                archive.add(path, arcname=name, recursive=False)
        partial.replace(output)  # never a half-written archive under the final name
    return manifest


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts


def verify(archive_path: Path, work: Path) -> dict:
    """Extract the archive into ``work``, checking that it holds exactly the files of its
    manifest with their checksums. Returns the manifest."""
    try:
        with tarfile.open(archive_path, "r") as archive:
            return _verify(archive, work)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"The archive cannot be read: {error}") from None


def _verify(archive: tarfile.TarFile, work: Path) -> dict:
    try:
        handle = archive.extractfile(MANIFEST)
        manifest = json.loads(handle.read()) if handle else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("The archive has no Latu backup manifest of a known format.")
    expected = manifest.get("files") or {}
    seen = set()
    for member in archive:
        if member.name == MANIFEST:
            continue
        if not member.isfile() or not _safe_name(member.name) or member.name not in expected:
            raise BackupError(f"The archive holds something its manifest does not list: {member.name}")
        target = work / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        source = archive.extractfile(member)
        with target.open("wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        if _sha256(target) != expected[member.name]["sha256"]:
            raise BackupError(f"Checksum mismatch: {member.name} is damaged.")
        seen.add(member.name)
    if missing := sorted(set(expected) - seen):
        raise BackupError(f"The archive lacks files its manifest lists: {', '.join(missing[:5])}")
    return manifest


def check_migrations(manifest: dict) -> list[str]:
    """Refuse a backup made by a newer Latu (migrations the code does not have); return the
    code's migrations the backup lacks (``latu migrate`` applies them after restoring)."""
    backed_up = set(manifest.get("migrations") or [])
    known = known_migrations()
    if unknown := sorted(backed_up - known):
        raise BackupError(
            "The backup was made by a newer version of Latu: these migrations are not in this code: "
            + ", ".join(unknown[:10])
        )
    return sorted(known - backed_up)


def restore(archive_path: Path, *, alias: str = DEFAULT_DB_ALIAS, force: bool = False,
            include_media: bool = True, check_only: bool = False) -> RestoreReport:
    """Check the archive, then replace the database (and the uploaded files) with it."""
    engine = _engine(alias)
    with tempfile.TemporaryDirectory(prefix=".latu-restore-") as directory:
        work = Path(directory)
        manifest = verify(Path(archive_path), work)
        report = RestoreReport(manifest, pending_migrations=check_migrations(manifest))
        if manifest["database"]["engine"] != engine:
            raise BackupError(
                f"The backup is of a {manifest['database']['engine']} database; this database is {engine}."
            )
        if check_only:
            return report
        if not force and database_has_data(alias):
            raise BackupError("The database is not empty: restoring would overwrite it. Use --force to do so.")
        dump = work / manifest["database"]["file"]
        if engine == "postgresql":
            _restore_postgresql(alias, dump)
        else:
            _restore_sqlite(alias, dump)
        restored = set(applied_migrations(alias))
        if restored != set(manifest["migrations"]):
            raise BackupError("The restored database's migrations differ from the manifest's.")
        if include_media and manifest.get("media"):
            for folder, root in media_roots().items():
                report.media_files += _replace_directory(work / folder, root)
    return report


def _replace_directory(source: Path, root: Path) -> int:
    """Make ``root`` hold exactly the files of ``source``; returns how many."""
    root.mkdir(parents=True, exist_ok=True)
    count = 0
    wanted = set()
    for path in _files(source):
        relative = path.relative_to(source)
        wanted.add(relative)
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        count += 1
    for path in list(_files(root)):
        if path.relative_to(root) not in wanted:
            path.unlink()
    return count
