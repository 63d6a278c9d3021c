#!/bin/bash
# make bench, part 2: copy-dumps' copy of a large MEMORY.DMP from an ntfs-3g mount (read-only, as rescuewiz
# mounts the customer's disk), against cp of the same file (the reference), in MB/s. Ours also syncs and
# reads the copy back from the disk for its sha256, so cp is followed by a sync of its copy, and the same
# work done by the shell's tools is timed too. Here the source image and the copy share one disk (a real
# rescue VM reads the customer's disk and writes its own), so the read back competes with the copy. The source's cache (the
# file on the mount and the image under it) is dropped before each run. Prints the speeds and the ratio; no
# pass/fail. BENCH_COPY_MB sets the size (default 1024); needs root, ntfs-3g and mkntfs.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
copydump=$top/build/bench/copydump
mb=${BENCH_COPY_MB:-1024}
if [ "$(id -u)" != 0 ] || ! command -v mkntfs > /dev/null || ! command -v ntfs-3g > /dev/null; then
	echo "copy of a ${mb} MB dump: skipped (needs root, mkntfs and ntfs-3g)"
	exit 0
fi
work=$(mktemp -d "${TMPDIR:-/var/tmp}/copybench.XXXXXX")
cleanup() {
	mountpoint -q "$work/m" && umount "$work/m"
	rm -rf "$work"
}
trap cleanup EXIT
mkdir "$work/m" "$work/out"
truncate -s $((mb + 64))M "$work/ntfs.img"
# mkntfs warns that an image file is no disk with a geometry: that goes to a log, shown only if it fails
mkntfs -F -Q -q "$work/ntfs.img" > "$work/mkntfs.log" 2>&1 ||
	{ echo "copy: mkntfs failed:"; cat "$work/mkntfs.log"; exit 1; }
mount -t ntfs-3g -o loop "$work/ntfs.img" "$work/m"
mkdir "$work/m/Windows"
# not zeros: ntfs-3g and the kernel would skip sparse runs
dd if=/dev/urandom of="$work/m/Windows/MEMORY.DMP" bs=4M count=$((mb / 4)) status=none
umount "$work/m"
mount -t ntfs-3g -o ro,loop "$work/ntfs.img" "$work/m"
src=$work/m/Windows/MEMORY.DMP

drop_source() {
	dd if="$src" iflag=nocache count=0 status=none
	dd if="$work/ntfs.img" iflag=nocache count=0 status=none
	sync
}
ns() { date +%s%N; }
best_ours=0 best_cp=0 best_same=0
for run in 1 2 3; do
	drop_source
	read -r bytes took < <("$copydump" "$src" "$work/out" "ours.dmp")
	cmp -s "$src" "$work/out/ours.dmp" || { echo "copydump: the copy differs"; exit 1; }
	rm -f "$work/out/ours.dmp"
	speed=$((bytes * 1000 / took))
	[ "$speed" -gt "$best_ours" ] && best_ours=$speed
	drop_source
	t0=$(ns)
	cp "$src" "$work/out/cp.dmp"
	sync -f "$work/out/cp.dmp"
	t1=$(ns)
	speed=$((bytes * 1000 / (t1 - t0)))
	[ "$speed" -gt "$best_cp" ] && best_cp=$speed
	# the same work with the shell's tools: the source's sha256 while copying, the copy's from the disk
	rm -f "$work/out/cp.dmp"
	drop_source
	t0=$(ns)
	tee "$work/out/cp.dmp" < "$src" | sha256sum > /dev/null
	sync -f "$work/out/cp.dmp"
	dd if="$work/out/cp.dmp" iflag=nocache count=0 status=none
	sha256sum "$work/out/cp.dmp" > /dev/null
	t1=$(ns)
	rm -f "$work/out/cp.dmp"
	speed=$((bytes * 1000 / (t1 - t0)))
	[ "$speed" -gt "$best_same" ] && best_same=$speed
done
echo "copy of a $mb MB MEMORY.DMP from an ntfs-3g mount, best of 3 runs:"
echo "  rescuewiz copy-dumps (copy, sync, sha256 of both, the copy's read back from the disk): $best_ours MB/s"
echo "  cp + sync (reference):                                                            $best_cp MB/s"
echo "  the same work by tee, sha256sum, sync, sha256sum of the copy from the disk:        $best_same MB/s"
awk -v a="$best_ours" -v b="$best_cp" -v c="$best_same" \
	'BEGIN { printf "  ratio rescuewiz/cp: %.2f   rescuewiz/the same work by the shell: %.2f\n", a / b, a / c }'
