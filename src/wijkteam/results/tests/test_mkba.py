"""The MKBA: sums against a hand calculation, sourced and indexed unit costs, protected
counts, the exports (read back); the closing ticks are test_prevented.py."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wijkteam.casework.choices import Phase
from wijkteam.casework.tests.helpers import actor, make_household, trajectory_of
from wijkteam.results import mkba_data, prevented
from wijkteam.results.mkba import (
    Assumptions,
    CostFigure,
    Inputs,
    OutcomeCount,
    ReferralCount,
    mkba_compute,
)
from wijkteam.results.models import UnitCost
from wijkteam.results.shipped import CPI_CHANGES, ensure_shipped
from wijkteam.socialmap.models import ServiceType

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _shipped(db: Any) -> None:
    ensure_shipped()  # a browser test elsewhere may have flushed the migrated rows


def _cost(amount: str, factor: str, key: str = "x") -> CostFigure:
    return CostFigure(
        key, key, Decimal(amount), "per case", 2015, 2015, "test", True, False, 1, Decimal(factor)
    )


def test_the_sums_match_a_hand_calculation() -> None:
    inputs = Inputs(
        year=2025,
        fte=Decimal("10"),
        households=200,
        outcomes=(
            OutcomeCount("eviction", "Huisuitzetting", 10, 20, _cost("100000", "1.2", "e")),
            OutcomeCount("debt", "Schulden", None, 30, _cost("1500", "1.5", "d")),  # hidden
            OutcomeCount("work", "Werk", 40, 40, None),  # not given a euro value
        ),
        assumptions=Assumptions(
            cost_per_fte=Decimal("80000"),
            likely_weight=Decimal("0.5"),
            hours_saved=Decimal("4"),
            relapse_baseline=20,
        ),
        referrals=(
            ReferralCount("general", "Algemeen", 20, _cost("100", "1.1")),
            ReferralCount("collective", "Collectief", None, _cost("300", "1")),  # hidden
            ReferralCount("prior", "Voorliggend", 40, None),  # no figure entered
            ReferralCount("tailored", "Maatwerk", 30, _cost("1000", "1.2")),
        ),
        trajectories=150,
        coordination_rate=_cost("60", "1.25"),
        relapses=12,
        relapse_cost=_cost("5000", "1"),
    )
    result = mkba_compute(inputs)
    # By hand: A = 10 x 80,000 + extra support 20 x 110 + 30 x 1,200 = 800,000 + 2,200 +
    # 36,000 = 838,200 (collective hidden, prior without a figure: both left out).
    # B = 150 trajectories x 4 hours x 60 x 1.25 = 150 x 4 x 75 = 45,000.
    # C: eviction indexed 120,000: low 10 x = 1,200,000; expected (10 + 20 x 0.5) x = 2,400,000;
    # high 30 x = 3,600,000. Debt indexed 2,250: low 0 (certain hidden), expected 15 x = 33,750,
    # high 30 x = 67,500. Work: no euro value. Fewer relapses (20 - 12) x 5,000 = 40,000.
    assert (result.team_costs, result.extra_support) == (Decimal("800000"), Decimal("38200"))
    assert result.low.costs == Decimal("838200")
    assert result.expected.savings == Decimal("45000")
    assert result.relapse == Decimal("40000")
    assert result.low.benefits == Decimal("1240000")
    assert result.expected.benefits == Decimal("2473750")
    assert result.high.benefits == Decimal("3707500")
    assert result.low.net == Decimal("446800")  # 45,000 + 1,240,000 - 838,200
    assert result.expected.net == Decimal("1680550")
    assert result.high.net == Decimal("2914300")
    missing = {line.key: (line.missing, line.enter_cost) for line in result.missing}
    assert missing == {
        "referral_collective": ("hidden", ""),
        "referral_prior": ("not_entered", "referral_prior"),
    }
    # Sensitivity: eviction +-25% of its expected 2,400,000 moves the balance most.
    label, lower, higher = result.sensitivity[0]
    assert label == "Huisuitzetting" and (lower, higher) == (Decimal("1080550"), Decimal("2280550"))
    # A cost 25% lower raises the balance: tailored support 36,000 -> +-9,000.
    tailored = next(row for row in result.sensitivity if row[0] == "Maatwerk")
    assert tailored[1:] == (Decimal("1689550"), Decimal("1671550"))

    # No hours entered: the coordination line is missing (where to enter it: the calculator's
    # field), B is 0 and the balance drops by exactly its 45,000.
    without = mkba_compute(
        replace(inputs, assumptions=replace(inputs.assumptions, hours_saved=None))
    )
    line = next(ln for ln in without.missing if ln.key == "coordination")
    assert (line.missing, line.enter_field, line.amount) == ("not_entered", "hours_saved", None)
    assert without.expected.savings == 0 and without.expected.net == Decimal("1635550")
    # More relapses than the baseline cost money: (10 - 12) x 5,000 = -10,000.
    worse = mkba_compute(
        replace(inputs, assumptions=replace(inputs.assumptions, relapse_baseline=10))
    )
    assert worse.relapse == Decimal("-10000")


def test_unit_costs_are_sourced_indexed_and_overridable(world: Any) -> None:
    costs = mkba_data.unit_costs(world.municipality, 2025)
    eviction = costs["eviction_societal"]
    assert (eviction.amount, eviction.year, eviction.price_level) == (Decimal(100000), 2015, 2015)
    assert "Stadlander" in eviction.source and eviction.verified
    assert eviction.factor == Decimal("1.3452")  # CPI 2025 134.52 / 2015 100.00
    assert not eviction.index_verified  # 2025 rests on changes not read at CBS itself
    in_2023 = mkba_data.unit_costs(world.municipality, 2023)["eviction_societal"]
    assert in_2023.factor == Decimal("1.2606") and in_2023.index_verified
    assert not costs["out_of_home"].verified
    UnitCost.objects.create(
        municipality=world.municipality,
        key="eviction_societal",
        item="Eigen berekening",
        amount=Decimal(80000),
        unit="per ontruiming",
        year=2024,
        price_level=2024,
        source="Gemeente Testgemeente",
    )
    own = mkba_data.unit_costs(world.municipality, 2025)["eviction_societal"]
    assert own.own and own.amount == Decimal(80000)
    assert (
        mkba_data.unit_costs(world.other_municipality, 2025)["eviction_societal"].amount == 100000
    )


def test_prevented_outcomes_are_counted_protected(world: Any, client_for: Any) -> None:
    trajectory = trajectory_of(make_household(world))
    trajectory.phase = Phase.EVALUATION  # the phase walk is casework's test
    trajectory.save(update_fields=["phase"])
    prevented.prevented_record(
        actor=actor(world.member_a), trajectory=trajectory, chosen={"eviction": "certain"}
    )
    inputs, _costs = mkba_data.mkba_inputs(
        actor=actor(world.policy),
        municipality=world.municipality,
        year=timezone.localdate().year,
        assumptions=Assumptions(cost_per_fte=Decimal(1), likely_weight=Decimal("0.5")),
    )
    eviction = next(c for c in inputs.outcomes if c.key == "eviction")
    assert eviction.certain is None  # one case: below the threshold, hidden and not summed
    page = client_for(world.policy).get(reverse("results:mkba") + "?cost_per_fte=80000")
    assert page.status_code == 200 and "geen effectmeting" in page.content.decode()
    page = page.content.decode()
    assert "Testers" not in page and "Dorpsstraat" not in page  # nobody seen individually


def test_prevented_waits_for_the_evaluation(world: Any) -> None:
    trajectory = trajectory_of(make_household(world))
    with pytest.raises(ValidationError):
        prevented.prevented_record(
            actor=actor(world.member_a), trajectory=trajectory, chosen={"eviction": "likely"}
        )


def test_the_shipped_cpi_series_follows_cbs_published_yearly_changes(world: Any) -> None:
    series = mkba_data.index_series().values
    for year, (change, _source, _read_at_cbs) in CPI_CHANGES.items():
        step = (series[year].value / series[year - 1].value - 1) * 100
        assert step.quantize(Decimal("0.1")) == Decimal(change), year
    # CBS table 71311NED (2006 = 100) publishes 116.58 for 2015: the chain agrees to rounding.
    assert abs(100 * series[2015].value / series[2006].value - Decimal("116.58")) < Decimal("0.02")
    assert {y for y, row in series.items() if not row.verified} == {2024, 2025}
    assert "press reports" in series[2025].source and "CBS news 2023/02" in series[2011].source


def test_the_exports_read_back(world: Any, client_for: Any) -> None:
    from openpyxl import load_workbook

    client = client_for(world.policy)
    query = "?year=2025&cost_per_fte=80000&extra_support=0&coordination_saving=0&likely_weight=0.5"
    xlsx = client.get(reverse("results:mkba_xlsx") + query)
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book["MKBA"]
    assert sheet["B14"].value == "=B12+B13" and sheet["B5"].value == 80000
    assert "consumentenprijsindex" in sheet["A3"].value  # the series is named
    eviction = next(r for r in sheet.iter_rows(min_row=20) if r[0].value == "Huisuitzetting")
    # The factor as a formula of the two index values used for this unit cost.
    assert eviction[5].value == f"=ROUND(M{eviction[0].row}/L{eviction[0].row},4)"
    assert (eviction[11].value, eviction[12].value) == (100.0, 134.52)
    index = {row[0]: row for row in book["Index"].iter_rows(min_row=3, values_only=True)}
    assert index[2025][2] == 134.52 and index[2025][4] == "nee"  # the report year: unverified
    assert index[2011][4] == "ja" and index[2005][2] == 84.84  # price levels of unit costs
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=20)}
    total, net = rows["C. Totaal"][0].row, rows["Saldo B + C - A"]
    assert [c.value for c in net[7:10]] == [f"=B16+{x}{total}-B14" for x in "HIJ"]
    # C sums the outcomes and the relapse row, the one right above the total.
    assert rows["C. Totaal"][8].value == f"=SUM(I20:I{total - 1})"
    pdf = client.get(reverse("results:mkba_pdf") + query)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert "geen effectmeting" in text and "Stadlander" in text
    assert "84,84" in text  # the index values used are in the report
    # The lines fed by the registrations, and which of them the range leaves out.
    assert "Geteld uit de registraties" in text and "Deze regels tellen niet mee" in text
    assert "omgerekend met de consumentenprijsindex van het CBS" in text
    page = client.get(reverse("results:mkba") + query).content.decode()
    used = page.split('id="index-used"')[1].split("</table>")[0]
    assert used.count("niet geverifieerd") == 1 and "13 January 2026" in used  # 2025 only
    assert "Stadlander" in page.split("Gebruikte kostprijzen")[-1]  # the unit-cost rows
    bad = client.get(reverse("results:mkba") + "?likely_weight=3")
    assert bad.status_code == 400
    # No default cost per FTE: the first visit asks for it, a calculation without it is refused.
    first = client.get(reverse("results:mkba"))
    assert first.status_code == 200 and "geen standaardbedrag" in first.content.decode()
    assert 'id="mkba-lines"' not in first.content.decode()
    for name in ("results:mkba", "results:mkba_pdf", "results:mkba_xlsx"):
        without = client.get(reverse(name) + "?year=2025&likely_weight=0.5")
        assert without.status_code == 400, name
        assert "Vul in wat één fte in het team per jaar kost" in without.content.decode()


def test_a_municipality_sets_its_own_figure_and_keeps_the_earlier(
    world: Any, client_for: Any
) -> None:
    client = client_for(world.policy)
    url = reverse("results:unit_cost_edit", args=["eviction_societal"])
    data = {"amount": "80000", "unit": "per ontruiming", "year": "2024", "price_level": "2024"}
    missing = client.post(url, data)
    assert missing.status_code == 400 and 'id="id_source_error"' in missing.content.decode()
    assert client.post(url, {**data, "source": "Eigen berekening 2024"}).status_code == 302
    assert client.post(url, {**data, "amount": "90000", "source": "Herzien"}).status_code == 302
    rows = UnitCost.objects.filter(municipality=world.municipality, key="eviction_societal")
    assert sorted(rows.values_list("version", "amount")) == [(1, 80000), (2, 90000)]
    used = mkba_data.unit_costs(world.municipality, 2025)["eviction_societal"]
    assert used.own and used.version == 2 and used.source == "Herzien"
    listing = client.get(reverse("results:unit_costs")).content.decode()
    assert "Herzien" in listing and "eigen cijfer" in listing


def test_a_municipality_starts_its_own_outcome_list_from_the_shipped_one(
    world: Any, client_for: Any
) -> None:
    url = reverse("results:outcome_options")
    client = client_for(world.policy)
    data = {"label": "Verlies van de woning door brand", "kind": "prevented", "unit_cost_key": ""}
    assert client.post(url, data).status_code == 302
    own = prevented.outcome_options(world.municipality)
    assert [o.key for o in own][-1] == "verlies-van-de-woning-door-brand"
    assert {"eviction", "work"} <= {o.key for o in own}  # the shipped list was copied first
    assert prevented.outcome_options(world.other_municipality)[0].municipality_id is None
    assert client.post(url, {**data, "kind": "elders"}).status_code == 400


def _hand_example(costs: dict[str, CostFigure]) -> Any:
    inputs = Inputs(
        year=2025,
        fte=None,
        households=None,
        outcomes=(
            OutcomeCount("eviction", "Huisuitzetting", 10, 20, costs["eviction_societal"]),
            OutcomeCount("debt", "Schulden", None, 30, costs["debt_assistance"]),
        ),
        assumptions=Assumptions(cost_per_fte=Decimal(0), likely_weight=Decimal("0.5")),
    )
    return mkba_compute(inputs)


def test_an_own_index_series_is_chosen_versioned_and_changes_the_sums_by_hand(
    world: Any, client_for: Any
) -> None:
    client = client_for(world.policy)
    value_url, series_url = reverse("results:index_value"), reverse("results:index_series")
    for year, value in (("2015", "100"), ("2025", "120"), ("2025", "125")):
        data = {"year": year, "value": value, "source": f"Begroting {year}"}
        assert client.post(value_url, data).status_code == 302
    assert client.post(value_url, {"year": "2024", "value": "0", "source": ""}).status_code == 400
    assert client.post(series_url, {"series": "elders"}).status_code == 400
    assert client.post(series_url, {"series": "own"}).status_code == 302
    listing = client.get(series_url).content.decode()
    assert listing.count("Begroting 2025") == 2  # the earlier version is kept and shown

    # The shipped outcomes need price levels 2005 (debt) and 2011 (shelter): not in the series.
    query = "?year=2025&cost_per_fte=80000&extra_support=0&coordination_saving=0&likely_weight=0.5"
    missing = client.get(reverse("results:mkba") + query)
    alert = missing.content.decode().split('id="index-missing"')[1].split("</div>")[0]
    assert missing.status_code == 400 and "2005, 2011" in alert and "eigen indexreeks" in alert
    export = client.get(reverse("results:mkba_xlsx") + query)
    assert export.status_code == 400 and b"index-missing" in export.content
    for year, value in (("2005", "80"), ("2011", "90")):
        assert client.post(value_url, {"year": year, "value": value, "source": "Begroting"})
    page = client.get(reverse("results:mkba") + query).content.decode()
    assert "eigen indexreeks" in page.split('id="index-series"')[1].split("</p>")[0]
    assert "1,5625" in page  # debt assistance 2005: 125 / 80
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(reverse("results:mkba_xlsx") + query).content))
    assert "eigen indexreeks" in book["MKBA"]["A3"].value
    assert "eigen indexreeks" in next(book["Index"].iter_rows(values_only=True))[0]
    debt = next(r for r in book["MKBA"].iter_rows(min_row=20) if r[4].value == 2005)
    assert (debt[11].value, debt[12].value) == (80.0, 125.0)  # the own values for this cost

    own = _hand_example(mkba_data.unit_costs(world.municipality, 2025))
    # By hand, own series: eviction 100,000 x 125/100 = 125,000; debt 1,500 x 125/80 =
    # 1,500 x 1.5625 = 2,343.75. Low 10 x 125,000 = 1,250,000; expected (10 + 20 x 0.5) x
    # 125,000 + 30 x 0.5 x 2,343.75 = 2,535,156.25; high 30 x 125,000 + 30 x 2,343.75.
    assert (own.low.benefits, own.expected.benefits, own.high.benefits) == (
        Decimal("1250000"),
        Decimal("2535156.25"),
        Decimal("3820312.50"),
    )
    assert client.post(series_url, {"series": "cbs_cpi"}).status_code == 302
    cpi = _hand_example(mkba_data.unit_costs(world.municipality, 2025))
    # CPI: eviction x 134.52/100 = 134,520; debt x 134.52/84.84 = 1.5856 -> 2,378.40.
    # Expected 20 x 134,520 + 15 x 2,378.40 = 2,726,076.
    assert cpi.expected.benefits == Decimal("2726076.00")

    assert client.post(series_url, {"series": "own"}).status_code == 302
    later = client.get(reverse("results:mkba") + query.replace("2025", "2026", 1))
    text = later.content.decode()  # 2026 lies after the series: said, and 2025's value used
    assert later.status_code == 200 and "geen waarde voor 2026" in text and "2025-prijzen" in text


def _closed_after_monitoring(world: Any, n: int) -> int:
    """n trajectories of one household closed after monitoring on 1 December last year, each
    with an agreed plan, and a new trajectory two weeks later: n relapses. Last year, so the
    dates lie in the past on any date."""
    from wijkteam.casework.models import Plan, Trajectory

    year = timezone.localdate().year - 1
    household = make_household(world)
    closed = dt.date(year, 12, 1)
    for version in range(1, n + 1):
        trajectory = Trajectory.objects.create(
            household=household,
            coordinator=world.member_a,
            phase=Phase.CLOSED,
            started_on=dt.date(year, 11, 1),
            closed_on=closed,
            monitoring_until=closed,
        )
        Plan.objects.create(
            household=household,
            trajectory=trajectory,
            version=version,
            is_current=False,
            agreed_on=dt.date(year, 11, 5),
            created_by=world.member_a,
        )
    Trajectory.objects.create(  # the new trajectory: no plan, so not counted under B
        household=household,
        coordinator=world.member_a,
        phase=Phase.CLOSED,
        started_on=dt.date(year, 12, 15),
        closed_on=dt.date(year, 12, 20),
    )
    return year


def test_registrations_feed_the_lines_protected_and_missing_figures_are_named(
    world: Any, client_for: Any
) -> None:
    from openpyxl import load_workbook

    from wijkteam.steering.models import SteeringSettings

    year = _closed_after_monitoring(world, 5)
    client = client_for(world.policy)
    for key, amount in (
        ("coordination_hour", "60"),
        ("relapse", "1000"),
        ("referral_tailored", "900"),
    ):
        url = reverse("results:unit_cost_edit", args=[key])
        assert client.get(url).status_code == 200  # nothing shipped: the form starts empty
        data = {"amount": amount, "unit": "", "year": year, "price_level": year, "source": "Eigen"}
        assert client.post(url, data).status_code == 302
    assert client.get(reverse("results:unit_cost_edit", args=["elders"])).status_code == 404
    listing = client.get(reverse("results:unit_costs")).content.decode()
    not_entered = listing.split('id="not-entered"')[1].split("</table>")[0]
    assert reverse("results:unit_cost_edit", args=["referral_prior"]) in not_entered
    assert reverse("results:unit_cost_edit", args=["relapse"]) not in not_entered

    query = f"?year={year}&cost_per_fte=0&likely_weight=0.5&hours_saved=2&relapse_baseline=8"
    # Five is below the default threshold of 10: both counts hidden, both lines left out.
    page = client.get(reverse("results:mkba") + query).content.decode()
    left_out = page.split('id="mkba-missing"')[1].split("</div>")[0]
    assert "Minder terugval dan de nullijn" in left_out and "verborgen (&lt;10)" in left_out
    # The referral costs are not entered: named with a link to where to enter them.
    lines = page.split('id="mkba-lines"')[1].split("</table>")[0]
    assert reverse("results:unit_cost_edit", args=["referral_general"]) in lines

    SteeringSettings.objects.create(municipality=world.municipality, threshold=5, rounding=1)
    # A: five started referrals to a tailored provision, counted through steering's tables.
    from wijkteam.casework.tests.helpers import make_plan
    from wijkteam.socialmap.models import Referral, ReferralStatus
    from wijkteam.socialmap.tests.factories import make_service
    from wijkteam.steering.summaries import summaries_refresh_all

    service = make_service(world.municipality, "Schuldhulp", service_type="tailored")
    household = make_household(world, name="Familie Tweede")
    solution = make_plan(world, household, actions=0).solutions.first()
    Referral.objects.bulk_create(
        Referral(
            solution=solution,
            service=service,
            provider=service.provider,
            status=ReferralStatus.STARTED,
            proposed_on=dt.date(year, 11, 10),
            created_by=world.member_a,
        )
        for _ in range(5)
    )
    summaries_refresh_all()
    inputs, _costs = mkba_data.mkba_inputs(
        actor=actor(world.policy),
        municipality=world.municipality,
        year=year,
        assumptions=Assumptions(
            cost_per_fte=Decimal(0),
            likely_weight=Decimal("0.5"),
            hours_saved=Decimal(2),
            relapse_baseline=8,
        ),
    )
    assert (inputs.trajectories, inputs.relapses) == (5, 5)
    # Steering's protection hides the five (one team's lone row would give the zeros away),
    # so the line is left out as hidden even with its figure entered: never a guessed count.
    assert {r.kind: r.count for r in inputs.referrals}["tailored"] is None
    result = mkba_compute(inputs)
    # By hand (price level = report year, factor 1): B = 5 x 2 hours x 60 = 600;
    # C = (8 - 5) x 1,000 = 3,000; A = 0 (no FTE cost, no referral figure entered).
    assert (result.expected.savings, result.relapse) == (Decimal(600), Decimal(3000))
    assert result.expected.net == Decimal(3600)
    missing = {ln.key: ln.missing for ln in result.missing}
    assert missing == {f"referral_{k}": "not_entered" for k in ServiceType.values} | {
        "referral_tailored": "hidden"
    }

    sheet = load_workbook(io.BytesIO(client.get(reverse("results:mkba_xlsx") + query).content))[
        "MKBA"
    ]
    coordination = int(str(sheet["B16"].value).removeprefix("=H"))
    row = sheet[coordination]
    assert (row[1].value, row[2].value, row[6].value) == (
        5,
        "=B6",
        f"=ROUND(D{coordination}*F{coordination},2)",
    )
    assert row[7].value == f"=N(B{coordination})*N(C{coordination})*G{coordination}"
    relapse = next(
        r for r in sheet.iter_rows(min_row=20) if r[0].value == "Minder terugval dan de nullijn"
    )
    assert (
        relapse[1].value == 5
        and relapse[8].value == f"=(N($B$7)-N(B{relapse[0].row}))*G{relapse[0].row}"
    )
    assert sheet["B6"].value == 2 and sheet["B7"].value == 8
    assert str(sheet["B13"].value).startswith("=SUM(H")  # the referral rows, each 0: not entered


def test_a_visible_referral_count_goes_into_line_a_by_hand(world: Any, client_for: Any) -> None:
    """Enough referrals that steering's protection shows every cell (threshold 5, rounding 1:
    each team, provision type, outcome and month holds 5, so no cell is hidden), through the
    summaries and the page into line A."""
    from wijkteam.casework.tests.helpers import make_plan
    from wijkteam.households.models import Household
    from wijkteam.socialmap.models import Referral, ReferralStatus
    from wijkteam.socialmap.tests.factories import make_service
    from wijkteam.steering.models import SteeringSettings
    from wijkteam.steering.summaries import summaries_refresh_all

    year = timezone.localdate().year - 1  # a whole past year: every month counts on any date
    SteeringSettings.objects.create(municipality=world.municipality, threshold=5, rounding=1)
    client = client_for(world.policy)
    for key, amount in (("referral_tailored", "900"), ("referral_general", "50")):
        data = {"amount": amount, "unit": "", "year": year, "price_level": year, "source": "Eigen"}
        url = reverse("results:unit_cost_edit", args=[key])
        assert client.post(url, data).status_code == 302
    status = {
        "started": ReferralStatus.STARTED,
        "ended": ReferralStatus.ENDED,  # ended counts as started
        "refused": ReferralStatus.REFUSED,
        "open": ReferralStatus.PROPOSED,
    }
    referrals = []
    for team in (world.team_a, world.team_b):
        household = make_household(world, name="Familie Tweede")
        solution = make_plan(world, household, actions=0).solutions.first()
        Household.objects.filter(pk=household.pk).update(team=team)
        for kind in ServiceType.values:
            service = make_service(
                world.municipality, f"Dienst {kind} {team.pk}", service_type=kind
            )
            for outcome in ("started", "refused", "open"):
                for month in range(1, 13):
                    # Team A's tailored referrals: 4 started and 2 ended a month (6 started).
                    plan = [outcome] * 5
                    if (team, kind, outcome) == (world.team_a, "tailored", "started"):
                        plan = ["started"] * 4 + ["ended"] * 2
                    referrals += [
                        Referral(
                            solution=solution,
                            service=service,
                            provider=service.provider,
                            status=status[o],
                            proposed_on=dt.date(year, month, 10),
                            created_by=world.member_a,
                        )
                        for o in plan
                    ]
    Referral.objects.bulk_create(referrals)
    summaries_refresh_all()

    query = f"?year={year}&cost_per_fte=0&likely_weight=0.5"
    response = client.get(reverse("results:mkba") + query)
    assert response.status_code == 200
    lines = response.content.decode().split('id="mkba-lines"')[1].split("</table>")[0]
    rows = {row.split("</th>")[0].rsplit(">", 1)[-1]: row for row in lines.split("<tr")[2:]}
    # By hand (price level = report year, factor 1): tailored 12 x 6 (team A) + 12 x 5 (team B)
    # = 132 started, x 900 = 118,800; general 12 x 5 x 2 teams = 120, x 50 = 6,000.
    tailored = rows[f"A. {ServiceType.TAILORED.label}"]
    general = rows[f"A. {ServiceType.GENERAL.label}"]
    assert ">132<" in tailored and "118.800" in tailored
    assert ">120<" in general and "6.000" in general
    prior = rows[f"A. {ServiceType.PRIOR.label}"]
    assert ">120<" in prior and "niet ingevuld" in prior  # shown, but no figure: left out
    inputs, _costs = mkba_data.mkba_inputs(
        actor=actor(world.policy),
        municipality=world.municipality,
        year=year,
        assumptions=Assumptions(cost_per_fte=Decimal(0), likely_weight=Decimal("0.5")),
    )
    result = mkba_compute(inputs)
    assert result.extra_support == Decimal(124800)  # 118,800 + 6,000
    assert result.expected.costs == Decimal(124800)  # team costs 0 (cost per FTE 0)
