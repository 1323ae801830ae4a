"""Shoper users for Allegro buyers: found by email (Shoper keeps emails unique), created when missing.

Creating a user is safe to repeat without a recovery point: a second POST with the same email is refused with
400 "Wartość '…' już istnieje", after which the user is looked up again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plugin.exceptions import ShoperAPIError, ShopError
from plugin.shoper import ShoperClient
from plugin.shoper.entities import ShoperUser


@dataclass
class Users:
    client: ShoperClient
    _by_email: dict[str, int] = field(default_factory=dict)

    def find(self, email: str) -> int | None:
        key = email.strip().casefold()
        if key in self._by_email:
            return self._by_email[key]
        page = self.client.page("users", limit=1, filters={"email": email.strip()})
        if not page.items:
            return None
        user = ShoperUser.parse(page.items[0])
        self._by_email[key] = user.user_id
        return user.user_id

    def ensure(self, email: str, first_name: str | None, last_name: str | None, phone: str | None = None) -> int:
        """Created straight away (one call for a new buyer); an email Shoper already has is then looked up."""
        key = email.strip().casefold()
        if key in self._by_email:
            return self._by_email[key]
        body = self.body(email, first_name, last_name, phone)
        try:
            user_id = self.client.create("users", body)
        except ShoperAPIError as exc:
            if exc.status == 400 and "istnieje" in (exc.description or ""):
                again = self.find(email)
                if again is not None:
                    return again
            raise
        self._by_email[key] = user_id
        return user_id

    @staticmethod
    def body(email: str, first_name: str | None, last_name: str | None, phone: str | None) -> dict[str, str]:
        """A new user (``origin`` 3: Allegro)."""
        body = {
            "email": email.strip(),
            "firstname": first_name or "-",
            "lastname": last_name or "-",
            "active": "1",
            "origin": "3",
        }
        if phone:
            body["phone"] = phone
        return body

    def remember(self, email: str, user_id: int) -> None:
        self._by_email[email.strip().casefold()] = user_id

    def guest(self, email: str | None) -> int:
        """The one account of every order while customers are not registered: looked up, made if missing."""
        if not email:
            raise ShopError(
                "Shoper needs a customer on every order and sync.register_customers is off: set "
                "shop.backend.guest_account to the email of the account that receives Allegro orders."
            )
        return self.find(email) or self.ensure(email, "Allegro", "Zamówienia")
