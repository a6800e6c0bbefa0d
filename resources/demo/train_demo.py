"""Trains the demo detector (tiny_yolov8.py) on the synthetic demo dataset and exports it to ONNX.

    /usr/bin/python3 resources/demo/train_demo.py --data DATASET_DIR --out resources/demo/demo-yolov8.onnx

DATASET_DIR is the demo dataset (Ultralytics layout), written by `npu-workbench eval --write-demo-data DIR`.
Loss and assignment follow Ultralytics v8DetectionLoss: task-aligned assigner (top-10, alpha 0.5,
beta 6), BCE class loss on IoU-aware targets, IoU box loss and DFL loss (gains 7.5 / 0.5 / 1.5);
GIoU stands in for CIoU. Deterministic: fixed seeds, single-process data.
"""
import argparse
import glob
import math
import os
import sys
import time

import cv2
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tiny_yolov8 import REG_MAX, STRIDES, TinyYOLOv8, make_anchors  # noqa: E402

NAMES = ['circle', 'rectangle', 'triangle', 'cross']
MAX_GT = 8


def letterbox(im, imgsz):
    """Ultralytics val pre-processing: long side to imgsz (ceil), INTER_LINEAR, centred pad 114."""
    h0, w0 = im.shape[:2]
    r = imgsz / max(h0, w0)
    w, h = min(math.ceil(w0 * r), imgsz), min(math.ceil(h0 * r), imgsz)
    if (w, h) != (w0, h0):
        im = cv2.resize(im, (w, h), interpolation=cv2.INTER_LINEAR)
    dw, dh = (imgsz - w) / 2, (imgsz - h) / 2
    top, bottom = int(round(dh - 0.1)), int(round(dh + 0.1))
    left, right = int(round(dw - 0.1)), int(round(dw + 0.1))
    im = cv2.copyMakeBorder(im, top, bottom, left, right, cv2.BORDER_CONSTANT, value=(114, 114, 114))
    return im, w / w0, h / h0, left, top


def load_split(root, split, imgsz):
    files = sorted(glob.glob(os.path.join(root, 'images', split, '*.png')))
    ims = np.zeros((len(files), 3, imgsz, imgsz), np.uint8)
    gts = np.zeros((len(files), MAX_GT, 5), np.float32)
    for i, f in enumerate(files):
        im = cv2.imread(f)[:, :, ::-1]
        h0, w0 = im.shape[:2]
        lb, rx, ry, left, top = letterbox(im, imgsz)
        ims[i] = lb.transpose(2, 0, 1)
        lab = os.path.join(root, 'labels', split, os.path.basename(f)[:-4] + '.txt')
        rows = np.loadtxt(lab, ndmin=2) if os.path.getsize(lab) else np.zeros((0, 5))
        for j, (c, cx, cy, bw, bh) in enumerate(rows[:MAX_GT]):
            x1, y1 = (cx - bw / 2) * w0 * rx + left, (cy - bh / 2) * h0 * ry + top
            x2, y2 = (cx + bw / 2) * w0 * rx + left, (cy + bh / 2) * h0 * ry + top
            gts[i, j] = (c + 1, x1, y1, x2, y2)  # class+1 so 0 marks padding
    return torch.from_numpy(ims), torch.from_numpy(gts)


def box_iou_pairs(a, b, eps=1e-7):
    """IoU and GIoU of aligned xyxy boxes (..., 4)."""
    iw = (torch.min(a[..., 2], b[..., 2]) - torch.max(a[..., 0], b[..., 0])).clamp(0)
    ih = (torch.min(a[..., 3], b[..., 3]) - torch.max(a[..., 1], b[..., 1])).clamp(0)
    inter = iw * ih
    union = (a[..., 2] - a[..., 0]) * (a[..., 3] - a[..., 1]) + (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1]) - inter + eps
    iou = inter / union
    cw = torch.max(a[..., 2], b[..., 2]) - torch.min(a[..., 0], b[..., 0])
    ch = torch.max(a[..., 3], b[..., 3]) - torch.min(a[..., 1], b[..., 1])
    c_area = cw * ch + eps
    return iou, iou - (c_area - union) / c_area


@torch.no_grad()
def assign(scores, boxes, anchors, gt, topk=10, alpha=0.5, beta=6.0, eps=1e-9):
    """Task-aligned assigner. scores (B,N,C) sigmoid, boxes (B,N,4) xyxy px, anchors (N,2) px, gt (B,M,5)."""
    B, N, C = scores.shape
    M = gt.shape[1]
    mask_gt = (gt[..., 0] > 0).unsqueeze(-1)  # B,M,1
    labels = (gt[..., 0] - 1).clamp(0).long()  # B,M
    gb = gt[..., 1:]  # B,M,4
    lt = anchors[None, None] - gb[:, :, None, :2]
    rb = gb[:, :, None, 2:] - anchors[None, None]
    in_gts = torch.cat((lt, rb), -1).amin(-1) > eps  # B,M,N
    valid = in_gts & mask_gt
    overlaps = box_iou_pairs(gb[:, :, None, :].expand(B, M, N, 4), boxes[:, None].expand(B, M, N, 4))[0].clamp(0) * valid
    cls_scores = scores.gather(2, labels[:, None, :].expand(B, N, M)).permute(0, 2, 1)  # B,M,N
    align = cls_scores.pow(alpha) * overlaps.pow(beta) * valid
    top = align.topk(topk, -1).indices
    mask_topk = torch.zeros_like(align).scatter_(-1, top, 1.0).bool()
    mask_pos = (mask_topk & valid).float()
    fg = mask_pos.sum(1)  # B,N
    if (fg > 1).any():  # an anchor claimed by several GTs goes to the one it overlaps most
        multi = (fg > 1).unsqueeze(1).expand(B, M, N)
        best = F.one_hot(overlaps.argmax(1), M).permute(0, 2, 1).float()
        mask_pos = torch.where(multi, best, mask_pos)
        fg = mask_pos.sum(1)
    gt_idx = mask_pos.argmax(1)  # B,N
    t_labels = labels.gather(1, gt_idx)
    t_boxes = gb.gather(1, gt_idx[..., None].expand(B, N, 4))
    align = align * mask_pos
    pos_align = align.amax(-1, keepdim=True)
    pos_ov = (overlaps * mask_pos).amax(-1, keepdim=True)
    norm = (align * pos_ov / (pos_align + eps)).amax(1)  # B,N
    t_scores = F.one_hot(t_labels, C).float() * (norm * (fg > 0))[..., None]
    return t_boxes, t_scores, fg > 0


def compute_loss(feats, gt, nc, imgsz):
    B = gt.shape[0]
    pred = torch.cat([f.view(B, REG_MAX * 4 + nc, -1) for f in feats], 2).permute(0, 2, 1)  # B,N,64+C
    pdist, plogit = pred.split((REG_MAX * 4, nc), -1)
    anchors, strides = make_anchors(feats)
    anchors, strides = anchors.T, strides.T  # N,2 / N,1
    proj = torch.arange(REG_MAX, dtype=torch.float)
    ltrb = pdist.view(B, -1, 4, REG_MAX).softmax(-1).matmul(proj)  # grid units
    pboxes = torch.cat((anchors - ltrb[..., :2], anchors + ltrb[..., 2:]), -1)  # grid units, xyxy
    t_boxes, t_scores, fg = assign(plogit.detach().sigmoid(), (pboxes.detach() * strides), anchors * strides, gt)
    tss = max(t_scores.sum(), 1.0)
    loss_cls = F.binary_cross_entropy_with_logits(plogit, t_scores, reduction='sum') / tss
    loss_box = loss_dfl = torch.zeros(())
    if fg.any():
        w = t_scores.sum(-1)[fg]
        tb = t_boxes / strides  # grid units
        _, giou = box_iou_pairs(pboxes[fg], tb[fg])
        loss_box = ((1 - giou) * w).sum() / tss
        tgt = torch.cat((anchors - tb[..., :2], tb[..., 2:] - anchors), -1)[fg].clamp(0, REG_MAX - 1 - 0.01)
        tl = tgt.long()
        wl = tl + 1 - tgt
        logits = pdist.view(B, -1, 4, REG_MAX)[fg]
        dfl = F.cross_entropy(logits.reshape(-1, REG_MAX), tl.view(-1), reduction='none').view(tl.shape) * wl + F.cross_entropy(
            logits.reshape(-1, REG_MAX), (tl + 1).view(-1), reduction='none'
        ).view(tl.shape) * (1 - wl)
        loss_dfl = (dfl.mean(-1) * w).sum() / tss
    return 7.5 * loss_box + 0.5 * loss_cls + 1.5 * loss_dfl, (loss_box.item(), loss_cls.item(), loss_dfl.item())


def export_onnx(model, imgsz, path):
    model.eval()
    model.detect.export = True
    dummy = torch.zeros(1, 3, imgsz, imgsz)
    torch.onnx.export(model, dummy, path, opset_version=12, input_names=['images'], output_names=['output0'], do_constant_folding=True)
    import onnx  # metadata like Ultralytics' exports, so tools can read class names and image size

    m = onnx.load(path)
    for k, v in {'names': str(dict(enumerate(NAMES))), 'imgsz': str([imgsz, imgsz]), 'stride': str(max(STRIDES)), 'task': 'detect', 'description': 'NPU Workbench demo tiny YOLOv8'}.items():
        m.metadata_props.add(key=k, value=v)
    onnx.save(m, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--imgsz', type=int, default=160)
    ap.add_argument('--epochs', type=int, default=16)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--lr', type=float, default=0.004)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--export-every', type=int, default=0, help='also export an ONNX snapshot every N epochs')
    args = ap.parse_args()
    torch.manual_seed(0)
    np.random.seed(0)
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)  # denormals late in training slow CPU kernels by orders of magnitude
    ims, gts = load_split(args.data, 'train', args.imgsz)
    print(f'train images {len(ims)}', flush=True)
    model = TinyYOLOv8(len(NAMES))
    model.detect.bias_init(args.imgsz)
    print(f'params {sum(p.numel() for p in model.parameters())}', flush=True)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=5e-4)
    steps = args.epochs * math.ceil(len(ims) / args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.1)
    t0 = time.time()
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(len(ims))
        parts = np.zeros(3)
        for b in range(0, len(ims), args.batch):
            idx = perm[b : b + args.batch]
            x = ims[idx].float() / 255
            g = gts[idx].clone()
            flip = torch.rand(len(idx)) < 0.5  # horizontal flip
            x[flip] = x[flip].flip(-1)
            gx1 = g[flip, :, 1].clone()
            g[flip, :, 1] = torch.where(g[flip, :, 0] > 0, args.imgsz - g[flip, :, 3], g[flip, :, 1])
            g[flip, :, 3] = torch.where(g[flip, :, 0] > 0, args.imgsz - gx1, g[flip, :, 3])
            loss, p = compute_loss(model(x), g, len(NAMES), args.imgsz)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
            opt.step()
            sched.step()
            parts += p
        n = math.ceil(len(ims) / args.batch)
        print(f'epoch {epoch + 1}/{args.epochs} box {parts[0] / n:.3f} cls {parts[1] / n:.3f} dfl {parts[2] / n:.3f} ({time.time() - t0:.0f}s)', flush=True)
        if args.export_every and (epoch + 1) % args.export_every == 0 and epoch + 1 < args.epochs:
            export_onnx(model, args.imgsz, f'{os.path.splitext(args.out)[0]}-epoch{epoch + 1}.onnx')
            model.detect.export = False
    torch.save(model.state_dict(), os.path.splitext(args.out)[0] + '.pt')  # weights, for other export layouts
    export_onnx(model, args.imgsz, args.out)
    print(f'exported {args.out} ({os.path.getsize(args.out)} bytes)', flush=True)


if __name__ == '__main__':
    main()
