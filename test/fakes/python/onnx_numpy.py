"""A small numpy evaluator for the ONNX ops of YOLO exports, so the fakes of vendor runtimes (fake rknn-toolkit2's
`inference`, fake trtexec's `--loadEngine` runs, the fake HiSilicon board runner) return the model's real float
outputs (tests only; the real tools run their own simulator, NPU or GPU). Debian's Python has no onnxruntime."""
import numpy as np
import onnx
from onnx import numpy_helper


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _conv(x, w, b, a):
    group = a.get("group", 1)
    kh, kw = w.shape[2:]
    sh, sw = a.get("strides", [1, 1])
    dh, dw = a.get("dilations", [1, 1])
    p = a.get("pads", [0, 0, 0, 0])
    x = np.pad(x, ((0, 0), (0, 0), (p[0], p[2]), (p[1], p[3])))
    n, c = x.shape[:2]
    m, cg = w.shape[:2]
    windows = np.lib.stride_tricks.sliding_window_view(x, ((kh - 1) * dh + 1, (kw - 1) * dw + 1), axis=(2, 3))[:, :, ::sh, ::sw, ::dh, ::dw]
    ho, wo = windows.shape[2:4]
    mg = m // group
    out = np.empty((n, m, ho, wo), np.float32)
    for g in range(group):
        cols = windows[:, g * cg:(g + 1) * cg].transpose(0, 2, 3, 1, 4, 5).reshape(n, ho, wo, cg * kh * kw)
        out[:, g * mg:(g + 1) * mg] = (cols @ w[g * mg:(g + 1) * mg].reshape(mg, -1).T).transpose(0, 3, 1, 2)
    return out if b is None else out + b[None, :, None, None]


def _maxpool(x, a):
    kh, kw = a["kernel_shape"]
    sh, sw = a.get("strides", [1, 1])
    p = a.get("pads", [0, 0, 0, 0])
    x = np.pad(x, ((0, 0), (0, 0), (p[0], p[2]), (p[1], p[3])), constant_values=-np.inf)
    return np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw].max(axis=(4, 5))


def _resize_nearest(x, scales, sizes):
    out_shape = sizes if sizes is not None and len(sizes) else np.floor(np.array(x.shape) * scales).astype(int)
    for axis, (size_in, size_out) in enumerate(zip(x.shape, out_shape)):
        if size_in != size_out:  # asymmetric + floor, as torch's nearest upsample exports
            x = np.take(x, np.minimum(np.floor(np.arange(size_out) * size_in / size_out).astype(int), size_in - 1), axis=axis)
    return x


def _slice(data, starts, ends, axes=None, steps=None):
    axes = range(len(starts)) if axes is None else axes
    steps = [1] * len(starts) if steps is None else steps
    index = [slice(None)] * data.ndim
    for s, e, ax, st in zip(starts, ends, axes, steps):
        index[int(ax)] = slice(int(s), int(max(min(e, 2 ** 62), -(2 ** 62))), int(st))
    return data[tuple(index)]


def _binary(op, x, y):
    if op == "Div" and np.issubdtype(np.asarray(x).dtype, np.integer) and np.issubdtype(np.asarray(y).dtype, np.integer):
        return np.asarray(np.trunc(np.asarray(x) / np.asarray(y)), dtype=np.asarray(x).dtype)
    return {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.divide, "Pow": np.power}[op](x, y)


def _qdq(op, x, axis):
    """ONNX QuantizeLinear (round half to even, saturate) / DequantizeLinear, per tensor or per axis; the
    zero point's type (int8, uint8, int16 from com.microsoft) sets the integer range."""
    scale = np.asarray(x[1], dtype=np.float32)
    zp = np.asarray(x[2]) if len(x) > 2 and x[2] is not None else np.zeros((), np.uint8)
    if scale.ndim == 1 and scale.size > 1:
        shape = [1] * x[0].ndim
        shape[axis] = -1
        scale, zp = scale.reshape(shape), zp.reshape(shape)
    if op == "DequantizeLinear":
        return ((x[0].astype(np.int32) - zp.astype(np.int32)) * scale).astype(np.float32)
    info = np.iinfo(zp.dtype)
    return np.clip(np.round(x[0].astype(np.float32) / scale) + zp.astype(np.int32), info.min, info.max).astype(zp.dtype)


def run(model, feeds, hook=None, values_out=None):
    """Float outputs of `model`. `hook(tensor, value)` may replace each node output (fake quantization);
    `values_out` (a dict) receives every tensor computed."""
    values = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    values.update(feeds)
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 13)
    for node in model.graph.node:
        a = _attrs(node)
        x = [values[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Constant":
            y = numpy_helper.to_array(a["value"])
        elif op == "Conv":
            y = _conv(x[0], x[1], x[2] if len(x) > 2 else None, a)
        elif op in ("Add", "Sub", "Mul", "Div", "Pow"):
            y = _binary(op, x[0], x[1])
        elif op == "Sigmoid":
            y = 1 / (1 + np.exp(-x[0]))
        elif op == "Concat":
            y = np.concatenate(x, axis=a["axis"])
        elif op == "MaxPool":
            y = _maxpool(x[0], a)
        elif op == "Resize":
            y = _resize_nearest(x[0], x[2] if len(x) > 2 else None, x[3] if len(x) > 3 else None)
        elif op == "Slice":
            y = _slice(x[0], *x[1:]) if opset >= 10 else _slice(x[0], a["starts"], a["ends"], a.get("axes"))
        elif op == "Shape":
            y = np.array(x[0].shape, dtype=np.int64)
        elif op == "Gather":
            y = np.take(x[0], x[1], axis=a.get("axis", 0))
        elif op == "ReduceSum":
            axes = tuple(a["axes"]) if "axes" in a else (tuple(x[1]) if len(x) > 1 and x[1] is not None else None)
            y = np.sum(x[0], axis=axes, keepdims=bool(a.get("keepdims", 1)))
        elif op == "Clip":
            lo = x[1] if len(x) > 1 and x[1] is not None else a.get("min", -np.inf)
            hi = x[2] if len(x) > 2 and x[2] is not None else a.get("max", np.inf)
            y = np.clip(x[0], lo, hi)
        elif op == "Reshape":
            shape = [d if d != 0 else x[0].shape[i] for i, d in enumerate(x[1])]
            y = x[0].reshape(shape)
        elif op == "Transpose":
            y = np.transpose(x[0], a.get("perm"))
        elif op == "Softmax":
            e = np.exp(x[0] - x[0].max(axis=a.get("axis", -1), keepdims=True))
            y = e / e.sum(axis=a.get("axis", -1), keepdims=True)
        elif op == "Unsqueeze":
            axes = a["axes"] if "axes" in a else list(x[1])
            y = np.expand_dims(x[0], tuple(axes))
        elif op == "Split":
            sizes = a.get("split") or (list(x[1]) if len(x) > 1 and x[1] is not None else [x[0].shape[a.get("axis", 0)] // len(node.output)] * len(node.output))
            for name, part in zip(node.output, np.split(x[0], np.cumsum(sizes)[:-1], axis=a.get("axis", 0))):
                values[name] = part
            continue
        elif op == "Expand":
            y = x[0] * np.ones(tuple(int(d) for d in x[1]), dtype=x[0].dtype)
        elif op in ("Identity", "Cast"):
            y = x[0] if op == "Identity" else x[0].astype({1: np.float32, 6: np.int32, 7: np.int64, 10: np.float16}[a["to"]])
        elif op in ("QuantizeLinear", "DequantizeLinear"):
            y = _qdq(op, x, a.get("axis", 1))
        else:
            raise NotImplementedError(f"fake-rknn: op {op} ({node.name}) is not implemented by the fake simulator")
        if node.output[0]:
            y = np.asarray(y, dtype=np.float32) if np.asarray(y).dtype == np.float64 else np.asarray(y)
            values[node.output[0]] = hook(node.output[0], y) if hook and op != "Constant" else y
    if values_out is not None:
        values_out.update(values)
    return [values[o.name] for o in model.graph.output]
