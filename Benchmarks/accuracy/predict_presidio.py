#!/usr/bin/env python3
"""Runs Microsoft Presidio's AnalyzerEngine with its default recognizers over a labelled corpus and
writes what it reports as `tacet eval --predictions` records (UTF-8 byte offsets).

    predict_presidio.py CORPUS.jsonl... --out predictions.jsonl --supported supported.txt

spaCy's trained pipelines are downloaded from GitHub, which this machine cannot reach, so the
NLP engine is a blank English spaCy pipeline: Presidio's pattern, checksum and context
recognizers (every entity Tacet's corpus labels) work as usual; only its NER entities (PERSON,
LOCATION, DATE_TIME, NRP), which the corpus does not label, are lost.
"""

import argparse
import json
import os
import tempfile

import spacy
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import SpacyNlpEngine


def byte_offset(text, char_offset):
    return len(text[:char_offset].encode())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corpora", nargs="+")
    parser.add_argument("--out", required=True)
    parser.add_argument("--supported", required=True, help="writes the entities the analyzer supports")
    args = parser.parse_args()

    model = os.path.join(tempfile.mkdtemp(), "blank-en")
    spacy.blank("en").to_disk(model)
    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": model}])
    analyzer = AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])
    with open(args.supported, "w") as out:
        out.write("\n".join(sorted(analyzer.get_supported_entities("en"))) + "\n")

    with open(args.out, "w") as out:
        for path in args.corpora:
            for line in open(path, encoding="utf-8"):
                record = json.loads(line)
                text = record["text"]
                spans = [{"start": byte_offset(text, r.start), "end": byte_offset(text, r.end), "entity": r.entity_type}
                         for r in analyzer.analyze(text=text, language="en")]
                out.write(json.dumps({"id": record["id"], "spans": spans}) + "\n")


if __name__ == "__main__":
    main()
