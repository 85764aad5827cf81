from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from wijkteam.privacy.policy import Actor
from wijkteam.socialmap import exporting, importing
from wijkteam.socialmap.columns import auto_mapping
from wijkteam.socialmap.models import ImportJob, Provider, Service, ServiceToken
from wijkteam.socialmap.tests.factories import make_service

HEADER = "Extern ID;Aanbieder;Naam;Soort;Omschrijving;Leefgebieden;Wijken;Gratis;Minimum leeftijd\n"
GOOD = "a1;Stichting Geld;Geldloket;algemeen;Vragen over geld;finances;Wijk A;ja;18\n"
GOOD2 = 'a2;Stichting Geld;Schuldhulp;maatwerk;=HYPERLINK("x");finances,housing;;nee;\n'
BAD = "a3;Stichting Geld;;wat anders;;nonsense;Wijk Z;misschien;-3\n"
DUP = "a1;Ander;Geldloket twee;algemeen;;;;;\n"


def _import(
    world: Any, text: str, *, all_or_nothing: bool, encoding: str = "utf-8"
) -> importing.ImportReport:
    parsed = importing.parse_file("kaart.csv", text.encode(encoding))
    return importing.import_rows(
        actor=Actor(world.admin),
        municipality=world.municipality,
        rows=parsed.rows,
        mapping=auto_mapping(parsed.headers),
        all_or_nothing=all_or_nothing,
    )


def _snapshot() -> list[tuple[Any, ...]]:
    return list(Service.objects.order_by("pk").values_list())


def test_auto_mapping_recognises_dutch_headers() -> None:
    mapping = auto_mapping(["Extern ID", "Aanbieder", "Naam", "Soort", "Gratis"])
    assert mapping["external_id"] == 0 and mapping["provider"] == 1 and mapping["is_free"] == 4
    assert mapping["description"] is None


def test_all_or_nothing_refuses_file_with_bad_rows(world) -> None:  # type: ignore[no-untyped-def]
    report = _import(world, HEADER + GOOD + GOOD2 + BAD, all_or_nothing=True)
    assert report.refused
    assert [line for line, _id, _e in report.rejected] == [4]
    assert Service.objects.count() == 0 and Provider.objects.count() == 0


def test_valid_rows_mode_imports_good_and_reports_bad(world) -> None:  # type: ignore[no-untyped-def]
    report = _import(world, HEADER + GOOD + GOOD2 + BAD, all_or_nothing=False)
    assert (report.created, report.changed, report.unchanged) == (2, 0, 0)
    errors = report.rejected[0][2]
    assert len(errors) >= 5  # name, type, domain, area, yes/no, age
    desk = Service.objects.get(external_id="a1")
    assert desk.is_free and desk.min_age == 18 and desk.domains == ["finances"]
    assert [a.name for a in desk.areas.all()] == ["Wijk A"]
    assert ServiceToken.objects.filter(service=desk, token="geldloket").exists()
    # the same file again changes nothing
    again = _import(world, HEADER + GOOD + GOOD2 + BAD, all_or_nothing=False)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 2)


def test_life_domains_may_be_given_by_their_dutch_name(world) -> None:  # type: ignore[no-untyped-def]
    row = "a4;Buurtteam;Hulp thuis;algemeen;;Geestelijke gezondheid,Algemene dagelijkse levensverrichtingen;;;\n"
    report = _import(world, HEADER + row, all_or_nothing=True)
    assert not report.refused
    assert Service.objects.get(external_id="a4").domains == ["mental_health", "adl"]


def test_duplicate_ids_in_file(world) -> None:  # type: ignore[no-untyped-def]
    report = _import(world, HEADER + GOOD + DUP, all_or_nothing=True)
    assert report.refused and Service.objects.count() == 0
    assert "meer dan eens" in " ".join(report.rejected[0][2])
    lenient = _import(world, HEADER + GOOD + DUP + GOOD2, all_or_nothing=False)
    assert lenient.created == 1 and len(lenient.rejected) == 2


def test_change_is_counted(world) -> None:  # type: ignore[no-untyped-def]
    _import(world, HEADER + GOOD, all_or_nothing=True)
    report = _import(
        world,
        HEADER + GOOD.replace("Vragen over geld", "Vragen over toeslagen"),
        all_or_nothing=True,
    )
    assert (report.created, report.changed) == (0, 1)
    assert Service.objects.get(external_id="a1").description == "Vragen over toeslagen"


def test_cp1252_file_is_read(world) -> None:  # type: ignore[no-untyped-def]
    parsed = importing.parse_file(
        "k.csv", (HEADER + "c1;Café;Cliëntsteun;algemeen\n").encode("cp1252")
    )
    assert parsed.encoding == "cp1252" and parsed.rows[0][2] == "Cliëntsteun"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("k.csv", b"\x81\x8d\x8f junk \x90\x9d", "tekencodering"),
        ("k.csv", b"a\x00b\x00", "geen tekstbestand"),
        ("k.pdf", b"%PDF-1.4", "Alleen CSV- en XLSX"),
        ("k.xlsx", b"PK\x03\x04 not really a zip", "geen geldig XLSX"),
        ("k.csv", b"", "leeg"),
    ],
)
def test_malformed_files_are_refused(name: str, content: bytes, message: str) -> None:
    with pytest.raises(importing.ImportFileError, match=message):
        importing.parse_file(name, content)


def test_file_over_10_mb_is_refused_by_the_parser() -> None:
    with pytest.raises(importing.ImportFileError, match="10 MB"):
        importing.parse_file("k.csv", b"a;b\n" * (3 * 1024 * 1024))


def test_missing_required_columns_change_nothing(world) -> None:  # type: ignore[no-untyped-def]
    report = _import(world, "Naam;Omschrijving\nGeldloket;x\n", all_or_nothing=False)
    assert report.refused and Service.objects.count() == 0
    assert "Verplichte kolommen ontbreken" in report.rejected[0][2][0]


def test_export_neutralises_formulas_and_round_trips(world) -> None:  # type: ignore[no-untyped-def]
    make_service(world.municipality, "=cmd|' /C calc'!A0", description="+31 6 123", contact="@home",
                 target_groups="-min", areas=[world.area_b], domains=["housing", "adl"], min_age=4,
                 longitude="-4.500000", latitude="52.100000", external_id="x-1")  # fmt: skip
    make_service(
        world.municipality, "Geldloket", how_to_refer="\tbel", external_id="x-2", is_free=True
    )
    rows = exporting.service_rows(Service.objects.all())
    assert rows[0][2] == "'=cmd|' /C calc'!A0"
    assert all(
        not (isinstance(c, str) and c != "" and c[0] in "=+-@\t\r") for row in rows for c in row
    )
    before = _snapshot()
    for payload, name in ((exporting.export_csv(Service.objects.all()), "k.csv"),
                          (exporting.export_xlsx(Service.objects.all()), "k.xlsx")):  # fmt: skip
        parsed = importing.parse_file(name, payload)
        report = importing.import_rows(
            actor=Actor(world.admin), municipality=world.municipality, rows=parsed.rows,
            mapping=auto_mapping(parsed.headers), all_or_nothing=True,
        )  # fmt: skip
        assert (report.created, report.changed, report.unchanged, report.rejected) == (0, 0, 2, [])
    assert _snapshot() == before
    sheet = load_workbook(io.BytesIO(exporting.export_xlsx(Service.objects.all()))).active
    assert sheet is not None and sheet["C2"].value.startswith("'=")


def test_xlsx_import(world) -> None:  # type: ignore[no-untyped-def]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["external_id", "provider", "name", "service_type", "max_age"])
    sheet.append(["z1", "Buurtwerk", "Buurtsport", "general", 12])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = importing.parse_file("k.xlsx", buffer.getvalue())
    report = importing.import_rows(actor=Actor(world.admin), municipality=world.municipality, rows=parsed.rows,
                                   mapping=auto_mapping(parsed.headers), all_or_nothing=True)  # fmt: skip
    assert report.created == 1 and Service.objects.get(external_id="z1").max_age == 12


def test_team_member_may_not_import(world) -> None:  # type: ignore[no-untyped-def]
    from wijkteam.privacy.policy import AccessDenied

    parsed = importing.parse_file("k.csv", (HEADER + GOOD).encode())
    with pytest.raises(AccessDenied):
        importing.import_rows(actor=Actor(world.member_a), municipality=world.municipality, rows=parsed.rows,
                              mapping=auto_mapping(parsed.headers), all_or_nothing=True)  # fmt: skip


# --- through the pages ---------------------------------------------------------------------


def test_upload_mapping_preview_import_pages(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.admin)
    upload = io.BytesIO((HEADER + GOOD + BAD).encode())
    upload.name = "kaart.csv"
    response = client.post("/socialmap/import/", {"file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/import/{job.pk}/mapping/"
    )
    page = client.get(f"/socialmap/import/{job.pk}/mapping/")
    assert page.status_code == 200
    data = {k: "" if v is None else str(v) for k, v in job.mapping.items()}
    assert client.post(f"/socialmap/import/{job.pk}/mapping/", data).status_code == 302
    preview = client.get(f"/socialmap/import/{job.pk}/preview/")
    assert "Wijk Z" in preview.content.decode()
    assert client.post(f"/socialmap/import/{job.pk}/preview/", {"mode": "all"}).status_code == 302
    assert Service.objects.count() == 0
    job.refresh_from_db()
    assert job.report["refused"] is True


def test_upload_of_50_mb_junk_is_refused(world, client_for, tmp_path) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "junk.csv"
    with junk.open("wb") as handle:
        for _ in range(50):
            handle.write(b"\xff\xfe junk " * (1024 * 1024 // 8))
    before = _snapshot()
    with junk.open("rb") as handle:
        response = client_for(world.admin).post("/socialmap/import/", {"file": handle})
    # The request-size guard answers before the form parses anything: a clear page, not a 500.
    assert response.status_code == 413
    assert "10 MB" in response.content.decode()
    assert ImportJob.objects.count() == 0 and _snapshot() == before


def test_bad_encoding_upload_shows_message(world, client_for) -> None:  # type: ignore[no-untyped-def]
    upload = io.BytesIO(b"\x81\x8d;\x8f\n\x90;\x9d\n")
    upload.name = "kaart.csv"
    response = client_for(world.admin).post("/socialmap/import/", {"file": upload})
    assert response.status_code == 400 and ImportJob.objects.count() == 0
