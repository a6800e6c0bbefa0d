"""Exports one TinyYOLOv8 (trained weights or a seeded random init) in several output layouts.

    /usr/bin/python3 resources/demo/export_layouts.py --out-dir DIR [--weights demo-yolov8.pt] [--imgsz 160] [--nc 4]

Writes DIR/single.onnx (official [1,4+C,N]), DIR/split.onnx (rknn_model_zoo 9 outputs, sigmoid cls)
and DIR/split-logits.onnx (same without the cls sigmoid). Same weights, so every decoder must give
the same detections on all three.
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tiny_yolov8 import TinyYOLOv8  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out-dir', required=True)
    ap.add_argument('--weights')
    ap.add_argument('--imgsz', type=int, default=160)
    ap.add_argument('--nc', type=int, default=4)
    args = ap.parse_args()
    torch.manual_seed(0)
    model = TinyYOLOv8(args.nc)
    model.detect.bias_init(args.imgsz)
    if args.weights:
        model.load_state_dict(torch.load(args.weights))
    model.eval()
    os.makedirs(args.out_dir, exist_ok=True)
    dummy = torch.zeros(1, 3, args.imgsz, args.imgsz)
    for layout in ('single', 'split', 'split-logits'):
        model.detect.export = layout
        n_out = 1 if layout == 'single' else 9
        names = ['output0'] if layout == 'single' else [f'{k}{i}' for i in range(3) for k in ('box', 'cls', 'score_sum')]
        torch.onnx.export(model, dummy, os.path.join(args.out_dir, f'{layout}.onnx'), opset_version=12, input_names=['images'], output_names=names[:n_out])
    print('ok', flush=True)


if __name__ == '__main__':
    main()
