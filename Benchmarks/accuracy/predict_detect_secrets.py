#!/usr/bin/env python3
"""Runs Yelp's detect-secrets (all default plugins and filters, as `detect-secrets scan` does) on
each record of a labelled corpus, written to a file whose extension fits the record's kind, and
writes what it reports as `tacet eval --predictions` records with entity SECRET (UTF-8 byte
offsets; a secret's span is its value's first occurrence in its line).

    predict_detect_secrets.py CORPUS.jsonl... --out predictions.jsonl
"""

import argparse
import json
import os
import tempfile

from detect_secrets.core.scan import scan_file
from detect_secrets.settings import default_settings

EXTENSIONS = {"env": ".env", "yaml": ".yaml", "kubeconfig": ".yaml", "json": ".json", "terraform": ".tf",
              "shell-history": ".sh", "code": ".py", "log": ".log", "csv": ".csv"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corpora", nargs="+")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    folder = tempfile.mkdtemp()
    with default_settings(), open(args.out, "w") as out:
        for path in args.corpora:
            for line in open(path, encoding="utf-8"):
                record = json.loads(line)
                data = record["text"].encode()
                name = os.path.join(folder, "record" + EXTENSIONS.get(record.get("kind"), ".txt"))
                with open(name, "wb") as file:
                    file.write(data)
                lines = data.split(b"\n")
                starts = [0]
                for text_line in lines:
                    starts.append(starts[-1] + len(text_line) + 1)
                spans = []
                for secret in scan_file(name):
                    value = (secret.secret_value or "").encode()
                    at = lines[secret.line_number - 1].find(value) if value else -1
                    if at >= 0:
                        start = starts[secret.line_number - 1] + at
                        spans.append({"start": start, "end": start + len(value), "entity": "SECRET"})
                out.write(json.dumps({"id": record["id"], "spans": spans}) + "\n")

if __name__ == "__main__":
    main()
