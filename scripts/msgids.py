#!/usr/bin/env python3
"""Collects every English UI text (msgid) of the project into locales/msgids.txt:
the declarations (`welfare check --msgids`), the messages in the Swift code
(`t("...")`, rule and check messages) and the shell's strings (web/strings.txt).
Translators then fill locales/<lang>.json (the framework's and the shell's texts) or
locales/<plugin>/<lang>.json (a plugin's own texts); `welfare check` reports gaps."""
import json, pathlib, re, subprocess, sys

root = pathlib.Path(__file__).resolve().parent.parent
ids = set()
out = subprocess.run([str(root / ".build/debug/welfare"), "check", "--msgids"], capture_output=True, text=True, cwd=root)
if out.returncode != 0:
    sys.exit("welfare check --msgids failed: " + out.stderr)
ids.update(l for l in out.stdout.splitlines() if l)
patterns = [r'\bt\("((?:[^"\\]|\\.)+)"', r'fieldError\("[^"]+", "((?:[^"\\]|\\.)+)"', r'refuse\("[^"]+", "((?:[^"\\]|\\.)+)"', r'\.invalid\("((?:[^"\\]|\\.)+)"', r'RuleViolation\(field: [^,]+, "((?:[^"\\]|\\.)+)"',
            r'\bvalidate\((?:field: [^,"]+, |field: "[^"]+", )?"((?:[^"\\]|\\.)+)"', r'return "((?:[^"\\]|\\.)+\.)"', r'\? nil\s*:\s*"((?:[^"\\]|\\.)+)"', r'problem[^\n]*?"((?:[^"\\]|\\.)+\.)"', r'\.init\(\$0\.id, "((?:[^"\\]|\\.)+)"', r'\bmessage: (?:String = )?"((?:[^"\\]|\\.)+)"', r'\bsummary: "((?:[^"\\]|\\.)+)"']
for f in (root / "Sources").rglob("*.swift"):
    text = f.read_text(encoding="utf-8")
    for p in patterns:
        for m in re.findall(p, text):
            if "\\(" not in m:
                ids.add(m.replace('\\"', '"'))
    # t(n == 1 ? "one thing" : "{n} things"): both texts are msgids.
    for pair in re.findall(r'\bt\([^"\n]*\?\s*"((?:[^"\\]|\\.)+)"\s*:\s*"((?:[^"\\]|\\.)+)"', text):
        for m in pair:
            if "\\(" not in m:
                ids.add(m.replace('\\"', '"'))
strings = root / "web/strings.txt"
if strings.exists():
    ids.update(l.strip() for l in strings.read_text(encoding="utf-8").splitlines() if l.strip())
(root / "locales/msgids.txt").write_text("\n".join(sorted(ids)) + "\n", encoding="utf-8")
for lang in ("fr", "de", "nl"):
    have = {}
    for p in [root / f"locales/{lang}.json", *sorted((root / "locales").glob(f"*/{lang}.json"))]:
        have.update(json.loads(p.read_text(encoding="utf-8")))
    missing = sorted(i for i in ids if i not in have)
    print(f"{lang}: {len(have)} translated, {len(missing)} missing")
