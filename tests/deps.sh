#!/bin/sh
# make deps: installs the Debian 12 packages that building, testing and running rescuewiz need, and only
# those that are missing.
set -eu
build="gcc make pkg-config libhivex-dev libblkid-dev libmount-dev libyaml-dev libncurses-dev libjson-c-dev
       nettle-dev libcmocka-dev"
run="ntfs-3g mtools util-linux mount"
# clang and its compiler-rt (libFuzzer, the sanitizers) build the fuzz harnesses of tests/fuzz
tests="libhivex-bin fdisk gdisk dosfstools jq tmux python3-yaml clang libclang-rt-14-dev"
# tests/e2e/test_package.sh builds the .deb (dpkg-buildpackage needs debhelper; fakeroot when not root) and
# checks it with lintian
package="dpkg-dev debhelper fakeroot lintian"
# make bench measures apply against hivexregedit (the Perl tool over the same library)
bench="libwin-hivex-perl"
missing=""
for p in $build $run $tests $package $bench; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "make deps: missing Debian packages:$missing" >&2
	echo "make deps: run it as root (sudo make deps) to install them with apt-get" >&2
	exit 1
fi
echo "make deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# quiet (debhelper and lintian bring many packages and debconf notes): apt's output only when it fails
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# shellcheck disable=SC2086
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } >"$log" 2>&1; then
	cat "$log" >&2
	echo "make deps: apt-get could not install$missing" >&2
	exit 1
fi
