"""Adaptive Cards checked by the real renderer's object model, and for accessibility.

`validate(cards)` runs `validate_cards.js` once in Node with the `adaptivecards` 3.x UMD bundle
(no browser, no DOM needed) and returns, per card, every parse or validation event it raised
(unknown element types, bad enum values, missing ids, too many actions, …). Camau allows none.
`accessibility_problems(card)` finds inputs without a `label` and images without `altText`.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.support.npm import node, npm_package

SCRIPT = Path(__file__).with_name("validate_cards.js")
SCHEMA_VERSION = "1.5"
_INPUTS = (
    "Input.Text",
    "Input.Number",
    "Input.Date",
    "Input.Time",
    "Input.Toggle",
    "Input.ChoiceSet",
)


def bundle() -> Path:
    """The adaptivecards UMD bundle (installed into .node/ if missing)."""
    return npm_package("adaptivecards@3", "adaptivecards") / "dist" / "adaptivecards.js"


def validate(cards: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """Every event the renderer raises for each named card, as 'Event: message' lines."""
    samples = [{"name": name, "card": card} for name, card in cards.items()]
    result = subprocess.run(
        [node(), str(SCRIPT), str(bundle())],
        input=json.dumps(samples),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, list[str]] = {}
    for entry in json.loads(result.stdout):
        events = [f"{e['event']}: {e['message']}" for e in entry["events"]]
        version = cards[entry["name"]].get("version")
        if version != SCHEMA_VERSION:
            events.append(f"Version: card version {version!r}, Teams needs {SCHEMA_VERSION}")
        report[entry["name"]] = events
    return report


def accessibility_problems(node_: Any, path: str = "card") -> list[str]:
    """Inputs without a label and images without alt text, anywhere in the card."""
    problems: list[str] = []
    if isinstance(node_, list):
        for i, item in enumerate(node_):
            problems += accessibility_problems(item, f"{path}[{i}]")
    elif isinstance(node_, dict):
        kind = node_.get("type")
        if kind in _INPUTS and not str(node_.get("label") or "").strip():
            problems.append(f"{path}: {kind} {node_.get('id')!r} has no label")
        if kind == "Image" and not str(node_.get("altText") or "").strip():
            problems.append(f"{path}: Image has no altText")
        for key, value in node_.items():
            problems += accessibility_problems(value, f"{path}.{key}")
    return problems
