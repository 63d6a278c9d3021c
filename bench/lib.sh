# bench/lib.sh, sourced by the benchmarks that need a disk: bench_disk NAME (needs root) makes $work, builds
# the Gen1 test disk in it ($work/disks: gen1.img, gen1.hives/, gen1.expect sourced) and removes it at exit;
# without root it says the benchmark NAME is skipped and exits 0.
bench_disk() {
	if [ "$(id -u)" != 0 ]; then
		echo "$1: skipped (needs root: the test disk builder uses loop devices and mounts)"
		exit 0
	fi
	work=$(mktemp -d "${TMPDIR:-/var/tmp}/rescuewiz-bench.XXXXXX")
	trap 'mountpoint -q "$work/m" 2> /dev/null && umount "$work/m"; rm -rf "$work"' EXIT
	mkdir -p "$work/disks"
	"$top/build/rescuewiz" build-disk --variant gen1 "$work/disks/gen1.img" --hives "$work/disks/gen1.hives" \
		--expect "$work/disks/gen1.expect" > "$work/build.log" 2>&1 ||
		{ echo "$1: the test disk could not be built:"; tail -5 "$work/build.log"; exit 1; }
	# shellcheck disable=SC1091
	. "$work/disks/gen1.expect"
}

# nmi_answers FILE: answers of the NMI wizard for the Gen1 test disk (loader A, a complete dump on C:)
nmi_answers() {
	cat > "$1" << EOF
wizard: nmi-crash-dump
answers:
  loader: '$LOADER_A'
  space: '8G'
  dump: '%SystemRoot%\\MEMORY.DMP'
  console: 'yes'
  type: 'complete'
  room: 'accept'
EOF
}
