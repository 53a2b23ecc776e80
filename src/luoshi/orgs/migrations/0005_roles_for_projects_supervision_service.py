from django.db import migrations


def refresh(apps, schema_editor):
    from luoshi.orgs.roles import install_builtin_roles

    install_builtin_roles(apps.get_model("orgs", "Role"))


class Migration(migrations.Migration):
    dependencies = [("orgs", "0004_plans_permission")]
    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
