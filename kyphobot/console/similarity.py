"""Group similar patient questions so staff see what is asked most.

TF-IDF over character n-grams (robust to typos and SMS spelling, which
patients use a lot) and average-linkage clustering on cosine distance: a
message joins a group when it is, on average, close to everything in it,
which avoids the long chains single-linkage makes.
"""

from typing import List, Sequence

#: Cosine similarity two questions need, on average, to share a group.
DEFAULT_SIMILARITY = 0.35
#: Pairwise distances grow with the square of the number of messages.
MAXIMUM_MESSAGES = 2000


def group_similar(
    texts: Sequence[str], similarity: float = DEFAULT_SIMILARITY
) -> List[List[int]]:
    """Group the indices of ``texts``: biggest group first, input order within.

    Groups of equal size keep the order of their first member, so a caller
    that passes newest messages first sees the newest topics first.
    """
    if len(texts) > MAXIMUM_MESSAGES:
        raise ValueError(f"at most {MAXIMUM_MESSAGES} messages can be grouped")
    if len(texts) < 2:
        return [[i] for i in range(len(texts))]
    # Imported here: scikit-learn takes a second to load and only this report
    # needs it.
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    vectors = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), lowercase=True, sublinear_tf=True
    ).fit_transform([" ".join(t.split()) for t in texts])
    distances = cosine_distances(vectors)
    labels = AgglomerativeClustering(
        n_clusters=None,
        affinity="precomputed",
        linkage="average",
        distance_threshold=1.0 - similarity,
    ).fit_predict(distances)
    groups: dict = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return sorted(groups.values(), key=lambda members: (-len(members), members[0]))
