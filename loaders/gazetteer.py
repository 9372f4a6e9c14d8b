"""The gazetteer: every label of the reference data, matched longest-first on word boundaries.

Why generated: adding an entity or a spelling is a data change in ontology/reference/*.ttl,
never a code change. Labels are skos:prefLabel/altLabel/hiddenLabel/notation and rdfs:label;
the kind of a thing is read from its IRI pattern (docs/model.md), e.g. id/country/vn → "country".

Matching works on a word-token index of fold keys (lower-case, every dash as '-', old tone
placement folded), which are length-preserving, so offsets carry over to the text unchanged:
one dictionary probe per (position, candidate length) instead of one regex per alias. Labels of
three or more words are also matched without diacritics (typos such as "Công đồng"); such hits
are marked fuzzy. Case rules stop short labels matching common words: an acronym ("IAI") must
match in capitals, a one-word name ("Lào") must be capitalised, and one-word lower-case labels
are not matched at all.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from graph.model import BASE
from loaders.mention import Mention
from loaders.normalise import ascii_fold, tone_fold

__all__ = ["LEXICON_SCHEMES", "Gazetteer", "Label", "iri_kind"]

_TOKEN = re.compile(r"\w+|[^\w\s]")
_BRACKETED = re.compile(r"\(([A-Z][A-Z0-9&]{1,9})\)")
_ID = BASE + "id/"
# Concept schemes used by the rules as lexicons (counted nouns, titles, verbs), not as mentions.
LEXICON_SCHEMES = frozenset({"measure", "unit", "role", "action"})
# When one label names several things, prefer the more specific kind.
_KIND_ORDER = ["person", "workplan", "actionplan", "nationalscheme", "legislation", "report",
               "framework", "series", "org", "initiative", "country", "place", "concept"]


_NAMES = frozenset({"org", "country", "place", "person", "initiative", "series"})


def iri_kind(iri: str) -> tuple[str, str | None]:
    """('country', None) for id/country/vn; ('concept', 'measure') for id/concept/measure/x."""
    if not iri.startswith(_ID):
        return "", None
    parts = iri[len(_ID):].split("/")
    if parts[0] == "concept" and len(parts) > 2:
        return "concept", parts[1]
    return parts[0], None


@dataclass(frozen=True)
class Label:
    """One label of one thing, with the language it was written in."""

    iri: URIRef
    text: str
    lang: str | None
    kind: str
    scheme: str | None
    prop: str  # pref | alt | hidden | notation | label


@dataclass
class _Entry:
    labels: list[Label] = field(default_factory=list)


def _tokens(key: str, original: str | None = None) -> list[tuple[str, int, int]]:
    """Word and punctuation tokens; a bracketed acronym "(IAI)" is skipped so that
    "Initiative for ASEAN Integration (IAI) Task Force" still matches its label."""
    toks = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(key)]
    src = original if original is not None else key
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(toks):
        if toks[i][0] == "(" and i + 2 < len(toks) and toks[i + 2][0] == ")" and i > 0 \
                and i + 3 < len(toks) and _is_acronym(src[toks[i + 1][1]:toks[i + 1][2]]) \
                and toks[i + 3][0][:1].isalnum():
            i += 3
            continue
        out.append(toks[i])
        i += 1
    return out


def _add_len(index: dict[str, list[int]], first: str, length: int) -> None:
    lengths = index.setdefault(first, [])
    if length not in lengths:
        lengths.append(length)
        lengths.sort(reverse=True)


def _case_info(lab: Label) -> tuple[tuple[int, ...], bool]:
    """Which label tokens are acronyms (must match in capitals) and whether the first word
    must be capitalised (one- or two-word names: "Lào", "Chính phủ")."""
    ltoks = [t for t, _, _ in _tokens(lab.text)]
    acronyms = tuple(k for k, t in enumerate(ltoks) if _is_acronym(t))
    words = [t for t in ltoks if t[:1].isalnum()]
    needs_cap = bool(ltoks) and ltoks[0][:1].isupper() and (
        len(ltoks) == 1 or (len(words) <= 2 and lab.kind in _NAMES))
    return acronyms, needs_cap


def _is_acronym(tok: str) -> bool:
    letters = [c for c in tok if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class Gazetteer:
    """Labels of the reference graph → matcher returning Mentions with canonical IRIs."""

    def __init__(self, labels: list[Label]) -> None:
        self.labels = labels
        self._exact: dict[tuple[str, ...], list[Label]] = {}
        self._fuzzy: dict[tuple[str, ...], list[Label]] = {}
        self._first: dict[str, list[int]] = {}
        self._first_fuzzy: dict[str, list[int]] = {}
        self._case: dict[int, tuple[tuple[int, ...], bool]] = {}
        self.by_iri: dict[URIRef, list[Label]] = {}
        for lab in labels:
            self.by_iri.setdefault(lab.iri, []).append(lab)
            if lab.kind == "concept" and lab.scheme in LEXICON_SCHEMES:
                continue
            toks = tuple(t for t, _, _ in _tokens(tone_fold(lab.text), lab.text))
            words = [t for t in toks if t[0].isalnum()]
            if not words:
                continue
            if len(toks) == 1 and lab.text.lower() == lab.text:
                continue  # a one-word lower-case label matches too many ordinary words
            self._exact.setdefault(toks, []).append(lab)
            _add_len(self._first, toks[0], len(toks))
            self._case[id(lab)] = _case_info(lab)
            if len(words) >= 3:
                ftoks = tuple(t for t, _, _ in _tokens(ascii_fold(lab.text), lab.text))
                self._fuzzy.setdefault(ftoks, []).append(lab)
                _add_len(self._first_fuzzy, ftoks[0], len(ftoks))

    @classmethod
    def from_graph(cls, graph: Graph) -> Gazetteer:
        """Every label of every thing under id/ in ``graph``."""
        props = {SKOS.prefLabel: "pref", SKOS.altLabel: "alt", SKOS.hiddenLabel: "hidden",
                 SKOS.notation: "notation", RDFS.label: "label"}
        seen: set[tuple[str, str, str | None]] = set()
        labels: list[Label] = []
        for prop, name in props.items():
            for s, o in graph.subject_objects(prop):
                if not isinstance(s, URIRef):
                    continue
                kind, scheme = iri_kind(str(s))
                if not kind or kind in ("conceptscheme", "source", "annotation", "mention"):
                    continue
                text = str(o).strip()
                lang = getattr(o, "language", None)
                key = (str(s), text, lang)
                if not text or key in seen:
                    continue
                seen.add(key)
                labels.append(Label(s, text, lang, kind, scheme, name))
        labels.sort(key=lambda lab: (str(lab.iri), lab.text, lab.lang or ""))
        return cls(labels)

    # ------------------------------------------------------------------ lookup helpers

    def pref_label(self, iri: URIRef, lang: str = "en") -> str | None:
        labs = self.by_iri.get(iri, [])
        for want in (("pref", lang), ("label", lang), ("pref", None), ("label", None)):
            for lab in labs:
                if lab.prop == want[0] and (want[1] is None or lab.lang == want[1]):
                    return lab.text
        return labs[0].text if labs else None

    def concepts(self, scheme: str) -> dict[URIRef, list[Label]]:
        """Concepts of one scheme with their labels (for the rules' lexicons)."""
        return {i: labs for i, labs in self.by_iri.items()
                if labs and labs[0].kind == "concept" and labs[0].scheme == scheme}

    def demonym_country(self, word: str) -> URIRef | None:
        """'Lao' → Laos: a capitalised word that begins the labels of exactly one country
        ("Lao PDR", "Lao People's Democratic Republic"); used before a leader's title."""
        index = getattr(self, "_first_word_country", None)
        if index is None:
            index = {}
            for lab in self.labels:
                if lab.kind == "country":
                    first = lab.text.split()[0] if lab.text.split() else ""
                    index.setdefault(first, set()).add(lab.iri)
            self._first_word_country = index
        found = index.get(word, set())
        return next(iter(found)) if len(found) == 1 else None

    # ------------------------------------------------------------------ matching

    def match(self, text: str, allowed: list[tuple[int, int]] | None = None,
              lang: str | None = None) -> list[Mention]:
        """Longest non-overlapping gazetteer hits in ``text`` (exact first, then fuzzy).

        With ``lang``, a one-word label written in another language is not used ("Lao"@en is
        not Laos inside "Bộ Lao động"); acronyms count in every language."""
        self._lang = lang
        exact = self._scan(text, tone_fold(text), self._exact, self._first, fuzzy=False)
        taken = sorted(exact, key=lambda m: m.start)
        if self._fuzzy:
            starts = [m.start for m in taken]
            extra = []
            for m in self._scan(text, ascii_fold(text), self._fuzzy, self._first_fuzzy,
                                fuzzy=True):
                i = bisect.bisect_left(starts, m.end)
                if i == 0 or taken[i - 1].end <= m.start:  # no exact hit overlaps it
                    extra.append(m)
            taken = sorted(taken + extra, key=lambda m: m.start)
        taken = self._bracketed_acronyms(text, taken)
        if allowed is not None:
            spans = sorted(allowed)
            begins = [a for a, _ in spans]
            kept = []
            for m in taken:
                i = bisect.bisect_right(begins, m.start) - 1
                if i >= 0 and m.end <= spans[i][1]:
                    kept.append(m)
            taken = kept
        return taken

    def _bracketed_acronyms(self, text: str, taken: list[Mention]) -> list[Mention]:
        """'(CLMV)' after a list of names: the acronym is a mention of its own."""
        starts = [m.start for m in taken]
        extra = []
        for m in _BRACKETED.finditer(text):
            s, e = m.start(1), m.end(1)
            i = bisect.bisect_right(starts, s) - 1
            if i >= 0 and taken[i].end > s:
                continue
            glossed = taken[i] if i >= 0 and text[taken[i].end:m.start()].strip() == "" else None
            inner = {x.iri for x in self.nested(text, [glossed])} if glossed is not None else set()
            for lab in self._exact.get((tone_fold(m.group(1)),), []):
                if lab.iri in inner:
                    break  # "Nhóm Đặc trách … ASEAN (IAI)": the acronym glosses part of a name
                if _is_acronym(lab.text) and self._lang_ok(lab, 1):
                    extra.append(Mention(s, e, m.group(1), lab.kind, lab.iri, False, lab.scheme))
                    break
        return sorted(taken + extra, key=lambda m: m.start) if extra else taken

    def nested(self, text: str, outer: list[Mention]) -> list[Mention]:
        """Mentions inside other mentions ("Việt Nam" in "Phái đoàn Việt Nam tại ASEAN")."""
        out: list[Mention] = []
        for m in outer:
            if m.end - m.start < 4 or " " not in m.surface:
                continue
            key = tone_fold(text[m.start:m.end])
            for inner in self._scan(text[m.start:m.end], key, self._exact, self._first,
                                    fuzzy=False, exclude=m.iri, whole=False):
                out.append(Mention(inner.start + m.start, inner.end + m.start, inner.surface,
                                   inner.kind, inner.iri, inner.fuzzy, inner.scheme))
        return out

    def _scan(self, text: str, key: str, index: dict[tuple[str, ...], list[Label]],
              first: dict[str, list[int]], *, fuzzy: bool, exclude: URIRef | None = None,
              whole: bool = True) -> list[Mention]:
        toks = _tokens(key, text)
        words = [t for t, _, _ in toks]
        out: list[Mention] = []
        i, n = 0, len(toks)
        while i < n:
            lengths = first.get(words[i])
            hit = None
            if lengths:
                for length in lengths:
                    if i + length > n:
                        continue
                    cand = index.get(tuple(words[i:i + length]))
                    if not cand:
                        continue
                    start, end = toks[i][1], toks[i + length - 1][2]
                    if not whole and start == 0 and end == len(text):
                        continue
                    ok = [lab for lab in cand if lab.iri != exclude
                          and self._case_fast(lab, text, toks, i)
                          and self._lang_ok(lab, length)]
                    if ok:
                        hit = (length, start, end, ok)
                        break
            if hit is None:
                i += 1
                continue
            length, start, end, ok = hit
            ok.sort(key=lambda lab: (_KIND_ORDER.index(lab.kind)
                                     if lab.kind in _KIND_ORDER else 99, str(lab.iri)))
            lab = ok[0]
            out.append(Mention(start, end, text[start:end], lab.kind, lab.iri,
                               fuzzy or lab.prop == "hidden", lab.scheme))
            i += length
        return out

    def _case_fast(self, lab: Label, text: str, toks: list[tuple[str, int, int]],
                   i: int) -> bool:
        info = self._case.get(id(lab))
        if info is None:
            info = self._case[id(lab)] = _case_info(lab)
        acronyms, needs_cap = info
        for k in acronyms:
            _, a, b = toks[i + k]
            surface = text[a:b]
            if surface.upper() != surface:
                return False
        if needs_cap:
            return text[toks[i][1]].isupper()
        return True

    def _lang_ok(self, lab: Label, length: int) -> bool:
        lang = getattr(self, "_lang", None)
        if lang is None or length > 1 or lab.lang in (None, lang) or _is_acronym(lab.text):
            return True
        return False

    @staticmethod
    def _case_ok(lab: Label, surface: str) -> bool:
        ltoks = [t for t, _, _ in _tokens(lab.text)]
        stoks = [surface[a:b] for _, a, b in _tokens(tone_fold(surface), surface)]
        if len(ltoks) != len(stoks):
            return False
        for lt, st in zip(ltoks, stoks, strict=True):
            if _is_acronym(lt) and not _is_acronym(st) and st.upper() != st:
                return False
        words = [t for t in ltoks if t[:1].isalnum()]
        if len(words) <= 2 and lab.kind in _NAMES and ltoks[0][:1].isupper() \
                and not stoks[0][:1].isupper():
            return False  # "Chính phủ" (the Government) is not "chính phủ" (governments)
        return True
