#!/usr/bin/env python3
# Seeds tests/fuzz/corpus/ from the repository's own tests: responses, lines, URLs and files they already use.
"""Run from anywhere: python3 tests/fuzz/seed_corpus.py. Adds files (named by content hash),
never removes any; the checked-in corpus is this script's output plus what fuzzing kept."""
import ctypes
import gzip
import hashlib
import re
import shutil
import subprocess
import urllib.parse
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / 'tests' / 'fuzz' / 'corpus'

TOKEN = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'(?:[^\'\\\n]|\\.)*\'|//[^\n]*|/\*.*?\*/', re.S)
ESCAPES = {'n': '\n', 'r': '\r', 't': '\t', '\\': '\\', '"': '"', "'": "'", '0': '\0', 'a': '\a',
           'b': '\b', 'f': '\f', 'v': '\v', '?': '?'}


def unescape(body):
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c != '\\':
            out.append(c)
            i += 1
            continue
        n = body[i + 1]
        if n == 'x':
            m = re.match(r'[0-9a-fA-F]+', body[i + 2:])
            out.append(chr(int(m.group(0), 16) & 0xff))
            i += 2 + len(m.group(0))
        elif n in '01234567':
            m = re.match(r'[0-7]{1,3}', body[i + 1:])
            out.append(chr(int(m.group(0), 8) & 0xff))
            i += 1 + len(m.group(0))
        else:
            out.append(ESCAPES.get(n, n))
            i += 2
    return ''.join(out).encode('latin-1')


def literals(path):
    """C string literals of a file, adjacent ones joined as the compiler joins them."""
    text = Path(path).read_text(encoding='latin-1')
    joined, last_end, current = [], None, None
    # One pass over strings, character literals and comments, so that quotes inside
    # comments and "//" inside strings are each read for what they are.
    for m in TOKEN.finditer(text):
        if m.group(1) is None or re.fullmatch(r'[\w/.]+\.h', m.group(1)):
            continue
        if current is not None and text[last_end:m.start()].strip() == '':
            current += unescape(m.group(1))
        else:
            if current is not None:
                joined.append(current)
            current = unescape(m.group(1))
        last_end = m.end()
    if current is not None:
        joined.append(current)
    return joined


def files(pattern):
    return sorted(ROOT.glob(pattern))


def write(target, data):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def responses():
    found = []
    for f in files('tests/unit/http/*.cpp') + files('tests/unit/decode/*.cpp') + files('tests/unit/hdrapi/*.cpp') + \
            files('tests/engine/*.cpp') + files('tests/support/*.cpp') + files('tests/compat/*.c'):
        for s in literals(f):
            if (s.startswith(b'HTTP/') or s.startswith(b'ICY')) and b'\n' in s:
                found.append(s)
    return sorted(set(found))


def brotli_compress(data):
    """libbrotlienc through ctypes (Debian has no brotli module for Python); without it, a
    stored meta-block, which is still a valid br stream."""
    try:
        lib = ctypes.CDLL('libbrotlienc.so.1')
    except OSError:
        return b'\x0b\x02\x80hello\x03'
    out = ctypes.create_string_buffer(len(data) + 1024)
    size = ctypes.c_size_t(len(out))
    ok = lib.BrotliEncoderCompress(ctypes.c_int(9), ctypes.c_int(22), ctypes.c_int(0), ctypes.c_size_t(len(data)),
                                   data, ctypes.byref(size), out)
    return out.raw[:size.value] if ok else b'\x0b\x02\x80hello\x03'


def main():
    resp = responses()
    for r in resp:
        write('response_parser', b'\x00\x00' + r)
        write('response_parser', b'\x08\x00' + r)  # the peer closes after it
        write('transfer', b'\x00\x00\x00' + r)
    # A few transfers with options: HEAD, decoding, HTTP/0.9, redirects, raw chunks, multi.
    for i, r in enumerate(resp[:24]):
        write('transfer', bytes([1 << (i % 8), 1 << ((i // 3) % 8), 0]) + r)

    chunked = set()
    for r in resp:
        head, sep, body = r.partition(b'\r\n\r\n')
        if sep and b'chunked' in head.lower():
            chunked.add(body)
    for s in literals(ROOT / 'tests/unit/http/test_chunk_skipper.cpp'):
        if re.match(rb'^[0-9a-fA-F]+[;\r\n]', s):
            chunked.add(s)
    for c in sorted(chunked):
        write('chunked', b'\x00\x00' + c)

    lines = set()
    for r in resp:
        for line in r.splitlines(keepends=True):
            lines.add(line)
    for s in literals(ROOT / 'tests/unit/http/test_header_line.cpp'):
        lines.add(s)
    for line in sorted(lines):
        write('header_line', line)

    urls = set()
    for f in [ROOT / 'tests/unit/http/test_url.cpp', ROOT / 'tests/unit/apix/test_url_handle.cpp']:
        for s in literals(f):
            if b'://' in s or re.match(rb'^[a-z0-9.]+(:\d+)?(/|$)', s):
                urls.add(s)
    refs = [b'g', b'../x?y#z', b'//other/p', b'?q', b'#f', b'/abs/../p', b'http://h2/x', b' space ', b'\xc3\xa4']
    for i, u in enumerate(sorted(urls)):
        write('url', b'\x00' + u)
        write('url', bytes([i % 16]) + u + b'\n' + refs[i % len(refs)])
        # curl_url_set(URL) then a get of every part, as records of (op, flags, len, bytes).
        rec = bytes([0, 0, 0, min(len(u), 255)]) + u[:255]
        for part in range(11):
            rec += bytes([(part << 2) | 1, 0, 0, 0])
        write('urlapi', rec)
        write('urlapi', bytes([0, 0, 0, min(len(u), 255)]) + u[:255] +
              bytes([(8 << 2), 0x80, 0x01, 5]) + b'a b&c' + bytes([3, 0, 0, 0, 1, 0, 0, 0]))

    text = b'hello, fuzzing world! ' * 20
    coded = {0: gzip.compress(text), 1: zlib.compress(text), 4: gzip.compress(text)}
    zstd = shutil.which('zstd')
    if zstd:
        coded[3] = subprocess.run([zstd, '-q', '-c'], input=text, capture_output=True, check=True).stdout
    coded[2] = brotli_compress(text)
    for pick, data in coded.items():
        write('content_decoder', bytes([pick, 7]) + data)
    write('content_decoder', bytes([5, 3]) + gzip.compress(coded.get(2, b'')))
    write('content_decoder', bytes([8, 1]) + text)
    # raw deflate (no zlib header), which libcurl also takes for "deflate"
    raw = zlib.compressobj(wbits=-15)
    write('content_decoder', bytes([1, 9]) + raw.compress(text) + raw.flush())

    cookies = set()
    for f in files('tests/compat/13[678]_*.c'):
        for m in re.finditer(r'hdr=Set-Cookie:([^&"]*)', f.read_text(encoding='latin-1')):
            cookies.add(urllib.parse.unquote_to_bytes(m.group(1)).strip())
        for s in literals(f):
            if s.count(b'\t') >= 6 or s.lower().startswith(b'set-cookie:'):
                cookies.update(x for x in s.split(b'\n') if x)
    cookies.update([b'a=1; Path=/; Domain=example.com; Secure; HttpOnly; Max-Age=100',
                    b'__Host-x=1; Secure; Path=/', b'b=2; Expires=Wed, 09 Jun 2041 10:18:14 GMT',
                    b'.example.com\tTRUE\t/\tFALSE\t0\tname\tvalue',
                    b'#HttpOnly_example.com\tFALSE\t/p\tTRUE\t2000000000\tn\tv'])
    for i, c in enumerate(sorted(cookies)):
        write('cookie_jar', bytes([i % 8, 0xff if b'\t' in c else 0]) + c)

    for s in literals(ROOT / 'tests/unit/cache/test_hsts.cpp'):
        if b'max-age' in s.lower() or b'"20' in s or b'unlimited' in s:
            write('hsts', (b'\x01' if b'\n' in s and b'max-age' not in s.lower() else b'\x00') + s)
    for s in literals(ROOT / 'tests/unit/cache/test_altsvc.cpp'):
        if b'=' in s and b'"' in s or s.startswith(b'h'):
            write('altsvc', (b'\x01' if s.count(b' ') >= 7 else b'\x00') + s)
    for s in literals(ROOT / 'tests/unit/state/test_netrc.cpp'):
        if b'machine' in s or b'default' in s:
            write('netrc', s)


if __name__ == '__main__':
    main()
