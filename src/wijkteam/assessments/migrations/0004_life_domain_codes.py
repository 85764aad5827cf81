"""The shipped ZRM versions name their domains by the one vocabulary's codes (`mental` becomes
`mental_health`, ...), in the domains and in the latest-score summary. A municipality's own
instruments keep the codes it chose."""

from typing import Any

from django.db import migrations

from wijkteam.lifedomains.former_codes import both_ways


def recode(apps: Any, mapping: dict[str, str]) -> None:
    domains = apps.get_model("assessments", "Domain").objects
    latest = apps.get_model("assessments", "LatestScore").objects
    shipped = domains.filter(instrument__municipality__isnull=True, instrument__code="zrm")
    for old, new in mapping.items():
        ids = list(shipped.filter(code=old).values_list("pk", flat=True))
        domains.filter(pk__in=ids).update(code=new)
        latest.filter(domain_id__in=ids).update(domain_code=new)


forwards, backwards = both_ways(recode)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_instrument_municipality")]

    operations = [migrations.RunPython(forwards, backwards)]
