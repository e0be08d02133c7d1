#!/usr/bin/env bash
# One-shot GPU check of the trainer, for a CUDA 12.4 host (about 6 minutes; the first build also downloads the
# CUDA build of PyTorch 2.5.1, pytorch-native-cu124, from Maven Central).
#   1. builds the trainer with the 'gpu' profile,
#   2. prints the engine, the GPU count DJL sees and the device the trainer will use,
#   3. runs TrainerBenchmark (one epoch of LightGCN and the dot-product CF on a power-law graph, --scale of the
#      full preset's last 12 weeks) on the CPU and then on the GPU, and prints the speed-up per model.
# Usage: trainer/gpu-check.sh [SCALE]   (default 0.1; 1.0 = 1.37M customers, 105k articles, 4M purchases)
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${1:-0.1}"
OUT="$(mktemp -d)"
./mvnw -B -q -Pgpu -pl trainer -am install -DskipTests
./mvnw -B -q -Pgpu -pl trainer dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$OUT/cp"
CP="trainer/target/classes:$(cat "$OUT/cp")"
JAVA=(java -Xmx16g -Dai.djl.offline=true -cp "$CP")

echo "== device"
"${JAVA[@]}" -Dhmrec.device=auto io.hmrec.trainer.TrainerBenchmark --scale 0.0001 --models lightgcn --epochs 1 \
  | grep -E '^(engine|lightgcn)' || { echo "DJL could not run on this host (see above)"; exit 1; }
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader

for dev in cpu gpu; do
  echo "== $dev, scale $SCALE"
  timeout 170 "${JAVA[@]}" -Dhmrec.device="$dev" io.hmrec.trainer.TrainerBenchmark --scale "$SCALE" --epochs 1 \
    | tee "$OUT/$dev.txt" | grep -vE '^(SLF4J|[0-9:.]+ \[)' || echo "$dev run failed or timed out (exit $?)"
done

echo "== speed-up (CPU seconds per epoch / GPU seconds per epoch)"
for model in lightgcn dot-cf; do
  c=$(grep -E "^$model +device=" "$OUT/cpu.txt" | sed -E 's/.* s\/epoch=([0-9.]+).*/\1/' || true)
  g=$(grep -E "^$model +device=" "$OUT/gpu.txt" | sed -E 's/.* s\/epoch=([0-9.]+).*/\1/' || true)
  if [[ -n "$c" && -n "$g" ]]; then
    awk -v m="$model" -v c="$c" -v g="$g" 'BEGIN { printf "%-8s cpu %.2f s/epoch  gpu %.2f s/epoch  speed-up x%.1f\n", m, c, g, c / g }'
  else
    echo "$model: missing a figure (cpu='$c' gpu='$g'); see the output above"
  fi
done
