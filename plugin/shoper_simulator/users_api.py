"""``users``: the shop's customers. The email is required and unique (case does not matter, as in MySQL's
collations): a second one is Shoper's 400 "Wartość '…' już istnieje"."""

from __future__ import annotations

from plugin.shoper_simulator.resource_spec import Record, ResourceSpec, body_object, check_flags, require
from plugin.shoper_simulator.shop_state import ShoperState
from plugin.shoper_simulator.wire import EMAIL, Problems, already_exists, is_blank, missing_value

TEXT_FIELDS = ("firstname", "lastname", "comment", "login")
FLAGS = ("active", "newsletter")
USER_ORIGINS = ("0", "1", "2", "3", "4", "5")  # 3: allegro


def _check(state: ShoperState, body: Record, problems: Problems, own_id: str | None) -> None:
    if "email" in body and not is_blank(body["email"]):
        email = str(body["email"]).strip()
        if not EMAIL.match(email):
            problems.add("email", "Niepoprawny adres e-mail")
        elif any(
            u["email"].casefold() == email.casefold() and u["user_id"] != own_id for u in state.tables["users"].values()
        ):
            problems.add("email", already_exists(email))
    if "password" in body and len(str(body["password"] or "")) < 12:
        problems.add("password", "Hasło musi mieć co najmniej 12 znaków")
    if "group_id" in body and str(body["group_id"]) != "1":
        problems.add("group_id", missing_value(body["group_id"]))
    if "origin" in body and str(body["origin"]) not in USER_ORIGINS:
        problems.add("origin", f"Niepoprawna wartość '{body['origin']}'")
    check_flags(body, FLAGS, problems)


def create_user(state: ShoperState, body: Record) -> int:
    body = body_object(body)
    problems = Problems()
    require(body, ("email",), problems)
    _check(state, body, problems, None)
    problems.raise_any()
    now = state.now()
    email = str(body["email"]).strip()
    user: Record = {
        "login": str(body.get("login") or email),
        "date_add": now,
        "lastvisit": None,
        "firstname": str(body.get("firstname") or ""),
        "lastname": str(body.get("lastname") or ""),
        "email": email,
        "group_id": "1",
        "active": str(body.get("active", "1")),
        "newsletter": str(body.get("newsletter", "0")),
        "comment": str(body.get("comment") or ""),
        "discount": "0.00",
        "origin": str(body.get("origin", "4")),
        "lang_id": "1",
    }
    return state.insert("users", user)


def update_user(state: ShoperState, user: Record, body: Record) -> None:
    body = body_object(body)
    problems = Problems()
    if "email" in body and is_blank(body["email"]):
        problems.add("email", "Pole wymagane")
    _check(state, body, problems, user["user_id"])
    problems.raise_any()
    for name in (*TEXT_FIELDS, "email", *FLAGS, "origin"):
        if name in body:
            user[name] = str(body[name] or "").strip() if name == "email" else str(body[name] or "")
    state.touch("users", int(user["user_id"]))


def delete_user(state: ShoperState, user: Record) -> None:
    state.remove("users", int(user["user_id"]))


SPECS = {"users": ResourceSpec("users", "user_id", create_user, update_user, delete_user)}
