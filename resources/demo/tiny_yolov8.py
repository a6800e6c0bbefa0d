"""A tiny YOLOv8-architecture detector in plain torch (no ultralytics needed).

Same building blocks and export graph as Ultralytics YOLOv8: Conv(BN, SiLU), C2f, SPPF, a PAN neck,
a decoupled Detect head per stride (8/16/32) with a 16-bin DFL box branch and a class branch, and the
official single output [1, 4+C, N]: DFL softmax-expectation (a 1x1 conv with arange weights), dist2bbox
around grid-centre anchors, the stride Mul, and sigmoid scores. Widths are small so it trains on a CPU
in minutes.
"""
import torch
import torch.nn as nn

REG_MAX = 16
STRIDES = (8, 16, 32)


class Conv(nn.Module):
    def __init__(self, c1, c2, k=1, s=1):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(c2, eps=1e-3, momentum=0.03)
        self.act = nn.SiLU()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    def __init__(self, c, shortcut=True):
        super().__init__()
        self.cv1 = Conv(c, c, 3)
        self.cv2 = Conv(c, c, 3)
        self.add = shortcut

    def forward(self, x):
        y = self.cv2(self.cv1(x))
        return x + y if self.add else y


class C2f(nn.Module):
    def __init__(self, c1, c2, n=1, shortcut=False):
        super().__init__()
        self.c = c2 // 2
        self.cv1 = Conv(c1, 2 * self.c, 1)
        self.cv2 = Conv((2 + n) * self.c, c2, 1)
        self.m = nn.ModuleList(Bottleneck(self.c, shortcut) for _ in range(n))

    def forward(self, x):
        y = list(self.cv1(x).chunk(2, 1))
        y.extend(m(y[-1]) for m in self.m)
        return self.cv2(torch.cat(y, 1))


class SPPF(nn.Module):
    def __init__(self, c1, c2, k=5):
        super().__init__()
        c_ = c1 // 2
        self.cv1 = Conv(c1, c_, 1)
        self.cv2 = Conv(c_ * 4, c2, 1)
        self.m = nn.MaxPool2d(k, 1, k // 2)

    def forward(self, x):
        x = self.cv1(x)
        y1 = self.m(x)
        y2 = self.m(y1)
        return self.cv2(torch.cat((x, y1, y2, self.m(y2)), 1))


class DFL(nn.Module):
    """Softmax over the 16 bins and expectation, as a frozen 1x1 conv with weights 0..15 (as in Ultralytics)."""

    def __init__(self, c1=REG_MAX):
        super().__init__()
        self.conv = nn.Conv2d(c1, 1, 1, bias=False).requires_grad_(False)
        self.conv.weight.data[:] = torch.arange(c1, dtype=torch.float).view(1, c1, 1, 1)
        self.c1 = c1

    def forward(self, x):
        b, _, a = x.shape
        return self.conv(x.view(b, 4, self.c1, a).transpose(2, 1).softmax(1)).view(b, 4, a)


class Detect(nn.Module):
    def __init__(self, nc, ch, c2=32, c3=32):
        super().__init__()
        self.nc = nc
        self.no = nc + REG_MAX * 4
        self.cv2 = nn.ModuleList(nn.Sequential(Conv(x, c2, 3), Conv(c2, c2, 3), nn.Conv2d(c2, 4 * REG_MAX, 1)) for x in ch)
        self.cv3 = nn.ModuleList(nn.Sequential(Conv(x, c3, 3), Conv(c3, c3, 3), nn.Conv2d(c3, nc, 1)) for x in ch)
        self.dfl = DFL(REG_MAX)
        # False (training), 'single' / True (official <= 8.2 output), '8.3', 'v10', 'split', 'split-logits', 'split6'
        self.export = False

    def bias_init(self, imgsz):
        for a, b, s in zip(self.cv2, self.cv3, STRIDES):
            a[-1].bias.data[:] = 1.0
            b[-1].bias.data[: self.nc] = torch.log(torch.tensor(5 / self.nc / (imgsz / s) ** 2))

    def forward(self, xs):
        if self.export in ('8.3', 'v10'):
            return self.forward_split(xs)
        feats = [torch.cat((self.cv2[i](x), self.cv3[i](x)), 1) for i, x in enumerate(xs)]
        if not self.export:
            return feats
        if self.export in ('split', 'split-logits', 'split6'):
            # rknn_model_zoo layout (UY8 format=rknn): per stride box [1,64,H,W], cls [1,C,H,W], score_sum [1,1,H,W]
            out = []
            for i, x in enumerate(xs):
                cls = self.cv3[i](x)
                prob = cls.sigmoid()
                out += [self.cv2[i](x), prob if self.export != 'split-logits' else cls]
                if self.export != 'split6':
                    out.append(torch.clamp(prob.sum(1, keepdim=True), 0, 1))
            return tuple(out)
        b = feats[0].shape[0]
        anchors, strides = make_anchors(feats)
        x_cat = torch.cat([f.view(b, self.no, -1) for f in feats], 2)
        box, cls = x_cat.split((REG_MAX * 4, self.nc), 1)
        dbox = dist2bbox(self.dfl(box), anchors.unsqueeze(0), xywh=True, dim=1) * strides
        return torch.cat((dbox, cls.sigmoid()), 1)

    def forward_split(self, xs):
        """Ultralytics >= 8.3 / YOLO11 export graph: each scale's box and class convs are reshaped to [B, ch, H*W]
        and concatenated over scales before one DFL + dist2bbox. 'v10' runs the one-to-one copies of the convs
        (one2one_cv2/cv3, set by the caller) and ends like the end-to-end head: xyxy boxes, TopK, GatherElements."""
        v10 = self.export == 'v10'
        box_head, cls_head = (self.one2one_cv2, self.one2one_cv3) if v10 else (self.cv2, self.cv3)
        b = xs[0].shape[0]
        boxes = torch.cat([box_head[i](x).view(b, 4 * REG_MAX, -1) for i, x in enumerate(xs)], -1)
        scores = torch.cat([cls_head[i](x).view(b, self.nc, -1) for i, x in enumerate(xs)], -1)
        anchors, strides = make_anchors(xs)
        dbox = dist2bbox(self.dfl(boxes), anchors.unsqueeze(0), xywh=not v10, dim=1) * strides
        y = torch.cat((dbox, scores.sigmoid()), 1)
        return topk_postprocess(y.permute(0, 2, 1), self.nc) if v10 else y


def topk_postprocess(preds, nc, max_det=300):
    """The end-to-end head's tail: top max_det anchors by best class, then top max_det (anchor, class) pairs
    -> [B, max_det, 6] = x1 y1 x2 y2 score class."""
    boxes, scores = preds.split([4, nc], dim=-1)
    k = min(max_det, preds.shape[1])
    ori_index = scores.max(dim=-1)[0].topk(k)[1].unsqueeze(-1)
    scores = scores.gather(dim=1, index=ori_index.repeat(1, 1, nc))
    scores, index = scores.flatten(1).topk(k)
    idx = ori_index[torch.arange(preds.shape[0])[..., None], index // nc]
    boxes = boxes.gather(dim=1, index=idx.repeat(1, 1, 4))
    return torch.cat([boxes, scores[..., None], (index % nc)[..., None].float()], dim=-1)


def make_anchors(feats, offset=0.5):
    """Grid-cell centres (in grid units) and the stride of each anchor, level by level."""
    points, strides = [], []
    for f, s in zip(feats, STRIDES):
        h, w = f.shape[2:]
        sy, sx = torch.meshgrid(torch.arange(h, dtype=torch.float) + offset, torch.arange(w, dtype=torch.float) + offset, indexing='ij')
        points.append(torch.stack((sx, sy), -1).view(-1, 2))
        strides.append(torch.full((h * w, 1), float(s)))
    return torch.cat(points).transpose(0, 1), torch.cat(strides).transpose(0, 1)


def dist2bbox(distance, anchor_points, xywh=True, dim=-1):
    lt, rb = distance.chunk(2, dim)
    x1y1 = anchor_points - lt
    x2y2 = anchor_points + rb
    if xywh:
        return torch.cat(((x1y1 + x2y2) / 2, x2y2 - x1y1), dim)
    return torch.cat((x1y1, x2y2), dim)


class TinyYOLOv8(nn.Module):
    """Widths `w`, backbone C2f depths `n` and head widths (box c2, class c3) are parameters so the
    YOLOv8n-size bench model (bench/yolov8n_like.py) is this same graph at other sizes."""

    def __init__(self, nc, w=(16, 32, 48, 64, 96), n=(1, 1, 1, 1), head=(32, 32)):
        super().__init__()
        self.b0 = Conv(3, w[0], 3, 2)  # /2
        self.b1 = nn.Sequential(Conv(w[0], w[1], 3, 2), C2f(w[1], w[1], n[0], True))  # /4
        self.b2 = nn.Sequential(Conv(w[1], w[2], 3, 2), C2f(w[2], w[2], n[1], True))  # /8  P3
        self.b3 = nn.Sequential(Conv(w[2], w[3], 3, 2), C2f(w[3], w[3], n[2], True))  # /16 P4
        self.b4 = nn.Sequential(Conv(w[3], w[4], 3, 2), C2f(w[4], w[4], n[3], True), SPPF(w[4], w[4]))  # /32 P5
        self.up = nn.Upsample(scale_factor=2, mode='nearest')
        self.n4 = C2f(w[4] + w[3], w[3])
        self.n3 = C2f(w[3] + w[2], w[2])
        self.d3 = Conv(w[2], w[2], 3, 2)
        self.p4 = C2f(w[2] + w[3], w[3])
        self.d4 = Conv(w[3], w[3], 3, 2)
        self.p5 = C2f(w[3] + w[4], w[4])
        self.detect = Detect(nc, (w[2], w[3], w[4]), *head)

    def forward(self, x):
        p3 = self.b2(self.b1(self.b0(x)))
        p4 = self.b3(p3)
        p5 = self.b4(p4)
        n4 = self.n4(torch.cat((self.up(p5), p4), 1))
        o3 = self.n3(torch.cat((self.up(n4), p3), 1))
        o4 = self.p4(torch.cat((self.d3(o3), n4), 1))
        o5 = self.p5(torch.cat((self.d4(o4), p5), 1))
        return self.detect([o3, o4, o5])


def fuse_batchnorm(model):
    """Folds every Conv's BatchNorm into its conv (as torch.onnx does in eval mode), in place."""
    for m in model.modules():
        if isinstance(m, Conv) and isinstance(m.bn, nn.BatchNorm2d):
            c, bn = m.conv, m.bn
            scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
            fused = nn.Conv2d(c.in_channels, c.out_channels, c.kernel_size, c.stride, c.padding, groups=c.groups, bias=True)
            fused.weight.data = c.weight.data * scale.view(-1, 1, 1, 1)
            fused.bias.data = bn.bias.data - bn.running_mean * scale
            m.conv, m.bn = fused, nn.Identity()
    return model


def load_onnx_weights(model, onnx_path):
    """Loads the weights of an ONNX export of this architecture (e.g. resources/demo/demo-yolov8.onnx, whose
    BatchNorms torch.onnx folded into the convs): the ONNX Conv nodes, in graph order, are the model's convs in
    the order its forward pass runs them."""
    import onnx
    from onnx import numpy_helper

    fuse_batchnorm(model)
    graph = onnx.load(onnx_path).graph
    inits = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    convs = [n for n in graph.node if n.op_type == 'Conv']
    order = []
    hooks = [m.register_forward_hook(lambda m, i, o: order.append(m)) for m in model.modules() if isinstance(m, nn.Conv2d)]
    export, model.detect.export = model.detect.export, 'single'
    with torch.no_grad():
        model.eval()(torch.zeros(1, 3, 64, 64))
    model.detect.export = export
    for h in hooks:
        h.remove()
    if len(order) != len(convs):
        raise ValueError(f'{onnx_path}: {len(convs)} Conv nodes, the model runs {len(order)} convs')
    for m, node in zip(order, convs):
        weight = torch.from_numpy(inits[node.input[1]].copy())
        if weight.shape != m.weight.shape:
            raise ValueError(f'{onnx_path}: {node.name} weight {tuple(weight.shape)} != {tuple(m.weight.shape)}')
        m.weight.data = weight
        if len(node.input) > 2:
            m.bias = nn.Parameter(torch.from_numpy(inits[node.input[2]].copy()))
    return model
