import sys
sys.path.insert(0, "/work/main/tests")
from test_retrieval import *
def test_dbg(index):
    import numpy as np
    r = Retriever(index)
    f = r.filters(organ=report_params(2)[0])
    m = index.keyword.mask(f)
    print("mask", None if m is None else m.sum(), index.keyword.size, index.local_vectors.available(len(m)), index.local_vectors.matrix is None)
    rows = np.flatnonzero(m)
    emb = index.ef.embed_query(["政府网站"])[0]
    print(index.local_vectors.search(emb, rows, 5))
    assert 0
