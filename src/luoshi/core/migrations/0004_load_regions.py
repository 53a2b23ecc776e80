from django.db import migrations


def load(apps, schema_editor):
    from luoshi.core.regions import load_regions

    load_regions(model=apps.get_model("core", "Region"))


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_chain_head")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
