"""The clinic's own words for the emails it may edit, one per kind and language."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('outbox', '0004_account_emails'),
    ]

    operations = [
        migrations.CreateModel(
            name='EmailText',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('confirmation', 'Application received'), ('resume-link', 'Link to continue an application'), ('reminder', 'Reminder to finish an application'), ('more-information', 'Request for more information'), ('staff-invite', 'Invitation to join the staff')], max_length=30, verbose_name='email')),
                ('language', models.CharField(choices=[('en', 'English'), ('es', 'Spanish')], default='en', max_length=5, verbose_name='language')),
                ('subject', models.CharField(max_length=200, verbose_name='subject')),
                ('body', models.TextField(max_length=5000, verbose_name='text')),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'email text',
                'verbose_name_plural': 'email texts',
                'ordering': ['kind', 'language'],
                'constraints': [models.UniqueConstraint(fields=('kind', 'language'), name='outbox_email_text_one_per_language', violation_error_message='The clinic already has its own text for this email in this language: change that one.'), models.CheckConstraint(condition=models.Q(('kind__in', ['confirmation', 'resume-link', 'reminder', 'more-information', 'staff-invite'])), name='outbox_email_text_editable_kinds')],
            },
        ),
    ]
