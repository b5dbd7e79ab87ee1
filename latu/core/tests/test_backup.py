"""`latu backup` and `latu restore`: a backup made, data changed and deleted, the backup
restored, the original data found again — on SQLite (in this process) and on PostgreSQL
(through the `latu` command, into the same database and into a fresh one)."""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from latu.accounts.models import User
from latu.core import backup
from latu.organisations.factories import OrganisationFactory, member
from latu.organisations.models import Membership, Organisation


@pytest.fixture
def media(tmp_path, settings) -> tuple[Path, Path]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LATU_PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.MEDIA_ROOT, settings.LATU_PRIVATE_MEDIA_ROOT


def _state() -> dict:
    return {
        "organisations": sorted(Organisation.objects.values_list("slug", "name_fi")),
        "people": sorted(User.objects.values_list("email", flat=True)),
        "memberships": Membership.objects.count(),
        "logo": Organisation.objects.get(slug="backuptest").logo.name,
    }


def _seed(private: Path) -> None:
    org = OrganisationFactory(slug="backuptest", name_fi="Varmuuskopiokunta")
    org.logo.save("logo.png", ContentFile(b"\x89PNG logo bytes"))
    member(org, email="eeva.backup@example.fi")
    (private / "attachments").mkdir(parents=True)
    (private / "attachments" / "liite.txt").write_bytes(b"private attachment")


@pytest.mark.skipif("postgresql" in settings.DATABASES["default"]["ENGINE"],
                    reason="the suite runs on PostgreSQL; the PostgreSQL round trip is tested below")
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_on_sqlite(tmp_path, media):
    public, private = media
    _seed(private)
    before = _state()
    logo = public / before["logo"]
    archive = tmp_path / "backup.tar"
    call_command("backup", output=str(archive), stdout=io.StringIO())

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["database"] == {"engine": "sqlite", "file": "database.sqlite3"}
    assert "accounts.0001_initial" in manifest["migrations"]
    assert {f"media/{before['logo']}", "private-media/attachments/liite.txt", "database.sqlite3"} <= set(names)
    assert manifest["files"]["private-media/attachments/liite.txt"]["sha256"] == \
        hashlib.sha256(b"private attachment").hexdigest()

    # Data changed and deleted after the backup.
    User.objects.filter(email="eeva.backup@example.fi").delete()
    Organisation.objects.filter(slug="backuptest").update(name_fi="Muutettu")
    OrganisationFactory(slug="afterwards")
    logo.unlink()
    (private / "attachments" / "liite.txt").write_bytes(b"changed")
    (public / "later.txt").write_bytes(b"added after the backup")
    assert _state() != before

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())
    out = io.StringIO()
    call_command("restore", str(archive), force=True, stdout=out)

    assert _state() == before
    assert logo.read_bytes() == b"\x89PNG logo bytes"
    assert (private / "attachments" / "liite.txt").read_bytes() == b"private attachment"
    assert not (public / "later.txt").exists()
    assert "Restored the database and 2 uploaded files" in out.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("postgresql" in settings.DATABASES["default"]["ENGINE"],
                    reason="SQLite files; the PostgreSQL restore into a fresh database is tested below")
def test_restore_into_an_empty_database_needs_no_force(tmp_path, media):
    _seed(media[1])
    before = _state()
    archive = tmp_path / "backup.tar"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    for model in (Membership, User, Organisation):
        model.objects.all().delete()
    assert not backup.database_has_data()
    call_command("restore", str(archive), stdout=io.StringIO())
    assert _state() == before


def _rewrite(archive: Path, target: Path, change) -> None:
    """Copy the archive, letting ``change(name, data)`` alter members."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as out:
        for member_info in source:
            data = change(member_info.name, source.extractfile(member_info).read())
            member_info.size = len(data)
            out.addfile(member_info, io.BytesIO(data))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_archive_or_a_newer_one(tmp_path, media):
    _seed(media[1])
    archive = tmp_path / "backup.tar"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    Organisation.objects.filter(slug="backuptest").update(name_fi="Muutettu")

    damaged = tmp_path / "damaged.tar"
    _rewrite(archive, damaged, lambda name, data: data + b"x" if name.endswith("liite.txt") else data)
    with pytest.raises(CommandError, match="Checksum mismatch: private-media/attachments/liite.txt"):
        call_command("restore", str(damaged), force=True, stdout=io.StringIO())

    def newer(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"].append("ideas.9999_from_the_future")
        return json.dumps(manifest).encode()

    future = tmp_path / "future.tar"
    _rewrite(archive, future, newer)
    with pytest.raises(CommandError, match="newer version of Latu.*ideas.9999_from_the_future"):
        call_command("restore", str(future), force=True, stdout=io.StringIO())

    (tmp_path / "not-a-backup.tar").write_bytes(b"hello")
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("restore", str(tmp_path / "not-a-backup.tar"), force=True, stdout=io.StringIO())
    # Nothing was touched by the refused restores.
    assert Organisation.objects.get(slug="backuptest").name_fi == "Muutettu"

    out = io.StringIO()
    call_command("restore", str(archive), check=True, stdout=out)
    assert "The archive is intact" in out.getvalue()
    assert Organisation.objects.get(slug="backuptest").name_fi == "Muutettu"


# --- PostgreSQL, through the command ------------------------------------------------------

POSTGRES = os.environ.get("LATU_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
SOURCE_DB, FRESH_DB = "latu_backup_source", "latu_backup_fresh"

SEED = """
from django.core.files.base import ContentFile
from latu.organisations.factories import OrganisationFactory, member
org = OrganisationFactory(slug="backuptest", name_fi="Varmuuskopiokunta")
org.logo.save("logo.png", ContentFile(b"logo bytes"))
member(org, email="eeva.backup@example.fi")
"""
CHANGE = """
from latu.accounts.models import User
from latu.organisations.models import Organisation
from latu.organisations.factories import OrganisationFactory
User.objects.filter(email="eeva.backup@example.fi").delete()
Organisation.objects.filter(slug="backuptest").update(name_fi="Muutettu")
OrganisationFactory(slug="afterwards")
"""
STATE = """
import json
from latu.accounts.models import User
from latu.organisations.models import Membership, Organisation
print(json.dumps({
    "organisations": sorted(Organisation.objects.values_list("slug", "name_fi")),
    "people": sorted(User.objects.values_list("email", flat=True)),
    "memberships": Membership.objects.count(),
    "logo": Organisation.objects.get(slug="backuptest").logo.name,
}))
"""


def _postgres_available() -> bool:
    if not all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "psql")):
        return False
    return _psql("-c", "SELECT 1", check=False).returncode == 0


def _psql(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """psql on the server's maintenance database (fixed arguments of this test only)."""
    return subprocess.run(["psql", f"{POSTGRES}/postgres", "-q", *args],  # noqa: S603, S607
                          capture_output=True, check=check)


def _latu(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "latu.cli", *args], env=env,  # noqa: S603
                          capture_output=True, text=True, check=check, timeout=600)


def _state_of(env: dict) -> dict:
    return json.loads(_latu(env, "shell", "--no-imports", "-c", STATE).stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not _postgres_available(), reason="needs pg_dump and a PostgreSQL server")
def test_backup_and_restore_on_postgresql(tmp_path):
    for name in (SOURCE_DB, FRESH_DB):
        _psql("-c", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}")
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env |= {"DATABASE_URL": f"{POSTGRES}/{SOURCE_DB}", "MEDIA_ROOT": str(tmp_path / "media"),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"), "TASKS_BACKEND": "immediate"}
    fresh = env | {"DATABASE_URL": f"{POSTGRES}/{FRESH_DB}", "MEDIA_ROOT": str(tmp_path / "fresh-media"),
                   "PRIVATE_MEDIA_ROOT": str(tmp_path / "fresh-private-media")}
    try:
        _latu(env, "migrate", "--no-input", "-v0")
        _latu(env, "shell", "-c", SEED)
        before = _state_of(env)
        archive = tmp_path / "backup.tar"
        _latu(env, "backup", "--output", str(archive))
        with tarfile.open(archive) as tar:
            assert json.load(tar.extractfile("manifest.json"))["database"]["engine"] == "postgresql"
            assert "database.pgdump" in tar.getnames()

        _latu(env, "shell", "-c", CHANGE)
        (tmp_path / "media" / before["logo"]).unlink()
        assert _state_of(env) != before
        refused = _latu(env, "restore", str(archive), check=False)
        assert refused.returncode != 0 and "not empty" in refused.stderr
        _latu(env, "restore", str(archive), "--force")
        assert _state_of(env) == before
        assert (tmp_path / "media" / before["logo"]).read_bytes() == b"logo bytes"

        # Into a fresh, never migrated database: everything is there, and `migrate` has nothing to do.
        _latu(fresh, "restore", str(archive))
        assert _state_of(fresh) == before
        assert (tmp_path / "fresh-media" / before["logo"]).read_bytes() == b"logo bytes"
        assert "No migrations to apply" in _latu(fresh, "migrate", "--no-input").stdout
    finally:
        for name in (SOURCE_DB, FRESH_DB):
            _psql("-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", check=False)
