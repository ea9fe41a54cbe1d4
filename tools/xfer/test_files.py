# Files are safe: default names, -o pairing, numbered/refused/overwritten names, .part then rename, disk full.
import os
import resource
import signal
import stat
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tool_test_lib import Checks, Server, pattern, read, run  # noqa: E402


def limit_file_size():
    # A 64 KiB file-size limit plays a full disk for the .part path (the write fails with EFBIG).
    resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)


def main():
    c = Checks()
    with Server() as srv, tempfile.TemporaryDirectory() as root:
        b = srv.base

        def fresh(name):
            d = os.path.join(root, name)
            os.mkdir(d)
            return d

        d = fresh("default")
        p = run(["-s", b + "/dir/data.bin?size=1234"], d)
        c.expect("xfer URL saves the body under the remote name",
                 p.returncode == 0 and read(os.path.join(d, "data.bin")) == pattern(1234), p)
        c.expect("no .part is left after success", sorted(os.listdir(d)) == ["data.bin"], p)

        d = fresh("same-name")
        p = run(["-s", b + "/a/same.txt?size=100", b + "/b/same.txt?size=200",
                 b + "/c/same.txt?size=300"], d)
        c.expect("same last segment: three distinct files",
                 p.returncode == 0 and sorted(os.listdir(d)) == ["same.txt", "same.txt.1", "same.txt.2"], p)
        sizes = sorted(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
        c.expect("each same-name file holds its own body", sizes == [100, 200, 300], p)
        c.expect("the table names each file", b"-> same.txt.2" in p.stdout, p)

        p = run(["-s", b + "/a/same.txt?size=7"], d)
        c.expect("an existing file is not overwritten by default",
                 p.returncode == 0 and os.path.getsize(os.path.join(d, "same.txt")) == 100
                 and read(os.path.join(d, "same.txt.3")) == pattern(7), p)

        p = run(["-s", "-nc", b + "/a/same.txt?size=7"], d)
        c.expect("-nc refuses an existing name with exit 23",
                 p.returncode == 23 and b"exists (--no-clobber)" in p.stdout, p)
        c.expect("-nc left the existing file alone", os.path.getsize(os.path.join(d, "same.txt")) == 100)

        # Past 16 names in one directory the tool reads its listing instead of an lstat per
        # name (jobs.cpp): names and .part files there late in the list are still seen.
        d = fresh("many")
        for name in ("n30", "n31.part", "n32.1"):
            with open(os.path.join(d, name), "wb") as f:
                f.write(b"old")
        p = run(["-s"] + [b + "/n%d?size=%d" % (i, i + 1) for i in range(40)] +
                [b + "/again/n32?size=3"], d)
        names = sorted(os.listdir(d))
        c.expect("40 names: an existing file, .part and numbered name late in the list are seen",
                 p.returncode == 0 and len(names) == 44 and read(os.path.join(d, "n30")) == b"old"
                 and read(os.path.join(d, "n30.1")) == pattern(31)
                 and read(os.path.join(d, "n31.part")) == b"old"
                 and read(os.path.join(d, "n31.1")) == pattern(32)
                 and read(os.path.join(d, "n32.1")) == b"old"
                 and read(os.path.join(d, "n32.2")) == pattern(3), p)

        d = fresh("nc-dup")
        p = run(["-s", "--no-clobber", b + "/a/dup?size=5", b + "/b/dup?size=6"], d)
        c.expect("--no-clobber refuses a name used twice in one run",
                 p.returncode == 23 and read(os.path.join(d, "dup")) == pattern(5)
                 and b"already used by an earlier URL" in p.stdout, p)

        d = fresh("clobber")
        with open(os.path.join(d, "over.txt"), "wb") as f:
            f.write(b"old contents")
        p = run(["-s", "--clobber", b + "/over.txt?size=50"], d)
        c.expect("--clobber replaces an existing file",
                 p.returncode == 0 and read(os.path.join(d, "over.txt")) == pattern(50), p)
        p = run(["-s", "--clobber", b + "/x/twice?size=5", b + "/y/twice?size=6"], d)
        c.expect("--clobber still never puts two transfers into one file",
                 read(os.path.join(d, "twice")) == pattern(5) and read(os.path.join(d, "twice.1")) == pattern(6), p)

        ro = os.path.join(d, "ro.txt")
        with open(ro, "wb") as f:
            f.write(b"keep me")
        os.chmod(ro, stat.S_IRUSR | stat.S_IRGRP)
        for args in (["--clobber"], ["-o", "ro.txt"]):
            p = run(["-s"] + args + [b + "/ro.txt?size=9"], d)
            c.expect("a read-only file is never written (%s)" % " ".join(args),
                     p.returncode == 23 and read(ro) == b"keep me" and b"read-only" in p.stdout, p)

        d = fresh("dash-o")
        p = run(["-s", "-o", "a", b + "/one?size=11", b + "/two?size=22"], d)
        c.expect("-o a URL1 URL2: the second URL keeps its default name",
                 p.returncode == 0 and read(os.path.join(d, "a")) == pattern(11)
                 and read(os.path.join(d, "two")) == pattern(22), p)
        with open(os.path.join(d, "a"), "wb") as f:
            f.write(b"x")
        p = run(["-s", "-o", "a", b + "/one?size=12"], d)
        c.expect("-o replaces a writable file, as curl -o does",
                 p.returncode == 0 and read(os.path.join(d, "a")) == pattern(12), p)
        p = run(["-s", "-o", "-", b + "/one?size=13", b + "/two?size=3"], d)
        c.expect("-o - sends that body to stdout", p.returncode == 0 and p.stdout == pattern(13), p)
        p = run(["-s", "--stdout", b + "/one?size=13"], d)
        c.expect("--stdout sends bodies to stdout", p.returncode == 0 and p.stdout == pattern(13), p)
        p = run(["-s", "--discard", b + "/discarded?size=13"], d)
        c.expect("--discard saves nothing",
                 p.returncode == 0 and not os.path.exists(os.path.join(d, "discarded")), p)

        d = fresh("cut")
        p = run(["-s", b + "/cut.bin?size=100000&cut=5000"], d)
        c.expect("a cut transfer fails and leaves only NAME.part",
                 p.returncode == 18 and os.listdir(d) == ["cut.bin.part"], p)
        p = run(["-s", "--remove-on-error", b + "/cut2.bin?size=100000&cut=5000"], d)
        c.expect("--remove-on-error deletes the .part", p.returncode == 18
                 and not os.path.exists(os.path.join(d, "cut2.bin.part")), p)
        # The .meta is written only for a body cut short (sink.cpp): the whole ones never
        # leave or make one, the cut one keeps its validator for -C.
        d = fresh("meta")
        p = run(["-s", b + "/cut3.bin?size=100000&cut=5000&etag=c3",
                 b + "/cut4.bin?size=3000000&cut=1000000&etag=c4",
                 b + "/whole.bin?size=100000&etag=w", b + "/large.bin?size=3000000&etag=l"], d)
        c.expect("a cut body with an ETag leaves NAME.part and its .meta; whole ones none",
                 p.returncode == 18 and sorted(os.listdir(d)) ==
                 ["cut3.bin.part", "cut3.bin.part.meta", "cut4.bin.part", "cut4.bin.part.meta",
                  "large.bin", "whole.bin"]
                 and read(os.path.join(d, "cut3.bin.part.meta")).strip() == b'"c3"'
                 and read(os.path.join(d, "cut4.bin.part.meta")).strip() == b'"c4"'
                 and len(read(os.path.join(d, "cut4.bin.part"))) > 900000
                 and read(os.path.join(d, "cut4.bin.part")) ==
                 pattern(3000000)[:os.path.getsize(os.path.join(d, "cut4.bin.part"))]
                 and read(os.path.join(d, "large.bin")) == pattern(3000000), p)

        # The .part is created at the first write (sink.cpp); where it cannot be, the
        # transfer still fails with 23 and says why.
        d = fresh("noparent")
        p = run(["-s", "-o", os.path.join(d, "missing", "x.bin"), b + "/x.bin?size=1000",
                 b + "/y.bin?size=400000"], d)
        c.expect("a .part that cannot be created fails the transfer with 23 and the reason",
                 p.returncode == 23 and b"cannot open" in p.stdout
                 and b"No such file or directory" in p.stdout and os.listdir(d) == ["y.bin"], p)

        d = fresh("full")
        p = run(["-s", "-o", "/dev/full", b + "/big?size=200000"], d)
        c.expect("-o /dev/full exits 23 with a write error",
                 p.returncode == 23 and b"No space left on device" in p.stdout, p)
        c.expect("-o /dev/full leaves no file behind",
                 os.listdir(d) == [] and not os.path.exists("/dev/full.part"), p)
        p = run(["-s", b + "/huge.bin?size=300000"], d, preexec_fn=limit_file_size)
        c.expect("a full disk (file size limit) exits 23", p.returncode == 23, p)
        c.expect("a full disk leaves no file under the final name",
                 not os.path.exists(os.path.join(d, "huge.bin"))
                 and os.path.exists(os.path.join(d, "huge.bin.part")), p)

        d = fresh("fifo")
        fifo = os.path.join(d, "pipe")
        os.mkfifo(fifo)
        p = run(["-s", "-o", "pipe", b + "/f?size=10"], d, timeout=20)
        c.expect("a FIFO without a reader fails at once (exit 23), nothing else created",
                 p.returncode == 23 and os.listdir(d) == ["pipe"], p)
        # The read end is open before xfer starts, so the write side finds a reader.
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        p = run(["-s", "-o", "pipe", b + "/f?size=10"], d, timeout=20)
        got = os.read(reader, 100)
        os.close(reader)
        c.expect("a FIFO with a reader gets the body in place", p.returncode == 0 and got == pattern(10), p)

        d = fresh("outdir")
        p = run(["-s", "--output-dir", "sub", b + "/x/in-sub?size=3"], d)
        c.expect("--output-dir holds default names",
                 p.returncode == 0 and read(os.path.join(d, "sub", "in-sub")) == pattern(3), p)
        p = run(["-s", "--create-dirs", "--output-dir", "x/y", "-o", "z/file", b + "/cd?size=4"], d)
        c.expect("--create-dirs makes the missing directories",
                 p.returncode == 0 and read(os.path.join(d, "x", "y", "z", "file")) == pattern(4), p)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())
