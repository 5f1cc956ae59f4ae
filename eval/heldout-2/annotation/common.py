"""Helpers for the hand annotation: values are computed from the printed number and
its scale (so the arithmetic is checked), quotes are checked against the document,
and the gold is written in the YAML form of shared/gold."""
import re
from decimal import Decimal
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent.parent
SCALE = {"": 1, "万": 10**4, "亿": 10**8, "万亿": 10**12, "百万": 10**6}


def val(num: str, scale: str = "") -> str:
    v = Decimal(num.replace(",", "")) * SCALE[scale]
    v = v.normalize()
    s = format(v, "f")
    return s


def ents(block: str):
    out = []
    for line in block.strip().splitlines():
        parts = [p.strip() for p in line.split("|")]
        name, kind = parts[0], parts[1]
        aliases = [a for a in parts[2].split(";") if a] if len(parts) > 2 else []
        row = {"name": name, "kind": kind, "aliases": aliases}
        if len(parts) > 3 and parts[3] == "u":
            row["uncertain"] = True
        out.append(row)
    return out


def obs(block: str, default_date: str):
    """subject | metric | number | scale | unit | date(or -) | qualifier(or -) | quote | u"""
    out = []
    for line in block.strip().splitlines():
        p = [x.strip() for x in line.split("|")]
        subject, metric, num, scale, unit, dt, qual, quote = p[:8]
        row = {
            "subject": subject,
            "metric": metric,
            "value": Decimal(val(num, scale)),
            "unit": unit,
            "date": dt if dt != "-" else default_date,
            "qualifier": None if qual == "-" else qual,
            "quote": quote,
        }
        if len(p) > 8 and p[8] == "u":
            row["uncertain"] = True
        out.append(row)
    return out


def rels(block: str):
    """subject | relation | object | giver(or -) | u"""
    out = []
    for line in block.strip().splitlines():
        p = [x.strip() for x in line.split("|")]
        row = {"subject": p[0], "relation": p[1], "object": p[2]}
        if len(p) > 3 and p[3] not in ("", "-"):
            row["giver"] = p[3]
        if len(p) > 4 and p[4] == "u":
            row["uncertain"] = True
        out.append(row)
    return out


def _flow(rows):
    lines = []
    for r in rows:
        items = []
        for k, v in r.items():
            if isinstance(v, Decimal):
                items.append(f"{k}: {format(v, 'f')}")
            elif v is None:
                items.append(f"{k}: null")
            elif isinstance(v, bool):
                items.append(f"{k}: {'true' if v else 'false'}")
            elif isinstance(v, list):
                items.append(f"{k}: [" + ", ".join(yaml.safe_dump(a, allow_unicode=True, default_style='"').strip() for a in v) + "]")
            else:
                items.append(f"{k}: " + yaml.safe_dump(str(v), allow_unicode=True, default_style='"').strip())
        lines.append("  - {" + ", ".join(items) + "}")
    return "\n".join(lines) if lines else "  []"


def write(doc, reference_date, script, header, entities, observations, relations):
    text = (HERE / "docs" / doc).read_text(encoding="utf-8")
    flat = re.sub(r"\s", "", text)
    problems = []
    for o in observations:
        if re.sub(r"\s", "", o["quote"]) not in flat:
            problems.append(f"quote not in doc: {o['quote']}")
    names = {e["name"] for e in entities} | {a for e in entities for a in e["aliases"]}
    for r in relations:
        for end in ("subject", "object"):
            if r[end] not in names and r[end] != BANK[doc]:
                problems.append(f"relation end not an entity: {r[end]}")
        if r.get("giver") and r["giver"] not in names:
            problems.append(f"giver not an entity: {r['giver']}")
    for o in observations:
        if o["subject"] not in names and o["subject"] != BANK[doc] and not o.get("uncertain"):
            problems.append(f"obs subject not an entity: {o['subject']}")
    seen = set()
    for e in entities:
        if e["name"] in seen:
            problems.append(f"duplicate entity {e['name']}")
        seen.add(e["name"])
    out = "\n".join(
        ["# " + h for h in header.strip().splitlines()]
        + [f"doc: {doc}", f"reference_date: {reference_date}", f"script: {script}",
           "entities:", _flow(entities), "observations:", _flow(observations),
           "relations:", _flow(relations)]
    ) + "\n"
    path = HERE / "gold" / (Path(doc).stem + ".yaml")
    path.write_text(out, encoding="utf-8")
    yaml.safe_load(out)  # parses
    c = lambda rows: (sum(1 for r in rows if not r.get("uncertain")), sum(1 for r in rows if r.get("uncertain")))
    print(f"{path.name}: entities {c(entities)}, observations {c(observations)}, relations {c(relations)} (certain, uncertain)")
    for p in problems:
        print("  PROBLEM", p)


BANK = {
    "cib_2023.txt": "兴业银行",
    "bocom_2022h1.txt": "交通银行",
    "citic_2020_newsletter.txt": "中信银行",
    "spdb_2024.txt": "浦发银行",
    "jsbc_2021.txt": "江苏银行",
}
