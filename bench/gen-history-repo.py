#!/usr/bin/env python3
"""Writes a git repository with a large history of content/ for the history benchmark.

    python3 bench/gen-history-repo.py --files 50000 --commits 20000 --out /dev/shm/hist

The files are small Markdown notices spread over villages; the first commit adds them in
batches, later commits each modify a few files (with a Change-Note trailer), and some
commits rename a file. Written through `git fast-import`, so 20,000 commits take seconds.
"""
import argparse
import os
import random
import subprocess

p = argparse.ArgumentParser()
p.add_argument("--files", type=int, default=50000)
p.add_argument("--commits", type=int, default=20000)
p.add_argument("--out", required=True)
a = p.parse_args()

rng = random.Random(7)
os.makedirs(a.out, exist_ok=True)
subprocess.run(["git", "init", "-q", "-b", "main", a.out], check=True)

PER_VILLAGE = 50
paths = []
for i in range(a.files):
    v = i // PER_VILLAGE
    paths.append(f"content/towns/t{v // 20:03d}/v{v:05d}/affairs/notice-{i % PER_VILLAGE:03d}.md")

def text(i, rev):
    body = "各位村民：\n\n" + "本村将于近期开展人居环境整治，请各户配合清理房前屋后杂物。" * (1 + i % 7)
    return f"---\ntitle: 关于人居环境整治的通知（{i}）\nkind: affairs.notice\npublished: 2025-03-{1 + i % 28:02d}\nchange_note: 第 {rev} 次修改\n---\n{body}\n修订 {rev}\n"

out = []
def emit(s):
    out.append(s if isinstance(s, bytes) else s.encode())

def data(s):
    b = s.encode()
    emit(f"data {len(b)}\n")
    emit(b)
    emit("\n")

t0 = 1735689600  # 2025-01-01
batch = max(1, a.files // 10)
initial_commits = (a.files + batch - 1) // batch
mark = 0
for c in range(a.commits):
    when = t0 + c * 600
    emit("commit refs/heads/main\n")
    emit(f"author 文书{c % 13} <clerk{c % 13}@example.org> {when} +0800\n")
    emit(f"committer 文书{c % 13} <clerk{c % 13}@example.org> {when} +0800\n")
    if c < initial_commits:
        msg = f"首次公开（第 {c + 1} 批）"
        data(msg)
        for i in range(c * batch, min(a.files, (c + 1) * batch)):
            emit(f"M 100644 inline {paths[i]}\n")
            data(text(i, 0))
    else:
        msg = f"更正公开内容\n\nChange-Note: 第 {c} 次提交的更正"
        data(msg)
        for _ in range(3):
            i = rng.randrange(a.files)
            emit(f"M 100644 inline {paths[i]}\n")
            data(text(i, c))
        if c % 50 == 0:
            i = rng.randrange(a.files)
            new = paths[i].replace(".md", f"-r{c}.md")
            emit(f"R {paths[i]} {new}\n")
            paths[i] = new
    emit("\n")

subprocess.run(["git", "-C", a.out, "fast-import", "--quiet"], input=b"".join(out), check=True)
subprocess.run(["git", "-C", a.out, "checkout", "-q", "main"], check=True)
print(f"{a.out}: {a.files} files, {a.commits} commits")
