from django.db import migrations


def refresh(apps, schema_editor):
    from luoshi.orgs.roles import install_builtin_roles

    install_builtin_roles(apps.get_model("orgs", "Role"))


class Migration(migrations.Migration):
    dependencies = [("orgs", "0003_list_index_and_audit_actor")]
    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
