from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Every form renders with labels, help, an error summary and field errors wired
    to the inputs with aria-describedby (WCAG 3.3.1, 3.3.2)."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
