"""Sentences frequent across the indexed corpus are boilerplate for the review (the index holds
section chunks, not the preamble: a few of the texts' frequent sentences are not in it)."""

from __future__ import annotations

from assistant.boilerplate import key, sentence_keys
from assistant.config import get_settings
from assistant.corpus.index import CorpusIndex
from assistant.review import corpus_boilerplate, frequent_sentences
from assistant.testing.synthetic import synthetic_report


def test_corpus_boilerplate_reads_the_indexed_chunks(tmp_path):
    reports = [synthetic_report(i) for i in range(0, 120, 4)]
    index = CorpusIndex()
    index.add_reports([(r, f"k{i}", f"r{i}.txt", f"sha{i}") for i, r in enumerate(reports)])
    index.flush()
    index.close()
    from_index = corpus_boilerplate(get_settings().data_dir)
    from_texts = frequent_sentences((r.agency or "", r.text) for r in reports)
    assert from_index and len(from_index & from_texts) >= 0.8 * len(from_texts), (len(from_index), len(from_texts))
    # A template sentence every synthetic organ may draw is there; an organ's own name is not.
    common = key("严格落实公开前保密审查制度，坚持先审查、后公开，全年未发生泄密事件。")
    assert common in from_index
    assert not any(reports[0].agency in k for k in from_index)


def test_no_index_no_corpus_boilerplate(tmp_path):
    assert corpus_boilerplate(tmp_path / "nothing") == frozenset()


def test_sentence_keys_mask_numbers_and_years():
    keys = sentence_keys("2022年，全年收到申请12件，均按期答复。\n本局加强培训3次，提升能力。")
    assert keys == {key("#年，全年收到申请#件，均按期答复。"), key("本局加强培训#次，提升能力。")}
