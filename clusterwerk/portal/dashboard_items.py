"""The line of a dashboard (`Item`) and how many of one kind a dashboard lists – shared by
`dashboards` and `dashboard_instruments`."""

from dataclasses import dataclass

# How many items of one kind a dashboard lists (the counts are always complete).
SHOWN_ITEMS = 50


@dataclass(frozen=True)
class Item:
    """One line of a dashboard: what it is, its state, and the next action."""

    title: str
    url: str
    action: str
    action_url: str
    status: str = ""
    note: str = ""

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "url": self.url,
            "status": self.status,
            "note": self.note,
            "action": self.action,
            "action_url": self.action_url,
        }
