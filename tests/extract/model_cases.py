"""Notes and scripted model answers shared by the model-extraction tests of this folder."""

from __future__ import annotations

NOTES = """办公室报来：今年共收到政府信息公开申请十二件，其中自然人申请10件，商业企业2件。
予以公开8件，部分公开2件。行政复议3件，其中维持2件，纠正1件，其他结果0件，尚未审结0件。
收费方面：全年收取行政事业性收费25000元。主动公开信息500条。"""

T4_GROUP = ("upheld", "corrected", "other", "pending")


def cell(key, value, evidence):
    return {"key": key, "value": value, "evidence": evidence}


GOOD_T4 = [
    cell("t4.review.upheld", 2, "维持2件"),
    cell("t4.review.corrected", 1, "纠正1件"),
    cell("t4.review.other", 0, "其他结果0件"),
    cell("t4.review.pending", 0, "尚未审结0件"),
    cell("t4.review.total", 3, "行政复议3件"),
]


def wrong_t4(total):
    return [*GOOD_T4[:4], cell("t4.review.total", total, "行政复议3件")]
