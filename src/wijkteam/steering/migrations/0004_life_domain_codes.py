"""The summary's self-sufficiency rows ("<domain>:<trend>") name their life domain by the one
vocabulary's codes (`mental:up` becomes `mental_health:up`, ...). The protected periods of that
indicator were computed from the old rows: they are dropped and computed again from the
summary (by the next request or the refresh job)."""

from typing import Any

from django.db import migrations
from django.db.models import Q

from wijkteam.lifedomains.former_codes import both_ways

INDICATOR = "self_sufficiency_change"
TRENDS = ("up", "same", "down")


def recode(apps: Any, mapping: dict[str, str]) -> None:
    counts = apps.get_model("steering", "SummaryCount").objects.filter(indicator=INDICATOR)
    for old, new in mapping.items():
        for trend in TRENDS:
            counts.filter(dimension=f"{old}:{trend}").update(dimension=f"{new}:{trend}")
    apps.get_model("steering", "ProtectedPeriod").objects.filter(
        Q(indicator=INDICATOR) | Q(indicator__startswith=f"{INDICATOR}|")
    ).delete()


forwards, backwards = both_ways(recode)


class Migration(migrations.Migration):
    dependencies = [("steering", "0003_summary_stamps")]

    operations = [migrations.RunPython(forwards, backwards)]
