#!/bin/sh
# Runs each libFuzzer harness given (build/fuzz/bin/fuzz_NAME) for FUZZ_SECONDS, from the source tree. Seeds:
# tests/fuzz/corpus/NAME/ (committed: inputs found before, answers files), the inputs mkseeds makes from the
# fixture builders (build/fuzz/seeds/NAME/), and for the wizard loader the wizards themselves. What the
# fuzzer adds goes to build/fuzz/corpus/NAME/ and is kept between runs; a crash leaves its input in
# build/fuzz/crashes/ and fails the harness. tests/fuzz/NAME.dict, when there is one, gives the fuzzer the
# words of a text format. Each harness counts as one test: "fuzz: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-60}
out=build/fuzz
passed=0 failed=0
report() {
	echo "fuzz: $passed passed, $failed failed, 0 skipped"
	echo "$passed $failed 0" > "${FUZZ_COUNTS:-/dev/null}"
}
mkdir -p "$out/crashes" "$out/seeds/wizard"
if ! build/tests/fixtures/mkseeds "$out/seeds" || ! cp wizards/*.yaml tests/fixtures/wizards/*.yaml "$out/seeds/wizard/"; then
	echo "fuzz: the seeds could not be made"
	failed=$#
	report
	exit 1
fi
for bin in "$@"; do
	name=${bin##*/fuzz_}
	mkdir -p "$out/corpus/$name"
	seeds=""
	for d in "tests/fuzz/corpus/$name" "$out/seeds/$name"; do
		[ -d "$d" ] && seeds="$seeds $d"
	done
	dict=""
	[ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
	log=$out/$name.log
	# shellcheck disable=SC2086
	if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 $dict \
		-artifact_prefix="$out/crashes/$name-" "$out/corpus/$name" $seeds > "$log" 2>&1; then
		passed=$((passed + 1))
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		echo "  ok    fuzz_$name: ${runs:-?} inputs in $seconds s, corpus $(ls "$out/corpus/$name" | wc -l)"
	else
		failed=$((failed + 1))
		echo "  FAIL  fuzz_$name:"
		grep -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|^artifact_prefix|Test unit written' "$log" | head -n 8 | sed 's/^/        /'
		echo "        reproduce: $bin INPUT; the input becomes a unit test in tests/unit/ (log: $log)"
	fi
done
report
[ "$failed" = 0 ]
