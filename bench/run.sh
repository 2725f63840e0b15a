#!/usr/bin/env bash
# junheng speed and memory benchmark (issue 7). One command, from the repository root:
#
#     bash bench/run.sh                 # sizes 10 50 300 1000, 5 runs each
#     BENCH_REPS=9 bash bench/run.sh 50 300
#
# It builds the release binary and the synthetic-county generator, writes the synthetic
# workbooks (examples/synth_county.rs, fixed seed) into target/bench/data, installs
# typst-cli 0.15.1 into target/bench-tools on first use (cached), and then, per size:
#   - `junheng build` whole-process wall time (median of BENCH_REPS runs), CPU time and
#     peak memory (max RSS from /usr/bin/time), its runs taking turns with the CLI's
#     (see below) so that a change in the machine's load affects both alike;
#   - per-stage times (read, evaluate, markup, Typst compile, PDF export) from
#     JUNHENG_TIMINGS=1, each document built alone on one thread (`--only X --jobs 1`)
#     so that the stages of different documents do not overlap;
#   - pages and PDF sizes;
#   - the Word editions' cost: the default build (PDFs and .docx) against `--format pdf`
#     (the figure above, which the typst CLI comparison also uses), in the same turns;
#   - the `typst` CLI compiling the sources that `junheng build --emit-typst` wrote
#     (实施方案.typ, 责任清单.typ, 自评报告.typ, importing house.typ and roles.typ), one
#     after another, with `--font-path fonts --ignore-system-fonts`; it checks that the
#     CLI gives the same document (same page count, same pdftotext output) and reports
#     the time ratio;
# and a `junheng watch` rebuild after one changed cell (50 schools). Every figure is
# printed beside its target; the table is also saved to target/bench/latest.md.
#
# and a folder build (batch) of BENCH_BATCH counties of 50 schools each (seeds 1…N), one
# run per count: wall time, peak memory, time per county; time should grow linearly
# and memory stay flat.
#
# Environment: BENCH_REPS (default 5), BENCH_SEED (default 7), BENCH_SKIP_CLI=1 to skip
# the typst CLI comparison, BENCH_SKIP_WATCH=1 to skip the watch measurement,
# BENCH_BATCH="20 100 300" (the default) the county counts of the batch,
# BENCH_SKIP_BATCH=1 to skip it, BENCH_ONLY_BATCH=1 to run only the batch:
#
#     BENCH_ONLY_BATCH=1 BENCH_BATCH="5 10" bash bench/run.sh
# the typst CLI comparison, BENCH_SKIP_WATCH=1 to skip the watch measurement, BENCH_SKIP_SERVE=1
# to skip the `junheng serve` upload timings (which need curl).
# Needs: cargo, /usr/bin/time (Debian package `time`), pdfinfo and pdftotext
# (`poppler-utils`); the script installs the Debian packages with apt-get when missing.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10 50 300 1000)
read -r -a BATCH <<<"${BENCH_BATCH:-20 100 300}"
if [ -n "${BENCH_ONLY_BATCH:-}" ]; then
    SIZES=()
    BENCH_SKIP_CLI=1
    BENCH_SKIP_WATCH=1
fi
REPS=${BENCH_REPS:-5}
SEED=${BENCH_SEED:-7}
BENCH=target/bench
DATA=$BENCH/data
TOOLS=target/bench-tools
TYPST=$TOOLS/bin/typst
TYPST_VERSION=0.15.1
JH=target/release/junheng
GEN=target/release/examples/synth_county
OUT=$BENCH/latest.md

log() { printf '%s\n' "$*" >&2; }

# ---------------------------------------------------------------- prerequisites

need_apt=()
[ -x /usr/bin/time ] || need_apt+=(time)
command -v pdfinfo >/dev/null 2>&1 || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
    log "installing ${need_apt[*]} (apt-get)…"
    apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

log "building release binary and generator…"
cargo build --release --quiet --bin junheng --example synth_county

if [ -z "${BENCH_SKIP_CLI:-}" ]; then
    if ! { [ -x "$TYPST" ] && "$TYPST" --version | grep -q " $TYPST_VERSION"; }; then
        log "installing typst-cli $TYPST_VERSION into $TOOLS (first run only; slow on 2 cores)…"
        cargo install typst-cli --version "$TYPST_VERSION" --locked --root "$TOOLS" --quiet
    fi
fi

mkdir -p "$DATA"
for n in "${SIZES[@]}" 50; do
    wb=$DATA/synth-$n-$SEED.xlsx
    if [ ! -f "$wb" ] || [ "$GEN" -nt "$wb" ]; then
        "$GEN" "$n" "$SEED" "$wb" >&2
        "$JH" check "$wb" >/dev/null
    fi
done

# ---------------------------------------------------------------- helpers

# median of the numbers on stdin (one per line)
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"; exit} if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
maxof() { sort -g | tail -n 1; }
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", (b-a)/1e9}'; }
fmt() { awk -v x="$1" -v d="${2:-2}" 'BEGIN {if (x=="nan"||x=="") print "—"; else printf "%.*f", d, x}'; }
ok() { awk -v x="$1" -v t="$2" 'BEGIN {print (x!="nan" && x+0 <= t+0) ? "met" : "NOT met"}'; }

# run CMD…: appends "wall_s rss_kb cpu_s" to $RUNS; stderr to $ERRF
run_timed() {
    local tf start end
    tf=$(mktemp)
    start=$(now_ns)
    /usr/bin/time -f "%M %U %S" -o "$tf" "$@" >/dev/null 2>>"$ERRF"
    end=$(now_ns)
    # The last line: /usr/bin/time puts "Command exited with non-zero status" above it.
    tail -n 1 "$tf" | awk -v w="$(secs "$start" "$end")" '{printf "%s %s %.3f\n", w, $1, $2+$3}' >>"$RUNS"
    rm -f "$tf"
}

# stage value (ms) for stage $1 doc $2 from timing lines in file $3 (one per run)
stage_ms() { awk -F'\t' -v s="$1" -v d="$2" '$1=="junheng-timing" && $2==s && $3==d {print $4}' "$3" | median; }

county_dir() { find "$1" -mindepth 1 -maxdepth 1 -type d | head -n 1; }

DOCS=(plan duties report)
declare -A STEM=([plan]=实施方案 [duties]=责任清单 [report]=自评报告)

declare -A R_BOTH R_WALL R_CPU R_RSS R_CLI R_CLI_CPU R_RATIO R_SAME R_STAGE R_PAGES R_KB R_LOAD

# ---------------------------------------------------------------- per size

for n in "${SIZES[@]}"; do
    wb=$DATA/synth-$n-$SEED.xlsx
    work=$BENCH/run-$n
    rm -rf "$work"
    mkdir -p "$work"
    ERRF=$work/stderr.txt
    : >"$ERRF"
    log "== $n schools: junheng build and typst CLI, ×$REPS each, in turns"
    R_LOAD[$n]=$(cut -d' ' -f1 /proc/loadavg)

    # Warm-up (page cache), also the --emit-typst run whose sources the CLI compiles.
    "$JH" build "$wb" -o "$work/out" --emit-typst >/dev/null 2>>"$ERRF"
    dir=$(county_dir "$work/out")

    # The typst CLI on the emitted sources, one after another, as one timed command (its
    # CPU time includes the three typst processes).
    cli=$work/cli
    mkdir -p "$cli"
    cli_all=(bash -c 'fonts=$1; shift; for pair in "$@"; do
        "'"$TYPST"'" compile --font-path "$fonts" --ignore-system-fonts "${pair%%|*}" "${pair#*|}" || exit 1
    done' _ "$ROOT/fonts")
    for doc in "${DOCS[@]}"; do
        cli_all+=("$dir/${STEM[$doc]}.typ|$cli/${STEM[$doc]}.pdf")
    done
    if [ -z "${BENCH_SKIP_CLI:-}" ]; then
        "${cli_all[@]}" 2>>"$ERRF" # warm-up, and the PDFs to compare
    fi

    # junheng and the CLI take turns, so that a change in the machine's load (this is a
    # shared VM) affects both alike instead of only whichever ran second.
    RUNS=$work/build.txt
    : >"$RUNS"
    CLI_RUNS=$work/cli.txt
    : >"$CLI_RUNS"
    for ((i = 0; i < REPS; i++)); do
        RUNS=$work/build.txt run_timed "$JH" build "$wb" -o "$work/o" --format pdf
        RUNS=$work/both.txt run_timed "$JH" build "$wb" -o "$work/o2" --format pdf,docx
        if [ -z "${BENCH_SKIP_CLI:-}" ]; then
            RUNS=$CLI_RUNS run_timed "${cli_all[@]}"
        fi
    done
    R_WALL[$n]=$(awk '{print $1}' "$RUNS" | median)
    R_RSS[$n]=$(awk '{print $2}' "$RUNS" | maxof)
    R_CPU[$n]=$(awk '{print $3}' "$RUNS" | median)
    R_BOTH[$n]=$(awk '{print $1}' "$work/both.txt" | median)

    # Per-stage times: each document alone on one thread.
    tl=$work/timings.txt
    : >"$tl"
    for doc in "${DOCS[@]}"; do
        for ((i = 0; i < REPS; i++)); do
            JUNHENG_TIMINGS=1 "$JH" build "$wb" -o "$work/s" --only "$doc" --jobs 1 2>&1 >/dev/null |
                grep '^junheng-timing' >>"$tl" || true
        done
    done
    stages="$(stage_ms read - "$tl") $(stage_ms evaluate - "$tl")"
    for doc in "${DOCS[@]}"; do
        stages+=" $(stage_ms markup "$doc" "$tl") $(stage_ms compile "$doc" "$tl") $(stage_ms export "$doc" "$tl")"
    done
    R_STAGE[$n]=$stages

    pages=""
    kb=""
    for doc in "${DOCS[@]}"; do
        pdf=$dir/${STEM[$doc]}.pdf
        pages+=" $(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')"
        kb+=" $(($(stat -c %s "$pdf") / 1024))"
    done
    R_PAGES[$n]=$pages
    R_KB[$n]=$kb

    # typst CLI on the emitted sources (timed above, in turns with junheng).
    if [ -z "${BENCH_SKIP_CLI:-}" ]; then
        RUNS=$CLI_RUNS
        times=$work/cli-wall.txt
        awk '{print $1}' "$RUNS" >"$times"
        R_CLI_CPU[$n]=$(awk '{print $3}' "$RUNS" | median)
        R_CLI[$n]=$(grep . "$times" | median)
        R_RATIO[$n]=$(awk -v c="${R_CLI[$n]}" -v j="${R_WALL[$n]}" 'BEGIN {printf "%.2f", c/j}')
        same=yes
        for doc in "${DOCS[@]}"; do
            a=$dir/${STEM[$doc]}.pdf
            b=$cli/${STEM[$doc]}.pdf
            pa=$(pdfinfo "$a" 2>/dev/null | awk '/^Pages:/ {print $2}')
            pb=$(pdfinfo "$b" 2>/dev/null | awk '/^Pages:/ {print $2}')
            if [ "$pa" != "$pb" ] || ! cmp -s <(pdftotext -layout "$a" - 2>/dev/null) <(pdftotext -layout "$b" - 2>/dev/null); then
                same="NO ($doc)"
            fi
        done
        R_SAME[$n]=$same
    fi
done

# ---------------------------------------------------------------- watch

WATCH_REBUILD=nan
WATCH_LATENCY=nan
if [ -z "${BENCH_SKIP_WATCH:-}" ]; then
    log "== watch: 50 schools, one cell changed ×$((REPS * 2))"
    w=$BENCH/watch
    rm -rf "$w"
    mkdir -p "$w"
    orig=$DATA/synth-50-$SEED.xlsx
    edited=$DATA/synth-50-$SEED-edit.xlsx
    if [ ! -f "$edited" ] || [ "$GEN" -nt "$edited" ]; then
        "$GEN" 50 "$SEED" "$edited" --edit >&2
    fi
    # The watched folder holds only the workbook: the log and the PDFs live outside it,
    # so that polling the log does not generate file events there.
    mkdir -p "$w/src"
    cp "$orig" "$w/src/county.xlsx"
    saves=$((REPS * 2))
    "$JH" watch "$w/src/county.xlsx" -o "$w/out" --exit-after $((saves + 1)) >"$w/watch.log" 2>&1 &
    wpid=$!
    wait_for() { # wait until the log has the line of build $1 (timeout 120 s)
        local k
        for ((k = 0; k < 6000; k++)); do
            grep -q "^\[第$1次\]" "$w/watch.log" && return 0
            sleep 0.02
        done
        return 1
    }
    wait_for 1
    : >"$w/latency.txt"
    for ((i = 1; i <= saves; i++)); do
        if ((i % 2)); then src=$edited; else src=$orig; fi
        cp "$src" "$w/county.tmp"
        sleep 0.3
        start=$(now_ns)
        mv "$w/county.tmp" "$w/src/county.xlsx" # an editor's atomic save (rename over)
        wait_for $((i + 1))
        end=$(now_ns)
        secs "$start" "$end" >>"$w/latency.txt"
        echo >>"$w/latency.txt"
    done
    wait "$wpid" || true
    WATCH_REBUILD=$(grep -E '^\[第([2-9]|[1-9][0-9]+)次\]' "$w/watch.log" |
        sed -n 's/.*用时 \([0-9.]*\) 秒.*/\1/p' | median)
    WATCH_LATENCY=$(grep . "$w/latency.txt" | median)
fi

# ---------------------------------------------------------------- batch

declare -A B_WALL B_RSS B_OK
if [ -z "${BENCH_SKIP_BATCH:-}" ]; then
    maxn=0
    for n in "${BATCH[@]}"; do ((n > maxn)) && maxn=$n; done
    pool=$DATA/batch-pool
    mkdir -p "$pool"
    for ((i = 1; i <= maxn; i++)); do
        wb=$pool/county-$i.xlsx
        if [ ! -f "$wb" ] || [ "$GEN" -nt "$wb" ]; then "$GEN" 50 "$i" "$wb" >&2; fi
    done
    for n in "${BATCH[@]}"; do
        log "== batch: $n counties of 50 schools"
        dir=$BENCH/batch-$n
        rm -rf "$dir"
        mkdir -p "$dir/in"
        abs_pool=$(cd "$pool" && pwd)
        for ((i = 1; i <= n; i++)); do ln -s "$abs_pool/county-$i.xlsx" "$dir/in/county-$i.xlsx"; done
        RUNS=$dir/runs.txt
        ERRF=$dir/stderr.txt
        : >"$RUNS"
        run_timed "$JH" build "$dir/in" -o "$dir/out" --date 2026-03-16 || true
        read -r w rss _ <"$RUNS"
        B_WALL[$n]=$w
        B_RSS[$n]=$rss
        B_OK[$n]=$({ find "$dir/out" -name 自评报告.pdf 2>/dev/null || true; } | wc -l)
        rm -rf "$dir/out"
    done
fi

# ---------------------------------------------------------------- 整改测算 (junheng rectify)

# `junheng rectify --json` whole process on the 50/300/1000-school counties (target
# ≤ 1 s at 300): medians of $REPS, peak RSS, and the plan's cost against its bound.
declare -A RECT_WALL RECT_RSS RECT_GAP
if [ -z "${BENCH_SKIP_RECTIFY:-}" ]; then
    for n in 50 300 1000; do
        wb=$DATA/synth-$n-$SEED.xlsx
        [ -f "$wb" ] || "$GEN" "$n" "$SEED" "$wb" >&2
        log "junheng rectify: $n schools…"
        RUNS=$(mktemp)
        ERRF=$BENCH/rectify-$n.err
        : >"$ERRF"
        for _ in $(seq "$REPS"); do run_timed "$JH" rectify --json "$wb"; done
        RECT_WALL[$n]=$(cut -d' ' -f1 "$RUNS" | median)
        RECT_RSS[$n]=$(cut -d' ' -f2 "$RUNS" | maxof)
        RECT_GAP[$n]=$("$JH" rectify --json "$wb" 2>/dev/null | sed -n 's/^  "gap": \(.*\),$/\1/p')
        rm -f "$RUNS"
    done
fi

# ---------------------------------------------------------------- 工作台 (junheng serve)

# Upload → results JSON and → first PDF (what the page previews) for the 50-school
# county, medians of $REPS; then 10 concurrent uploads (errors, wall, server peak RSS).
serve_bench() {
    local wb=$DATA/synth-50-$SEED.xlsx dir pid port url i t0 t1 t2 id
    local pdf='%E8%87%AA%E8%AF%84%E6%8A%A5%E5%91%8A.pdf'
    dir=$(mktemp -d)
    "$JH" serve --port 0 --data "$dir/data" >"$dir/out" 2>&1 &
    pid=$!
    for _ in $(seq 100); do grep -q 'http://127.0.0.1:' "$dir/out" 2>/dev/null && break; sleep 0.1; done
    port=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/out" | head -n 1 | sed 's/.*://')
    url=http://127.0.0.1:$port
    : >"$dir/results"; : >"$dir/preview"
    for i in $(seq "$REPS"); do
        t0=$(now_ns)
        id=$(curl -s -F "file=@$wb" "$url/api/workbooks" | sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p')
        curl -s -o /dev/null "$url/api/workbooks/$id/results"
        t1=$(now_ns)
        curl -s -o /dev/null "$url/api/workbooks/$id/files/$pdf"
        t2=$(now_ns)
        echo "$(secs "$t0" "$t1")" >>"$dir/results"
        echo "$(secs "$t0" "$t2")" >>"$dir/preview"
    done
    SERVE_RESULTS=$(median <"$dir/results")
    SERVE_PREVIEW=$(median <"$dir/preview")
    t0=$(now_ns)
    local clients=()
    for i in $(seq 10); do
        (
            id=$(curl -s -F "file=@$wb" "$url/api/workbooks" | sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p')
            code=$(curl -s -o /dev/null -w '%{http_code}' "$url/api/workbooks/$id/files/$pdf")
            [ -n "$id" ] && [ "$code" = 200 ] || echo "error" >>"$dir/errors"
        ) &
        clients+=($!)
    done
    for j in "${clients[@]}"; do wait "$j" || true; done
    t1=$(now_ns)
    SERVE_CONCURRENT=$(secs "$t0" "$t1")
    SERVE_ERRORS=$( [ -f "$dir/errors" ] && wc -l <"$dir/errors" || echo 0)
    SERVE_RSS=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$dir"
}
if [ -z "${BENCH_SKIP_SERVE:-}" ]; then
    log "junheng serve: upload timings…"
    serve_bench
fi

# ---------------------------------------------------------------- report

target_wall() { case $1 in 50) echo 0.6 ;; 300) echo 1.5 ;; 1000) echo 5 ;; *) echo "" ;; esac; }

{
    cpu=$(awk -F: '/model name/ {gsub(/^ +/, "", $2); print $2; exit}' /proc/cpuinfo)
    echo "## junheng benchmark, $(date -u +%Y-%m-%d) — ${cpu:-unknown CPU}, $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)"
    echo
    echo "Release build; medians of $REPS runs; synthetic counties (examples/synth_county.rs, seed $SEED); typst CLI $TYPST_VERSION."
    echo
    echo "### Whole process: \`junheng build\`, all three documents"
    echo
    echo "| schools | wall (median) | target | CPU time | peak RSS | target | typst CLI, 3 sources in a row: wall / CPU | wall ratio | target | CPU-time ratio | same document | load avg before |"
    echo "|---:|---:|---|---:|---:|---|---:|---:|---|---:|---|---:|"
    for n in "${SIZES[@]}"; do
        t=$(target_wall "$n")
        if [ -n "$t" ]; then tw="≤ $t s: $(ok "${R_WALL[$n]}" "$t")"; else tw="—"; fi
        rss_mb=$(awk -v k="${R_RSS[$n]}" 'BEGIN {printf "%.0f", k/1024}')
        if [ "$n" = 1000 ]; then tm="≤ 1024 MB: $(ok "$rss_mb" 1024)"; else tm="—"; fi
        if [ -n "${R_CLI[$n]:-}" ]; then
            cli="$(fmt "${R_CLI[$n]}") s / $(fmt "${R_CLI_CPU[$n]}") s"
            ratio="${R_RATIO[$n]}×"
            cratio="$(awk -v c="${R_CLI_CPU[$n]}" -v j="${R_CPU[$n]}" 'BEGIN {printf "%.2f", c/j}')×"
            tr="≥ 1.5×: $(awk -v r="${R_RATIO[$n]}" 'BEGIN {print (r >= 1.5) ? "met" : "NOT met"}')"
            same=${R_SAME[$n]}
        else
            cli="—"; ratio="—"; tr="—"; same="—"; cratio="—"
        fi
        echo "| $n | $(fmt "${R_WALL[$n]}") s | $tw | $(fmt "${R_CPU[$n]}") s | $rss_mb MB | $tm | $cli | $ratio | $tr | $cratio | $same | ${R_LOAD[$n]} |"
    done
    echo
    echo "### Word editions: \`--format pdf,docx\` (the default) against \`--format pdf\`"
    echo
    echo "| schools | PDFs only | PDFs and .docx | ratio | target (300 schools) |"
    echo "|---:|---:|---:|---:|---|"
    for n in "${SIZES[@]}"; do
        r=$(awk -v a="${R_BOTH[$n]}" -v b="${R_WALL[$n]}" 'BEGIN {printf "%.3f", a/b}')
        if [ "$n" = 300 ]; then td="≤ 1.15×: $(ok "$r" 1.15)"; else td="—"; fi
        echo "| $n | $(fmt "${R_WALL[$n]}") s | $(fmt "${R_BOTH[$n]}") s | ${r}× | $td |"
    done
    echo
    echo "### Stages (ms, median; each document built alone on one thread)"
    echo
    echo "| schools | read | evaluate | markup plan / duties / report | compile plan / duties / report | PDF export plan / duties / report |"
    echo "|---:|---:|---:|---|---|---|"
    for n in "${SIZES[@]}"; do
        read -r rd ev mp cp ep md cd ed mr cr er <<<"${R_STAGE[$n]}"
        f0() { fmt "$1" 0; }
        echo "| $n | $(f0 "$rd") | $(f0 "$ev") | $(f0 "$mp") / $(f0 "$md") / $(f0 "$mr") | $(f0 "$cp") / $(f0 "$cd") / $(f0 "$cr") | $(f0 "$ep") / $(f0 "$ed") / $(f0 "$er") |"
    done
    echo
    echo "### Documents"
    echo
    echo "| schools | pages plan / duties / report | PDF size plan / duties / report | target (300 schools) |"
    echo "|---:|---|---|---|"
    for n in "${SIZES[@]}"; do
        read -r pp pd pr <<<"${R_PAGES[$n]}"
        read -r kp kd kr <<<"${R_KB[$n]}"
        if [ "$n" = 300 ]; then
            big=$(printf '%s\n' "$kp" "$kd" "$kr" | maxof)
            tk="each ≤ 2048 KB: $(ok "$big" 2048)"
        else
            tk="—"
        fi
        echo "| $n | $pp / $pd / $pr | $kp / $kd / $kr KB | $tk |"
    done
    echo
    if [ -z "${BENCH_SKIP_WATCH:-}" ]; then
        echo "### \`junheng watch\`, 50 schools, one cell changed"
        echo
        echo "| rebuild (as printed, median) | target | save → PDFs written (incl. 200 ms debounce) |"
        echo "|---:|---|---:|"
        echo "| $(fmt "$WATCH_REBUILD") s | ≤ 0.3 s: $(ok "$WATCH_REBUILD" 0.3) | $(fmt "$WATCH_LATENCY") s |"
        echo
    fi
    if [ -z "${BENCH_SKIP_BATCH:-}" ]; then
        first=${BATCH[0]}
        echo "### Folder build: counties of 50 schools, all three documents each, $(nproc) threads"
        echo
        echo "| counties | built | wall | per county | peak RSS | peak vs $first counties |"
        echo "|---:|---:|---:|---:|---:|---:|"
        for n in "${BATCH[@]}"; do
            per=$(awk -v w="${B_WALL[$n]}" -v n="$n" 'BEGIN {printf "%.3f", w/n}')
            rss_mb=$(awk -v k="${B_RSS[$n]}" 'BEGIN {printf "%.0f", k/1024}')
            rel=$(awk -v a="${B_RSS[$n]}" -v b="${B_RSS[$first]}" 'BEGIN {printf "%+.0f %%", (a/b-1)*100}')
            echo "| $n | ${B_OK[$n]} | $(fmt "${B_WALL[$n]}") s | $per s | $rss_mb MB | $rel |"
        done
        echo
    fi
    if [ -z "${BENCH_SKIP_RECTIFY:-}" ]; then
        echo "### \`junheng rectify --json\` (整改测算), whole process"
        echo
        echo "| schools | wall | target | peak RSS | gap to lower bound |"
        echo "|---:|---:|---|---:|---:|"
        for n in 50 300 1000; do
            t=""; [ "$n" = 300 ] && t="≤ 1 s: $(ok "${RECT_WALL[$n]}" 1)"
            echo "| $n | $(fmt "${RECT_WALL[$n]}") s | $t | $(awk -v k="${RECT_RSS[$n]}" 'BEGIN {printf "%.0f", k/1024}') MB | ${RECT_GAP[$n]:-—} |"
        done
        echo
    fi
    if [ -z "${BENCH_SKIP_SERVE:-}" ]; then
        echo "### \`junheng serve\`, 50 schools (HTTP on loopback, curl)"
        echo
        echo "| upload → results JSON | target | upload → first PDF (preview) | target | 10 concurrent uploads → all PDFs | errors | server peak RSS |"
        echo "|---:|---|---:|---|---:|---:|---:|"
        echo "| $(fmt "$SERVE_RESULTS") s | ≤ 0.3 s: $(ok "$SERVE_RESULTS" 0.3) | $(fmt "$SERVE_PREVIEW") s | ≤ 1 s: $(ok "$SERVE_PREVIEW" 1) | $(fmt "$SERVE_CONCURRENT") s | $SERVE_ERRORS | $SERVE_RSS MB |"
        echo
    fi
} | tee "$OUT"
log "saved to $OUT"
