from html import escape

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import mark_safe


class FormRenderer(DjangoTemplates):
    """Every form renders with labels, help, an error summary and field errors wired
    to the inputs with aria-describedby (WCAG 3.3.1, 3.3.2)."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class KeptChoices(BaseChoiceIterator):
    """A list of (value, label) choices already in Django's canonical form. Given to a
    widget as it is, Django does not normalise it again (1 500 units: ~3 ms a view).
    ``source`` is the list the choices were made from when it is kept between requests:
    ``FastSelect`` then writes the options once for it."""

    def __init__(self, choices: list, source: list | None = None):
        self.choices = choices
        self.source = source

    def __iter__(self):
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)


class FastSelect(forms.Select):
    """A select whose options are written in Python instead of one template per option.

    The unit list of a city has some 1 500 options; rendered option by option through
    the template engine it took most of the innovator's board (~150 ms). The standard
    library's ``html.escape`` escapes the same five characters as Django's, without the
    lazy-string wrapper around every call."""

    template_name = "core/forms/fast_select.html"
    _written: dict = {}  # (id of a kept source list, first choice) → (the list, the options unselected)

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)  # without per-option dicts
        if self.allow_multiple_selected:
            context["widget"]["attrs"]["multiple"] = True
        selected = {str(v) for v in context["widget"]["value"]}
        context["widget"]["options_html"] = mark_safe(self._options_html(selected))  # noqa: S308
        return context

    def _options_html(self, selected: set[str]) -> str:
        source = getattr(self.choices, "source", None)
        if source is None:
            return "".join(self._options(self.choices, selected))
        first = self.choices.choices[0] if self.choices.choices else None
        key = (id(source), first and (str(first[0]), str(first[1])))  # e.g. an empty choice, in this language
        written = self._written.get(key)
        if written is None or written[0] is not source:
            if len(self._written) >= 256:
                self._written.clear()
            written = self._written[key] = (source, "".join(self._options(self.choices, set())))
        html = written[1]
        for value in selected:  # option values are unique: mark the chosen ones
            option = f'<option value="{escape(value)}">'
            html = html.replace(option, option[:-1] + " selected>", 1)
        return html

    def _options(self, choices, selected: set[str]):
        for option_value, label in choices:
            if isinstance(label, list | tuple):  # a group of choices
                yield f'<optgroup label="{escape(str(option_value))}">'
                yield from self._options(label, selected)
                yield "</optgroup>"
                continue
            text = "" if option_value is None else str(option_value)
            chosen = " selected" if text in selected else ""
            yield f'<option value="{escape(text)}"{chosen}>{escape(str(label))}</option>'


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    """``FastSelect`` for several choices."""


class SearchWithButton(forms.TextInput):
    """A search field with its own submit button (``name="find"``), for a form that
    looks something up and is shown again without saving (works without JavaScript)."""

    input_type = "search"
    template_name = "core/forms/search_with_button.html"
