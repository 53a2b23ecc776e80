from django.db import migrations


def install(apps, schema_editor):
    from luoshi.orgs.roles import install_builtin_roles

    install_builtin_roles(apps.get_model("orgs", "Role"))


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
