"""iCalendar (RFC 5545) for the private calendar feed: all-day events, so a
daylight-saving change never moves a session."""

import re
from datetime import timedelta

from django.utils import timezone

from training.models import Session

ICAL_STATUS = {
    Session.Status.PLANNED: "CONFIRMED",
    Session.Status.IN_PROGRESS: "CONFIRMED",
    Session.Status.DONE: "CONFIRMED",
    Session.Status.SKIPPED: "CANCELLED",
}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def text(value):
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return CONTROL_CHARACTERS.sub("", value)


def fold(line):
    """Fold a content line at 75 octets, never inside a UTF-8 character (3.1)."""
    parts, current, limit = [], b"", 75
    for character in line:
        encoded = character.encode()
        if len(current) + len(encoded) > limit:
            parts.append(current.decode())
            # A continuation line starts with a space, which counts.
            current, limit = b"", 74
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def calendar(sessions, *, url_for) -> str:
    """The sessions as one VCALENDAR; `url_for(session)` gives each event's link."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Hamstrong//Training schedule//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Hamstrong training",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
    ]
    for session in sessions:
        name = session.routine.name if session.routine else "Hamstring session"
        label = session.get_status_display()
        # All-day DATE values: a daylight-saving change never moves a session.
        lines += [
            "BEGIN:VEVENT",
            f"UID:session-{session.pk}@hamstrong",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{session.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{session.date + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{text(name)}",
            f"DESCRIPTION:{text(f'{label} in Hamstrong.')}",
            f"STATUS:{ICAL_STATUS[session.status]}",
            "TRANSP:TRANSPARENT",
            f"URL:{url_for(session)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
