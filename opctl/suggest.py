"""Did-you-mean: the one way opctl suggests the name a user probably meant.

First a candidate equal to the word once both are normalised (another case, by default), then the
closest spelling by difflib among candidates of about the same length. :class:`Suggester` keeps a
comparison budget for checks that may suggest thousands of times in one hostile document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Normalise = Callable[[str], str]


def closest(
    word: str,
    candidates: Iterable[str],
    *,
    cutoff: float = 0.6,
    window: int | None = None,
    normalise: Normalise = str.lower,
    spell_normalised: bool = False,
) -> str | None:
    """The candidate ``word`` probably meant, or None.

    ``window``: only candidates whose length differs by at most this much are compared by spelling;
    ``spell_normalised``: compare the normalised forms by spelling too (``normalise`` squashing
    separators, say).
    """
    by_form: dict[str, str] = {}
    for candidate in candidates:
        by_form.setdefault(normalise(candidate), candidate)
    form = normalise(word)
    if form in by_form:
        return by_form[form]
    import difflib

    target = form if spell_normalised else word
    pool = by_form if spell_normalised else {c: c for c in by_form.values()}
    options = [key for key in pool if window is None or abs(len(key) - len(target)) <= window]
    close = difflib.get_close_matches(target, options, n=1, cutoff=cutoff)
    return pool[close[0]] if close else None


def did_you_mean(word: str, candidates: Iterable[str], *, window: int | None = None) -> str:
    """``" (did you mean 'x'?)"`` for the closest candidate, or ``""``."""
    match = closest(word, candidates, window=window)
    return f" (did you mean '{match}'?)" if match else ""


# How much better the best candidate must be than the runner-up for a correction to be unambiguous.
_MARGIN = 0.1
_CUTOFF = 0.75


def unique_match(word: str, candidates: Iterable[str]) -> str | None:
    """The one candidate ``word`` was meant to be, or None when there is none or several.

    The same letters in another case when only one candidate has them; otherwise the closest
    spelling, when it is close (difflib ratio >= 0.75) and clearly closer than any other (by 0.1).
    """
    options = [c for c in set(candidates) if c != word]
    folded = [c for c in options if c.lower() == word.lower()]
    if folded:
        return folded[0] if len(folded) == 1 else None
    if len(word) > 200:
        return None
    import difflib

    matcher = difflib.SequenceMatcher(b=word)
    scores = []
    for option in options:
        matcher.set_seq1(option)
        if matcher.real_quick_ratio() >= _CUTOFF and matcher.quick_ratio() >= _CUTOFF:
            scores.append((matcher.ratio(), option))
    scores.sort(reverse=True)
    if not scores or scores[0][0] < _CUTOFF:
        return None
    if len(scores) > 1 and scores[0][0] - scores[1][0] < _MARGIN:
        return None
    return scores[0][1]


class Suggester:
    """Suggestions over a fixed set of names, within a budget of compared candidates.

    difflib costs O(len(candidates)) per lookup; past ``budget`` compared candidates (hostile or
    generated input with thousands of bad names) only the normalised match is offered.
    """

    def __init__(self, candidates: Iterable[str], budget: int | None = None, *, window: int | None = None) -> None:
        self.options = list(dict.fromkeys(candidates))
        self.folded: dict[str, str] = {}
        for option in self.options:
            self.folded.setdefault(option.lower(), option)
        self.budget = budget
        self.window = window

    def closest(self, word: str) -> str | None:
        match = self.folded.get(word.lower())
        if match is not None:
            return match
        cost = len(self.options)
        if self.budget is not None:
            if cost > self.budget:
                return None
            self.budget -= cost
        return closest(word, self.options, window=self.window)

    def __call__(self, word: str) -> str:
        """``"; did you mean 'x'?"`` for the closest candidate, or ``""``."""
        match = self.closest(word)
        return f"; did you mean '{match}'?" if match else ""
