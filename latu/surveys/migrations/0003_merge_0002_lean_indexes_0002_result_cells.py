
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0002_lean_indexes'),
        ('surveys', '0002_result_cells'),
    ]

    operations = [
    ]
