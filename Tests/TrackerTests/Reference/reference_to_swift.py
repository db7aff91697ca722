#!/usr/bin/env python3
"""Turns analysis_reference.txt into ../AnalysisReferenceValues.swift, so the
values sit in the test sources as literals:

    python3 reference_to_swift.py < analysis_reference.txt > ../AnalysisReferenceValues.swift
"""
import sys


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


lines = sys.stdin.read().splitlines()
versions = next(line for line in lines if line.startswith("versions = ")).split(" = ", 1)[1]
print("// Generated from Reference/analysis_reference.txt, the output of")
print("// Reference/analysis_reference.py (scipy.stats, pandas, numpy and lifelines on")
print("// Reference/analysis_fixture.sql and Reference/analysis_edge_fixture.sql).")
print(f"// Versions: {versions}.")
print("// Keys are CASE[ROW].column; `null` is a missing figure. Do not edit by hand:")
print("// rerun the scripts (see Reference/reference_to_swift.py).")
print()
print("enum AnalysisReferenceValues {")
print("    static let values: [String: String] = [")
for line in lines:
    if line.startswith("versions = "):
        continue
    key, value = line.split(" = ", 1)
    print(f"        {quote(key)}: {quote(value)},")
print("    ]")
print("}")
