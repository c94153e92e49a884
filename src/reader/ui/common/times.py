"""Stored UTC timestamps shown as local time (notes, saved words and library lists)."""

from __future__ import annotations

from datetime import UTC, datetime


def parse_time(stamp: str) -> datetime | None:
    """A stored UTC timestamp (``…Z``) as an aware local datetime; None when unreadable."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone()


def local_time(stamp: str) -> str:
    """A stored UTC timestamp as local time: ``2026-11-28 19:57``."""
    moment = parse_time(stamp)
    return moment.strftime("%Y-%m-%d %H:%M") if moment else stamp


def short_time(stamp: str, now: datetime | None = None) -> str:
    """Compact local time for a narrow column: ``19:57`` today, ``11-28 19:57`` this year,
    else ``2025-11-28``."""
    moment = parse_time(stamp)
    if moment is None:
        return stamp
    now = (now or datetime.now(UTC)).astimezone()
    if moment.date() == now.date():
        return moment.strftime("%H:%M")
    return moment.strftime("%m-%d %H:%M" if moment.year == now.year else "%Y-%m-%d")
