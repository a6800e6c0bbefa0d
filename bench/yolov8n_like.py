"""A YOLOv8n-size detector (Ultralytics layout, ~3.2 M parameters, weights from a fixed seed) for
`bench/analyse-bench.ts`. Built from the demo model's blocks (resources/demo/tiny_yolov8.py) with the
YOLOv8n widths/depths and head widths, exported to ONNX with the decoded [1, 84, 8400] output.

    /usr/bin/python3 bench/yolov8n_like.py OUT.onnx
"""
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'demo'))
from tiny_yolov8 import C2f, Conv, Detect, REG_MAX, SPPF  # noqa: E402


class YOLOv8nLike(nn.Module):
    def __init__(self, nc=80, w=(16, 32, 64, 128, 256)):
        super().__init__()
        self.b0 = Conv(3, w[0], 3, 2)
        self.b1 = nn.Sequential(Conv(w[0], w[1], 3, 2), C2f(w[1], w[1], 1, True))
        self.b2 = nn.Sequential(Conv(w[1], w[2], 3, 2), C2f(w[2], w[2], 2, True))
        self.b3 = nn.Sequential(Conv(w[2], w[3], 3, 2), C2f(w[3], w[3], 2, True))
        self.b4 = nn.Sequential(Conv(w[3], w[4], 3, 2), C2f(w[4], w[4], 1, True), SPPF(w[4], w[4]))
        self.up = nn.Upsample(scale_factor=2, mode='nearest')
        self.n4 = C2f(w[4] + w[3], w[3])
        self.n3 = C2f(w[3] + w[2], w[2])
        self.d3 = Conv(w[2], w[2], 3, 2)
        self.p4 = C2f(w[2] + w[3], w[3])
        self.d4 = Conv(w[3], w[3], 3, 2)
        self.p5 = C2f(w[3] + w[4], w[4])
        self.detect = Detect(nc, (w[2], w[3], w[4]))
        # YOLOv8n head widths: c2 = max(16, ch0 // 4, 4 * reg_max), c3 = max(ch0, min(nc, 100))
        c2, c3 = max(16, w[2] // 4, 4 * REG_MAX), max(w[2], min(nc, 100))
        self.detect.cv2 = nn.ModuleList(nn.Sequential(Conv(x, c2, 3), Conv(c2, c2, 3), nn.Conv2d(c2, 4 * REG_MAX, 1)) for x in (w[2], w[3], w[4]))
        self.detect.cv3 = nn.ModuleList(nn.Sequential(Conv(x, c3, 3), Conv(c3, c3, 3), nn.Conv2d(c3, nc, 1)) for x in (w[2], w[3], w[4]))

    def forward(self, x):
        p3 = self.b2(self.b1(self.b0(x)))
        p4 = self.b3(p3)
        p5 = self.b4(p4)
        n4 = self.n4(torch.cat((self.up(p5), p4), 1))
        o3 = self.n3(torch.cat((self.up(n4), p3), 1))
        o4 = self.p4(torch.cat((self.d3(o3), n4), 1))
        o5 = self.p5(torch.cat((self.d4(o4), p5), 1))
        return self.detect([o3, o4, o5])


def main():
    torch.manual_seed(0)
    model = YOLOv8nLike().eval()
    model.detect.bias_init(640)
    model.detect.export = True
    params = sum(p.numel() for p in model.parameters())
    torch.onnx.export(model, torch.zeros(1, 3, 640, 640), sys.argv[1], opset_version=13, input_names=['images'], output_names=['output0'], do_constant_folding=True)
    print(params)


if __name__ == '__main__':
    main()
