"""Offer endpoints: ``/sale/offers``, quantity-change commands and ``/sale/product-offers`` (create, read,
stock edits and their operations)."""

from __future__ import annotations

from plugin.allegro.models import format_time
from plugin.simulator.account import SimulatorState
from plugin.simulator.offer_commands import is_done, publication_tasks, quantity_tasks, report_json, tasks_json
from plugin.simulator.offers import product_offer_json, product_offer_problems
from plugin.simulator.replies import BadParameter, Reply, Request, api_error, integer

COMMAND = r"/sale/offer-quantity-change-commands/([^/]+)"
PUBLICATION = r"/sale/offer-publication-commands/([^/]+)"
STATUSES = ("INACTIVE", "ACTIVE", "ACTIVATING", "ENDED")


def offers(state: SimulatorState, request: Request, account: str) -> Reply:
    external_ids = request.query.get("external.id") or []
    if len(external_ids) > 100 or any(len(e) > 100 for e in external_ids):
        raise BadParameter("external.id", "'external.id' takes at most 100 values of at most 100 characters")
    statuses = request.query.get("publication.status") or []
    if any(s not in STATUSES for s in statuses):
        raise BadParameter("publication.status", f"'publication.status' must be one of {', '.join(STATUSES)}")
    limit = integer(request, "limit", 20, 1, 1000)
    offset = integer(request, "offset", 0, 0, 9_999_999)
    with state.lock:
        found, total = state.offers.find(external_ids, request.query.get("offer.id") or [], offset, limit, statuses)
    return Reply(200, {"offers": found, "count": len(found), "totalCount": total})


def put_command(state: SimulatorState, request: Request, account: str) -> Reply:
    command_id = request.params[0]
    body = request.json() or {}
    modification = body.get("modification") or {}
    change_type, value = modification.get("changeType"), modification.get("value")
    if change_type not in ("FIXED", "GAIN") or not isinstance(value, int):
        return api_error(
            422,
            "VALIDATION_ERROR",
            "modification.changeType must be FIXED or GAIN and value an integer",
            "modification",
        )
    if change_type == "FIXED" and value < 1:
        return api_error(
            422, "INCORRECT_QUANTITY_VALUE", "The quantity can not be changed to less than 1.", "modification.value"
        )
    offer_ids = _criteria(body)
    if offer_ids is None:
        return api_error(422, "VALIDATION_ERROR", "offerCriteria must name 1 to 1000 offers", "offerCriteria")
    with state.lock:
        if command_id in state.offers.commands:
            return api_error(409, "CONFLICT", "Command id was already used", None)
        tasks = quantity_tasks(state.offers.by_id, change_type, value, offer_ids)
        command = state.offers.run_command(command_id, tasks, state.clock())
    return Reply(201, report_json(command, done=False))


def _criteria(body: dict) -> list[str] | None:
    criteria = body.get("offerCriteria") or []
    offer_ids = [
        str(o.get("id"))
        for c in criteria
        if isinstance(c, dict) and c.get("type") == "CONTAINS_OFFERS"
        for o in c.get("offers") or []
        if isinstance(o, dict)
    ]
    return offer_ids if 1 <= len(offer_ids) <= 1000 else None


def _key(request: Request) -> str:
    """Quantity and publication command ids are separate namespaces on Allegro."""
    return ("publication:" if "/offer-publication-commands/" in request.path else "") + request.params[0]


def put_publication(state: SimulatorState, request: Request, account: str) -> Reply:
    body = request.json() or {}
    action = (body.get("publication") or {}).get("action") if isinstance(body, dict) else None
    if action not in ("ACTIVATE", "END"):
        return api_error(422, "VALIDATION_ERROR", "publication.action must be ACTIVATE or END", "publication.action")
    offer_ids = _criteria(body)
    if offer_ids is None:
        return api_error(422, "VALIDATION_ERROR", "offerCriteria must name 1 to 1000 offers", "offerCriteria")
    with state.lock:
        key = _key(request)
        if key in state.offers.commands:
            return api_error(409, "CONFLICT", "Command id was already used", None)
        tasks = publication_tasks(state.offers.by_id, action, offer_ids)
        command = state.offers.run_command(key, tasks, state.clock())
    return Reply(201, report_json(command, done=False))


def get_command(state: SimulatorState, request: Request, account: str) -> Reply:
    with state.lock:
        command = state.offers.commands.get(_key(request))
        if command is None:
            return api_error(404, "NOT_FOUND", "Command not found", None)
        return Reply(200, report_json(command, done=is_done(command)))


def get_tasks(state: SimulatorState, request: Request, account: str) -> Reply:
    limit = integer(request, "limit", 100, 1, 1000)
    offset = integer(request, "offset", 0, 0, 999)
    with state.lock:
        command = state.offers.commands.get(_key(request))
        if command is None:
            return api_error(404, "NOT_FOUND", "Command not found", None)
        done = is_done(command)
        return Reply(200, {"tasks": tasks_json(command, done, offset, limit)})


def patch_offer(state: SimulatorState, request: Request, account: str) -> Reply:
    offer_id = request.params[0]
    body = request.json() or {}
    stock = body.get("stock") if isinstance(body, dict) else None
    available = (stock or {}).get("available")
    if not isinstance(available, int) or isinstance(available, bool) or available < 0:
        return api_error(422, "VALIDATION_ERROR", "stock.available must be a whole number ≥ 0", "stock.available")
    wanted = (body.get("publication") or {}).get("status")
    if wanted not in (None, "ACTIVE"):
        return api_error(422, "VALIDATION_ERROR", "publication.status can only be set to ACTIVE here", "publication")
    with state.lock:
        offer = state.offers.by_id.get(offer_id)
        if offer is None or offer.foreign:
            return api_error(404, "NOT_FOUND", f"Offer {offer_id} not found", None)
        if wanted == "ACTIVE" and offer.status != "ACTIVE" and (available < 1 or not offer.renewable):
            reason = "Offer can be activated only with stock being greater than 0"
            return api_error(
                422,
                "OFFER_ACTIVATION_ERROR",
                reason if offer.renewable else "This offer cannot be activated again; list the product anew.",
                "publication.status",
            )
        operation = state.offers.start_stock_edit(offer_id, available, activate=wanted == "ACTIVE")
    location = f"/sale/product-offers/{offer_id}/operations/{operation}"
    return Reply(
        202,
        {"id": offer_id, "stock": {"available": offer.available, "unit": "UNIT"}},
        {"Location": location, "Retry-After": "0"},
    )


def get_operation(state: SimulatorState, request: Request, account: str) -> Reply:
    offer_id, operation = request.params
    with state.lock:
        record = state.offers.operations.get(operation)
        if record is None or record[0] != offer_id:
            return api_error(404, "NOT_FOUND", "Operation not found", None)
        if state.offers.poll_operation(operation):
            return Reply(303, None, {"Location": f"/sale/product-offers/{offer_id}"})
    body = {
        "offer": {"id": offer_id},
        "operation": {"id": operation, "status": "IN_PROGRESS", "startedAt": format_time(state.clock())},
    }
    return Reply(202, body, {"Location": request.path, "Retry-After": "0"})


def create_offer(state: SimulatorState, request: Request, account: str) -> Reply:
    """Allegro's checks (every refused field in one 422), then 201 — or 202 with an operation to poll."""
    body = request.json()
    problems = product_offer_problems(body)
    if problems:
        errors = [
            {
                "code": "VALIDATION_ERROR",
                "message": message,
                "details": None,
                "path": path or None,
                "userMessage": message,
                "metadata": {},
            }
            for path, message in problems
        ]
        return Reply(422, {"errors": errors})
    with state.lock:
        offer = state.offers.create(body, state.clock())
        answer = product_offer_json(offer, state.offers.listed[offer.id])
        if not state.offers.accept_later:
            return Reply(201, answer)
        operation = state.offers.start_stock_edit(offer.id, offer.available)
    location = f"/sale/product-offers/{offer.id}/operations/{operation}"
    return Reply(202, answer, {"Location": location, "Retry-After": "0"})


def get_product_offer(state: SimulatorState, request: Request, account: str) -> Reply:
    with state.lock:
        offer = state.offers.by_id.get(request.params[0])
        if offer is None:
            return api_error(404, "NOT_FOUND", f"Offer {request.params[0]} not found", None)
        return Reply(200, product_offer_json(offer, state.offers.listed.get(offer.id)))


ROUTES = (
    ("GET", r"/sale/offers", offers),
    ("PUT", COMMAND, put_command),
    ("GET", COMMAND, get_command),
    ("GET", COMMAND + "/tasks", get_tasks),
    ("PUT", PUBLICATION, put_publication),
    ("GET", PUBLICATION, get_command),
    ("GET", PUBLICATION + "/tasks", get_tasks),
    ("POST", r"/sale/product-offers", create_offer),
    ("GET", r"/sale/product-offers/([^/]+)", get_product_offer),
    ("PATCH", r"/sale/product-offers/([^/]+)", patch_offer),
    ("GET", r"/sale/product-offers/([^/]+)/operations/([^/]+)", get_operation),
)
