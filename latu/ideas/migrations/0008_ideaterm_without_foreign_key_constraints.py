"""Search terms without foreign-key constraints: PostgreSQL checked both keys of every
term of every new idea when the announcing batch committed (see ``IdeaTerm``). Only the
constraints are dropped; the columns and indexes stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ideas', '0007_drop_indexes_covered_by_others'),
        ('organisations', '0003_drop_indexes_covered_by_others'),
    ]

    operations = [
        migrations.AlterField(
            model_name='ideaterm',
            name='idea',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='terms', to='ideas.idea'),
        ),
        migrations.AlterField(
            model_name='ideaterm',
            name='organisation',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation'),
        ),
    ]
