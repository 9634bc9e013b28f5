#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Proves the SDK: installs this source tree into a temporary prefix, builds
# sdk/example against it through pkg-config alone, and runs the INSTALLED
# modvm with that out-of-tree plugin, first with -L, then installed into the
# prefix's plugindir.
#
# usage: test-sdk.sh SOURCE_ROOT [TEST_SDK_MMIO]
#   TEST_SDK_MMIO: the GTest driver that exercises the plugin's MMIO registers
#   MODVM_SDK_PLUGINS: -Dplugins for the temporary build (default all, as a vendor gets by default)
#   MODVM_SDK_KEEP=1: keep the temporary directory and say where it is
# Touches nothing outside its own temporary directory.

set -u

src=${1:?usage: test-sdk.sh SOURCE_ROOT [TEST_SDK_MMIO]}
mmio_driver=${2:-}
meson=${MESON:-meson}
ninja=${NINJA:-ninja}
plugins=${MODVM_SDK_PLUGINS:-all}

src=$(cd "$src" && pwd) || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/modvm-sdk.XXXXXX") || exit 1
cleanup() {
    if [ "${MODVM_SDK_KEEP:-0}" = 1 ]; then
        echo "# kept $tmp"
    else
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Nothing from the caller's environment may point modvm or meson elsewhere.
unset MODVM_PLUGIN_PATH MODVM_MACHINE_PATH MODVM_FIRMWARE_PATH DESTDIR PKG_CONFIG_LIBDIR
export PKG_CONFIG_PATH=

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
    n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
    if [ -n "${2:-}" ] && [ -f "$2" ]; then
        sed 's/^/#   /' "$2" | tail -n 25
    fi
}
# check DESCRIPTION LOG COMMAND...: ok when COMMAND succeeds; LOG is shown otherwise.
check() {
    desc=$1 log=$2
    shift 2
    if "$@"; then ok "$desc"; else fail "$desc" "$log"; fi
}
# Stops here: what follows needs what just failed.
bail() {
    echo "Bail out! $1"
    echo "1..$n"
    exit 1
}

# 1. The current tree, built on its own and installed into $tmp/prefix.
echo "# building $src (plugins: $plugins) into $tmp/prefix"
if "$meson" setup --prefix="$tmp/prefix" -Dplugins="$plugins" -Doptimization=0 -Ddebug=false \
        "$tmp/build" "$src" >"$tmp/setup.log" 2>&1 &&
    "$ninja" -C "$tmp/build" install >"$tmp/install.log" 2>&1; then
    ok "modvm builds and installs into a temporary prefix"
else
    cat "$tmp/setup.log" "$tmp/install.log" 2>/dev/null | tail -n 40 | sed 's/^/#   /'
    fail "modvm builds and installs into a temporary prefix"
    bail "no installed modvm to test against"
fi

modvm=$tmp/prefix/bin/modvm
pc=$(find "$tmp/prefix" -name modvm-plugin.pc | head -n 1)
if [ -x "$modvm" ] && [ -n "$pc" ]; then
    ok "the prefix has bin/modvm and modvm-plugin.pc"
else
    fail "the prefix has bin/modvm and modvm-plugin.pc"
    bail "incomplete install"
fi
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH

cflags=$(pkg-config --cflags modvm-plugin 2>"$tmp/pc.log")
plugindir=$(pkg-config --variable=plugindir modvm-plugin 2>>"$tmp/pc.log")
abi_major=$(pkg-config --variable=abi_major modvm-plugin 2>>"$tmp/pc.log")
abi_minor=$(pkg-config --variable=abi_minor modvm-plugin 2>>"$tmp/pc.log")
abi="$abi_major.$abi_minor"
case "$cflags" in
    *"-I$tmp/prefix/include/modvm"*) ok "pkg-config --cflags modvm-plugin points into the prefix" ;;
    *) fail "pkg-config --cflags modvm-plugin points into the prefix (got '$cflags')" "$tmp/pc.log" ;;
esac
case "$plugindir" in
    "$tmp/prefix/"*) ok "pkg-config --variable=plugindir is $plugindir" ;;
    *) fail "pkg-config --variable=plugindir points into the prefix (got '$plugindir')" "$tmp/pc.log"
       bail "no plugindir" ;;
esac
check "the installed headers include <modvm/modvm.h>" "$tmp/pc.log" \
    test -f "$tmp/prefix/include/modvm/modvm/modvm.h"
check "the SDK (guide, template, example) is installed" "$tmp/pc.log" \
    test -f "$tmp/prefix/share/modvm/sdk/GUIDE.md" -a \
         -f "$tmp/prefix/share/modvm/sdk/template/meson.build" -a \
         -f "$tmp/prefix/share/modvm/sdk/example/sdk-example.c"

# 2. The example, built out of tree: it finds modvm through pkg-config only.
if "$meson" setup --prefix="$tmp/prefix" "$tmp/ex" "$src/sdk/example" >"$tmp/ex-setup.log" 2>&1 &&
    "$ninja" -C "$tmp/ex" >"$tmp/ex-build.log" 2>&1 && [ -f "$tmp/ex/sdk-example.so" ]; then
    ok "sdk/example builds against the installed modvm"
else
    cat "$tmp/ex-setup.log" "$tmp/ex-build.log" 2>/dev/null | tail -n 40 | sed 's/^/#   /'
    fail "sdk/example builds against the installed modvm"
    bail "no example plugin"
fi
if grep -q "warning:" "$tmp/ex-build.log"; then
    fail "sdk/example builds without warnings" "$tmp/ex-build.log"
else
    ok "sdk/example builds without warnings"
fi

# The template, from the installed copy of the SDK, as a plugin author would start.
cp -r "$tmp/prefix/share/modvm/sdk/template" "$tmp/template-src"
if "$meson" setup --prefix="$tmp/prefix" "$tmp/tpl" "$tmp/template-src" >"$tmp/tpl.log" 2>&1 &&
    "$ninja" -C "$tmp/tpl" >>"$tmp/tpl.log" 2>&1 &&
    "$modvm" -L "$tmp/tpl" -device my-device,help >"$tmp/tpl-help.out" 2>>"$tmp/tpl.log"; then
    ok "the installed template builds as is and its my-device loads"
else
    fail "the installed template builds as is and its my-device loads" "$tmp/tpl.log"
fi

# 3. The installed modvm with the example on -L.
"$modvm" -L "$tmp/ex" -device help >"$tmp/devhelp.out" 2>&1
check "-device help lists sdk-example-counter" "$tmp/devhelp.out" \
    grep -q '^name "sdk-example-counter", bus none' "$tmp/devhelp.out"

"$modvm" -L "$tmp/ex" -device sdk-example-counter,help >"$tmp/typehelp.out" 2>&1
check "-device sdk-example-counter,help shows step with its range 1 to 100" "$tmp/typehelp.out" \
    grep -Eq '^ +step +uint32 \(1 to 100, default 1\)' "$tmp/typehelp.out"
check "-device sdk-example-counter,help shows mode with its choices" "$tmp/typehelp.out" \
    grep -Eq '^ +mode +up\|down \(default up\)' "$tmp/typehelp.out"

"$modvm" -L "$tmp/ex" --version >"$tmp/version.out" 2>&1
check "--version shows plugin ABI $abi" "$tmp/version.out" \
    grep -q "^plugin ABI $abi\$" "$tmp/version.out"
check "--version lists sdk-example, built for ABI $abi" "$tmp/version.out" \
    grep -Eq "^ +sdk-example .* ABI $abi $tmp/ex/sdk-example.so" "$tmp/version.out"

# 4. In a machine: the user's value, its source, realize.
# dump_has FILE STEP: the dump shows /machine/c0, realized, with step=STEP set by the user.
dump_has() {
    python3 - "$1" "$2" <<'EOF'
import json, sys
dump = json.load(open(sys.argv[1]))
objs = {o["path"]: o for o in dump["objects"]}
c0 = objs.get("/machine/c0")
assert c0 is not None, "no /machine/c0 in %s" % sorted(objs)
assert c0["type"] == "sdk-example-counter", c0["type"]
assert c0.get("realized") is True, "not realized: %r" % c0
props = c0["properties"]
assert props["step"] == {"value": sys.argv[2], "source": "user"}, props["step"]
assert props["start"] == {"value": "0", "source": "default"}, props["start"]
assert props["mode"] == {"value": "up", "source": "default"}, props["mode"]
assert any(p["name"] == "sdk-example" for p in dump["plugins"]), dump["plugins"]
EOF
}

"$modvm" -L "$tmp/ex" -M pseries -nodefaults -device sdk-example-counter,id=c0,step=5 \
    --dump-machine >"$tmp/dump.json" 2>"$tmp/dump.log"
rc=$?
if [ $rc -eq 0 ] && dump_has "$tmp/dump.json" 5 >>"$tmp/dump.log" 2>&1; then
    ok "-M pseries -device sdk-example-counter,id=c0,step=5: /machine/c0 realized, step 5 from user"
else
    fail "-M pseries -device sdk-example-counter,id=c0,step=5 --dump-machine (exit $rc)" \
        "$tmp/dump.log"
fi

"$modvm" -L "$tmp/ex" -M pseries -nodefaults \
    -device sdk-example-counter,id=c0,step=1,addr=0x40000000 \
    --dump-machine >"$tmp/dump-addr.json" 2>"$tmp/dump-addr.log"
rc=$?
if [ $rc -eq 0 ] && dump_has "$tmp/dump-addr.json" 1 >>"$tmp/dump-addr.log" 2>&1; then
    ok "the counter realizes with its registers mapped at addr=0x40000000"
else
    fail "the counter realizes with its registers mapped at addr=0x40000000 (exit $rc)" \
        "$tmp/dump-addr.log"
fi

"$modvm" -L "$tmp/ex" -M pseries -nodefaults -device sdk-example-counter,id=c0,step=0 \
    --dump-machine >"$tmp/step0.out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q "step" "$tmp/step0.out" && grep -q "1 to 100" "$tmp/step0.out"; then
    ok "step=0 is refused (exit 1) naming the range: $(head -n 1 "$tmp/step0.out")"
else
    fail "step=0 is refused with exit 1 and a message naming the range 1 to 100 (exit $rc)" \
        "$tmp/step0.out"
fi

"$modvm" -L "$tmp/ex" -M pseries -nodefaults -device sdk-example-counter,id=c0,mode=down \
    --dump-machine >"$tmp/down.out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q "/machine/c0" "$tmp/down.out" && grep -q "start" "$tmp/down.out"; then
    ok "realize refuses mode=down from start=0, saying what to change: $(head -n 1 "$tmp/down.out")"
else
    fail "realize refuses mode=down from start=0 (exit 1, naming /machine/c0 and start; exit $rc)" \
        "$tmp/down.out"
fi

# 5. The registers, driven through the machine's address space.
if [ -n "$mmio_driver" ]; then
    if SDK_EXAMPLE_DIR="$tmp/ex" "$mmio_driver" >"$tmp/mmio.out" 2>&1; then
        ok "MMIO: count up/down, write, read-only STEP, reset, unmap on unrealize"
    else
        fail "MMIO driver $mmio_driver" "$tmp/mmio.out"
    fi
fi

# 6. Installed into the prefix's plugindir: found without -L.
if "$ninja" -C "$tmp/ex" install >"$tmp/ex-install.log" 2>&1 &&
    [ -f "$plugindir/sdk-example.so" ]; then
    ok "ninja install puts sdk-example.so into $plugindir"
else
    fail "ninja install puts sdk-example.so into the plugindir" "$tmp/ex-install.log"
fi
"$modvm" -device help >"$tmp/devhelp2.out" 2>&1
check "the installed modvm finds the installed plugin without -L" "$tmp/devhelp2.out" \
    grep -q '^name "sdk-example-counter"' "$tmp/devhelp2.out"
"$modvm" --version >"$tmp/version2.out" 2>&1
check "--version shows it in the install directory" "$tmp/version2.out" \
    grep -Eq "^ +sdk-example .* $plugindir/sdk-example.so" "$tmp/version2.out"
"$modvm" -M pseries -nodefaults -device sdk-example-counter,id=c0,step=7 --dump-machine \
    >"$tmp/dump2.json" 2>"$tmp/dump2.log"
rc=$?
if [ $rc -eq 0 ] && dump_has "$tmp/dump2.json" 7 >>"$tmp/dump2.log" 2>&1; then
    ok "-M pseries -device sdk-example-counter,id=c0,step=7 works without -L"
else
    fail "-M pseries -device sdk-example-counter,id=c0,step=7 works without -L (exit $rc)" \
        "$tmp/dump2.log"
fi

echo "1..$n"
if [ $failed -ne 0 ]; then
    echo "# $failed of $n failed"
    exit 1
fi
echo "# all $n passed"
exit 0
