"""Lists: the envelope with a string count, limit 1–50 (more becomes 10), 1-based pages, filters as JSON with
Shoper's operators, the shorthand and the bracket form, and ``order``."""

from __future__ import annotations

import json


def _codes(answer) -> list[str]:
    return [row["code"] for row in answer.json()["list"]]


def test_the_envelope_has_a_string_count_and_integer_pages(api) -> None:
    answer = api.get("product-stocks", params={"limit": 7, "page": 2})
    body = answer.json()
    assert body["count"] == "30" and body["pages"] == 5 and body["page"] == 2
    assert [row["stock_id"] for row in body["list"]] == [str(n) for n in range(8, 15)]
    assert answer.headers["X-Shop-Result-Count"] == "30" and answer.headers["X-Shop-Result-Pages"] == "5"


def test_limit_defaults_to_10_and_above_50_silently_becomes_10(api) -> None:
    assert len(api.get("product-stocks").json()["list"]) == 10
    assert len(api.get("product-stocks", params={"limit": 50}).json()["list"]) == 30
    over = api.get("product-stocks", params={"limit": 51}).json()
    assert len(over["list"]) == 10 and over["pages"] == 3


def test_a_page_past_the_end_is_empty(api) -> None:
    body = api.get("product-stocks", params={"limit": 50, "page": 2}).json()
    assert body["list"] == [] and body["count"] == "30"


def test_filters_with_operators(api) -> None:
    def listed(filters: dict) -> list[str]:
        return _codes(api.get("product-stocks", params={"filters": json.dumps(filters), "limit": 50}))

    assert listed({"code": "KUB-001"}) == ["KUB-001"]
    assert listed({"code": {"=": "kub-001"}}) == ["KUB-001"]  # MySQL's case-insensitive collation
    assert listed({"code": {"like": "KUB%"}}) == ["KUB-001", "KUB-002"]
    assert listed({"code": {"in": ["HER-010", "KAW-020", "NIE-MA"]}}) == ["HER-010", "KAW-020"]
    assert len(listed({"code": {"not in": ["HER-010", "KAW-020"]}})) == 28
    assert listed({"stock": {">=": 300}}) == ["CZK-030", "KAB-190"]  # numbers compare as numbers
    assert listed({"stock": {"<": 20}}) == ["BUT-090"]
    assert listed({"stock": {">": 100}, "price": {"<=": "20"}}) == ["HER-010", "CZK-030"]
    assert len(listed({"code": {"!=": "KUB-001"}})) == 29
    assert listed({"code": {"not like": "%-%"}}) == []


def test_the_bracket_form_filters_too(api) -> None:
    assert _codes(api.get("product-stocks", params={"filters[code]": "MIÓD-050"})) == ["MIÓD-050"]
    assert _codes(api.get("product-stocks", params={"filters[stock][<]": "20"})) == ["BUT-090"]


def test_an_unknown_operator_or_bad_json_is_a_400(api) -> None:
    assert api.get("product-stocks", params={"filters": '{"code": {"~": "x"}}'}).status_code == 400
    assert api.get("product-stocks", params={"filters": "{code"}).status_code == 400


def test_products_cannot_be_filtered_by_code(api) -> None:
    answer = api.get("products", params={"filters": '{"code": "KUB-001"}'})
    assert answer.status_code == 404 and answer.json()["error"] == "invalid_request"


def test_order_asc_and_a_bare_field_sorting_descending(api) -> None:
    ascending = api.get("product-stocks", params={"order": json.dumps(["stock asc"]), "limit": 3})
    assert _codes(ascending) == ["BUT-090", "GRZ-140", "ŻEL-150"]
    bare = api.get("product-stocks", params={"order": "stock", "limit": 2})
    assert _codes(bare) == ["KAB-190", "CZK-030"]
    assert api.get("product-stocks", params={"order": "stock sideways"}).status_code == 400
