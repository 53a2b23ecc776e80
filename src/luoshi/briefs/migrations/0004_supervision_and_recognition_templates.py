from django.db import migrations


def install(apps, schema_editor):
    from luoshi.briefs.defaults import install_default_templates

    install_default_templates(apps.get_model("briefs", "SectionTemplate"))


class Migration(migrations.Migration):
    dependencies = [("briefs", "0003_more_default_templates")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
