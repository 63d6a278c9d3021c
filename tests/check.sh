#!/bin/sh
# make check (after deps and build): unit tests under ASan/UBSan, each fuzz harness for a few seconds
# (FUZZ_CHECK_SECONDS; `make fuzz` runs them longer), then the end-to-end suite on generated disk images.
# The last line is the total: "N passed, N failed".
set -u
counts=$(mktemp -d)
trap 'rm -rf "$counts"' EXIT
start=$(date +%s)
make --no-print-directory -s unit UNIT_COUNTS="$counts/unit" || true
make --no-print-directory -s fuzz FUZZ_SECONDS="${FUZZ_CHECK_SECONDS:-4}" FUZZ_COUNTS="$counts/fuzz" || true
make --no-print-directory -s e2e E2E_COUNTS="$counts/e2e" || true
read -r up uf us < "$counts/unit" 2>/dev/null || { up=0; uf=1; us=0; }
read -r fp ff fs < "$counts/fuzz" 2>/dev/null || { fp=0; ff=1; fs=0; }
read -r ep ef es < "$counts/e2e" 2>/dev/null || { ep=0; ef=1; es=0; }
echo "make check: $(( $(date +%s) - start )) s"
echo "$((up + fp + ep)) passed, $((uf + ff + ef)) failed, $((us + fs + es)) skipped"
[ $((uf + ff + ef)) = 0 ]
