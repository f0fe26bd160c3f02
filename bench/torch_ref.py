"""PyTorch reference for bench/run.js: the same networks and shapes as the anomaly-zoo rows.

    /usr/bin/python3 bench/torch_ref.py <row> <size> <batch> <steps> [image files list]

Prints one JSON line: {"ms": per step/batch (median), "img_s": ...}. Threads: torch.set_num_threads(2) unless
TORCH_THREADS is set. Warm-up: 2 steps (1 when steps <= 3). Never part of npm test.
"""
import json
import os
import statistics
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F

torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))
torch.manual_seed(1)

CHANNELS = [32, 64, 128]


def conv_ae(channels=3, latent=16, output_conv=False):
    """conv-ae: stride-2 3×3 convs (ReLU), 1×1 bottleneck (ReLU), mirrored stride-2 transposed convs (ReLU), the
    last one to the input channels (sigmoid). output_conv: the decoder ends at CHANNELS[0] and a 3×3 conv maps
    them to the input channels (sigmoid). padding=1 (+ output_padding=1) gives tfjs' 'same' shapes."""
    layers, c = [], channels
    for f in CHANNELS:
        layers += [nn.Conv2d(c, f, 3, stride=2, padding=1), nn.ReLU()]
        c = f
    layers += [nn.Conv2d(c, latent, 1), nn.ReLU()]
    c = latent
    decoder = list(reversed(CHANNELS)) if output_conv else list(reversed(CHANNELS[:-1])) + [channels]
    for i, f in enumerate(decoder):
        last = not output_conv and i == len(decoder) - 1
        layers += [nn.ConvTranspose2d(c, f, 3, stride=2, padding=1, output_padding=1), nn.Sigmoid() if last else nn.ReLU()]
        c = f
    if output_conv:
        layers += [nn.Conv2d(c, channels, 3, padding=1), nn.Sigmoid()]
    return nn.Sequential(*layers)


class Vae(nn.Module):
    """vae: the conv AE's encoder, dense mean / log-variance (latent 64), dense to 8×8×128, mirrored decoder."""

    def __init__(self, size, channels=3, latent=64):
        super().__init__()
        enc, c = [], channels
        for f in CHANNELS:
            enc += [nn.Conv2d(c, f, 3, stride=2, padding=1), nn.ReLU()]
            c = f
        self.encoder = nn.Sequential(*enc, nn.Flatten())
        self.grid = size // 8
        flat = c * self.grid * self.grid
        self.mean = nn.Linear(flat, latent)
        self.log_var = nn.Linear(flat, latent)
        self.expand = nn.Linear(latent, flat)
        dec = []
        for f in reversed(CHANNELS):
            dec += [nn.ConvTranspose2d(c, f, 3, stride=2, padding=1, output_padding=1), nn.ReLU()]
            c = f
        self.decoder = nn.Sequential(*dec, nn.Conv2d(c, channels, 3, padding=1), nn.Sigmoid())

    def loss(self, x):
        h = self.encoder(x)
        mean, log_var = self.mean(h), self.log_var(h)
        z = mean + torch.exp(0.5 * log_var) * torch.randn_like(mean)
        g = F.relu(self.expand(z)).view(-1, CHANNELS[-1], self.grid, self.grid)
        recon = self.decoder(g)
        kl = -0.5 * torch.sum(1 + log_var - mean.square() - log_var.exp(), 1)
        return F.mse_loss(recon, x) + kl.mean() / x[0].numel()


def mobilenet_v1(alpha=0.75):
    """MobileNet V1 (Keras layout): 3×3 s2 conv, 13 depthwise-separable blocks, BN + ReLU6, global average pool."""
    def block(cin, cout, stride, depthwise):
        groups = cin if depthwise else 1
        k = 3 if depthwise or cout is None else 1
        return [nn.Conv2d(cin, cin if depthwise else cout, k, stride, k // 2, groups=groups, bias=False),
                nn.BatchNorm2d(cin if depthwise else cout), nn.ReLU6()]

    plan = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)] + [(512, 1)] * 5 + [(1024, 2), (1024, 1)]
    c = int(32 * alpha)
    layers = [nn.Conv2d(3, c, 3, 2, 1, bias=False), nn.BatchNorm2d(c), nn.ReLU6()]
    for f, s in plan:
        f = int(f * alpha)
        layers += block(c, c, s, True) + block(c, f, 1, False)
        c = f
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
    return nn.Sequential(*layers)


def timed(fn, steps, warmup=None):
    if warmup is None:
        warmup = 1 if steps <= 3 else 2
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def train_row(model, loss_of, x, steps):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_of(x)
        loss.backward()
        opt.step()

    return timed(step, steps)


def infer_row(model, x, steps):
    model.eval()

    def run():
        with torch.no_grad():
            model(x)

    return timed(run, steps)


def decode_row(files, size):
    """Decode + resize + scale to [0, 1] float32, 2 threads (PIL releases the GIL while it decodes and resizes)."""
    import numpy as np
    from concurrent.futures import ThreadPoolExecutor
    from PIL import Image

    def load(path):
        with Image.open(path) as im:
            return np.asarray(im.convert("RGB").resize((size, size), Image.BILINEAR), dtype=np.float32) / 255

    def run():
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(load, files))

    return timed(run, 3, warmup=1)


def main():
    row, size, batch, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    x = torch.rand(batch, 3, size, size)
    if row == "convae-train":
        model = conv_ae()
        ms = train_row(model, lambda v: F.mse_loss(model(v), v), x, steps)
    elif row == "convae-head-train":
        model = conv_ae(output_conv=True)
        ms = train_row(model, lambda v: F.mse_loss(model(v), v), x, steps)
    elif row == "convae-infer":
        model = conv_ae()
        ms = infer_row(model, x, steps)
    elif row == "vae-train":
        model = Vae(size)
        ms = train_row(model, model.loss, x, steps)
    elif row == "mobilenet":
        ms = infer_row(mobilenet_v1(0.75), x, steps)
    elif row == "gemm":
        a, b = torch.rand(size * size, 512), torch.rand(512, 512)
        ms = timed(lambda: a @ b, steps)
    elif row == "decode":
        files = open(sys.argv[5]).read().split("\n")
        files = [f for f in files if f]
        ms = decode_row(files, size)
        batch = len(files)
    else:
        raise SystemExit(f"unknown row {row}")
    print(json.dumps({"ms": ms, "img_s": batch * 1000 / ms, "threads": torch.get_num_threads(), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
