#!/bin/sh
# make demo: a generated Gen2 OS disk like the one of an Azure VM that halted with "Hardware Malfunction"
# (no NMICrashDump, no serial console), the wizard on it, and what changed.
set -eu
if [ "$(id -u)" != 0 ]; then
	echo "make demo: run it as root (sudo make demo): it mounts the sample disk through a loop device" >&2
	exit 1
fi
dir=${DEMO_DIR:-build/demo}   # the e2e test of the demo puts it in its own folder
mkdir -p "$dir"
echo "Building a sample Gen2 Windows OS disk in $dir/gen2.img ..."
build/rescuewiz build-disk --variant gen2 "$dir/gen2.img" --expect "$dir/gen2.expect" > "$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }
export RESCUEWIZ_WIZARDS="$PWD/wizards"
if [ -t 0 ] && [ -t 1 ]; then
	rm -rf "$dir/runbook"
	build/rescuewiz wizard nmi-crash-dump --disk "$dir/gen2.img" --runbook "$dir/runbook" || true
	if [ -f "$dir/runbook/runbook.md" ]; then
		echo
		echo "=== $dir/runbook/runbook.md"
		cat "$dir/runbook/runbook.md"
		echo
		echo "=== what the disk says now"
		build/rescuewiz inspect --disk "$dir/gen2.img" | sed -n '/^  \* /,/port/p;/ControlSet001 (boots)/,/PagingFiles/p'
	fi
else
	echo "(no terminal: showing the report instead of the wizard)"
	echo "\$ rescuewiz inspect --disk $dir/gen2.img"
	echo
	build/rescuewiz inspect --disk "$dir/gen2.img"
fi
