#!/usr/bin/env python3
"""Makes the Markdown accuracy table from `tacet eval --format json` reports.

    table.py TACET.json PRESIDIO.json PRESIDIO_SUPPORTED.txt DETECT_SECRETS.json

A tool's column is filled only for the entities it reports: Presidio's supported entities, and
SECRET for detect-secrets. Its F1 is counted by overlap, which forgives a span that takes in a
bracket or a prefix more or less; Tacet's is given both exactly and by overlap.
"""

import json
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def f1(report, entity, way):
    counts = report["entities"].get(entity)
    return counts[way]["f1"] if counts else 0.0


def main():
    tacet, presidio, supported_path, detect_secrets = sys.argv[1:5]
    tacet, presidio, detect_secrets = load(tacet), load(presidio), load(detect_secrets)
    supported = set(open(supported_path).read().split())
    rows = ["| entity | labelled | Tacet F1 (exact) | Tacet F1 (overlap) | Presidio F1 (overlap) | detect-secrets F1 (overlap) |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for entity, counts in sorted(tacet["entities"].items()):
        if counts["labelled"] == 0:
            continue
        presidio_f1 = "%.3f" % f1(presidio, entity, "overlap") if entity in supported else ""
        detect_f1 = "%.3f" % f1(detect_secrets, entity, "overlap") if entity == "SECRET" else ""
        rows.append("| %s | %d | %.3f | %.3f | %s | %s |" % (
            entity, counts["labelled"], counts["exact"]["f1"], counts["overlap"]["f1"], presidio_f1, detect_f1))
    overall = tacet["overall"]
    rows.append("| **overall** | %d | %.3f | %.3f | | |" % (overall["labelled"], overall["exact"]["f1"], overall["overlap"]["f1"]))
    negatives = [(name, report["negatives"]["overall"]) for name, report in
                 [("Tacet", tacet), ("Presidio", presidio), ("detect-secrets", detect_secrets)]]
    rows.append("")
    rows.append("Hard negatives flagged: " + ", ".join(
        "%s %d of %d (%.2f%%)" % (name, n["flagged"], n["records"], 100 * n["rate"]) for name, n in negatives) + ".")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
