"""The schedule: plan training days, see them in a month or a list, move, skip
or add sessions, and subscribe to them from a phone's calendar.

Forms that plan sessions warn before saving and never block: a POST whose
plan draws warnings shows them with a "Save anyway" button, which sends back
a digest of the warnings seen; the plan is saved when it draws no warning or
when the digest matches the warnings it draws now.
"""

import calendar
import re
from collections import defaultdict
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from training import ical, scheduling, services
from training.access import get_session_for_user
from training.forms.schedule import ScheduleForm, SessionAddForm, SessionMoveForm
from training.models import CalendarFeed, Session

UPCOMING_COUNT = 8
MISSED_DAYS = 14
MISSED_COUNT = 5
FEED_HISTORY_DAYS = 365
MIN_YEAR, MAX_YEAR = 1900, 2999
STATUS_LABELS = {**dict(Session.Status.choices), "missed": "Missed"}


def _today():
    """Today in the site's time zone; the seam tests move the clock through."""
    return timezone.localdate()


def _warning_context(warnings, user):
    """The warnings one line per kind; "Save anyway" confirms the full list."""
    return {
        "warnings": scheduling.warning_lines(warnings, weekly_target=user.weekly_target),
        "confirm": scheduling.warnings_digest(warnings) if warnings else "",
    }


def _confirmed(request, warnings):
    return not warnings or request.POST.get("confirm") == scheduling.warnings_digest(warnings)


def _next_url(request, default):
    """Where to go back to: a path on this site given as `next`, else `default`."""
    url = request.POST.get("next") or request.GET.get("next")
    if (
        url
        and url.startswith("/")
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return url
    return reverse(default)


def _entry(session, today):
    status = session.display_status(today)
    return {"session": session, "status": status, "label": STATUS_LABELS[status]}


@login_required
@require_http_methods(["GET", "POST"])
def schedule_create(request):
    today = _today()
    # "Plan training days" on a routine page preselects that routine.
    form = ScheduleForm(
        request.POST or None,
        user=request.user,
        today=today,
        initial={"routine": request.GET.get("routine", "")},
    )
    warnings = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        dates = data["dates"]
        warnings = services.schedule_create_warnings(
            user=request.user, dates=dates, start_date=data["start_date"], weeks=data["weeks"]
        )
        if _confirmed(request, warnings):
            try:
                services.schedule_create(
                    user=request.user,
                    routine=data["routine"],
                    weekdays=data["weekdays"],
                    start_date=data["start_date"],
                    weeks=data["weeks"],
                    today=today,
                )
            except ValidationError as error:
                form.add_error(None, error)
                warnings = []
            else:
                messages.success(
                    request,
                    f"Planned {len(dates)} session{'' if len(dates) == 1 else 's'} "
                    f"of {data['routine'].name}, {scheduling.day_label(dates[0])} "
                    f"to {scheduling.day_label(dates[-1], year=True)}.",
                )
                return redirect("training:upcoming")
    return render(
        request,
        "training/schedule_form.html",
        {"form": form, **_warning_context(warnings, request.user)},
    )


@login_required
@require_GET
def calendar_month(request, year=None, month=None):
    today = _today()
    if year is None:
        year, month = today.year, today.month
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        raise Http404("There is no such month.")
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    by_day = defaultdict(list)
    for session in (
        Session.objects.for_user(request.user)
        .between(weeks[0][0], weeks[-1][-1])
        .select_related("routine")
    ):
        by_day[session.date].append(_entry(session, today))
    first = date(year, month, 1)
    previous = first - timedelta(days=1)
    following = first + timedelta(days=31)
    return render(
        request,
        "training/calendar.html",
        {
            "month": first,
            "weeks": [[_day_cell(day, month, today, by_day) for day in week] for week in weeks],
            "month_count": sum(len(by_day[day]) for day in by_day if day.month == month),
            "weekday_names": scheduling.DAY_NAMES,
            "previous": previous if previous.year >= MIN_YEAR else None,
            "following": following if following.year <= MAX_YEAR else None,
            "is_this_month": (year, month) == (today.year, today.month),
        },
    )


def _day_cell(day, month, today, by_day):
    return {
        "day": day,
        "in_month": day.month == month,
        "is_today": day == today,
        "entries": by_day.get(day, []),
    }


@login_required
@require_GET
def upcoming(request):
    today = _today()
    sessions = Session.objects.for_user(request.user).select_related("routine")
    coming = sessions.filter(
        Q(status=Session.Status.PLANNED, date__gte=today) | Q(status=Session.Status.IN_PROGRESS)
    ).order_by("date", "pk")[:UPCOMING_COUNT]
    missed = sessions.filter(
        status=Session.Status.PLANNED,
        date__lt=today,
        date__gte=today - timedelta(days=MISSED_DAYS),
    ).order_by("-date", "-pk")[:MISSED_COUNT]
    return render(
        request,
        "training/upcoming.html",
        {
            "coming": [_entry(session, today) for session in coming],
            "missed": [_entry(session, today) for session in missed],
            "missed_days": MISSED_DAYS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_add(request):
    today = _today()
    form = SessionAddForm(request.POST or None, user=request.user, today=today)
    warnings = []
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["date"]
        warnings = services.session_add_warnings(user=request.user, day=day)
        if _confirmed(request, warnings):
            try:
                services.session_add(
                    user=request.user, routine=form.cleaned_data["routine"], day=day, today=today
                )
            except ValidationError as error:
                form.add_error(None, error)
                warnings = []
            else:
                messages.success(request, f"Session added on {scheduling.day_label(day)}.")
                return redirect("training:upcoming")
    return render(
        request,
        "training/session_add_form.html",
        {"form": form, **_warning_context(warnings, request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_move(request, pk):
    session = get_session_for_user(request.user, pk)
    back = _next_url(request, "training:upcoming")
    if session.status != Session.Status.PLANNED:
        messages.error(request, "Only a planned session can be moved.")
        return redirect(back)
    today = _today()
    form = SessionMoveForm(request.POST or None, session=session, today=today)
    warnings = []
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["date"]
        warnings = services.session_move_warnings(
            user=request.user, session=session, day=day, today=today
        )
        if _confirmed(request, warnings):
            try:
                services.session_move(session=session, day=day, today=today)
            except ValidationError as error:
                form.add_error(None, error)
                warnings = []
            else:
                messages.success(request, f"Session moved to {scheduling.day_label(day)}.")
                return redirect(back)
    return render(
        request,
        "training/session_move_form.html",
        {
            "form": form,
            "session": session,
            "entry": _entry(session, today),
            "next": back,
            **_warning_context(warnings, request.user),
        },
    )


@login_required
@require_POST
def session_skip(request, pk):
    session = get_session_for_user(request.user, pk)
    try:
        services.session_skip(session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Skipped the session of {scheduling.day_label(session.date)}.")
    return redirect(_next_url(request, "training:upcoming"))


@login_required
@require_http_methods(["GET", "POST"])
def feed_settings(request):
    if request.method == "POST":
        services.calendar_feed_reset(user=request.user)
        messages.success(
            request,
            "Your calendar address was reset. Subscribe again with the new one: "
            "the old address no longer works.",
        )
        return redirect("training:feed-settings")
    feed = services.calendar_feed_get_or_create(user=request.user)
    url = request.build_absolute_uri(reverse("training:feed", args=[feed.token]))
    return render(
        request,
        "training/feed_settings.html",
        {"feed_url": url, "webcal_url": re.sub(r"^https?://", "webcal://", url)},
    )


@require_safe
def feed(request, token):
    """The user's sessions as iCalendar (RFC 5545); the secret token is the only key."""
    calendar_feed = get_object_or_404(CalendarFeed, token=token)
    since = _today() - timedelta(days=FEED_HISTORY_DAYS)
    sessions = (
        Session.objects.filter(user_id=calendar_feed.user_id, date__gte=since)
        .select_related("routine")
        .order_by("date", "pk")
    )
    response = HttpResponse(
        ical.calendar(
            sessions, url_for=lambda session: request.build_absolute_uri(session.get_absolute_url())
        ),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="hamstrong.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
