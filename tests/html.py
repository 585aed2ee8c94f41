"""Reading rendered pages in view tests."""

import re


def field_error(response, name):
    """The text of the error crispy renders under the field called `name` ('' if none)."""
    match = re.search(
        rf'<div id="id_{name}_error"[^>]*>(.*?)</div>', response.content.decode(), re.S
    )
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def page_text(response) -> str:
    """The page as a person reads it: the CSRF token, different on every page (and
    random enough to spell anything), left out."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
