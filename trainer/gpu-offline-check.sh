#!/usr/bin/env bash
# GPU check of the trainer on a host that cannot download anything and takes at most ~64 MiB from us (the
# workplace's device machine: no JDK, no Maven repository, no network; its own Python PyTorch with CUDA). The CUDA
# build of PyTorch 2.5.1 that `-Pgpu` uses (pytorch-native-cu124, several GB) cannot travel there, so this script
# tries DJL 0.33's own JNI against the host's libtorch and, whatever happens, times the same LightGCN epoch in the
# host's PyTorch (trainer/gpu-reference/lightgcn_epoch.py) on its GPU and its CPUs.
#
#   trainer/gpu-offline-check.sh pack DIR   # here: a jlink'ed JRE and the trainer's jars (no native PyTorch) in DIR
#   trainer/gpu-offline-check.sh run DIR    # there: probe, symbol check, DJL attempt, TrainerBenchmark, reference
#
# On a CUDA 12.4 host with Maven Central, use trainer/gpu-check.sh instead: it needs none of this.
set -uo pipefail
cd "$(dirname "$0")/.."
verb="${1:?pack|run}"; dir="$(realpath -m "${2:?DIR}")"

if [[ "$verb" == pack ]]; then
  set -e
  rm -rf "$dir" && mkdir -p "$dir/lib"
  ./mvnw -B -q -o -pl trainer -am install -DskipTests
  ./mvnw -B -q -o -pl trainer dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$dir/cp.txt"
  # only what TrainerBenchmark loads; the native CPU build (110 MB) and the Kafka/LightGBM natives stay behind
  tr ':' '\n' <"$dir/cp.txt" | grep -vE 'pytorch-native|lightgbm4j|zstd-jni|snappy-java|kafka-clients|lz4-java' \
    | xargs -I{} cp {} "$dir/lib/"
  cp trainer/target/hmrec-trainer-*.jar "$dir/lib/"
  rm "$dir/cp.txt"
  jlink --add-modules java.base,java.logging,java.management,java.naming,java.xml,java.sql,jdk.unsupported,java.desktop,jdk.management,jdk.zipfs \
    --strip-debug --no-header-files --no-man-pages --compress=2 --output "$dir/jre"
  tar czf "$dir/jre.tar.gz" -C "$dir" jre && rm -rf "$dir/jre"
  du -sh "$dir"
  exit 0
fi

[[ "$verb" == run ]] || { echo "unknown verb $verb (pack|run)"; exit 2; }
res="${OUT:-/tmp/gpu-offline}"; mkdir -p "$res"
echo "== probe"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "no nvidia-smi"
echo "cores $(nproc), $(free -g | awk '/Mem:/ {print $2}') GB; java: $(command -v java || echo none); nm: $(command -v nm || echo none)"
torch_lib="$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')"
python3 -c 'import torch; print("python torch", torch.__version__, "cuda", torch.version.cuda, "gpu", torch.cuda.is_available())'
ls "$torch_lib" | tr '\n' ' '; echo

java=java
if ! command -v java >/dev/null; then
  mkdir -p /tmp/jre-x && tar xzf "$dir/jre.tar.gz" -C /tmp/jre-x && java=/tmp/jre-x/jre/bin/java
fi
"$java" -version 2>&1 | head -1
cp="$(ls "$dir"/lib/*.jar | tr '\n' ':')"

echo "== DJL 0.33's JNI (built for libtorch 2.5.1) against this host's libtorch: symbols it needs that are not there"
python3 -m zipfile -e "$(ls "$dir"/lib/pytorch-jni-*.jar)" /tmp/jni  # the host has no unzip
for flavor in cu124 cpu; do
  nm -D --undefined-only "/tmp/jni/jnilib/linux-x86_64/$flavor/libdjl_torch.so" | awk '{print $2}' | grep -v '@' \
    | sort -u >"/tmp/undef-$flavor"
done
for lib in libc10.so libc10_cuda.so libtorch_cpu.so libtorch_cuda.so libtorch.so; do
  nm -D --defined-only "$torch_lib/$lib" 2>/dev/null | awk '{print $3}'
done | sort -u >/tmp/defined
for flavor in cu124 cpu; do
  comm -23 "/tmp/undef-$flavor" /tmp/defined >"$res/missing-$flavor.txt"
  echo "$flavor JNI: $(wc -l <"/tmp/undef-$flavor") undefined symbols, $(wc -l <"$res/missing-$flavor.txt") not defined by the host's libtorch; first ones, demangled:"
  head -5 "$res/missing-$flavor.txt" | c++filt | cut -c1-200
done

nvlibs="$(find "$(dirname "$(dirname "$torch_lib")")/nvidia" -maxdepth 3 -name lib -type d 2>/dev/null | tr '\n' ':')"
echo "== DJL on the host's libtorch (PYTORCH_LIBRARY_PATH; DJL's 2.5.1 JNI from the jar)"
djl_ok=no
for flavor in cu124 cpu; do
  echo "-- flavor $flavor"
  if PYTORCH_LIBRARY_PATH="$torch_lib" PYTORCH_VERSION=2.5.1 PYTORCH_FLAVOR="$flavor" LD_LIBRARY_PATH="$torch_lib:$nvlibs" \
      timeout 60 "$java" -Xmx24g -Dai.djl.offline=true -Dhmrec.device=auto -cp "$cp" io.hmrec.trainer.TrainerBenchmark \
      --scale 0.001 --models lightgcn --epochs 1 >"$res/djl-$flavor.txt" 2>&1; then
    djl_ok="$flavor"; grep -vE '^SLF4J' "$res/djl-$flavor.txt" | tail -4; break
  else
    rc=$?
  fi
  echo "failed (exit $rc); the end of its output:"; grep -vE '^SLF4J' "$res/djl-$flavor.txt" | grep -vE '^\s+at ' | tail -8 | cut -c1-400
done
if [[ "$djl_ok" != no ]]; then
  for run in "gpu 1.0 120" "gpu 0.1 40" "cpu 0.1 90"; do
    read -r dev scale limit <<<"$run"
    echo "== TrainerBenchmark on $dev, scale $scale (DJL, $djl_ok JNI)"
    PYTORCH_LIBRARY_PATH="$torch_lib" PYTORCH_VERSION=2.5.1 PYTORCH_FLAVOR="$djl_ok" LD_LIBRARY_PATH="$torch_lib:$nvlibs" \
      timeout "$limit" "$java" -Xmx48g -Dai.djl.offline=true -Dhmrec.device="$dev" -cp "$cp" \
      io.hmrec.trainer.TrainerBenchmark --scale "$scale" --epochs 1 2>&1 | grep -vE '^(SLF4J|\s+at )' | tail -8
  done
fi

[[ "${REFERENCE:-1}" == 1 ]] || exit 0
echo "== the same LightGCN epoch in the host's PyTorch (reference, not the product path)"
for run in "cuda 60 0" "cpu 90 3"; do
  read -r dev limit steps <<<"$run"
  timeout "$limit" python3 trainer/gpu-reference/lightgcn_epoch.py --device "$dev" --scale 1.0 \
    --max-steps "$steps" 2>&1 | tail -6
done
