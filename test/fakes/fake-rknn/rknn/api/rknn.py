"""Fake RKNN class. Mirrors signatures/return codes of rknn-toolkit2 2.3.2 (API232); tests only."""
import hashlib
import json
import os
import signal
import struct
import sys
import time

import numpy as np
import onnx
from onnx import shape_inference

from . import adb_link

# The numpy ONNX evaluator is shared by the fakes (test/fakes/python); tests put only fake-rknn on PYTHONPATH.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "python"))
import onnx_numpy  # noqa: E402

_CONFIG_DEFAULTS = dict(
    mean_values=None, std_values=None, quant_img_RGB2BGR=False, quantized_dtype="w8a8", quantized_algorithm="normal",
    quantized_method="channel", float_dtype="float16", optimization_level=3, target_platform=None, custom_string=None,
    remove_weight=False, compress_weight=False, single_core_mode=False, model_pruning=False, op_target=None,
    dynamic_input=None, quantize_weight=False, remove_reshape=False, sparse_infer=False, enable_flash_attention=False,
    auto_hybrid_cos_thresh=0.98, auto_hybrid_euc_thresh=None,
)
_PLATFORMS = {"rv1103", "rv1103b", "rv1106", "rv1106b", "rv1126b", "rk2118", "rk3562", "rk3566", "rk3568", "rk3576", "rk3588"}


def _log(level, api, message):
    print(f"{level} {api}: {message}", flush=True)


def _exception_banner(api, what, error):
    """rknn-toolkit2 2.x's report of an exception inside an API call: E lines, traceback, then the banner."""
    _log("E", api, what)
    _log("E", api, "Traceback (most recent call last):")
    _log("E", api, f'  File "rknn/api/rknn_base.py", line 2093, in rknn.api.rknn_base.RKNNBase.{api}')
    _log("E", api, f"{type(error).__name__}: {error}")
    print("W If you can't handle this error, please try updating to the latest version of the toolkit2 and runtime from:", flush=True)
    print("  https://console.zbox.filez.com/l/I00fc3 (Pwd: rknn)  Path: RKNPU2_SDK / 2.X.X / develop /", flush=True)
    print("  If the error still exists, please collect the corresponding data and contact us.", flush=True)
    print("E rknn-toolkit2 version: 2.3.2", flush=True)


def _mode():
    return os.environ.get("FAKE_RKNN_MODE", "")


def _unit(name, salt):
    """Deterministic number in [0, 1) from a layer name."""
    return int(hashlib.sha256(f"{salt}:{name}".encode()).hexdigest()[:8], 16) / 2 ** 32


class RKNN:
    NPU_CORE_AUTO, NPU_CORE_0, NPU_CORE_1, NPU_CORE_2 = 0, 1, 2, 4
    NPU_CORE_0_1, NPU_CORE_0_1_2, NPU_CORE_ALL = 3, 7, 0xFFFF

    def __init__(self, verbose=False, verbose_file=None):
        self.verbose = verbose
        self._config = dict(_CONFIG_DEFAULTS)
        self._model = None
        self._model_path = None
        self._built = False
        self._quantized = False
        self._custom = {}
        self._calib_ranges = None  # per-tensor (min, max) over the calibration dataset, like the toolkit's quantizer
        self._runtime = None
        self._target_platform = None
        if verbose and verbose_file:
            open(verbose_file, "w").close()

    # -- configuration and loading -------------------------------------------------------------
    def config(self, **kwargs):
        unknown = set(kwargs) - set(_CONFIG_DEFAULTS)
        if unknown:
            raise TypeError(f"config() got an unexpected keyword argument '{sorted(unknown)[0]}'")
        if kwargs.get("target_platform") and str(kwargs["target_platform"]).lower() not in _PLATFORMS:
            _log("E", "config", f"target_platform {kwargs['target_platform']} is not supported!")
        self._config.update(kwargs)
        return None

    def load_onnx(self, model, inputs=None, input_size_list=None, input_initial_val=None, outputs=None):
        if inputs is not None and input_size_list is None:
            _log("E", "load_onnx", "input_size_list must be set when inputs is set!")
            return -1
        if _mode() == "fail-load" or not os.path.isfile(model):
            _log("E", "load_onnx", f"The model file {model} does not exist or cannot be parsed!")
            return -1
        try:
            self._model = shape_inference.infer_shapes(onnx.load(model))
        except Exception as error:  # the real toolkit logs and returns -1 on a bad file
            _log("E", "load_onnx", f"Catch exception when loading onnx model: {model}! {error}")
            return -1
        self._model_path = model
        _log("I", "load_onnx", f"Loading : {os.path.basename(model)}")
        return 0

    def build(self, do_quantization=True, dataset=None, rknn_batch_size=None, auto_hybrid=False):
        if self._model is None:
            _log("E", "build", "Please load model first!")
            return -1
        if _mode() == "crash-build":
            print("I Building model ...", flush=True)
            os.kill(os.getpid(), signal.SIGSEGV)
        if _mode() == "hang-build":
            print("I Building model ...", flush=True)
            time.sleep(3600)
        if _mode() == "fail-build":
            _log("E", "build", "Catch exception when building RKNN model!")
            return -1
        if do_quantization:
            if not dataset or not os.path.isfile(dataset):
                _log("E", "build", f"Dataset file {dataset} not found! (do_quantization=True needs a dataset)")
                return -1
            samples = [l.split() for l in open(dataset, encoding="utf-8") if l.strip()]
            for index, sample in enumerate(samples):
                for path in sample:
                    if not os.path.isfile(path):
                        _log("E", "build", f"Invalid dataset line {index + 1}: {path} does not exist!")
                        return -1
                print(f"I GraphPreparing : {int(100 * (index + 1) / len(samples))}%|##| {index + 1}/{len(samples)}", file=sys.stderr, flush=True)
            self._calib_ranges = self._calibrate(samples)
        self._built = True
        self._quantized = bool(do_quantization)
        _log("I", "build", "rknn building done.")
        return 0

    def export_rknn(self, export_path, **kwargs):
        if not self._built:
            _log("E", "export_rknn", "Please build model first!")
            return -1
        # Like a real .rknn the file is self-contained (it outlives the source ONNX): the layout the
        # workbench's reader expects (magic, u32 pad, u64 format version 6), then the fake's payload
        # (the shape-inferred source ONNX, to run it on the fake board) and a trailing JSON.
        meta = {"toolkit": "2.3.2-fake", "target_platform": [self._config["target_platform"]], "quantized": self._quantized,
                "mean_values": self._config["mean_values"], "std_values": self._config["std_values"],
                "custom_quantize_layers": self._custom, "outputs": [o.name for o in self._model.graph.output]}
        body = self._model.SerializeToString()
        tail = json.dumps(meta).encode()
        try:  # like the real toolkit, open() does not create the folder; the exception is logged, then -1
            with open(export_path, "wb") as handle:
                handle.write(b"RKNN" + struct.pack("<IQQ", 0, 6, len(body)) + body + struct.pack("<Q", len(tail)) + tail)
        except Exception as error:
            _exception_banner("export_rknn", "Catch exception when exporting rknn model!", error)
            return -1
        return 0

    def load_rknn(self, path):
        if not os.path.isfile(path):
            _log("E", "load_rknn", f"{path} does not exist!")
            return -1
        with open(path, "rb") as handle:
            data = handle.read()
        if data[:4] != b"RKNN":
            _log("E", "load_rknn", "parseRKNN: invalid RKNN_MAGIC!")
            return -1
        try:
            (body_len,) = struct.unpack_from("<Q", data, 16)
            self._model = onnx.load_from_string(data[24:24 + body_len])
            (tail_len,) = struct.unpack_from("<Q", data, 24 + body_len)
            meta = json.loads(data[32 + body_len:32 + body_len + tail_len])
        except Exception:  # e.g. a .rknn from the real toolkit, which this fake cannot run
            _log("E", "load_rknn", "Invalid RKNN fromat!")
            return -1
        self._custom = meta["custom_quantize_layers"]
        self._target_platform = meta["target_platform"][0]
        self._config.update(mean_values=meta["mean_values"], std_values=meta["std_values"])  # stored in the model, as rknn does
        return 0

    # -- runtime --------------------------------------------------------------------------------
    def init_runtime(self, target=None, device_id=None, perf_debug=False, eval_mem=False, async_mode=False,
                     core_mask=NPU_CORE_AUTO, fallback_prior_device="cpu"):
        if target is None:
            if not self._built:
                _log("E", "init_runtime", "RKNN model that loaded by load_rknn can not run on simulator, please set target!")
                return -1
        else:
            print(f"I Starting ntp or adb, target is {str(target).upper()}", flush=True)
            attached = [serial for serial, state in adb_link.devices() if state == "device"]
            serial = device_id if device_id is not None else (attached[0] if len(attached) == 1 else None)
            if serial is None or serial not in attached:
                _log("E", "init_runtime", "Connect to Device Failure (-1), Please make sure the USB connection is normal!")
                return -1
            if not adb_link.shell(serial, "pidof rknn_server").strip():
                print("E RKNNAPI: rknn_init,  server connect fail!  ret = -9(ERROR_PIPE)!", flush=True)
                _log("E", "init_runtime", "The rknn_server on the concected device is abnormal, please start the rknn_server on the device according to: https://github.com/airockchip/rknn-toolkit2/blob/master/doc/rknn_server_proxy.md")
                return -1
            if self._target_platform and self._target_platform.lower() != str(target).lower():
                print("E RKNNAPI: rknn_init, msg_load_ack fail, ack = 1(ACK_FAIL), expect 0(ACK_SUCC)!", flush=True)
                _log("E", "init_runtime", "RKNN init failed. error code: RKNN_ERR_MODEL_INVALID")
                return -1
            print("I Connect to Device success!", flush=True)
        self._runtime = {"target": target, "device_id": device_id, "perf_debug": perf_debug, "eval_mem": eval_mem}
        return 0

    def inference(self, inputs, data_format=None, inputs_pass_through=None):
        if self._runtime is None:
            _log("E", "inference", "Runtime environment is not inited, please call init_runtime to init it first!")
            return None
        # The simulator: after a quantized build every float tensor is fake-quantized to int8 with its calibration
        # range (custom_quantize_layers float16 tensors stay float16); unquantized, the source model in float.
        # mean/std from config(), NHWC by default like the real toolkit.
        feeds = {}
        for index, (tensor, info) in enumerate(zip(inputs, self._model.graph.input)):
            x = np.asarray(tensor, dtype=np.float32)
            fmt = (data_format[index] if isinstance(data_format, list) else data_format) or "nhwc"
            if x.ndim == 3:
                x = x[None]
            if fmt == "nhwc":
                x = x.transpose(0, 3, 1, 2)
            mean = np.array((self._config["mean_values"] or [[0, 0, 0]])[index], dtype=np.float32)[None, :, None, None]
            std = np.array((self._config["std_values"] or [[1, 1, 1]])[index], dtype=np.float32)[None, :, None, None]
            feeds[info.name] = (x - mean) / std
        if self._quantized and self._calib_ranges is not None:
            quantize = lambda name, value: self._quantize(name, value, self._calib_ranges)  # noqa: E731
            feeds = {k: quantize(k, v) for k, v in feeds.items()}
            return [np.asarray(y, dtype=np.float32) for y in onnx_numpy.run(self._model, feeds, hook=quantize)]
        return [np.asarray(y, dtype=np.float32) for y in onnx_numpy.run(self._model, feeds)]

    def eval_perf(self, is_print=True, fix_freq=True):
        if self._runtime is None or self._runtime["target"] is None:
            _log("E", "eval_perf", "eval_perf needs a connected device (init_runtime with target)!")
            return None
        layers = [n for n in self._model.graph.node if n.op_type not in ("Constant",)]
        lines = ["=" * 60, "                       Performance", "=" * 60, "ID   OpType           Time(us)"]
        total = 0
        for index, node in enumerate(layers):
            us = 5 + int(_unit(node.name, "perf") * 200)
            total += us
            lines.append(f"{index + 1:<4} {node.op_type:<16} {us}")
        lines += [f"Total Operator Elapsed Per Frame Time(us): {total}", f"Total Memory Read/Write Per Frame Size(KB): {len(layers) * 12}", "=" * 60]
        text = "\n".join(lines)
        if is_print:
            print(text, flush=True)
        return text

    def eval_memory(self, is_print=True):
        if self._runtime is None or not self._runtime["eval_mem"]:
            _log("E", "eval_memory", "Please set eval_mem=True in init_runtime first!")
            return None
        weights = sum(int(np.prod(t.dims)) for t in self._model.graph.initializer)
        result = {"weight_memory": weights, "internal_memory": 3 * weights, "other_memory": 1024, "total_memory": 4 * weights + 1024}
        if is_print:
            print(result, flush=True)
        return result

    def get_sdk_version(self):
        if self._runtime is None or self._runtime["target"] is None:
            _log("E", "get_sdk_version", "Please init runtime with target first!")
            return None
        return "RKNN VERSION:\n  API: 2.3.2 (fake build@2025-04-08)\n  DRV: rknn_server: 2.3.2 (fake)\n  DRV: rknnrt: 2.3.2 (fake)\n"

    def list_devices(self):
        devices = [serial for serial, state in adb_link.devices() if state == "device"]
        print("all device(s) with adb mode:\n" + " ".join(devices), flush=True)
        return devices, []

    # -- hybrid quantization ---------------------------------------------------------------------
    def _tensors(self):
        names = [i.name for i in self._model.graph.input]
        for node in self._model.graph.node:
            if node.op_type != "Constant":
                names.extend(o for o in node.output if o)
        return names

    def hybrid_quantization_step1(self, dataset=None, rknn_batch_size=None, proposal=False, proposal_dataset_size=1, custom_hybrid=None):
        if self._model is None:
            _log("E", "hybrid_quantization_step1", "Please load model first!")
            return -1
        if not dataset or not os.path.isfile(dataset):
            _log("E", "hybrid_quantization_step1", f"Dataset file {dataset} not found!")
            return -1
        stem = os.path.splitext(os.path.basename(self._model_path))[0]
        onnx.save(self._model, f"{stem}.model")
        open(f"{stem}.data", "wb").write(b"fake-weights")
        # The cfg's min/max are the calibration ranges step 2 quantizes with, as in the real toolkit.
        ranges = self._calibrate([l.split() for l in open(dataset, encoding="utf-8") if l.strip()])
        lines = ["custom_quantize_layers: {}", "quantize_parameters:"]
        for name in self._tensors():
            if name not in ranges:  # not a float tensor (shapes, indices): the toolkit lists no parameters for it
                continue
            lo, hi = ranges[name]
            scale = max(hi - lo, 1e-8) / 255
            lines += [f"    {name}:", "        qtype: asymmetric_quantized", f"        qmethod: {'layer'}", "        dtype: int8",
                      "        min:", f"        - {lo!r}", "        max:", f"        - {hi!r}", "        scale:", f"        - {scale!r}",
                      "        zero_point:", f"        - {int(round(-128 - lo / scale))}"]
        open(f"{stem}.quantization.cfg", "w", encoding="utf-8").write("\n".join(lines) + "\n")
        _log("I", "hybrid_quantization_step1", f"The model has been saved to {stem}.model, {stem}.data and {stem}.quantization.cfg")
        return 0

    def hybrid_quantization_step2(self, model_input, data_input, model_quantization_cfg):
        import yaml  # PyYAML stands in for ruamel.yaml here
        for path in (model_input, data_input, model_quantization_cfg):
            if not os.path.isfile(path):
                _log("E", "hybrid_quantization_step2", f"{path} does not exist!")
                return -1
        self._model = shape_inference.infer_shapes(onnx.load(model_input))
        self._model_path = model_input
        cfg = yaml.safe_load(open(model_quantization_cfg, encoding="utf-8"))
        custom = cfg.get("custom_quantize_layers") or {}
        inputs = {i.name for i in self._model.graph.input}
        known = set(self._tensors())
        for name in custom:
            if name in inputs or name not in known:
                _log("E", "hybrid_quantization_step2", f"Catch exception: ValueError: Invalid operands name '{name}' in custom_quantize_layers!")
                return -1
        self._custom = {k: str(v) for k, v in custom.items()}
        params = cfg.get("quantize_parameters") or {}
        self._calib_ranges = {k: (float(v["min"][0]), float(v["max"][0])) for k, v in params.items()}
        self._built = True
        self._quantized = True
        return 0

    # -- accuracy analysis -----------------------------------------------------------------------
    def accuracy_analysis(self, inputs, output_dir="./snapshot", target=None, device_id=None):
        if not self._built or self._model is None:
            _log("E", "accuracy_analysis", "Please build or hybrid_quantization_step2 first!")
            return -1
        for path in inputs:
            if not os.path.isfile(path):
                _log("E", "accuracy_analysis", f"Input file {path} does not exist!")
                return -1
        if target is not None and self.init_runtime(target=target, device_id=device_id) != 0:
            _log("E", "accuracy_analysis", "Connect to Device Failure (-1)")
            return -1
        if _mode() == "crash-analysis":
            os.kill(os.getpid(), signal.SIGSEGV)
        for sub in ["golden", "simulator"] + (["runtime"] if target else []):
            os.makedirs(os.path.join(output_dir, sub), exist_ok=True)
        rows, mapping = [], ["layer_name file_name"]
        ops = {o: n.op_type for n in self._model.graph.node for o in n.output}
        ops.update({i.name: "Input" for i in self._model.graph.input})
        golden, sim = self._simulate(inputs[0])
        for index, name in enumerate(self._tensors()):
            kept = self._custom.get(name)
            # FAKE_RKNN_HYBRID_ROWS=plain: a toolkit that keeps the tensor's name for a converted layer (the dtype
            # is then visible only in the model's record and in the layer's ≈ 1 single-layer cos).
            shown = f"{name}__{kept}" if kept and os.environ.get("FAKE_RKNN_HYBRID_ROWS") != "plain" else name
            g = golden[name]
            entire = _errors(g, sim[name])
            single = _errors(g, self._quantize(name, g))
            cols = f"{entire[0]:.5f} | {entire[1]:<10.5g} {single[0]:.5f} | {single[1]:<10.5g}"
            if target:  # the "board" differs from the simulator by a little deterministic noise
                rt = sim[name] + 1e-3 * np.abs(sim[name]).mean() * np.sin(np.arange(sim[name].size)).reshape(sim[name].shape) if np.issubdtype(sim[name].dtype, np.floating) else sim[name]
                rt_entire, rt_single = _errors(g, rt), _errors(sim[name], rt)
                cols += f"    {rt_entire[0]:.5f} | {rt_entire[1]:<10.5g} {rt_single[0]:.5f} | {rt_single[1]:.5g}"
            rows.append(f"[{ops.get(name, 'Unknown')}] {shown:<30} {cols}")
            file_name = f"{index}_{name.replace('/', '_').replace(':', '_')}.txt"
            mapping.append(f"{shown} {file_name}")
            for sub, value in [("golden", g), ("simulator", sim[name])] + ([("runtime", rt)] if target else []):
                np.savetxt(os.path.join(output_dir, sub, file_name), np.asarray(value, dtype=np.float64).ravel()[:4096])
        header = [
            "# simulator_error: calculate the output error of each layer of the simulator (compared to the 'golden' value).",
            "",
            "layer_name                      simulator_error" + ("                             runtime_error" if target else ""),
            "                            entire              single" + ("                  entire           single_sim" if target else ""),
            "                         cos      euc        cos      euc" + ("            cos      euc        cos      euc" if target else ""),
            "-" * 102,
        ]
        open(os.path.join(output_dir, "error_analysis.txt"), "w").write("\n".join(header + rows) + "\n")
        open(os.path.join(output_dir, "map_name_to_file.txt"), "w").write("\n".join(mapping) + "\n")
        print(f"I The error analysis results save to: {output_dir}/error_analysis.txt", flush=True)
        return 0

    def _load_input(self, path):
        info = self._model.graph.input[0]
        n, c, h, w = [d.dim_value or 1 for d in info.type.tensor_type.shape.dim]
        if path.endswith(".npy"):
            x = np.load(path).astype(np.float32)
            x = x if x.ndim == 4 else x[None]
            x = x.transpose(0, 3, 1, 2) if x.shape[-1] == c else x
        else:
            import cv2
            image = cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2RGB)
            x = cv2.resize(image, (w, h)).astype(np.float32).transpose(2, 0, 1)[None]
        mean = np.array((self._config["mean_values"] or [[0, 0, 0]])[0], dtype=np.float32)[None, :, None, None]
        std = np.array((self._config["std_values"] or [[1, 1, 1]])[0], dtype=np.float32)[None, :, None, None]
        return {info.name: (x - mean) / std}

    def _quantize(self, name, x, ranges=None):
        """int8 asymmetric per-tensor fake quantization from a range (default: the analysed input's golden
        range); float16 for custom layers."""
        if not np.issubdtype(x.dtype, np.floating):
            return x
        ranges = self._ranges if ranges is None else ranges
        if self._custom.get(name) == "float16" or not self._quantized or name not in ranges:
            return x.astype(np.float16).astype(np.float32)
        lo, hi = ranges[name]
        scale = max(hi - lo, 1e-8) / 255
        zp = np.round(-128 - lo / scale)
        return ((np.clip(np.round(x / scale) + zp, -128, 127) - zp) * scale).astype(np.float32)

    def _calibrate(self, samples):
        """Per-tensor (min, max) of every float tensor over the calibration samples (each a list of input files),
        widened to include 0 as an asymmetric int8 range must."""
        ranges = {}
        for sample in samples:
            values = {}
            onnx_numpy.run(self._model, self._load_input(sample[0]), values_out=values)
            for name, (lo, hi) in _float_ranges(values).items():
                old = ranges.get(name, (lo, hi))
                ranges[name] = (min(old[0], lo), max(old[1], hi))
        return ranges

    def _simulate(self, path):
        feeds = self._load_input(path)
        golden = {}
        onnx_numpy.run(self._model, feeds, values_out=golden)
        self._ranges = _float_ranges(golden)
        sim = {}
        quantized_feeds = {k: self._quantize(k, v) for k, v in feeds.items()}
        onnx_numpy.run(self._model, quantized_feeds, hook=self._quantize, values_out=sim)
        sim.update(quantized_feeds)
        return golden, sim

    def release(self):
        self._model = None


def _float_ranges(values):
    """(min, max) including 0 of each non-empty float tensor."""
    return {k: (min(float(v.min()), 0.0), max(float(v.max()), 0.0)) for k, v in values.items()
            if np.issubdtype(np.asarray(v).dtype, np.floating) and np.asarray(v).size}


def _errors(reference, value):
    """(cosine, euclidean) as error_analysis.txt reports them."""
    a = np.asarray(reference, dtype=np.float64).ravel()
    b = np.asarray(value, dtype=np.float64).ravel()
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    cos = 1.0 if na == 0 and nb == 0 else float(a @ b / (na * nb)) if na and nb else 0.0
    return min(cos, 1.0), float(np.linalg.norm(a - b))
