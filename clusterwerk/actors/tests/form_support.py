"""A form as a browser submits it: read the rendered page, take every control's current value
(selected options in document order, checked boxes, textarea text), so that tests post exactly
what a person gets when they change nothing but the inputs they name.

Used by the "no lost edits" tests of actors, projects, listings and participation records.
"""

import re
from html.parser import HTMLParser

SKIPPED_INPUT_TYPES = {"submit", "button", "image", "reset", "file"}


def sanitized(kind: str, value: str) -> str:
    """The value a browser keeps for an input of this type: a date input shows (and sends)
    only an ISO date, a number input only a number; anything else becomes empty."""
    if kind == "date":
        return value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else ""
    if kind == "number":
        return value if re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", value) else ""
    return value


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attributes, "controls": [], "buttons": []}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        disabled = "disabled" in attributes
        name = attributes.get("name")
        if tag == "input":
            kind = (attributes.get("type") or "text").lower()
            if kind == "submit":
                self._form["buttons"].append(attributes)
            if not name or disabled or kind in SKIPPED_INPUT_TYPES:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self._form["controls"].append((name, attributes.get("value", "on")))
                return
            self._form["controls"].append((name, sanitized(kind, attributes.get("value", ""))))
        elif tag == "button":
            self._form["buttons"].append(attributes)
        elif tag == "textarea" and name and not disabled:
            self._textarea = {"name": name, "text": ""}
        elif tag == "select" and name and not disabled:
            self._select = {"name": name, "multiple": "multiple" in attributes, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attributes.get("value"),
                "selected": "selected" in attributes,
                "text": "",
            }
            self._select["options"].append(self._option)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            # Browsers drop the one line break that directly follows <textarea>.
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            self._form["controls"].append((self._textarea["name"], text))
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            self._finish_select()

    def _finish_select(self):
        select, self._select = self._select, None
        options = select["options"]
        values = [
            option["value"] if option["value"] is not None else option["text"].strip()
            for option in options
        ]
        chosen = [
            value for value, option in zip(values, options, strict=True) if option["selected"]
        ]
        if not select["multiple"]:
            chosen = chosen[-1:] or values[:1]
        self._form["controls"].extend((select["name"], value) for value in chosen)


def browser_form(html: str, *, index: int | None = None, button: str | None = None) -> dict:
    """The data a browser posts for a form of the page: the POST form with the most controls
    unless `index` is given. `button`: the name of the submit button pressed (its value is
    sent). Values are lists (as the test client posts them), one entry per control."""
    reader = _FormReader()
    reader.feed(html)
    forms = reader.forms
    if index is None:
        posted = [form for form in forms if form["attrs"].get("method", "").lower() == "post"]
        form = max(posted, key=lambda form: len(form["controls"]))
    else:
        form = forms[index]
    data: dict[str, list[str]] = {}
    for name, value in form["controls"]:
        data.setdefault(name, []).append(value)
    if button is not None:
        pressed = next(attrs for attrs in form["buttons"] if attrs.get("name") == button)
        data.setdefault(button, []).append(pressed.get("value", ""))
    return data


def page_form(client, url: str, **kwargs) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return browser_form(response.content.decode(), **kwargs)
