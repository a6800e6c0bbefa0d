#!/usr/bin/python3
"""fake-modelzoo-main (tests only): the HiSpark modelzoo yolov8 sample's `main` as a board runs it:
`./main --acl ../src/acl.json --model M.om --input file_list.json [--output DIR] [--loop N]`.

It reads the fake ATC's .om (magic, SoC, the source ONNX), runs the ONNX in float with the shared numpy evaluator
(test/fakes/python/onnx_numpy.py; a real board runs the quantized model on the NPU), letterboxes each image of the
JSON list like Ultralytics (114 pad), decodes the YOLOv8 head ([1, 4+C, N], conf 0.001, class-aware NMS IoU 0.7,
300 boxes) and writes `<stem>_detResult.txt` per image in the SDK sample's format (first line `W H` of the image,
then `classId score x1 y1 x2 y2`), then prints `[INFO]  time: <us>, fps: <x>` like the sample.
FAKE_HISI_RUNNER_MODE: crash (SIGSEGV after loading), no-results (runs, writes no file), hang (after loading).
"""
import argparse
import json
import os
import signal
import sys
import time

import cv2
import numpy as np
import onnx

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "python"))
import onnx_numpy  # noqa: E402

CONF, IOU, MAX_DET = 0.001, 0.7, 300


def load_om(path):
    data = open(path, "rb").read()
    parts = data.split(b"\x00", 2)
    if len(parts) < 3 or parts[0] != b"fake-om":
        print(f"[ERROR] {path} is not an offline model (.om) this runtime can load", flush=True)
        sys.exit(1)
    return parts[1].decode(), onnx.load_from_string(parts[2])


def letterbox(image, size):
    h0, w0 = image.shape[:2]
    r = min(size / h0, size / w0)
    w, h = int(round(w0 * r)), int(round(h0 * r))
    if (w, h) != (w0, h0):
        image = cv2.resize(image, (w, h), interpolation=cv2.INTER_LINEAR)
    dw, dh = (size - w) / 2, (size - h) / 2
    top, bottom, left, right = round(dh - 0.1), round(dh + 0.1), round(dw - 0.1), round(dw + 0.1)
    image = cv2.copyMakeBorder(image, top, bottom, left, right, cv2.BORDER_CONSTANT, value=(114, 114, 114))
    x = image[:, :, ::-1].transpose(2, 0, 1)[None].astype(np.float32) / 255.0
    return np.ascontiguousarray(x), r, left, top


def nms(boxes, scores, iou):
    order, keep = scores.argsort()[::-1], []
    area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    while order.size:
        i = order[0]
        keep.append(i)
        xx1, yy1 = np.maximum(boxes[i, 0], boxes[order[1:], 0]), np.maximum(boxes[i, 1], boxes[order[1:], 1])
        xx2, yy2 = np.minimum(boxes[i, 2], boxes[order[1:], 2]), np.minimum(boxes[i, 3], boxes[order[1:], 3])
        inter = np.clip(xx2 - xx1, 0, None) * np.clip(yy2 - yy1, 0, None)
        order = order[1:][inter / (area[i] + area[order[1:]] - inter + 1e-9) <= iou]
    return np.array(keep, dtype=int)


def decode(out):
    pred = out[0]
    xyxy = np.stack([pred[0] - pred[2] / 2, pred[1] - pred[3] / 2, pred[0] + pred[2] / 2, pred[1] + pred[3] / 2], 1)
    anchor, cls = np.nonzero(pred[4:].T > CONF)
    boxes, scores = xyxy[anchor], pred[4:].T[anchor, cls]
    keep = nms(boxes + cls[:, None] * 7680.0, scores, IOU)[:MAX_DET]
    return boxes[keep], scores[keep], cls[keep]


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--acl", required=True)
    args.add_argument("--model", required=True)
    args.add_argument("--input", required=True)
    args.add_argument("--output")
    args.add_argument("--loop", type=int, default=1)
    a = args.parse_args()
    if not os.path.isfile(a.acl):
        print(f"[ERROR] acl config {a.acl} does not exist", flush=True)
        sys.exit(1)
    soc, model = load_om(a.model)
    print(f"[INFO]  load model {a.model} success (soc {soc})", flush=True)
    mode = os.environ.get("FAKE_HISI_RUNNER_MODE", "")
    if mode == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    if mode == "hang":
        time.sleep(3600)
    size = model.graph.input[0].type.tensor_type.shape.dim[2].dim_value
    images = json.load(open(a.input))
    out_dir = a.output or os.path.join(os.path.dirname(os.path.abspath(a.input)), "result")
    os.makedirs(out_dir, exist_ok=True)
    seconds = 0.0
    for path in images:
        image = cv2.imread(path)
        if image is None:
            print(f"[ERROR] read image {path} failed", flush=True)
            sys.exit(1)
        x, r, left, top = letterbox(image, size)
        start = time.perf_counter()
        for _ in range(a.loop):
            out = onnx_numpy.run(model, {model.graph.input[0].name: x})[0]
        seconds += time.perf_counter() - start
        boxes, scores, cls = decode(np.asarray(out, dtype=np.float32))
        h0, w0 = image.shape[:2]
        boxes = (boxes - [left, top, left, top]) / r
        boxes = np.clip(boxes, 0, [w0, h0, w0, h0])
        if mode == "no-results":
            continue
        stem = os.path.splitext(os.path.basename(path))[0]
        rows = [f"{w0} {h0}"] + [
            f"{c} {s:.6f} {b[0]:.3f} {b[1]:.3f} {b[2]:.3f} {b[3]:.3f}" for b, s, c in zip(boxes, scores, cls)
        ]
        open(os.path.join(out_dir, f"{stem}_detResult.txt"), "w").write("\n".join(rows) + "\n")
    frames = len(images) * a.loop
    print(f"[INFO]  time: {int(seconds * 1e6)}, fps: {frames / seconds if seconds else 0:.6f}", flush=True)


main()
