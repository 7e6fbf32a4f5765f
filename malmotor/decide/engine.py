"""The only module that imports durable-rules: register the ruleset, assert facts, collect firings.

We drive durable's C engine (`durable_rules_engine`, shipped by durable-rules) with the same
JSON ruleset grammar its Python `Host` uses, and take each fired rule off the agenda
ourselves. The `Host` layer adds two background timer threads and a JSON round-trip of the
session state for every action; measured in benchmarks/bench.py it takes several times as long
as driving the C core directly (2–6× in the runs in docs/performance.md), and the threads would
outlive an evaluation.
What durable's own layer does for us, and we therefore do here, is listed in `_take_firings`.

Run this inside a worker process (see `isolation.py`): the C core can segfault, raise SIGFPE
or loop forever on inputs it dislikes (a condition dividing by zero raises SIGFPE; more than 512
conditions under one node hang `create_ruleset`; two correlated rules can segfault).
"""

from __future__ import annotations

import itertools
import json
import re
import uuid

import durable_rules_engine as _core

from ..diagnostics import Bilingual

_NOT_HANDLED, _OBSERVED = 1, 2
SESSION_SIZE = 1000
_names = itertools.count()
# One encoder for every call: json.dumps(..., ensure_ascii=False) would build a new one each time.
# Non-ASCII stays as UTF-8 so that facts compare byte for byte with the ruleset ("mätt").
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
# Python writes 0.00005 as 5e-05 and 1e18 as 1e+18; durable's C parser refuses a number with an
# exponent but no decimal point (error 204), so such a mantissa gets one: 5.0e-05.
_BARE_EXPONENT = re.compile(r"(: -?[0-9]+)(e[+-]?[0-9]+)")


def _encode_fact(fact: dict) -> str:
    text = _encode(fact)
    return _BARE_EXPONENT.sub(r"\1.0\2", text) if "e" in text else text


class FactRejected(Exception):
    """The engine refused a fact; carries the indicator id and the engine's own words."""

    def __init__(self, fact_id: str, problem: str) -> None:
        super().__init__(f"{fact_id}: {problem}")
        self.fact_id = fact_id
        self.problem = problem


def fire(definition: dict, facts: list[dict]) -> dict[str, list[str]]:
    """Assert every fact in a fresh ruleset; return the rule names fired per fact id.

    Each fact is asserted on its own, so that a bad fact cannot hold back the others, as a
    failing batch would. Our rules match one fact each, so facts need not share a session:
    every `SESSION_SIZE` facts get a fresh session, deleted as soon as they are judged. That
    keeps durable's per-session fact index small (it slows down and holds ~8 KiB per stored
    fact) and memory flat however large the scorecard. Sessions and the ruleset are deleted
    afterwards, also on error.
    """
    handle = _core.create_ruleset(f"malmotor-{next(_names)}", _encode(definition))
    fired: dict[str, list[str]] = {}
    rejected: list[FactRejected] = []
    try:
        for start in range(0, len(facts), SESSION_SIZE):
            _fire_session(handle, definition, facts[start:start + SESSION_SIZE], fired, rejected)
    finally:
        _core.delete_ruleset(handle)
    if rejected:
        raise rejected[0]
    return fired


def _fire_session(handle: int, definition: dict, facts: list[dict], fired: dict[str, list[str]],
                  rejected: list[FactRejected]) -> None:
    sid = uuid.uuid4().hex
    session_created = False
    try:
        for fact in facts:
            fact_id = fact["id"]
            fired[fact_id] = []
            try:
                result = _core.assert_fact(handle, _encode_fact({**fact, "sid": sid}))
            except _core.error as exc:  # e.g. a value the C core cannot store
                rejected.append(FactRejected(fact_id, str(exc)))
                continue
            if result[0] == _NOT_HANDLED:  # no state is created then; deleting it would abort()
                rejected.append(FactRejected(fact_id, Bilingual("ingen regel matchade faktan",
                                                                "no rule matched the fact")))
                continue
            if result[0] == _OBSERVED:
                rejected.append(FactRejected(fact_id, Bilingual("faktan fanns redan i sessionen",
                                                                "the fact was already in the session")))
                continue
            session_created = True
            _take_firings(handle, result[1], fact_id, fired[fact_id], definition)
    finally:
        if session_created:
            try:
                _core.delete_state(handle, sid)
            except _core.error:
                pass


def _take_firings(handle: int, state_handle: int, fact_id: str, names: list[str], rules: dict) -> None:
    """Run the agenda of one session to the end, noting which rule fired for which fact.

    Like durable's `Ruleset._flush_actions`: start the next action, complete it, repeat until
    the engine has none left. Our rules have no action body, so there is no state to write
    back; the message of each firing names the rule and carries the fact it matched: we check
    that the rule is one of ours and the fact the one just asserted.
    """
    pending = _core.start_action_for_state(handle, state_handle)
    message = pending[1] if pending else None
    marker = f'"id": {_encode(fact_id)}'
    while message:
        rule_name = message[2:message.index('"', 2)]
        if rule_name not in rules or marker not in message:
            raise FactRejected(fact_id, f"regeln {rule_name} matchade en annan fakta: {message[:200]}")
        names.append(rule_name)
        message = _core.complete_and_start_action(handle, state_handle)
