"""Check the hand-written gold: values vs. quotes (base units), quotes present in the text,
and numbers in the text that no observation quote covers (to catch omissions)."""
import re, sys, yaml, pathlib
from decimal import Decimal
here = pathlib.Path(__file__).parent
SCALE = [("万亿", Decimal(10**12)), ("萬億", Decimal(10**12)), ("百万", Decimal(10**6)), ("亿", Decimal(10**8)), ("億", Decimal(10**8)),
         ("万", Decimal(10**4)), ("萬", Decimal(10**4))]
bad = 0
for g in sorted((here / "gold").glob("*.yaml")):
    d = yaml.safe_load(g.read_text(encoding="utf-8"))
    text = (here / "docs" / d["doc"]).read_text(encoding="utf-8")
    flat = re.sub(r"\s", "", text)
    covered = set()
    for o in d["observations"]:
        q = str(o["quote"]); qf = re.sub(r"\s", "", q)
        if qf not in flat:
            print(f"{g.name}: quote not in text: {q!r}"); bad += 1
        else:
            i = flat.index(qf); covered.update(range(i, i + len(qf)))
        m = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*(万亿|萬億|百万|亿|億|万|萬)?", re.sub(r"\s", "", q.split("年末")[-1] if "力争到" in q else q))
        num = Decimal(m.group(1).replace(",", "")); sc = m.group(2)
        mult = Decimal(1)
        for k, v in SCALE:
            if sc == k: mult = v
        if sc is None and o["unit"] in ("元", "美元", "港元") and "%" not in q:
            mult = Decimal(10**6)  # flattened tables in 人民币百万元
        exp = num * mult
        if Decimal(str(o["value"])) != exp:
            print(f"{g.name}: {o['subject']} {o['metric']}: value {o['value']} != {exp} from {q!r}"); bad += 1
    # numbers in the text not covered by any quote
    for m in re.finditer(r"\d[\d,]*(?:\.\d+)?", flat):
        if not any(p in covered for p in range(m.start(), m.end())):
            ctx = flat[max(0, m.start() - 8): m.end() + 6]
            print(f"  {g.name}: uncovered number {m.group()}  …{ctx}…")
print("value/quote problems:", bad)
sys.exit(1 if bad else 0)
