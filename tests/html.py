"""Reading rendered pages in view tests."""

import re


def field_error(response, name):
    """The text of the error crispy renders under the field called `name` ('' if none)."""
    match = re.search(
        rf'<div id="id_{name}_error"[^>]*>(.*?)</div>', response.content.decode(), re.S
    )
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""
