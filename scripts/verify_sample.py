#!/usr/bin/env python3
"""Check the sample content under content/ independently of the Rust loader.

    python3 scripts/verify_sample.py [-q] [CONTENT_DIR]     # needs PyYAML (pip install pyyaml)

Re-checks what CONTENT-MODEL.md promises: field names, kinds per folder, ids, dates, the finance
arithmetic (totals, opening + income - expense = closing, cash and bank never negative, the chain
of openings and closings), vouchers, large expenses and the decisions they name, the 四议两公开
step rules, party dues sums, and that no personal numbers (mobile, resident ID, bank card) appear.
content/enforcement/ is someone else's and is only scanned for personal numbers.
Exit status 1 when anything is wrong.
"""

import datetime as dt
import os
import re
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("verify_sample.py needs PyYAML: pip install pyyaml")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_args = [a for a in sys.argv[1:] if not a.startswith("-")]
CONTENT = os.path.abspath(_args[0]) if _args else os.path.join(ROOT, "content")   # optional: another content/ folder

ERRORS = []


def err(path, msg):
    ERRORS.append(f"{os.path.relpath(path, os.path.dirname(CONTENT))}: {msg}")


# --------------------------------------------------------------------------------------------
# parsing: BaseLoader keeps every scalar a string, like the Rust loader

def load_yaml(path, text):
    try:
        return yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as e:
        err(path, f"YAML does not parse: {e}")
        return None


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        err(path, "starts with a UTF-8 BOM")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        err(path, "not UTF-8")
        return None


def split_md(path, text):
    lines = text.split("\n")
    if lines[0].strip() != "---":
        err(path, "a .md file must start with a --- line")
        return None, ""
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return load_yaml(path, "\n".join(lines[1:i])), "\n".join(lines[i + 1:])
    err(path, "front matter has no closing --- line")
    return None, ""


ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONEY_RE = re.compile(r"^\d{1,3}(,\d{3})*\.\d{2}$")   # how this sample writes money: "6,000.00"


def is_id(s):
    return isinstance(s, str) and len(s) <= 80 and bool(ID_RE.match(s))


def date(path, s, what):
    if not isinstance(s, str) or not DATE_RE.match(s):
        err(path, f"{what}: `{s}` is not a YYYY-MM-DD date")
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        err(path, f"{what}: `{s}` is not a real day")
        return None


def fen(path, s, what, zero_ok=False):
    if not isinstance(s, str) or not MONEY_RE.match(s):
        err(path, f"{what}: `{s}` is not money written like \"6,000.00\"")
        return None
    y, f = s.replace(",", "").split(".")
    v = int(y) * 100 + int(f)
    if v <= 0 and not (zero_ok and v == 0):
        err(path, f"{what}: amount must be positive")
    return v


def uint(path, s, what):
    if not isinstance(s, str) or not s.isdigit():
        err(path, f"{what}: `{s}` is not a whole number")
        return None
    return int(s)


def keys_ok(path, obj, allowed, required, what):
    if not isinstance(obj, dict):
        err(path, f"{what} must be a mapping")
        return False
    for k in obj:
        if k not in allowed:
            err(path, f"{what}: unknown key `{k}`")
    ok = True
    for k in required:
        if k not in obj or obj[k] in (None, ""):
            err(path, f"{what}: missing `{k}`")
            ok = False
    return ok


def weekdays_between(a, b):
    """Mon-Fri days in (a, b]."""
    n, d = 0, a
    while d < b:
        d += dt.timedelta(days=1)
        if d.weekday() < 5:
            n += 1
    return n


# --------------------------------------------------------------------------------------------
# personal numbers

FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
RUN = re.compile(r"(?<![0-9])[0-9]+(?:[Xx](?![0-9A-Za-z]))?")
GROUPED = re.compile(r"(?<![0-9])[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{1,3})?(?![0-9])")


def scan_pii(path, text):
    t = text.translate(FULLWIDTH)
    for m in RUN.finditer(t):
        s = m.group(0)
        digits = s.rstrip("Xx")
        n = len(digits)
        line = t.count("\n", 0, m.start()) + 1
        if s[-1] in "Xx" and n == 17:
            err(path, f"line {line}: `{s}` looks like a resident ID number")
        elif n == 11 and re.match(r"1[3-9]", digits):
            err(path, f"line {line}: `{s}` looks like a mobile number")
        elif n in (15, 18):
            err(path, f"line {line}: `{s}` looks like a resident ID number")
        elif 16 <= n <= 19:
            err(path, f"line {line}: `{s}` looks like a bank card number")
    for m in GROUPED.finditer(t):
        line = t.count("\n", 0, m.start()) + 1
        err(path, f"line {line}: `{m.group(0)}` looks like a bank card number written in groups")


# --------------------------------------------------------------------------------------------
# the site

FIRST_DAY, LAST_DAY = dt.date(2025, 1, 10), dt.date(2026, 1, 15)
COMMON = {"title", "kind", "published", "period", "posting_until", "reviewed_by", "status", "withdrawn",
          "supersedes", "change_note", "tags"}
KINDS = {
    "finance.statement": ("finance", {"opening", "income", "expense", "closing", "totals"}, False),
    "finance.notice": ("finance", set(), True),
    "affairs.notice": ("affairs", set(), True),
    "affairs.decision": ("affairs", {"matter", "steps", "resolution", "result"}, True),
    "affairs.beneficiaries": ("affairs", {"program", "rows"}, False),
    "party.notice": ("party", set(), True),
    "party.development": ("party", {"stage", "people", "objections_to"}, True),
    "party.dues": ("party", {"members", "collected", "remitted", "rows"}, False),
}
INCOME_ACCOUNTS = {"经营收入", "发包及上交收入", "补助收入", "投资收益", "其他收入"}
EXPENSE_ACCOUNTS = {"经营支出", "管理费用", "公益支出", "其他支出"}
STAGES = ["支部提议", "两委商议", "党员大会审议", "村民代表会议决议"]
DEV_STAGES = {"入党积极分子", "发展对象", "预备党员", "转正"}

SITE = {
    "name": "示例县阳光三务公开", "county": "示例县", "base_url": "https://sanwu.example.org/", "theme": "default",
    "sample_data": "true", "finance": {"large_expense_threshold": "50000.00"},
    "posting_days": {"default": "15", "beneficiaries": "7", "party.development": "5"},
}


def check_site():
    path = os.path.join(CONTENT, "site.yaml")
    if not os.path.exists(path):
        err(path, "missing")
        return 5_000_000
    data = load_yaml(path, read(path))
    if data != SITE:
        err(path, f"differs from the agreed site.yaml: {data}")
    return 5_000_000


def check_pages():
    d = os.path.join(CONTENT, "pages")
    names = sorted(os.listdir(d)) if os.path.isdir(d) else []
    if not 3 <= len(names) <= 4:
        err(d, f"expected 3-4 pages, found {len(names)}")
    for n in names:
        path = os.path.join(d, n)
        if not n.endswith(".md") or not is_id(n[:-3]):
            err(path, "a page is <id>.md")
            continue
        text = read(path)
        fm, body = split_md(path, text)
        if fm is None:
            continue
        keys_ok(path, fm, {"title", "weight"}, ["title"], "page")
        if "weight" in fm:
            uint(path, fm["weight"], "weight")
        if not body.strip():
            err(path, "page has no body")


class Doc:
    def __init__(self, path, id, folder, data, body, markdown):
        self.path, self.id, self.folder, self.data, self.body, self.markdown = path, id, folder, data, body, markdown
        self.kind = data.get("kind") if isinstance(data, dict) else None
        self.published = None


def check_common(doc, village):
    d, path = doc.data, doc.path
    kind = doc.kind
    if kind not in KINDS:
        err(path, f"unknown kind `{kind}`")
        return False
    folder, extra, md_ok = KINDS[kind]
    if folder != doc.folder:
        err(path, f"kind {kind} does not belong in {doc.folder}/")
    if doc.markdown and not md_ok:
        err(path, f"kind {kind} must be a .yaml file")
    allowed = COMMON | extra | (set() if doc.markdown else {"body"})
    required = ["title", "kind", "published"] + (["period", "reviewed_by"] if folder == "finance" else [])
    if kind == "finance.statement":
        required += ["opening", "income", "expense", "closing"]
    elif kind == "affairs.decision":
        required += ["matter", "steps", "resolution"]
    elif kind == "affairs.beneficiaries":
        required += ["program", "rows"]
    elif kind == "party.development":
        required += ["stage", "people", "objections_to"]
    elif kind == "party.dues":
        required += ["members", "collected", "remitted"]
    keys_ok(path, d, allowed, required, "document")
    pub = date(path, d.get("published"), "published")
    doc.published = pub
    if pub and not FIRST_DAY <= pub <= LAST_DAY:
        err(path, f"published {pub} outside {FIRST_DAY} … {LAST_DAY}")
    if "posting_until" in d:
        pu = date(path, d["posting_until"], "posting_until")
        if pu and pub and pu <= pub:
            err(path, "posting_until is not after published")
    if "reviewed_by" in d:
        r = d["reviewed_by"]
        if keys_ok(path, r, {"body", "members", "date"}, ["body", "members", "date"], "reviewed_by"):
            if r["body"] != "村务监督委员会":
                err(path, "reviewed_by.body is not 村务监督委员会")
            if not isinstance(r["members"], list) or len(r["members"]) < 2 or \
                    any(m not in village["supervisors"] for m in r["members"]):
                err(path, f"reviewed_by.members {r['members']} are not two of the supervisors {village['supervisors']}")
            rd = date(path, r["date"], "reviewed_by.date")
            if rd and pub and not (pub - dt.timedelta(days=5) <= rd < pub):
                err(path, f"reviewed_by.date {rd} is not a day or two before published {pub}")
    status = d.get("status", "published")
    if status not in ("published", "draft", "withdrawn"):
        err(path, f"status `{status}`")
    if status == "withdrawn":
        w = d.get("withdrawn")
        if keys_ok(path, w, {"date", "reason"}, ["date", "reason"], "withdrawn"):
            wd = date(path, w["date"], "withdrawn.date")
            if wd and pub and wd < pub:
                err(path, "withdrawn before it was published")
    elif "withdrawn" in d:
        err(path, "withdrawn given but status is not withdrawn")
    if "supersedes" in d and not is_id(d["supersedes"]):
        err(path, f"supersedes `{d['supersedes']}` is not an id")
    if "tags" in d and not (isinstance(d["tags"], list) and all(isinstance(t, str) and t for t in d["tags"])):
        err(path, "tags must be a list of words")
    if not isinstance(d.get("title"), str) or not d["title"].strip():
        err(path, "title is empty")
    return True


def check_statement(doc, village, threshold, decisions):
    d, path = doc.data, doc.path
    p = d.get("period", "")
    if not re.match(r"^2025-(0[1-9]|1[0-2])$", p):
        err(path, f"period `{p}` is not a month of 2025")
        return None
    if doc.id != f"{p}-statement":
        err(path, f"file name should be {p}-statement.yaml")
    y, m = map(int, p.split("-"))
    start = dt.date(y, m, 1)
    end = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
    pub = doc.published
    rd = d.get("reviewed_by", {}).get("date") if isinstance(d.get("reviewed_by"), dict) else None
    if rd and DATE_RE.match(rd) and not dt.date.fromisoformat(rd) > end:
        err(path, f"reviewed_by.date {rd} is before the end of the period")
    if pub and not (end < pub and 6 <= pub.day <= 15 and (pub - end).days < 20):
        err(path, f"published {pub} is not about the 10th of the following month")
    bal = {}
    for side in ("opening", "closing"):
        b = d.get(side)
        if keys_ok(path, b, {"cash", "bank"}, ["cash", "bank"], side):
            bal[side] = {k: fen(path, b[k], f"{side}.{k}", zero_ok=True) for k in ("cash", "bank")}
            for k, v in bal[side].items():
                if v is None:
                    return None
    if len(bal) != 2:
        return None
    lines = []
    sums = {}
    big = 0
    for io, accounts in (("income", INCOME_ACCOUNTS), ("expense", EXPENSE_ACCOUNTS)):
        rows = d.get(io)
        if not isinstance(rows, list):
            err(path, f"{io} must be a list")
            return None
        total = 0
        for i, r in enumerate(rows):
            what = f"{io}[{i}]"
            allowed = {"date", "voucher", "account", "summary", "amount"} | ({"decision"} if io == "expense" else set())
            if not keys_ok(path, r, allowed, ["date", "voucher", "account", "summary", "amount"], what):
                continue
            ld = date(path, r["date"], f"{what}.date")
            if ld and not start <= ld <= end:
                err(path, f"{what}: date {ld} outside {p}")
            if r["account"] not in accounts:
                err(path, f"{what}: account `{r['account']}` is not an {io} account")
            a = fen(path, r["amount"], f"{what}.amount")
            if a is None:
                continue
            total += a
            if not re.match(r"^记-\d{2,3}$", r["voucher"]):
                err(path, f"{what}: voucher `{r['voucher']}`")
            lines.append((r["voucher"], ld, io))
            dec = r.get("decision")
            if io == "expense" and a > threshold:
                big += 1
                if not dec:
                    err(path, f"{what}: expense {r['amount']} is above the threshold and names no decision")
            if dec:
                target = decisions.get(dec)
                if target is None:
                    err(path, f"{what}: decision `{dec}` is not an affairs.decision of this village")
                elif ld and target.published and not target.published < ld:
                    err(path, f"{what}: decision `{dec}` was published {target.published}, not before {ld}")
        sums[io] = total
    vouchers = [v for v, _, _ in lines]
    if len(set(vouchers)) != len(vouchers):
        err(path, "vouchers are not unique")
    nums = sorted((int(v.split("-")[1]), ld) for v, ld, _ in lines)
    if [n for n, _ in nums] != list(range(1, len(nums) + 1)):
        err(path, f"vouchers are not 记-01 … 记-{len(nums):02d} without gaps")
    if any(nums[i][1] and nums[i + 1][1] and nums[i][1] > nums[i + 1][1] for i in range(len(nums) - 1)):
        err(path, "vouchers are not numbered in date order")
    if "totals" in d:
        t = d["totals"]
        if keys_ok(path, t, {"income", "expense"}, ["income", "expense"], "totals"):
            for io in ("income", "expense"):
                v = fen(path, t[io], f"totals.{io}", zero_ok=True)
                if v is not None and v != sums[io]:
                    err(path, f"totals.{io} {t[io]} != sum of lines {sums[io] / 100:.2f}")
    o, c = bal["opening"], bal["closing"]
    if o["cash"] + o["bank"] + sums["income"] - sums["expense"] != c["cash"] + c["bank"]:
        err(path, "opening + income - expense != closing")
    return dict(m=m, opening=o, closing=c, big=big)


def check_decision(doc):
    d, path = doc.data, doc.path
    steps = d.get("steps")
    if not isinstance(steps, list):
        err(path, "steps must be a list")
        return
    stages = [s.get("stage") if isinstance(s, dict) else None for s in steps]
    if stages != STAGES:
        err(path, f"stages {stages} are not {STAGES}")
    prev = None
    for i, s in enumerate(steps):
        if not keys_ok(path, s, {"stage", "date", "expected", "present", "agree", "result"}, ["stage", "date"], f"steps[{i}]"):
            continue
        sd = date(path, s["date"], f"steps[{i}].date")
        if sd and prev and not sd > prev:
            err(path, f"steps[{i}]: date {sd} is not after the step before")
        prev = sd or prev
        nums = {k: uint(path, s[k], f"steps[{i}].{k}") for k in ("expected", "present", "agree") if k in s}
        if "present" in nums and "expected" in nums and nums["present"] > nums["expected"]:
            err(path, f"steps[{i}]: present > expected")
        if "agree" in nums and "present" in nums and nums["agree"] > nums["present"]:
            err(path, f"steps[{i}]: agree > present")
        if s["stage"] == "党员大会审议":
            if "expected" not in nums or "present" not in nums:
                err(path, "党员大会审议 needs expected and present")
            elif nums["present"] * 3 < nums["expected"] * 2:
                err(path, "党员大会审议: fewer than two thirds present")
        if s["stage"] == "村民代表会议决议" and not {"expected", "present", "agree"} <= set(nums):
            err(path, "村民代表会议决议 needs expected, present and agree")
    if prev and doc.published and not prev < doc.published:
        err(path, "published before the last step")


def check_beneficiaries(doc, village):
    d, path = doc.data, doc.path
    rows = d.get("rows")
    if not isinstance(rows, list) or not rows:
        err(path, "rows must be a non-empty list")
        return
    for i, r in enumerate(rows):
        if not keys_ok(path, r, {"name", "group", "amount", "household_size", "note"}, ["name", "group", "amount"], f"rows[{i}]"):
            continue
        if r["group"] not in village["groups"]:
            err(path, f"rows[{i}]: group `{r['group']}` is not one of {village['groups']}")
        fen(path, r["amount"], f"rows[{i}].amount")
        if "household_size" in r:
            n = uint(path, r["household_size"], f"rows[{i}].household_size")
            if n is not None and n < 1:
                err(path, f"rows[{i}]: household_size < 1")
        if re.search(r"\d", r["name"]):
            err(path, f"rows[{i}]: a name with digits")


def check_development(doc, village):
    d, path = doc.data, doc.path
    if d.get("stage") not in DEV_STAGES:
        err(path, f"stage `{d.get('stage')}`")
    people = d.get("people")
    if not isinstance(people, list) or not people:
        err(path, "people must be a non-empty list")
        return
    for i, p in enumerate(people):
        if not keys_ok(path, p, {"name", "gender", "group", "since"}, ["name", "gender"], f"people[{i}]"):
            continue
        if p["gender"] not in ("男", "女"):
            err(path, f"people[{i}]: gender `{p['gender']}`")
        if "group" in p and p["group"] not in village["groups"]:
            err(path, f"people[{i}]: group `{p['group']}` not in village.yaml")
        if "since" in p:
            s = date(path, p["since"], f"people[{i}].since")
            if s and doc.published and not s < doc.published:
                err(path, f"people[{i}]: since {s} is not before published")
    o = date(path, d.get("objections_to"), "objections_to")
    if o and doc.published and weekdays_between(doc.published, o) < 5:
        err(path, f"objections_to {o} is less than 5 working days after {doc.published}")


def check_dues(doc):
    d, path = doc.data, doc.path
    if not re.match(r"^2025-Q[1-4]$", d.get("period", "")):
        err(path, f"period `{d.get('period')}` is not a quarter")
    members = uint(path, d.get("members"), "members")
    collected = fen(path, d.get("collected"), "collected")
    remitted = fen(path, d.get("remitted"), "remitted", zero_ok=True)
    rows = d.get("rows", [])
    total = 0
    for i, r in enumerate(rows):
        if keys_ok(path, r, {"name", "amount", "note"}, ["name", "amount"], f"rows[{i}]"):
            a = fen(path, r["amount"], f"rows[{i}].amount")
            total += a or 0
    names = [r.get("name") for r in rows if isinstance(r, dict)]
    if len(set(names)) != len(names):
        err(path, "a name appears twice in rows")
    if collected is not None and rows and total != collected:
        err(path, f"rows add up to {total / 100:.2f}, collected is {d['collected']}")
    if collected is not None and remitted is not None and remitted > collected:
        err(path, "remitted > collected")
    if members is not None and rows and members != len(rows):
        err(path, f"members {members} but {len(rows)} rows")


def check_village(town, vdir, vid, threshold, tcode):
    path = os.path.join(vdir, "village.yaml")
    v = load_yaml(path, read(path))
    village = {"groups": [], "supervisors": []}
    if keys_ok(path, v, {"name", "kind", "code", "groups", "supervisors"}, ["name", "kind", "code", "groups", "supervisors"], "village"):
        if v["kind"] not in ("村", "社区"):
            err(path, f"kind `{v['kind']}`")
        if not re.match(r"^999\d{9}$", v["code"]) or v["code"][:9] != tcode[:9]:
            err(path, f"code {v['code']} is not a 999… code inside town {tcode}")
        if v["name"][-1:] != v["kind"][-1:]:
            err(path, f"name {v['name']} does not end in its kind {v['kind']}")
        village["groups"] = v["groups"]
        s = v["supervisors"]
        if keys_ok(path, s, {"body", "members"}, ["body", "members"], "supervisors"):
            if s["body"] != "村务监督委员会" or len(s["members"]) != 3:
                err(path, "supervisors: body 村务监督委员会 with 3 members")
            village["supervisors"] = s["members"]
    docs = {}
    for folder in ("finance", "affairs", "party"):
        fdir = os.path.join(vdir, folder)
        for n in sorted(os.listdir(fdir)) if os.path.isdir(fdir) else []:
            p = os.path.join(fdir, n)
            base, ext = os.path.splitext(n)
            if ext not in (".md", ".yaml") or not is_id(base):
                err(p, "a document is <id>.md or <id>.yaml with a lowercase ascii id")
                continue
            if base in docs:
                err(p, f"id {base} also used by {os.path.relpath(docs[base].path, CONTENT)}")
                continue
            text = read(p)
            if text is None:
                continue
            if ext == ".md":
                data, body = split_md(p, text)
            else:
                data, body = load_yaml(p, text), None
            if not isinstance(data, dict):
                err(p, "not a mapping")
                continue
            doc = Doc(p, base, folder, data, body, ext == ".md")
            docs[base] = doc
    ok = {i: d for i, d in docs.items() if check_common(d, village)}
    decisions = {i: d for i, d in ok.items() if d.kind == "affairs.decision"}
    statements = {}
    for i, d in ok.items():
        if d.kind == "finance.statement":
            r = check_statement(d, village, threshold, decisions)
            if r:
                statements[r["m"]] = (d, r)
        elif d.kind == "affairs.decision":
            check_decision(d)
        elif d.kind == "affairs.beneficiaries":
            check_beneficiaries(d, village)
        elif d.kind == "party.development":
            check_development(d, village)
        elif d.kind == "party.dues":
            check_dues(d)
        if "supersedes" in d.data:
            target = docs.get(d.data["supersedes"])
            if target is None:
                err(d.path, f"supersedes `{d.data['supersedes']}`, which is not a document of this village")
            elif target.published and d.published and not target.published <= d.published:
                err(d.path, "supersedes a document published later")
            if "change_note" not in d.data:
                err(d.path, "supersedes without change_note")
        if d.body is not None and d.markdown and not d.body.strip():
            err(d.path, "empty Markdown body")
    if sorted(statements) != list(range(1, 13)):
        err(vdir, f"statements for months {sorted(statements)}, expected 1..12")
    for m in range(2, 13):
        if m in statements and m - 1 in statements:
            prev, cur = statements[m - 1][1], statements[m][1]
            if prev["closing"] != cur["opening"]:
                err(statements[m][0].path, f"opening {cur['opening']} != {m - 1}月 closing {prev['closing']}")
    if not any(r["big"] for _, r in statements.values()):
        err(vdir, "no expense above the threshold in any month")
    kinds = {}
    for d in ok.values():
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    for k, n in (("affairs.notice", 2), ("affairs.decision", 1), ("affairs.beneficiaries", 1), ("party.notice", 1),
                 ("party.development", 1), ("party.dues", 1), ("finance.statement", 12)):
        if kinds.get(k, 0) < n:
            err(vdir, f"needs at least {n} {k}, has {kinds.get(k, 0)}")
    return docs, kinds


def main():
    threshold = check_site()
    check_pages()
    tdir = os.path.join(CONTENT, "towns")
    towns = sorted(os.listdir(tdir))
    per_town = []
    all_docs = []
    summary = []
    for t in towns:
        tp = os.path.join(tdir, t)
        if not is_id(t):
            err(tp, "town folder is not an id")
        path = os.path.join(tp, "town.yaml")
        town = load_yaml(path, read(path))
        tcode = "999000000000"
        if keys_ok(path, town, {"name", "kind", "code", "enforcement_office"}, ["name", "kind", "code", "enforcement_office"], "town"):
            if town["kind"] not in ("镇", "乡", "街道办"):
                err(path, f"kind `{town['kind']}`")
            if not re.match(r"^999\d{9}$", town["code"]):
                err(path, f"code `{town['code']}` is not 12 digits starting 999")
            if town["enforcement_office"] != town["name"] + "综合执法办公室":
                err(path, "enforcement_office is not <name>综合执法办公室")
            tcode = town["code"]
        villages = sorted(x for x in os.listdir(tp) if os.path.isdir(os.path.join(tp, x)))
        per_town.append(len(villages))
        for vid in villages:
            if not is_id(vid):
                err(os.path.join(tp, vid), "village folder is not an id")
            docs, kinds = check_village(t, os.path.join(tp, vid), vid, threshold, tcode)
            all_docs += docs.values()
            summary.append((t, vid, kinds))
    if len(towns) != 8 or sorted(per_town, reverse=True) != [3, 3, 2, 1, 1, 1, 1, 1]:
        err(tdir, f"expected 8 towns with 3,3,2,1,1,1,1,1 villages, found {per_town}")
    # the special cases live somewhere
    if not any(d.data.get("status") == "withdrawn" for d in all_docs):
        err(tdir, "no withdrawn notice")
    if not any("supersedes" in d.data for d in all_docs):
        err(tdir, "no superseding notice")
    if not any(d.data.get("status") == "draft" for d in all_docs):
        err(tdir, "no draft notice")
    html = [d for d in all_docs if d.body and "<script>" in d.body]
    if len(html) != 1 or html[0].kind != "affairs.notice":
        err(tdir, f"expected exactly one affairs notice with a raw <script> snippet, found {len(html)}")
    # personal numbers, everywhere in content/
    n_files = 0
    for dirpath, _, names in os.walk(CONTENT):
        for n in names:
            p = os.path.join(dirpath, n)
            text = read(p)
            if text is not None:
                scan_pii(p, text)
                n_files += 1
    if "-q" not in sys.argv:
        for t, vid, kinds in summary:
            print(f"{t}/{vid}: " + ", ".join(f"{k}×{n}" for k, n in sorted(kinds.items())))
    for e in ERRORS:
        print("ERROR", e)
    print(f"{n_files} files scanned, {len(all_docs)} documents in {len(summary)} villages, {len(ERRORS)} problems")
    sys.exit(1 if ERRORS else 0)


if __name__ == "__main__":
    main()
