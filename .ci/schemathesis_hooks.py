"""Schemathesis hooks: put the ids of real objects (made by schemathesis_world.py) into most
generated paths, so that operations get past "not found" and exercise their handlers.

A third of the paths keep their generated values, to go on probing ids that name nothing.
"""

import json
import os
import random

import schemathesis

with open(os.environ["SCHEMATHESIS_IDS"]) as f:
    IDS = json.load(f)

# What `{id}` names, by the path segment before it.
ID_OF = {
    "sites": "site",
    "units": "unit",
    "companies": "company",
    "assessments": "assessment",
    "findings": "finding",
    "evidence": "evidence",
    "notifications": "notification",
}

_random = random.Random(1)


def _real(path, name):
    if name == "id":
        segments = path.split("/")
        before = segments[segments.index("{id}") - 1]
        value = IDS.get(ID_OF.get(before, ""))
    else:
        value = {
            "serial": IDS["serial"],
            "file": IDS["serial"] + ".pdf",
            "year": IDS["year"],
            "employee_ref": IDS["employee_ref"],
            "key": IDS["item"],
            "item_key": IDS["item"],
            "criterion_id": IDS["criterion"],
        }.get(name)
    if isinstance(value, list):
        value = _random.choice(value)
    return value


@schemathesis.hook
def map_path_parameters(context, path_parameters):
    if path_parameters is None or context.operation is None:
        return path_parameters
    path = context.operation.path
    for name in list(path_parameters):
        real = _real(path, name)
        # Only a value of the right type is replaced: one of another type is a negative case,
        # which must reach the API as generated.
        # `{id}` is an integer in the document, every other path parameter a string (the
        # year too: `2026` or `2026.pdf`).
        declared = int if name == "id" else str
        generated = path_parameters[name]
        if real is None or type(generated) is not declared:
            continue
        if declared is int and not -(2**63) <= generated < 2**63:
            continue
        if _random.random() < 2 / 3:
            real = declared(real)
            path_parameters[name] = real
    return path_parameters


@schemathesis.hook
def map_query(context, query):
    # A cursor is opaque: only one the API handed out (`next_cursor`) names a place in a
    # list, and the API answers any other 422. A generated one tests nothing but that.
    if query and "cursor" in query:
        del query["cursor"]
    return query
