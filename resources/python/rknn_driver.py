"""Driver: rknn-toolkit2 (documented 2.3.2 API only) — convert, hybrid quantization, accuracy analysis,
board runtime (eval_perf, eval_memory, inference).

Protocol: one JSON config file argument; JSON lines on stdout; exit 0 only on success.
The toolkit's own log lines (`I …`, `W …`, `E api: …`) pass through as plain text.

Config (every section optional except the model source):
  verbose: bool
  work_dir: folder for hybrid step 1 files (the toolkit writes them into the current directory)
  rknn_file: a built .rknn to run on a board (load_rknn models cannot use the simulator), or
  model: source .onnx, config: {config() kwargs}, load: {inputs, input_size_list, outputs},
  build: {do_quantization, rknn_batch_size, auto_hybrid}, dataset: dataset.txt path,
  hybrid_step1: {proposal, proposal_dataset_size}    (then stops: the user edits the cfg)
  hybrid_step2: {model, data, cfg}                   (instead of build)
  export: out.rknn
  accuracy: {inputs: [paths], output_dir, target, device_id}
  runtime: {target, device_id, core_mask, perf_debug, eval_mem}
  perf: bool, memory: bool, sdk_version: bool
  inference: {inputs: [.npy paths, NHWC], data_format, out_dir}
"""
import json
import os
import sys


def emit(**message):
    print(json.dumps(message), flush=True)


class ToolkitError(Exception):
    def __init__(self, message, hint):
        super().__init__(message)
        self.hint = hint


HINTS = {
    "load_onnx": "Check the ONNX path and that it opens in Netron; with `inputs`, `input_size_list` is required.",
    "build": "See the E lines above: a missing calibration image, an unsupported op, or a wrong target_platform.",
    "export_rknn": "Check that the output folder exists and is writable.",
    "load_rknn": "The file is not a .rknn model (or was made by a newer toolkit).",
    "init_runtime": "Check `adb devices`, that rknn_server runs on the board, and that toolkit and runtime versions match.",
    "accuracy_analysis": "It needs build/hybrid step 2 in the same process and readable inputs; with a target, check `adb devices`, that rknn_server runs, and free storage under /userdata.",
    "hybrid_quantization_step1": "Check the dataset file and the model.",
    "hybrid_quantization_step2": "Every custom_quantize_layers key must be an output tensor name from the .model file (not an input).",
}


def call(api, result):
    """rknn-toolkit2 returns 0 on success and -1 on failure (API232)."""
    if result != 0:
        raise ToolkitError(f"rknn.{api}() returned {result}", HINTS.get(api, "See the toolkit log above."))


def progress(step, done, total):
    emit(type="progress", stage="rknn", done=done, total=total, message=step)


def run(config):
    from rknn.api import RKNN  # imported here so a missing toolkit becomes a protocol error

    steps = [s for s in ("load", "build", "export", "accuracy", "runtime", "perf", "memory", "inference") if s == "load" or config.get(s)]
    total = len(steps) + 1
    result = {}
    rknn = RKNN(verbose=bool(config.get("verbose")))
    try:
        progress("load", 0, total)
        if config.get("rknn_file"):
            call("load_rknn", rknn.load_rknn(config["rknn_file"]))
        else:
            rknn.config(**(config.get("config") or {}))
            load = config.get("load") or {}
            call("load_onnx", rknn.load_onnx(model=config["model"], **load))
            if config.get("hybrid_step1") is not None:
                work_dir = config.get("work_dir") or "."
                os.makedirs(work_dir, exist_ok=True)
                model_abs, dataset_abs = os.path.abspath(config["model"]), os.path.abspath(config["dataset"])
                os.chdir(work_dir)
                call("hybrid_quantization_step1", rknn.hybrid_quantization_step1(dataset=dataset_abs, **config["hybrid_step1"]))
                stem = os.path.splitext(os.path.basename(model_abs))[0]
                files = {kind: os.path.join(os.getcwd(), f"{stem}.{kind}") for kind in ("model", "data", "quantization.cfg")}
                for kind, path in files.items():
                    emit(type="artifact", kind=f"rknn-hybrid-{kind.split('.')[0]}", path=path)
                emit(type="result", hybrid_step1=files)
                return
            if config.get("hybrid_step2"):
                step2 = config["hybrid_step2"]
                call("hybrid_quantization_step2", rknn.hybrid_quantization_step2(model_input=step2["model"], data_input=step2["data"], model_quantization_cfg=step2["cfg"]))
            else:
                build = dict(config.get("build") or {})
                build.setdefault("do_quantization", True)
                call("build", rknn.build(dataset=config.get("dataset"), **build))
        done = 1
        progress("built", done, total)
        if config.get("export"):
            call("export_rknn", rknn.export_rknn(config["export"]))
            emit(type="artifact", kind="rknn-model", path=config["export"])
            done += 1
            progress("export", done, total)
        if config.get("accuracy"):
            acc = config["accuracy"]
            call("accuracy_analysis", rknn.accuracy_analysis(inputs=acc["inputs"], output_dir=acc.get("output_dir", "./snapshot"), target=acc.get("target"), device_id=acc.get("device_id")))
            report = os.path.join(acc.get("output_dir", "./snapshot"), "error_analysis.txt")
            emit(type="artifact", kind="rknn-error-analysis", path=report)
            result["error_analysis"] = report
            done += 1
            progress("accuracy_analysis", done, total)
        if config.get("runtime"):
            rt = dict(config["runtime"])
            if "core_mask" in rt:
                rt["core_mask"] = getattr(RKNN, rt["core_mask"])
            call("init_runtime", rknn.init_runtime(**rt))
            if config.get("sdk_version") and rt.get("target"):
                result["sdk_version"] = rknn.get_sdk_version()
            done += 1
            progress("init_runtime", done, total)
        if config.get("perf"):
            text = rknn.eval_perf(is_print=False)
            if text is None:
                raise ToolkitError("rknn.eval_perf() returned nothing", "eval_perf needs init_runtime with a target (a connected board).")
            result["perf_text"] = str(text)
            done += 1
        if config.get("memory"):
            memory = rknn.eval_memory(is_print=False)
            if not isinstance(memory, dict):
                raise ToolkitError("rknn.eval_memory() returned nothing", "Set runtime.eval_mem: true (init_runtime(eval_mem=True)).")
            result["memory"] = {k: v for k, v in memory.items() if isinstance(v, (int, float))}
            done += 1
        if config.get("inference"):
            result["inference"] = infer(rknn, config["inference"])
            done += 1
        progress("done", total, total)
        emit(type="result", **result)
    finally:
        rknn.release()


def infer(rknn, spec):
    import numpy as np

    out_dir = spec["out_dir"]
    os.makedirs(out_dir, exist_ok=True)
    files = []
    for index, path in enumerate(spec["inputs"]):
        outputs = rknn.inference(inputs=[np.load(path)], data_format=spec.get("data_format"))
        if outputs is None:
            raise ToolkitError(f"rknn.inference() returned nothing for {path}", HINTS["init_runtime"])
        names = []
        for k, tensor in enumerate(outputs):
            name = os.path.join(out_dir, f"{index:06d}_{k}.npy")
            np.save(name, np.asarray(tensor, dtype=np.float32))
            names.append(name)
        files.append(names)
        emit(type="progress", stage="inference", done=index + 1, total=len(spec["inputs"]))
    return files


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        config = json.load(handle)
    try:
        run(config)
    except ModuleNotFoundError as error:
        emit(type="error", message=f"rknn-toolkit2 is not installed in {sys.executable} ({error})",
             hint="pip install rknn-toolkit2 in a Python 3.8–3.12 venv on Linux x86_64/aarch64 and select it in Settings; `npu-workbench doctor` checks it.")
        sys.exit(1)
    except ToolkitError as error:
        emit(type="error", message=str(error), hint=error.hint)
        sys.exit(1)


if __name__ == "__main__":
    main()
