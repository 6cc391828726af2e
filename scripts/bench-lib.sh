# Shared by the benchmark scripts (bench-index, bench-search); sourced, not run. Installs the
# peers' packages and writes the same records of ../shared/corpus for every engine: the English
# ones (the default), the Chinese ones of cn-mfa (--corpus zh), or all of them (bench-search --mixed).

# The peers (Xapian's scriptindex and quest, SQLite FTS5 and its headers for the in-process
# search benchmark) and GNU time, besides what scripts/setup installs.
bench_install_peers() {
  scripts/setup
  local p missing=()
  for p in xapian-omega sqlite3 libsqlite3-dev python3 time; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq "${missing[@]}" >/dev/null
  else sudo apt-get install -y -qq "${missing[@]}" >/dev/null; fi
}

# bench_prepare_input DIR PERCENT: a shuffled PERCENT of the English statements with a body, in
#   DIR/in.jsonl     JSON Lines, for mofa-index and the FTS5 loader
#   DIR/half.jsonl   the first half of them
#   DIR/dump.txt     scriptindex's dump format (id, title, date, year, body)
#   DIR/stats        "STATEMENTS BODY_BYTES"
#   DIR/index.script scriptindex's index script: Q id, S title (also unprefixed), date in value
#                    slot 0 as written (YYYY, YYYY-MM or YYYY-MM-DD), year as a Y boolean term
#   DIR/fts5.py      FTS5 loader: python3 fts5.py IN.jsonl OUT.db makes table s(id, date, title,
#                    body), id and date unindexed, porter tokenizer, optimized
bench_prepare_input() {
  local dir=$1 sample=$2
  python3 - "$dir" "$sample" ../shared/corpus/*/statements.jsonl.gz <<'PY'
import gzip, json, sys, random
work, sample, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
records = []
for f in files:
    with gzip.open(f, "rt", encoding="utf-8") as inp:
        for line in inp:
            r = json.loads(line)
            if r.get("language") == "en" and r.get("body"):
                records.append(r)
random.Random(1).shuffle(records)
records = records[: len(records) * sample // 100]
half = len(records) // 2
with open(f"{work}/in.jsonl", "w", encoding="utf-8") as out, open(f"{work}/half.jsonl", "w", encoding="utf-8") as h:
    for i, r in enumerate(records):
        line = json.dumps(r, ensure_ascii=False) + "\n"
        out.write(line)
        if i < half: h.write(line)
with open(f"{work}/dump.txt", "w", encoding="utf-8") as out:
    for r in records:
        out.write(f"id={r['id']}\n")
        if r.get("title"): out.write("title=" + r["title"].replace("\n", " ") + "\n")
        if r.get("date"): out.write(f"date={r['date']}\nyear={r['date'][:4]}\n")
        lines = r["body"].split("\n")
        out.write("body=" + lines[0] + "\n")
        for l in lines[1:]: out.write("=" + l + "\n")
        out.write("\n")
body = sum(len(r["body"].encode()) for r in records)
open(f"{work}/stats", "w").write(f"{len(records)} {body}\n")
PY
  cat > "$dir/index.script" <<'SCRIPT'
id : boolean=Q unique=Q
title : index=S index field=title
date : value=0
year : boolean=Y
body : index field=body
SCRIPT
  cat > "$dir/fts5.py" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[2])
db.execute("create virtual table s using fts5(id unindexed, date unindexed, title, body, tokenize='porter unicode61')")
with open(sys.argv[1], encoding="utf-8") as inp:
    db.executemany("insert into s values (?,?,?,?)",
                   ((r["id"], r.get("date"), r.get("title") or "", r["body"]) for r in map(json.loads, inp)))
db.execute("insert into s(s) values('optimize')")
db.commit()
PY
}

# bench_prepare_zh DIR: the Chinese statements of cn-mfa with a body, in the order of its file, in
#   DIR/in.jsonl     JSON Lines, for mofa-index and plain Xapian's n-gram indexer
#                    (build/release/tests/mofa-bench-ngram-index, tests/bench/bench_ngram_index.cpp)
#   DIR/stats        "STATEMENTS BODY_BYTES"
bench_prepare_zh() {
  local dir=$1
  python3 - "$dir" ../shared/corpus/cn-mfa/statements.jsonl.gz <<'PY'
import gzip, json, sys
work, path = sys.argv[1], sys.argv[2]
n = body = 0
with gzip.open(path, "rt", encoding="utf-8") as inp, open(f"{work}/in.jsonl", "w", encoding="utf-8") as out:
    for line in inp:
        r = json.loads(line)
        if r.get("language") == "zh" and r.get("body"):
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
            body += len(r["body"].encode())
open(f"{work}/stats", "w").write(f"{n} {body}\n")
PY
}

# bench_prepare_all FILE: every statement of ../shared/corpus with a body, whatever its language
# (en, zh, uk, es, ne, fr, pt), as JSON Lines.
bench_prepare_all() {
  python3 - "$1" ../shared/corpus/*/statements.jsonl.gz <<'PY'
import gzip, json, sys
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for f in sys.argv[2:]:
        with gzip.open(f, "rt", encoding="utf-8") as inp:
            for line in inp:
                r = json.loads(line)
                if r.get("body"):
                    out.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
}
