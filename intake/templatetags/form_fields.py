"""Form fields as HTML, written here rather than by crispy-forms' templates: the same
Bootstrap markup (tests/intake/test_form_fields.py compares the two for every
questionnaire and the queue's filters, blank, filled in and with errors), at a fraction of
the cost. crispy's template machinery was 40 % of a questionnaire page's time, and the
biggest part of the queue's. Widgets this does not write (a checkbox, a file) are left to
crispy's own filter."""

from __future__ import annotations

from typing import Any

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _errors(field: forms.BoundField, tag: str) -> SafeString:
    if not field.errors:
        return mark_safe("")  # noqa: S308  # nosec B308 B703 - an empty string
    items = format_html_join("", '<{} id="error_{}_{}"><strong>{}</strong></{}>', (
        (tag, n, field.auto_id, error, tag) for n, error in enumerate(field.errors, start=1)))
    return format_html('<div id="{}_error" class="invalid-feedback">{}</div>',
                       field.errors.field_id, items)


def _help(field: forms.BoundField) -> SafeString:
    if not field.help_text:
        return mark_safe("")  # noqa: S308  # nosec B308 B703 - an empty string
    # The help text is ours, from the definitions (it may hold the "when" hint's markup).
    return format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id,
                       mark_safe(field.help_text))  # noqa: S308  # nosec B308 B703


def _label_text(field: forms.BoundField) -> SafeString:
    if field.field.required:
        return format_html('{}<span class="asteriskField">*</span>', field.label)
    return conditional_escape(field.label)


def _label_class(field: forms.BoundField, base: str) -> str:
    return f"{base} requiredField" if field.field.required else base


def _choices(field: forms.BoundField) -> SafeString:
    """A radio group: a fieldset with its legend, one form-check per option."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({"id": widget.attrs.get("id") or field.auto_id})
    options = [option for _group, group_options, _index in
               widget.optgroups(field.html_name, widget.format_value(field.value()), attrs)
               for option in group_options]
    invalid = " is-invalid" if field.errors else ""
    rows = []
    for n, option in enumerate(options):
        extra = format_html_join("", " {}", ((name,) for name, value in option["attrs"].items()
                                             if value is True))
        valued = format_html_join("", ' {}="{}"', (
            (name, value) for name, value in option["attrs"].items()
            if value is not False and value is not True))
        last = _errors(field, "p") if n == len(options) - 1 else ""
        rows.append(format_html(
            '<div class="form-check"><input type="{}" class="form-check-input{}" name="{}" '
            'value="{}"{}{}><label for="{}" class="form-check-label">{}</label>{}</div>',
            option["type"], invalid, field.html_name, option["value"], valued, extra,
            option["attrs"].get("id"), option["label"], last))
    described = format_html(' aria-describedby="{}"', field.aria_describedby) \
        if field.aria_describedby else ""
    return format_html(
        '<div id="div_{}" class="mb-3"><fieldset{}><legend class="{}">{}'
        "</legend><div>{}</div>{}</fieldset></div>",
        field.auto_id, described, _label_class(field, "form-label") + " fs-6",
        _label_text(field), mark_safe("".join(rows)),  # noqa: S308  # nosec B308 B703
        _help(field))


def _input(field: forms.BoundField) -> SafeString:
    """A number, a date, a line, a text box or a list, with its label, errors, then help."""
    widget = field.field.widget
    kind = widget.__class__.__name__.lower()
    css = widget.attrs.get("class", "")
    control = "form-select" if isinstance(widget, forms.Select) else "form-control"
    classes = [*css.split(), *([] if kind in css else [kind]), control,
               *(["is-invalid"] if field.errors else [])]
    rendered = field.as_widget(attrs={"class": " ".join(dict.fromkeys(classes))})
    return format_html('<div id="div_{}" class="mb-3"><label for="{}" class="{}">{}'
                       "</label>{}{}{}</div>", field.auto_id, field.id_for_label,
                       _label_class(field, "form-label"), _label_text(field), rendered,
                       _errors(field, "span"), _help(field))


@register.filter
def field_html(field: forms.BoundField) -> SafeString:
    """One field, as crispy's `as_crispy_field` writes it."""
    widget = field.field.widget
    if field.is_hidden or isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple,
                                              forms.FileInput, forms.MultiWidget)):
        return as_crispy_field(field)
    if isinstance(widget, forms.RadioSelect):
        return _choices(field)
    return _input(field)


@register.simple_tag
def questionnaire_fields(form: Any) -> SafeString:
    """Every item of the form's questionnaire, in order; an item that depends on another's
    answer inside its enable-when wrapper (static/js/site.js shows and hides it)."""
    parts = []
    for item in form.questionnaire.items:
        html = field_html(form[item.link_id])
        rule = form.enable_when_rule(item)
        if rule is not None:
            html = format_html('<div class="enable-when" data-enable-when="{}">{}</div>',
                               rule, html)
        parts.append(html)
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - each part is escaped
