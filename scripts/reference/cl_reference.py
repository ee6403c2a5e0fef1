"""Reference for the label-issue check (issue #12): scikit-learn 5-fold logistic regression +
cleanlab's find_label_issues on a real set with 10 % of its labels flipped (seeded).

    python3 cl_reference.py digits OUT.json            # scikit-learn's 8x8 digits (1,797 images)
    python3 cl_reference.py fashion OUT.json DIR N     # the first N Fashion-MNIST test images (DIR holds t10k-*.gz)

Writes the features, the noisy labels, the flipped indices, scikit-learn's out-of-fold
probabilities and cleanlab's precision/recall/F1, for cl-reference.ts to compare with ViT Studio's
own folds and confident learning. Needs numpy, scikit-learn and cleanlab (its source on PYTHONPATH
is enough).
"""
import gzip
import json
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from cleanlab.filter import find_label_issues


def load(which):
    if which == 'digits':
        from sklearn.datasets import load_digits
        d = load_digits()
        return d.data.astype(np.float32), d.target
    folder, n = sys.argv[3], int(sys.argv[4])
    with gzip.open(f'{folder}/t10k-images-idx3-ubyte.gz') as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)[:n].astype(np.float32) / 255
    with gzip.open(f'{folder}/t10k-labels-idx1-ubyte.gz') as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8)[:n].astype(int)
    return x, y


which, out = sys.argv[1], sys.argv[2]
x, truth = load(which)
K = int(truth.max()) + 1
rng = np.random.default_rng(0)
labels = truth.copy()
flip = rng.random(len(labels)) < 0.1
labels[flip] = (truth[flip] + rng.integers(1, K, flip.sum())) % K
flipped = np.flatnonzero(flip)

model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=300))
probs = cross_val_predict(model, x, labels, cv=StratifiedKFold(5, shuffle=True, random_state=0), method='predict_proba')
issues = find_label_issues(labels, probs, return_indices_ranked_by='self_confidence', n_jobs=1)
hits = len(set(issues) & set(flipped))
p, r = hits / max(len(issues), 1), hits / len(flipped)
f1 = 2 * p * r / max(p + r, 1e-12)
print(f'{which}: n={len(labels)} K={K} flipped={len(flipped)} sklearn out-of-fold accuracy vs truth {np.mean(probs.argmax(1) == truth):.3f}; '
      f'cleanlab flagged {len(issues)}: precision {p:.3f} recall {r:.3f} F1 {f1:.3f}')
json.dump({'name': which, 'n': len(labels), 'd': x.shape[1], 'K': K, 'x': x.ravel().round(5).tolist(), 'labels': labels.tolist(),
           'truth': truth.tolist(), 'flipped': flipped.tolist(), 'probs': probs.ravel().tolist(), 'cleanlab_issues': issues.tolist(),
           'reference': {'precision': p, 'recall': r, 'f1': f1}}, open(out, 'w'))
