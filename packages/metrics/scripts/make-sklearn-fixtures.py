"""Writes src/__fixtures__/sklearn-extra.json: report text, ROC curves, zero_division=1 and top-k ties,
computed by scikit-learn 1.2 (Debian: apt-get install python3-sklearn; run with /usr/bin/python3).
These are an independent truth for the tests; the TypeScript code never produced any of these values."""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn import metrics

warnings.filterwarnings("ignore")
assert sklearn.__version__.startswith("1.2"), sklearn.__version__
rng = np.random.default_rng(20261122)

reports = []

def report_case(name, y_true, y_pred, num_classes, digits, label_names=None, zero_division=0):
    labels = list(range(num_classes))
    text = metrics.classification_report(
        y_true, y_pred, labels=labels, target_names=label_names, digits=digits, zero_division=zero_division
    )
    d = metrics.classification_report(
        y_true, y_pred, labels=labels, target_names=label_names, output_dict=True, zero_division=zero_division
    )
    names = label_names or [str(c) for c in labels]
    reports.append({
        "name": name,
        "yTrue": [int(v) for v in y_true],
        "yPred": [int(v) for v in y_pred],
        "numClasses": num_classes,
        "digits": digits,
        "labelNames": label_names,
        "zeroDivision": zero_division,
        "text": text,
        "perClass": [{k: float(d[n][k]) for k in ("precision", "recall", "f1-score", "support")} for n in names],
        "macro": {k: float(d["macro avg"][k]) for k in ("precision", "recall", "f1-score", "support")},
        "weighted": {k: float(d["weighted avg"][k]) for k in ("precision", "recall", "f1-score", "support")},
        "accuracy": float(d["accuracy"] if "accuracy" in d else d["micro avg"]["f1-score"]),
        "accuracyRow": "accuracy" in d,
    })

y = rng.integers(0, 10, 300)
p = np.where(rng.random(300) < 0.8, y, rng.integers(0, 10, 300))
report_case("ten classes, 4 digits", y, p, 10, 4)
report_case("ten classes, 2 digits", y, p, 10, 2)
report_case("ten classes, long names, 3 digits", y, p, 10, 3,
            ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine (a long name)"])
# 1 correct out of 32 predictions of class 0: precision 0.03125, an exact tie at 4 digits (Python rounds to even).
y2 = np.array([0] + [1] * 31 + [0] * 7)
p2 = np.array([0] * 32 + [1] * 7)
report_case("exact rounding tie", y2, p2, 2, 4)
report_case("class absent from truth and predictions, zero_division=1", np.array([0, 1, 1, 0, 1]), np.array([0, 1, 0, 0, 1]), 3, 4, None, 1)
report_case("single class, perfect", np.array([2, 2, 2]), np.array([2, 2, 2]), 3, 4)
report_case("digits 12", y[:40], p[:40], 10, 12)

rocs = []
def roc_case(name, y_true, score, drop):
    fpr, tpr, thr = metrics.roc_curve(y_true, score, drop_intermediate=drop)
    rocs.append({
        "name": name,
        "yTrueBinary": [int(v) for v in y_true],
        "scores": [float(v) for v in score],
        "dropIntermediate": drop,
        "fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": thr.tolist(),
        "auc": float(metrics.roc_auc_score(y_true, score)),
    })

yt = rng.integers(0, 2, 200)
sc = np.round(rng.random(200) * 0.6 + yt * 0.3, 1)  # few distinct values: many ties
for drop in (True, False):
    roc_case(f"ties, drop_intermediate={drop}", yt, sc, drop)
sc2 = rng.normal(size=300) + rng.integers(0, 2, 300)
yt2 = (sc2 + rng.normal(size=300) > 0.5).astype(int)
for drop in (True, False):
    roc_case(f"continuous with negatives, drop_intermediate={drop}", yt2, sc2, drop)
roc_case("docstring example", np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]), True)

# Multiclass scores with many ties (values on a coarse grid), for top-k and OvR AUC.
n, c = 400, 5
raw = rng.integers(0, 4, (n, c)).astype(float) + 0.01
scores = raw / raw.sum(axis=1, keepdims=True)
yc = rng.integers(0, c, n)
multi = {
    "yTrue": yc.tolist(), "yScore": scores.tolist(), "numClasses": c,
    "topK": {str(k): float(metrics.top_k_accuracy_score(yc, scores, k=k, labels=range(c))) for k in (1, 2, 3, 4)},
    "perClassRocAuc": [float(metrics.roc_auc_score(yc == k, scores[:, k])) for k in range(c)],
    "rocAucOvrMacro": float(metrics.roc_auc_score(yc, scores, multi_class="ovr", average="macro")),
    "rocAucOvrWeighted": float(metrics.roc_auc_score(yc, scores, multi_class="ovr", average="weighted")),
    "logLoss": float(metrics.log_loss(yc, scores, labels=range(c))),
    "cohenKappa": float(metrics.cohen_kappa_score(yc, scores.argmax(1))),
    "matthewsCorrcoef": float(metrics.matthews_corrcoef(yc, scores.argmax(1))),
    "balancedAccuracy": float(metrics.balanced_accuracy_score(yc, scores.argmax(1))),
}

out = {
    "generator": f"scripts/make-sklearn-fixtures.py, scikit-learn {sklearn.__version__}, numpy {np.__version__}",
    "reports": reports, "rocCurves": rocs, "multiclassTies": multi,
}
path = os.path.join(os.path.dirname(__file__), "..", "src", "__fixtures__", "sklearn-extra.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path, file=sys.stderr)
