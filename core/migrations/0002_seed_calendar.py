from django.db import migrations


def forwards(apps, schema_editor):
    from core.calendar_seed import load_from_library

    load_from_library(apps.get_model("core", "CalendarYear"), apps.get_model("core", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
