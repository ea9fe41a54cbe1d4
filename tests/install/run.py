#!/usr/bin/env python3
"""Builds programs against an installed xfer the ways applications build against libcurl.

Installs the build tree into a temporary directory (`meson install --destdir`, no rebuild),
then, each case one TAP line:
  pkg-config-libcurl   `pkg-config --cflags --libs libcurl` (xfer's libcurl.pc); runs on the
                       drop-in through the rpath, with no LD_LIBRARY_PATH
  curl-config          `curl-config --cflags --libs`, its answers, and `--static-libs`
  pkg-config-static    `pkg-config --static xfer` links libxfer.a into a C and a C++ program
  cmake                find_package(CURL) with CMAKE_PREFIX_PATH finds xfer's CURLConfig.cmake
  meson-pkgconfig      a Meson project: dependency('libcurl') and dependency('xfer', static)
  meson-subproject     a Meson project with xfer as subproject: dependency('xfer') (configure
                       only: building it would compile all of xfer again)
Every program prints curl_version() and fails unless it names xfer. No network is used.
In a sanitizer build every case is skipped (the probes would need the sanitizer runtime).
The installed tree has the configured prefix under the temporary directory; pkg-config
is told the new prefix with --define-variable, curl-config and the CMake package find it
from their own location.
"""

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
STEP_TIMEOUT = 240


class CaseFailed(Exception):
    pass


class Skip(Exception):
    pass


def run(cmd, cwd=None, env=None, check=True):
    """Runs a command; returns its stdout, raises CaseFailed with its output if it fails."""
    try:
        proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=STEP_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise CaseFailed(f"timed out after {STEP_TIMEOUT}s: {shlex.join(map(str, cmd))}")
    if check and proc.returncode != 0:
        tail = "\n".join(proc.stdout.splitlines()[-40:])
        raise CaseFailed(f"exit {proc.returncode}: {shlex.join(map(str, cmd))}\n{tail}")
    return proc.stdout


def clean_env(**extra):
    """The environment with nothing that could point the builds or the loader elsewhere."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PKG_CONFIG", "LD_LIBRARY_PATH", "LD_PRELOAD", "CMAKE_", "CURL_", "MESON"))}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def needed_and_runpath(binary):
    out = run(["readelf", "-d", binary])
    needed = [line.split("[")[1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line]
    runpath = [line.split("[")[1].rstrip("]") for line in out.splitlines() if "(RUNPATH)" in line or "(RPATH)" in line]
    return needed, ":".join(runpath)


class Install:
    """The staged tree: where meson installed each part, under a temporary destdir."""

    def __init__(self, args, work):
        self.args = args
        self.work = work
        options = {o["name"]: o["value"] for o in json.loads(
            run(args.meson + ["introspect", "--buildoptions", args.build_root]))}
        self.configured_prefix = options["prefix"]
        self.sanitize = options.get("b_sanitize", "none")
        self.stage = work / "stage"
        run(args.meson + ["install", "-C", args.build_root, "--destdir", self.stage, "--no-rebuild", "--quiet"],
            env=clean_env())
        self.root = self.under("")
        self.libdir = self.under(options["libdir"])
        self.includedir = self.under(options["includedir"])
        self.dropindir = self.libdir / "xfer"
        self.cc = shlex.split(args.cc)
        self.cxx = shlex.split(args.cxx)
        # What the drop-in itself reports, for comparing the answers of the files against.
        self.runtime = None

    def under(self, path):
        """Where meson put an install directory (relative to the prefix, or absolute)."""
        return Path(str(self.stage) + os.path.join(self.configured_prefix, path))

    def pkg_config(self, pc_dir, *query):
        env = clean_env(PKG_CONFIG_PATH=pc_dir)
        return run(["pkg-config", f"--define-variable=prefix={self.root}", *query], env=env).strip()


def run_probe(binary, inst, env=None):
    """Runs a built probe; returns its report lines as a dict, fails unless it ran on xfer."""
    out = run([binary], env=env or clean_env(), check=False)
    report = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
    if "(xfer" not in report.get("version", ""):
        raise CaseFailed(f"{binary} did not run on xfer:\n{out}")
    return report


def check_dropin_link(binary, inst):
    needed, runpath = needed_and_runpath(binary)
    if "libcurl.so.4" not in needed:
        raise CaseFailed(f"{binary} does not need libcurl.so.4: {needed}")
    if str(inst.dropindir) not in runpath.split(":"):
        raise CaseFailed(f"{binary} has runpath {runpath!r}, not {inst.dropindir}")


def check_static_link(binary):
    needed, _ = needed_and_runpath(binary)
    shared_curl = [n for n in needed if "curl" in n or "xfer" in n]
    if shared_curl:
        raise CaseFailed(f"{binary} was to link the archive but needs {shared_curl}")


def compile_c(inst, out, flags, source="probe.c", compiler=None):
    cmd = (compiler or inst.cc) + ["-Wall", "-Werror", "-o", out, HERE / source] + flags
    run(cmd)
    return out


def case_pkg_config_libcurl(inst):
    pc_dir = inst.dropindir / "pkgconfig"
    version = inst.pkg_config(pc_dir, "--modversion", "libcurl")
    if version != "7.88.1":
        raise CaseFailed(f"libcurl.pc says version {version}")
    flags = shlex.split(inst.pkg_config(pc_dir, "--cflags", "--libs", "libcurl"))
    if f"-I{inst.includedir}/xfer" not in flags:
        raise CaseFailed(f"--cflags lacks xfer's include dir: {flags}")
    binary = compile_c(inst, inst.work / "probe-pc", flags)
    check_dropin_link(binary, inst)
    report = run_probe(binary, inst)
    inst.runtime = report
    # libcurl.pc's lists are the ones curl_version_info reports (FindCURL reads them).
    features = inst.pkg_config(pc_dir, "--variable=supported_features", "libcurl").strip('"').split()
    protocols = inst.pkg_config(pc_dir, "--variable=supported_protocols", "libcurl").strip('"').split()
    if features != report["features"].split():
        raise CaseFailed(f"supported_features {features} != runtime {report['features']}")
    if protocols != [p.upper() for p in report["protocols"].split()]:
        raise CaseFailed(f"supported_protocols {protocols} != runtime {report['protocols']}")
    static = inst.pkg_config(pc_dir, "--static", "--libs", "libcurl").split()
    missing = [f for f in ("-lssl", "-lcrypto", "-lz", "-lstdc++") if f not in static]
    if missing:
        raise CaseFailed(f"--static --libs lacks {missing}: {static}")
    return f"{report['version']}; features and protocols match curl_version_info"


def case_curl_config(inst):
    tool = inst.dropindir / "bin" / "curl-config"
    if not os.access(tool, os.X_OK):
        raise CaseFailed(f"{tool} is missing or not executable")

    def ask(*options, check=True):
        return run([tool, *options], env=clean_env(), check=check).strip()

    expected = {
        "--version": "libcurl 7.88.1",
        "--vernum": "075801",
        "--ssl-backends": "OpenSSL",
        "--built-shared": "yes",
        "--prefix": str(inst.root.resolve()),
    }
    for option, value in expected.items():
        if ask(option) != value:
            raise CaseFailed(f"curl-config {option} said {ask(option)!r}, expected {value!r}")
    if inst.runtime:
        if ask("--features").split() != inst.runtime["features"].split():
            raise CaseFailed(f"--features {ask('--features').split()} != runtime {inst.runtime['features']}")
        if ask("--protocols").split() != [p.upper() for p in inst.runtime["protocols"].split()]:
            raise CaseFailed(f"--protocols {ask('--protocols').split()} != runtime {inst.runtime['protocols']}")
    if ask("--checkfor", "7.80.0") != "":
        raise CaseFailed("--checkfor 7.80.0 did not pass silently")
    older = subprocess.run([tool, "--checkfor", "7.89.0"], env=clean_env(), capture_output=True, text=True)
    if older.returncode == 0 or "newer than existing 7.88.1" not in older.stdout:
        raise CaseFailed(f"--checkfor 7.89.0 passed: {older.stdout!r}")
    for option in ("--cc", "--configure", "--ca", "--help"):
        if not ask(option):
            raise CaseFailed(f"curl-config {option} said nothing")
    if subprocess.run([tool], env=clean_env(), capture_output=True).returncode == 0:
        raise CaseFailed("curl-config without options succeeded")
    if subprocess.run([tool, "--no-such-option"], env=clean_env(), capture_output=True).returncode == 0:
        raise CaseFailed("curl-config --no-such-option succeeded")

    # The autotools way: flags from `curl-config --cflags --libs`, as one shell word list.
    binary = compile_c(inst, inst.work / "probe-cc", shlex.split(ask("--cflags", "--libs")))
    check_dropin_link(binary, inst)
    report = run_probe(binary, inst)
    # And the static library with every dependency from --static-libs.
    static = compile_c(inst, inst.work / "probe-cc-static", shlex.split(ask("--cflags")) +
                       shlex.split(ask("--static-libs")))
    check_static_link(static)
    run_probe(static, inst)
    return f"{report['version']}; --static-libs links libcurl.a"


def case_pkg_config_static(inst):
    pc_dir = inst.libdir / "pkgconfig"
    flags = shlex.split(inst.pkg_config(pc_dir, "--static", "--cflags", "--libs", "xfer"))
    for needed in ("-lssl", "-lcrypto", "-lz", "-lstdc++"):
        if needed not in flags:
            raise CaseFailed(f"pkg-config --static xfer lacks {needed}: {flags}")
    # -lxfer would take libxfer.so where both are installed; the usual way to ask for the archive.
    static_flags = []
    for flag in flags:
        static_flags += ["-Wl,-Bstatic", "-lxfer", "-Wl,-Bdynamic"] if flag == "-lxfer" else [flag]
    c_binary = compile_c(inst, inst.work / "probe-static-c", static_flags)
    cxx_binary = compile_c(inst, inst.work / "probe-static-cxx", static_flags, source="probe.cpp",
                           compiler=inst.cxx)
    for binary in (c_binary, cxx_binary):
        check_static_link(binary)
        run_probe(binary, inst)
    return "libxfer.a linked into a C program (cc) and a C++ program (c++)"


def case_cmake(inst):
    cmake = shutil.which("cmake")
    if not cmake:
        raise Skip("cmake is not installed")
    src = inst.work / "cmake-src"
    shutil.copytree(HERE / "cmake", src)
    shutil.copy(HERE / "probe.c", src / "probe.c")
    build = inst.work / "cmake-build"
    env = clean_env(CC=inst.cc[0])
    out = run([cmake, "-S", src, "-B", build, f"-DCMAKE_PREFIX_PATH={inst.root}"], env=env)
    probe = dict(line.split("probe ", 1)[1].split("=", 1) for line in out.splitlines() if "-- probe " in line)
    expected_dir = inst.libdir / "cmake" / "CURL"
    checks = {
        "CURL_FOUND": "TRUE",
        "CURL_DIR": str(expected_dir),
        "CURL_INCLUDE_DIRS": f"{inst.includedir}/xfer",
        "CURL_LIBRARIES": "CURL::libcurl",
        "CURL_VERSION_STRING": "7.88.1",
        "CURL_HTTPS_FOUND": "TRUE",
        "FTP CURL_FOUND": "FALSE",
        "FTP-CONFIG CURL_FOUND": "FALSE",
        "RANGE CURL_FOUND": f"TRUE CURL_DIR={expected_dir}",
        "V8 CURL_FOUND": "FALSE",
    }
    for name, value in checks.items():
        got = probe.get(name)
        # CMake may spell the found directory through a symlink or with ..; compare resolved.
        same = got == value or (name.endswith("_DIR") and got and Path(got).resolve() == Path(value).resolve()) \
            or (value == "FALSE" and got is not None and got.upper() in ("0", "FALSE", "OFF", "NO", ""))
        if not same:
            raise CaseFailed(f"{name}={got!r}, expected {value!r}\n{out}")
    run([cmake, "--build", build], env=env)
    binary = build / "probe"
    check_dropin_link(binary, inst)
    report = run_probe(binary, inst)
    return f"CURL_DIR={probe['CURL_DIR']}; {report['version']}"


def meson_consumer(inst, name, setup_args, pkg_config_dirs=()):
    src = inst.work / name
    shutil.copytree(HERE / name, src)
    shutil.copy(HERE / "probe.c", src / "probe.c")
    shutil.copy(HERE / "probe.cpp", src / "probe.cpp")
    native = src / "native.ini"
    native.write_text("[binaries]\n"
                      f"c = {[*inst.cc]!r}\n"
                      f"cpp = {[*inst.cxx]!r}\n"
                      f"pkgconfig = ['pkg-config', '--define-variable=prefix={inst.root}']\n")
    env = clean_env(PKG_CONFIG_PATH=":".join(map(str, pkg_config_dirs)))
    build = inst.work / f"{name}-build"
    out = run(inst.args.meson + ["setup", build, src, "--native-file", native, *setup_args], env=env)
    return src, build, env, out


def case_meson_pkgconfig(inst):
    _, build, env, _ = meson_consumer(inst, "meson-pkgconfig", [],
                                      (inst.dropindir / "pkgconfig", inst.libdir / "pkgconfig"))
    run(["ninja", "-C", build], env=env)
    dropin = build / "probe_libcurl"
    check_dropin_link(dropin, inst)
    run_probe(dropin, inst)
    static = build / "probe_static"
    check_static_link(static)
    run_probe(static, inst)
    return "dependency('libcurl') ran on the drop-in; dependency('xfer', static: true) linked libxfer.a"


def case_meson_subproject(inst):
    src = inst.work / "meson-subproject"
    (src / "subprojects").mkdir(parents=True)
    (src / "subprojects" / "xfer").symlink_to(inst.args.source_root)
    shutil.copy(HERE / "meson-subproject" / "meson.build", src / "meson.build")
    shutil.copy(HERE / "probe.c", src / "probe.c")
    build = inst.work / "meson-subproject-build"
    out = run(inst.args.meson + ["setup", build, src, "--force-fallback-for=xfer",
                                 "-Dxfer:benchmarks=false", "-Dxfer:tools=false"], env=clean_env())
    # Meson's words for a dependency that the subproject's override_dependency provided.
    if "Subproject xfer finished." not in out or "Dependency xfer found: YES" not in out \
            or "(overridden)" not in out:
        raise CaseFailed(f"dependency('xfer') did not come from the subproject:\n{out[-3000:]}")
    # Nothing is built (that would compile all of xfer again); ninja says what the probe links.
    inputs = run(["ninja", "-C", build, "-t", "query", "probe"])
    if "subprojects/xfer/src/libxfer.a" not in inputs:
        raise CaseFailed(f"the probe does not link the subproject's libxfer.a:\n{inputs}")
    return "dependency('xfer') resolved from subprojects/xfer (configure only)"


CASES = [
    ("pkg-config-libcurl", case_pkg_config_libcurl),
    ("curl-config", case_curl_config),
    ("pkg-config-static", case_pkg_config_static),
    ("cmake", case_cmake),
    ("meson-pkgconfig", case_meson_pkgconfig),
    ("meson-subproject", case_meson_subproject),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-root", required=True)
    parser.add_argument("--source-root", required=True)
    parser.add_argument("--meson", default="meson", help="the meson command (may hold several words)")
    parser.add_argument("--cc", default="cc")
    parser.add_argument("--cxx", default="c++")
    parser.add_argument("--keep", action="store_true", help="keep the temporary tree")
    parser.add_argument("cases", nargs="*", help="run only these cases")
    args = parser.parse_args()
    args.meson = shlex.split(args.meson)
    cases = [c for c in CASES if not args.cases or c[0] in args.cases]

    work = Path(tempfile.mkdtemp(prefix="xfer-install-test-"))
    print(f"1..{len(cases)}")
    failed = 0
    try:
        try:
            inst = Install(args, work)
        except CaseFailed as e:
            for n, (name, _) in enumerate(cases, 1):
                print(f"not ok {n} - {name}")
            print("# meson install failed: " + str(e).replace("\n", "\n# "))
            return 1
        print(f"# installed under {inst.root}")
        if inst.sanitize != "none":
            # The probes would need the sanitizer runtime loaded first; scripts/test.sh runs
            # this suite on the plain build only.
            for n, (name, _) in enumerate(cases, 1):
                print(f"ok {n} - {name} # SKIP build uses b_sanitize={inst.sanitize}")
            return 0
        for n, (name, case) in enumerate(cases, 1):
            try:
                detail = case(inst)
                print(f"ok {n} - {name}: {detail}")
            except Skip as e:
                print(f"ok {n} - {name} # SKIP {e}")
            except CaseFailed as e:
                failed += 1
                print(f"not ok {n} - {name}")
                print("# " + str(e).replace("\n", "\n# "))
            sys.stdout.flush()
    finally:
        if args.keep or failed:
            print(f"# kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
