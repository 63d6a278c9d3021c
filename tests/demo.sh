#!/bin/sh
# make demo: a generated Gen2 OS disk like the one of an Azure VM that halted with "Hardware Malfunction"
# (no NMICrashDump, no serial console), and rescuewiz's report of it.
set -eu
if [ "$(id -u)" != 0 ]; then
	echo "make demo: run it as root (sudo make demo): it mounts the sample disk read-only through a loop device" >&2
	exit 1
fi
dir=build/demo
mkdir -p "$dir"
if [ ! -f "$dir/gen2.img" ]; then
	echo "Building a sample Gen2 Windows OS disk in $dir/gen2.img ..."
	tests/fixtures/build-disks.sh "$dir" gen2 > "$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }
fi
echo "\$ rescuewiz inspect --disk $dir/gen2.img"
echo
build/rescuewiz inspect --disk "$dir/gen2.img"
