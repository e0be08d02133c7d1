"""One LightGCN epoch in plain PyTorch, shaped like TrainerBenchmark's graph, to time what a GPU buys.

A reference for the device check only (trainer/gpu-offline-check.sh), not the product: hmrec trains in Java through
DJL (io.hmrec.trainer.model.LightGcnModel). Same computation as that model: a random power-law bipartite graph with
the full preset's size (article popularity ~ 1/(rank+20)^1.1, customer activity ~ 1/(rank+5)^0.8, duplicates
dropped), the symmetric normalised adjacency as a coalesced COO matrix, 3 layers of 64-d propagation with message
dropout 0.01, the layer mean, softplus_beta(s_neg - s_pos) with beta 1.5 plus the 0.001 L2 term on the batch's ego
rows, one degree-weighted negative per edge, Adam lr 0.01, batch 65,536.

python3 lightgcn_epoch.py --device cuda|cpu [--scale 1.0] [--batch 65536] [--max-steps 0 (all)]
"""
import argparse
import math
import time

import numpy as np
import torch
import torch.nn.functional as F

FULL_CUSTOMERS, FULL_ARTICLES, FULL_PURCHASES = 1_371_980, 105_542, 4_000_000


def zipf_draw(n, offset, exponent, size, rng):
    weights = 1.0 / np.power(np.arange(n) + offset, exponent)
    cdf = np.cumsum(weights) / weights.sum()
    return np.minimum(np.searchsorted(cdf, rng.random(size)), n - 1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--device", default="cuda")
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--batch", type=int, default=65_536)
    p.add_argument("--max-steps", type=int, default=0)
    a = p.parse_args()
    dev = torch.device(a.device)
    torch.manual_seed(1)
    rng = np.random.default_rng(1)
    nc, na = round(FULL_CUSTOMERS * a.scale), round(FULL_ARTICLES * a.scale)
    m = round(FULL_PURCHASES * a.scale)
    pairs = np.unique(zipf_draw(nc, 5, 0.8, m, rng).astype(np.int64) * na + zipf_draw(na, 20, 1.1, m, rng))
    cust, art = pairs // na, pairs % na
    edges, nodes = len(pairs), nc + na
    deg = np.bincount(cust, minlength=nc).astype(np.float32), np.bincount(art, minlength=na).astype(np.float32)
    w = 1.0 / np.sqrt(deg[0][cust] * deg[1][art])
    rows = np.concatenate([cust, nc + art])
    cols = np.concatenate([nc + art, cust])
    adj = torch.sparse_coo_tensor(torch.from_numpy(np.stack([rows, cols])), torch.from_numpy(np.concatenate([w, w])),
                                  (nodes, nodes)).coalesce().to(dev)
    ego = (torch.randn(nodes, 64) * 0.1).to(dev).requires_grad_()
    opt = torch.optim.Adam([ego], lr=0.01)
    neg_probs = torch.from_numpy(deg[1] / deg[1].sum()).to(dev)
    cust_t, art_t = torch.from_numpy(cust).to(dev), torch.from_numpy(art).to(dev)

    def propagate():
        layers, cur = [ego], ego
        for _ in range(3):
            cur = F.dropout(torch.sparse.mm(adj, cur), 0.01, True)
            layers.append(cur)
        return torch.stack(layers).mean(0)

    def sync():
        if dev.type == "cuda":
            torch.cuda.synchronize()

    steps = math.ceil(edges / a.batch)
    run = steps if a.max_steps <= 0 else min(steps, a.max_steps)
    order = torch.randperm(edges, device=dev)
    sync()
    t0 = time.perf_counter()
    loss = None
    for s in range(run):
        idx = order[s * a.batch:(s + 1) * a.batch]
        u, pos = cust_t[idx], nc + art_t[idx]
        neg = nc + torch.multinomial(neg_probs, len(idx), replacement=True)
        fin = propagate()
        diff = (fin[u] * fin[neg]).sum(1) - (fin[u] * fin[pos]).sum(1)
        reg = (ego[u].square().sum() + ego[pos].square().sum() + ego[neg].square().sum()) * 0.001 / 2 / len(idx)
        loss = F.softplus(diff, beta=1.5).mean() + reg
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    sync()
    per_step = (time.perf_counter() - t0) / run
    name = torch.cuda.get_device_name(0) if dev.type == "cuda" else f"cpu x{torch.get_num_threads()} threads"
    print(f"reference lightgcn torch {torch.__version__} on {name}: customers={nc} articles={na} edges={edges} "
          f"batch={a.batch} steps/epoch={steps} timed_steps={run} s/step={per_step:.3f} "
          f"s/epoch={per_step * steps:.1f}{' (extrapolated)' if run < steps else ''} loss={loss.item():.4f}"
          + (f" peak_gpu_mem={torch.cuda.max_memory_allocated() / 2**30:.1f}GiB" if dev.type == "cuda" else ""))


if __name__ == "__main__":
    main()
