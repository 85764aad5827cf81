"""The search tokens again, stemmed by the Snowball Dutch stemmer (socialmap/search.py)
instead of the hand-written one: a query is stemmed the new way, so the stored words must be
too. Only services that had tokens get them (as before: approved and proposed alike)."""

from django.db import migrations

BATCH = 1000


def restem(apps, schema_editor):
    from wijkteam.socialmap.search import document_tokens

    Service = apps.get_model("socialmap", "Service")
    ServiceToken = apps.get_model("socialmap", "ServiceToken")
    ids = sorted(set(ServiceToken.objects.values_list("service_id", flat=True)))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        services = Service.objects.filter(pk__in=chunk).select_related("provider")
        rows = [
            ServiceToken(
                service_id=s.pk, municipality_id_copy=s.municipality_id, token=token, weight=weight
            )
            for s in services
            for token, weight in document_tokens(
                s, s.provider.name if s.provider_id else ""
            ).items()
        ]
        ServiceToken.objects.filter(service_id__in=chunk).delete()
        ServiceToken.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("socialmap", "0005_service_external_id_index"),
    ]

    # Backwards: the tokens stay as they are (the old stemmer is gone with the old code).
    operations = [migrations.RunPython(restem, migrations.RunPython.noop)]
