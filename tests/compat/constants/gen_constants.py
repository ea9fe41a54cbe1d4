#!/usr/bin/env python3
# gen_constants.py: writes a C program that prints every public constant and struct layout of <curl/curl.h>.
"""The same generated source is compiled once against xfer's headers and once against
libcurl's; compare_constants.py diffs what the two binaries print.

The header sets are read through the compiler's preprocessor rather than parsed by hand, so
every macro, enumerator, struct and typedef is seen as the compiler sees it. Whether a name
is an integer constant (or a string literal) is decided by the compiler too: candidate
probes are compiled, the lines it rejects are dropped, and this repeats until it is clean.

Usage: gen_constants.py --ours DIR --system DIR --output FILE -- CC [CC ARGS...]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

HEADERS = ["curl/curl.h", "curl/mprintf.h", "curl/stdcheaders.h"]
PREAMBLE = "#define CURL_DISABLE_TYPECHECK 1\n#include <stddef.h>\n#include <stdio.h>\n" + "".join(
    f"#include <{h}>\n" for h in HEADERS)
# Flags for every compile of probe code: C11 for _Static_assert, no warnings because the
# probes deliberately compare unsigned values with zero and take sizeof of odd types.
PROBE_FLAGS = ["-std=gnu11", "-w", "-fmax-errors=0", "-x", "c"]
SIDES = ("ours", "system")


def side_flags(side, args):
    inc = args.ours if side == "ours" else args.system
    return ["-I", inc]


def run_cc(args, extra, source, want_output=True):
    cmd = list(args.cc) + extra + ["-"]
    return subprocess.run(cmd, input=source, capture_output=True, text=True)


def curl_only_text(pp):
    """Keeps the preprocessed lines that came from a curl/ header (per the line markers)."""
    keep, out = False, []
    for line in pp.splitlines():
        m = re.match(r'#\s*\d+\s+"([^"]*)"', line)
        if m:
            keep = "/curl/" in m.group(1)
            continue
        if keep:
            out.append(line)
    return "\n".join(out)


def split_top(text, sep=";"):
    """Splits on sep where no bracket is open; returns the pieces, trimmed."""
    depth, cur, out = 0, [], []
    for ch in text:
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        if ch == sep and depth == 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        out.append("".join(cur).strip())
    return out


def strip_attributes(text):
    while True:
        i = text.find("__attribute__")
        if i < 0:
            return text
        j = text.index("(", i)
        depth = 0
        for k in range(j, len(text)):
            depth += text[k] == "("
            depth -= text[k] == ")"
            if depth == 0:
                break
        text = text[:i] + text[k + 1:]


def matching_brace(text, i):
    depth = 0
    for k in range(i, len(text)):
        depth += text[k] == "{"
        depth -= text[k] == "}"
        if depth == 0:
            return k
    raise ValueError("unbalanced braces")


def declarator_name(decl):
    decl = re.sub(r":\s*\w+\s*$", "", decl)  # bit-field width
    m = re.search(r"\(\s*\*\s*(\w+)\s*\)", decl)
    if m:
        return m.group(1)
    decl = re.sub(r"\[[^\]]*\]\s*$", "", decl).strip()
    m = re.search(r"(\w+)\s*$", decl)
    return m.group(1) if m else None


def members(body, prefix=""):
    """Yields member designators (nested ones as a.b) of a struct or union body."""
    for stmt in split_top(body):
        if "{" in stmt:
            open_at = stmt.index("{")
            close_at = matching_brace(stmt, open_at)
            inner, tail = stmt[open_at + 1:close_at], stmt[close_at + 1:].strip()
            name = declarator_name(tail) if tail else None
            sub = prefix + name + "." if name else prefix
            if name:
                yield prefix + name
            yield from members(inner, sub)
            continue
        # "char *a, *b" declares two members.
        first, *rest = split_top(stmt, ",")
        for decl in [first] + rest:
            name = declarator_name(decl)
            if name:
                yield prefix + name


class Facts:
    """Names one header set offers: macros, enumerators, structs, typedefs, prototypes."""

    def __init__(self, side, args):
        flags = side_flags(side, args) + ["-x", "c"]
        dd = run_cc(args, flags + ["-E", "-dD"], PREAMBLE)
        if dd.returncode != 0:
            sys.exit(f"preprocessing the {side} headers failed:\n{dd.stderr}")
        self.macros = {}  # name -> expansion text, object-like macros only
        for line in curl_only_text(dd.stdout).splitlines():
            m = re.match(r"#define\s+(\w+)(\(?)\s*(.*)", line)
            if m and not m.group(2):
                self.macros[m.group(1)] = m.group(3).strip()
        text = curl_only_text(run_cc(args, flags + ["-E"], PREAMBLE).stdout)
        text = re.sub(r"^\s*#.*$", "", text, flags=re.M)
        self.enumerators, self.structs, self.typedefs, self.prototypes = [], {}, [], {}
        for m in re.finditer(r"\benum\s*\w*\s*\{", text):
            body = text[m.end():matching_brace(text, m.end() - 1)]
            for item in split_top(body, ","):
                self.enumerators.append(re.match(r"(\w+)", item).group(1))
        for m in re.finditer(r"\b(struct|union)\s+(\w+)\s*\{", text):
            body = text[m.end():matching_brace(text, m.end() - 1)]
            self.structs[m.group(2)] = list(members(body))
        for stmt in split_top(text):
            flat = " ".join(strip_attributes(stmt).split())
            if flat.startswith("typedef"):
                tail = flat[flat.rindex("}") + 1:] if "}" in flat else flat
                name = declarator_name(tail)
                if name:
                    self.typedefs.append(name)
            elif "{" not in flat:
                m = re.search(r"\b(curl_\w+)\s*\(", flat)
                if m:
                    self.prototypes[m.group(1)] = flat


def probe_lines(facts):
    """(key, compile check, print statement) for every candidate a header set offers."""
    out = []
    for name, value in facts.macros.items():
        if value.startswith('"'):
            out.append((name, f'_Static_assert(sizeof({name}) > 0, "");',
                        f'printf("%s=\\"%s\\"\\n", "{name}", {name});'))
        else:
            out.append((name, f'_Static_assert(({name}) || 1, "");', int_print(name)))
    for name in facts.enumerators:
        out.append((name, f'_Static_assert(({name}) || 1, "");', int_print(name)))
    for tag, mems in facts.structs.items():
        t = f"struct {tag}"
        out.append((f"sizeof({t})", f'_Static_assert(sizeof({t}) || 1, "");',
                    f'printf("sizeof({t})=%zu\\n", sizeof({t}));'))
        for mem in mems:
            out.append((f"offsetof({t},{mem})", f'_Static_assert(offsetof({t}, {mem}) || 1, "");',
                        f'printf("offsetof({t},{mem})=%zu\\n", offsetof({t}, {mem}));'))
            out.append((f"sizeof({t}.{mem})", f'_Static_assert(sizeof((({t} *)0)->{mem}) || 1, "");',
                        f'printf("sizeof({t}.{mem})=%zu\\n", sizeof((({t} *)0)->{mem}));'))
    for name in facts.typedefs:
        out.append((f"sizeof({name})", f'_Static_assert(sizeof({name}) || 1, "");',
                    f'printf("sizeof({name})=%zu\\n", sizeof({name}));'))
    return out


def int_print(name):
    # Value, width and signedness: a constant of the wrong type breaks varargs callers.
    return (f'print_int("{name}", ({name}) < 0, (long long)({name}), '
            f'(unsigned long long)({name}), sizeof({name}), ((({name}) * 0) - 1) < 0);')


def accepted(args, side, checks):
    """Indices of the checks the compiler accepts on one side."""
    alive = list(range(len(checks)))
    first_line = PREAMBLE.count("\n") + 1
    for _ in range(20):
        src = PREAMBLE + "".join(checks[i] + "\n" for i in alive)
        res = run_cc(args, side_flags(side, args) + PROBE_FLAGS + ["-fsyntax-only"], src)
        if res.returncode == 0:
            return set(alive)
        bad = {int(n) - first_line for n in re.findall(r"<stdin>:(\d+):", res.stderr)}
        bad = {b for b in bad if 0 <= b < len(alive)}
        if not bad:
            sys.exit(f"probe compile on {side} failed outside the probes:\n{res.stderr[:4000]}")
        alive = [i for k, i in enumerate(alive) if k not in bad]
    sys.exit(f"probe filtering on {side} did not converge")


def redeclaration(proto):
    """The prototype with its name parenthesised, so a function-like macro cannot expand it."""
    return re.sub(r"\b(curl_\w+)\s*\(", r"(\1)(", proto, count=1) + ";"


def compiles_on_ours(args, protos):
    src = PREAMBLE + "".join(redeclaration(p) + "\n" for p in protos)
    res = run_cc(args, side_flags("ours", args) + PROBE_FLAGS + ["-fsyntax-only"], src)
    return res.returncode == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", required=True)
    ap.add_argument("--system", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("cc", nargs="+")
    args = ap.parse_args()

    facts = {side: Facts(side, args) for side in SIDES}
    probes = {}  # key -> [print statement, set of sides where it compiles]
    for side in SIDES:
        lines = probe_lines(facts[side])
        ok = accepted(args, side, [check for _, check, _ in lines])
        for i, (key, _, stmt) in enumerate(lines):
            if i in ok:
                probes.setdefault(key, [stmt, set()])[1].add(side)

    # libcurl's prototypes redeclared under xfer's headers: a mismatch is a compile error, so
    # each is tried alone first and a mismatch becomes a printed disagreement instead.
    protos = sorted(facts["system"].prototypes.items())
    proto_ok, proto_bad = [], []
    if compiles_on_ours(args, [p for _, p in protos]):
        proto_ok = protos
    else:
        for name, proto in protos:
            (proto_ok if compiles_on_ours(args, [proto]) else proto_bad).append((name, proto))

    out = ["/* constants_probe.c: generated by gen_constants.py; prints one NAME=value line per public fact. */",
           "#include <stddef.h>", "#include <stdio.h>", "#define CURL_DISABLE_TYPECHECK 1"]
    out += [f"#include <{h}>" for h in HEADERS]
    out += ["",
            "#if defined(XFER_SIDE_OURS)",
            "/* Fails to compile unless xfer's headers won over the system's. */",
            "typedef char xfer_headers_in_use[sizeof(&curl_multi_get_handles)];"]
    out += [redeclaration(p) for _, p in proto_ok]
    out += ["#endif", "",
            "static void print_int(const char *name, int negative, long long s, unsigned long long u,",
            "                      size_t size, int is_signed)",
            "{",
            "  if (negative)",
            '    printf("%s=%lld size=%zu %s\\n", name, s, size, is_signed ? "signed" : "unsigned");',
            "  else",
            '    printf("%s=%llu size=%zu %s\\n", name, u, size, is_signed ? "signed" : "unsigned");',
            "}", "", "int main(void)", "{"]
    for key in sorted(probes):
        stmt, sides = probes[key]
        if sides == set(SIDES):
            out.append("  " + stmt)
        else:
            macro = "XFER_SIDE_OURS" if "ours" in sides else "XFER_SIDE_SYSTEM"
            out += [f"#if defined({macro})", "  " + stmt, "#endif"]
    for name, _ in proto_ok:
        out.append(f'  printf("prototype({name})=same\\n");')
    for name, _ in proto_bad:
        out += ["#if defined(XFER_SIDE_OURS)", f'  printf("prototype({name})=differs\\n");', "#else",
                f'  printf("prototype({name})=same\\n");', "#endif"]
    out += ["  return 0;", "}", ""]
    tmp = args.output + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(out))
    os.replace(tmp, args.output)


if __name__ == "__main__":
    main()
