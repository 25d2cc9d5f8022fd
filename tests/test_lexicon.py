"""The red-flag lexicon is one flat module of constants: each name once."""

import ast
from collections import Counter
from pathlib import Path

LEXICON = Path(__file__).parents[1] / "kyphobot" / "nlp" / "lexicon.py"


def test_no_lexicon_name_is_assigned_twice() -> None:
    # A second assignment silently replaces the first for every reader: a new
    # PROCEDURE_WORDS once dropped "op" from "pain after my op".
    tree = ast.parse(LEXICON.read_text(encoding="utf-8"))
    names = Counter(
        target.id
        for node in tree.body
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    )
    assert [name for name, count in names.items() if count > 1] == []
