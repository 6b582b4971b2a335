#!/usr/bin/env python3
"""Where the wasm's bytes go: code size per crate and per function, from the name section of the
release build before wasm-bindgen and wasm-opt strip it. Usage: bench/wasm-profile.py [WASM] [TOP]."""
import sys, re, collections
path = sys.argv[1] if len(sys.argv) > 1 else "target/wasm32-unknown-unknown/release/nacos_wasm.wasm"
data = open(path, "rb").read()
def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1; r |= (x & 0x7f) << s; s += 7
        if x < 0x80: return r, i
i = 8; sections = []; code = None; names = {}; nimports = 0
while i < len(data):
    sid = data[i]; i += 1; size, i = leb(data, i); body = data[i:i+size]
    name = None
    if sid == 0:
        nl, j = leb(body, 0); name = body[j:j+nl].decode()
        if name == 'name':
            k = j + nl
            while k < len(body):
                sub = body[k]; k += 1; ssz, k = leb(body, k)
                if sub == 1:
                    cnt, m = leb(body, k)
                    for _ in range(cnt):
                        idx, m = leb(body, m); l, m = leb(body, m); names[idx] = body[m:m+l].decode('utf8', 'replace'); m += l
                k += ssz
    if sid == 2:
        cnt, j = leb(body, 0)
        for _ in range(cnt):
            for _ in range(2):
                l, j = leb(body, j); j += l
            kind = body[j]; j += 1
            if kind == 0: _, j = leb(body, j); nimports += 1
            elif kind == 1: j += 1; fl = body[j]; j += 1; _, j = leb(body, j); j = leb(body, j)[1] if fl & 1 else j
            elif kind == 2: fl = body[j]; j += 1; _, j = leb(body, j); j = leb(body, j)[1] if fl & 1 else j
            elif kind == 3: j += 2
    if sid == 10: code = body
    sections.append((sid, name, size))
    i += size
print('sections:', [(s, n, sz) for s, n, sz in sections])
cnt, j = leb(code, 0); funcs = []
for f in range(cnt):
    sz, j2 = leb(code, j); funcs.append((j2 - j + sz, names.get(nimports + f, f'f{f}'))); j = j2 + sz
total = sum(s for s, _ in funcs)
print('code total', total, 'functions', len(funcs))
def crate(n):
    """The crate a (mangled) symbol belongs to: the first path segment, or the Self type of an impl."""
    m = re.match(r'_ZN\d+_\$LT\$(?:\$RF\$)?(?:mut\$u20\$)?([a-z_][a-z0-9_]*?)\.\.', n)
    if m:
        return m.group(1)
    m = re.match(r'_ZN(\d+)', n)
    if m:
        start = m.end()
        return n[start:start + int(m.group(1))]
    m = re.search(r'Cs[0-9a-zA-Z]+_(\d+)', n)
    if m:
        start = m.end()
        return n[start:start + int(m.group(1))]
    return n[:40]
by = collections.Counter()
for s, n in funcs: by[crate(n)] += s
for c, s in by.most_common(25): print(f'{s:8d} {c}')
print('--- top functions')
for s, n in sorted(funcs, reverse=True)[:int(sys.argv[2]) if len(sys.argv) > 2 else 40]: print(f'{s:7d} {n[:150]}')
