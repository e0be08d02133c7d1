#!/usr/bin/env bash
# One-shot GPU check of the trainer with a DJL JNI built ON the GPU host against that host's own libtorch.
#
# Why: DJL 0.33's prebuilt libdjl_torch.so targets libtorch 2.5.1 and fails against a newer libtorch (ABI drift,
# see gpu-offline-check.sh and README "The accelerator path"); the CUDA build of 2.5.1 is several GB and cannot
# travel to a host that takes ~64 MiB and has no network. That host does have a Python torch wheel (headers +
# libs), g++ and the nvidia pip libs, so we ship DJL's JNI C++ sources (a kit kept outside git, default .djljni/)
# and compile them there, then run TrainerBenchmark with DJL pointed at the host's libtorch plus that library.
#
#   trainer/gpu-jni-check.sh pack DIR   # here: gpu-offline-check.sh's pack (jlink'ed JRE + trainer jars) + the kit
#   trainer/gpu-jni-check.sh run DIR    # there: build libdjl_torch.so, smoke on GPU, full-scale epoch on GPU
#
# JNI_KIT=dir overrides the kit location for pack (needs src/, build-jni.sh, exports-0.33.0.txt);
# JNI_PREBUILT=lib.so makes run skip the build and use that library (to test the run logic off the GPU host).
# EPOCH_SERIES=1 runs each model at full size for two epoch counts instead, to separate setup from per-epoch time.
# run writes everything to stdout and to at most 6 files in $OUT (default /tmp/gpu-jni-check); every step has a
# time limit, a failed step is reported and the script goes on; the whole run stays under RUN_BUDGET_S (420) s.
set -uo pipefail
cd "$(dirname "$0")/.."
verb="${1:?pack|run}"; dir="$(realpath -m "${2:?DIR}")"

if [[ "$verb" == pack ]]; then
  set -e
  kit="$(realpath "${JNI_KIT:-.djljni}")"
  for f in src build-jni.sh exports-0.33.0.txt; do
    [[ -e "$kit/$f" ]] || { echo "pack: $kit/$f missing (the JNI source kit; see header)"; exit 2; }
  done
  trainer/gpu-offline-check.sh pack "$dir"
  mkdir -p "$dir/jni-kit"
  cp -r "$kit/src" "$kit/build-jni.sh" "$kit/exports-0.33.0.txt" "$dir/jni-kit/"
  [[ -f "$kit/CHANGES.md" ]] && cp "$kit/CHANGES.md" "$dir/jni-kit/"
  size_kib="$(du -sk "$dir" | cut -f1)"
  echo "pack: $dir holds $((size_kib / 1024)) MiB (limit 50 MiB)"
  ((size_kib < 50 * 1024)) || { echo "pack: too big for the device machine"; exit 3; }
  exit 0
fi

[[ "$verb" == run ]] || { echo "unknown verb $verb (pack|run)"; exit 2; }
res="${OUT:-/tmp/gpu-jni-check}"; mkdir -p "$res"
exec > >(tee -a "$res/run-log.txt") 2>&1
budget="${RUN_BUDGET_S:-420}"; start=$SECONDS
left() { echo $((budget - (SECONDS - start))); }
limit() { local cap="$1" reserve="$2" l; l=$(($(left) - reserve)); ((l > cap)) && l=$cap; ((l < 10)) && l=10; echo "$l"; }
step() { echo; echo "== [$(date +%T), $((SECONDS - start)) s] $*"; }
summary=()

step "probe"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 || echo "no nvidia-smi"
echo "cores $(nproc), $(free -g | awk '/Mem:/ {print $2}') GB; g++: $(command -v g++ || echo none); nm: $(command -v nm || echo none)"
read -r torch_dir torch_ver torch_cuda < <(timeout 120 python3 -c 'import os, torch; print(os.path.dirname(torch.__file__), torch.__version__.split("+")[0], torch.version.cuda or "none")' 2>/dev/null) \
  || { torch_dir=""; echo "python3 cannot import torch: nothing to build against"; }
if [[ -n "$torch_dir" ]]; then
  echo "torch $torch_ver (cuda $torch_cuda) at $torch_dir; gpu visible to torch: $(timeout 60 python3 -c 'import torch; print(torch.cuda.is_available())' 2>&1 | tail -1)"
fi
[[ -d "$dir/jni-kit/src" && -f "$dir/jre.tar.gz" ]] || { echo "no kit in $dir (run pack first)"; torch_dir=""; }

step "build libdjl_torch.so against the host's torch (cap $(limit 240 150) s)"
lib_ok=no
if [[ -n "${JNI_PREBUILT:-}" && -n "$torch_dir" ]]; then
  mkdir -p /tmp/djljni-build && cp "$JNI_PREBUILT" /tmp/djljni-build/libdjl_torch.so && lib_ok=yes && echo "using $JNI_PREBUILT"
elif [[ -n "$torch_dir" ]] && command -v g++ >/dev/null; then
  rm -rf /tmp/djljni-build /tmp/djljni-logs
  timeout "$(limit 240 150)" bash "$dir/jni-kit/build-jni.sh" "$dir/jni-kit/src" /tmp/djljni-build /tmp/djljni-logs
  rc=$?
  [[ $rc == 0 && -f /tmp/djljni-build/libdjl_torch.so ]] && lib_ok=yes || echo "build failed (exit $rc; 124 = timed out)"
  { for f in compile-summary.txt compile-errors.txt link.err missing-exports.txt torch-probe.err; do
      [[ -s "/tmp/djljni-logs/$f" ]] && { echo "##### $f"; head -c 60000 "/tmp/djljni-logs/$f"; }
    done
    for e in /tmp/djljni-logs/cc-*.err; do [[ -s "$e" ]] && { echo "##### $(basename "$e")"; head -c 20000 "$e"; }; done
  } >"$res/build-logs.txt" 2>/dev/null
else
  echo "skipped: no torch or no g++"
fi
summary+=("build: $lib_ok")

java=java
if ! command -v java >/dev/null; then
  mkdir -p /tmp/jre-x && tar xzf "$dir/jre.tar.gz" -C /tmp/jre-x 2>/dev/null && java=/tmp/jre-x/jre/bin/java
fi
cp="$(ls "$dir"/lib/*.jar 2>/dev/null | tr '\n' ':')"

if [[ "$lib_ok" == yes ]]; then
  # DJL with PYTORCH_LIBRARY_PATH=D loads libtorch from D and its JNI from D/<djl version>-libdjl_torch.so or
  # D/libdjl_torch.so: a scratch D with links to the host's torch/lib and our library.
  libdir=/tmp/djl-torchlib; rm -rf "$libdir"; mkdir -p "$libdir"
  ln -s "$torch_dir"/lib/* "$libdir/"
  cp /tmp/djljni-build/libdjl_torch.so "$libdir/libdjl_torch.so"
  ln -s libdjl_torch.so "$libdir/0.33.0-libdjl_torch.so"
  nvlibs="$(find "$(dirname "$torch_dir")/nvidia" -maxdepth 3 -name lib -type d 2>/dev/null | tr '\n' ':')"
  flavor=cpu; [[ "$torch_cuda" != none ]] && flavor="cu${torch_cuda//./}"
  export PYTORCH_LIBRARY_PATH="$libdir" PYTORCH_VERSION="$torch_ver" PYTORCH_FLAVOR="$flavor"
  export LD_LIBRARY_PATH="$torch_dir/lib:$nvlibs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  echo "java: $("$java" -version 2>&1 | head -1); PYTORCH_FLAVOR=$flavor PYTORCH_VERSION=$torch_ver"
  bench() {  # name device cap heap args...
    local name="$1" dev="$2" cap="$3" heap="$4"; shift 4
    local t; t="$(limit "$cap" 5)"
    step "$name: TrainerBenchmark $* on $dev (limit $t s)"
    timeout "$t" "$java" -Xmx"$heap" -Dai.djl.offline=true -Dhmrec.device="$dev" -cp "$cp" \
      io.hmrec.trainer.TrainerBenchmark "$@" >"$res/$name.txt" 2>&1
    local rc=$?
    grep -vE '^(SLF4J|\s+at )' "$res/$name.txt" | tail -15 | cut -c1-400
    echo "-> $name exit $rc (124 = timed out)"
    summary+=("$name: exit $rc")
    return $rc
  }
  if [[ "${EPOCH_SERIES:-0}" == 1 ]] && bench smoke-gpu gpu 90 24g --scale 0.001 --models lightgcn --epochs 1; then
    # s/epoch includes the setup (graph, adjacency, initial embeddings); two epoch counts per model separate the two
    bench lightgcn-e1 gpu 90 48g --scale 1.0 --models lightgcn --epochs 1
    bench lightgcn-e4 gpu 120 48g --scale 1.0 --models lightgcn --epochs 4
    bench dotcf-e1 gpu 90 48g --scale 1.0 --models dot-cf --epochs 1
    bench dotcf-e2 gpu 120 48g --scale 1.0 --models dot-cf --epochs 2
  elif bench smoke-gpu gpu 90 24g --scale 0.001 --models lightgcn --epochs 1; then
    bench bench-gpu gpu 240 48g --scale 1.0 --epochs 1
    # the same smaller graph on the GPU and on this host's CPU cores: a ratio from one machine
    bench ratio-gpu gpu 60 24g --scale 0.1 --models lightgcn --epochs 1
    bench ratio-cpu cpu 90 24g --scale 0.1 --models lightgcn --epochs 1
  else
    bench smoke-cpu cpu 60 24g --scale 0.001 --models lightgcn --epochs 1
  fi
fi

step "summary (total $((SECONDS - start)) s)"
printf '%s\n' "${summary[@]}"
