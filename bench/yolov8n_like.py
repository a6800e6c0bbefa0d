"""A YOLOv8n-size detector (Ultralytics layout, ~3.2 M parameters, weights from a fixed seed) for
`bench/toolchains-bench.ts` (the analyse bench uses the trained test/fixtures/models/yolov8n_demo.py): the demo model's graph
(resources/demo/tiny_yolov8.py) with the YOLOv8n widths/depths and head widths, exported to ONNX with
the decoded [1, 84, 8400] output.

    /usr/bin/python3 bench/yolov8n_like.py OUT.onnx [--head 8.3]

--head 8.3 exports the head as Ultralytics >= 8.3 and YOLO11 do (tiny_yolov8 Detect.forward_split: per-scale box
and class convs reshaped to [1, C, H*W] and concatenated over scales, DFL and dist2bbox on the concatenated
tensors, output0 = Concat(dbox * strides, Sigmoid(cls))).
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'demo'))
from tiny_yolov8 import REG_MAX, TinyYOLOv8  # noqa: E402

NC = 80
WIDTHS = (16, 32, 64, 128, 256)
# YOLOv8n head widths: c2 = max(16, ch0 // 4, 4 * reg_max), c3 = max(ch0, min(nc, 100))
HEAD = (max(16, WIDTHS[2] // 4, 4 * REG_MAX), max(WIDTHS[2], min(NC, 100)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('out')
    parser.add_argument('--head', choices=('8.2', '8.3'), default='8.2')
    args = parser.parse_args()
    torch.manual_seed(0)
    model = TinyYOLOv8(NC, w=WIDTHS, n=(1, 2, 2, 1), head=HEAD).eval()
    model.detect.bias_init(640)
    model.detect.export = '8.3' if args.head == '8.3' else True
    params = sum(p.numel() for p in model.parameters())
    torch.onnx.export(model, torch.zeros(1, 3, 640, 640), args.out, opset_version=13, input_names=['images'], output_names=['output0'], do_constant_folding=True)
    print(params)


if __name__ == '__main__':
    main()
