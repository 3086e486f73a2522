"""Prints what botocore makes of config files, for comparison with our parser and editor.

Reads a JSON list of {"path": ..., "profiles": [...]} on stdin and prints a JSON list of
{"ok": true, "full": {...}, "scoped": {...}} or {"ok": false, "error": "..."}. Nested blocks
are flattened to "parent": "" plus "parent.child" keys, the shape parseConfigText returns.
"""
import json
import os
import sys

import botocore.session


def flatten(section):
    out = {}
    for key, value in section.items():
        if isinstance(value, dict):
            out[key] = ""
            for sub, sub_value in value.items():
                out[key + "." + sub] = sub_value
        else:
            out[key] = value
    return out


def flatten_all(sections):
    return {name: flatten(values) for name, values in sections.items()}


def main():
    requests = json.load(sys.stdin)
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull + ".missing"
    for var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        os.environ.pop(var, None)
    results = []
    for request in requests:
        os.environ["AWS_CONFIG_FILE"] = request["path"]
        try:
            full = botocore.session.Session().full_config
            scoped = {}
            for name in request.get("profiles", []):
                scoped[name] = flatten(botocore.session.Session(profile=name).get_scoped_config())
            results.append({
                "ok": True,
                "full": {
                    "profiles": flatten_all(full.get("profiles", {})),
                    "sso_sessions": flatten_all(full.get("sso_sessions", {})),
                    "services": flatten_all(full.get("services", {})),
                },
                "scoped": scoped,
            })
        except Exception as e:  # noqa: BLE001 - the error text is the result
            results.append({"ok": False, "error": type(e).__name__ + ": " + str(e)})
    json.dump(results, sys.stdout)


main()
