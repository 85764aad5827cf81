"""Issue #12 point 8: each attack of a database administrator on the access log, performed
directly (guards off, SQL edits, no chain key), is reported by verification by name."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import stat
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from wijkteam.privacy import chain, keys, selftest
from wijkteam.privacy.models import AccessLogEntry, AccessLogSealState


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", list(selftest.ATTACKS))
def test_each_attack_is_detected(name: str, tmp_path: Path) -> None:
    result = selftest.run_attack(name, tmp_path)
    assert result.detected, result.said


@pytest.mark.django_db(transaction=True)
def test_a_changed_row_is_named_by_seal_number_and_id(tmp_path: Path) -> None:
    said = selftest.run_attack("change a row and recompute the chain", tmp_path).said
    changed = next(f for f in chain.verify().findings if f.kind == "changed row")
    assert f"seal #{changed.seq}, row id {changed.row_id}" in said
    with pytest.raises(CommandError, match=f"changed row: contents changed at seal #{changed.seq}"):
        call_command("accesslog_verify")


@pytest.mark.django_db(transaction=True)
def test_an_exported_anchor_catches_a_truncation_when_the_anchor_file_is_gone(
    tmp_path: Path, settings
) -> None:
    selftest._reset()
    settings.ACCESSLOG_ANCHOR_FILE = str(tmp_path / "live.jsonl")
    selftest._rows(4)
    chain.seal(min_age=dt.timedelta(minutes=5))
    exported = tmp_path / "exported.jsonl"
    exported.write_text((tmp_path / "live.jsonl").read_text())
    line = json.loads(exported.read_text().splitlines()[-1])
    assert line["kind"] == "seal" and line["seq"] == 4 and line["rows"] == 4 and line["mac"]
    selftest._sql([("DELETE FROM privacy_accesslogentry WHERE seal_seq > 2", [])])
    (tmp_path / "live.jsonl").unlink()
    settings.ACCESSLOG_ANCHOR_FILE = ""
    with pytest.raises(CommandError, match="truncated end"):
        call_command("accesslog_verify", "--anchor", str(exported))
    forged = tmp_path / "forged.jsonl"
    forged.write_text(json.dumps({**line, "seq": 2, "mac": "0" * 64}) + "\n")
    with pytest.raises(CommandError, match="forged anchor"):
        call_command("accesslog_verify", "--anchor", str(forged))


@pytest.mark.django_db(transaction=True)
def test_a_real_purge_is_signed_and_still_verifies(tmp_path: Path, settings) -> None:
    settings.ACCESSLOG_ANCHOR_FILE = str(tmp_path / "anchors.jsonl")
    selftest._reset()
    selftest._rows(3, at=timezone.now() - dt.timedelta(days=7 * 365))
    selftest._rows(2, at=timezone.now() - dt.timedelta(days=30))
    chain.seal()
    assert chain.purge_older_than(years=5, dry_run=False) == 3
    result = chain.verify()
    assert result.ok and result.checked == 2, result.findings
    kinds = [json.loads(raw)["kind"] for raw in (tmp_path / "anchors.jsonl").read_text().split()]
    assert kinds == ["seal", "purge"]


@pytest.mark.django_db
def test_rows_sealed_with_plain_sha256_before_the_key_still_verify(world) -> None:
    """The upgrade: a chain sealed before this change (plain SHA-256, no epoch) stays valid;
    the next seal starts the keyed epoch after it."""
    old = selftest._rows(3)
    prev = ""
    for seq, row in enumerate(old, start=1):
        text = "\x1f".join(chain._parts(row, seq, prev))
        row_hash = hashlib.sha256(text.encode()).hexdigest()
        AccessLogEntry.objects.filter(pk=row.pk).update(
            seal_seq=seq, prev_hash=prev, row_hash=row_hash
        )
        prev = row_hash
    AccessLogSealState.objects.create(last_seq=3, last_hash=prev)
    assert chain.verify().ok
    selftest._rows(2)
    chain.seal(now=timezone.now() + dt.timedelta(hours=1))
    state = AccessLogSealState.objects.get()
    assert state.keyed_from_seq == 4 and state.last_seq == 5
    result = chain.verify()
    assert result.ok and result.checked == 5, result.findings


def test_a_fresh_install_creates_its_key_file_readable_only_by_the_owner(
    tmp_path: Path, settings
) -> None:
    settings.ACCESSLOG_KEY = ""
    settings.ACCESSLOG_KEY_FILE = tmp_path / "accesslog.key"
    settings.ACCESSLOG_KEY_FILE_CREATE = True
    first = keys.accesslog_key()
    assert len(first) == 64 and keys.accesslog_key() == first
    assert stat.S_IMODE(settings.ACCESSLOG_KEY_FILE.stat().st_mode) == 0o600
    settings.ACCESSLOG_KEY_FILE = tmp_path / "elsewhere.key"
    settings.ACCESSLOG_KEY_FILE_CREATE = False
    with pytest.raises(Exception, match="does not exist"):
        keys.accesslog_key()


@pytest.mark.long
@pytest.mark.django_db
def test_privacy_selftest_reports_every_attack_detected() -> None:
    out = StringIO()
    call_command("privacy_selftest", stdout=out)
    report = out.getvalue()
    assert report.count("DETECTED") == len(selftest.ATTACKS) and "NOT DETECTED" not in report
    assert f"all {len(selftest.ATTACKS)} attacks detected" in report


@pytest.mark.django_db(transaction=True)
def test_the_privacy_officer_downloads_the_signed_anchors_of_a_day(
    world, client_for, tmp_path: Path, settings
) -> None:
    settings.ACCESSLOG_ANCHOR_FILE = str(tmp_path / "anchors.jsonl")
    selftest._rows(3)
    chain.seal()
    url = reverse("privacy:accesslog_anchors")
    officer = client_for(world.privacy_officer)
    today = officer.get(url, {"day": timezone.localdate().isoformat()})
    assert today.status_code == 200 and "attachment" in today["Content-Disposition"]
    lines = today.content.decode().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["seq"] == 3
    exported = tmp_path / "kept.jsonl"
    exported.write_bytes(officer.get(url).content)
    call_command("accesslog_verify", "--anchor", str(exported), stdout=StringIO())
    other_day = timezone.localdate() - dt.timedelta(days=3)
    assert officer.get(url, {"day": other_day.isoformat()}).content == b""
    assert officer.get(url, {"day": "gisteren"}).status_code == 302
    assert client_for(world.member_a).get(url).status_code == 404
