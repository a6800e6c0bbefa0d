"""Driver: export a PyTorch detector (.pt) to ONNX with static shapes and batch 1.

Protocol: one JSON config file argument; JSON lines on stdout; exit 0 only on success.

Config:
  weights: .pt file           out: .onnx path           imgsz: int or [h, w] (default 640)
  opset: int (default 12, as Ultralytics' RKNN export)  simplify: bool (onnxsim when installed)
  backend: "auto" | "ultralytics" | "torch"  (auto: Ultralytics when importable)
  model_class: "path/to/file.py:ClassName" or "package.module:ClassName" for a state dict
  class_kwargs: {...} passed to the class
"""
import importlib
import importlib.util
import json
import os
import shutil
import sys


def emit(**message):
    print(json.dumps(message), flush=True)


class ExportError(Exception):
    def __init__(self, message, hint):
        super().__init__(message)
        self.hint = hint


def size_of(imgsz):
    return (imgsz, imgsz) if isinstance(imgsz, int) else (int(imgsz[0]), int(imgsz[1]))


def export_ultralytics(config, h, w):
    from ultralytics import YOLO

    model = YOLO(config["weights"])
    produced = model.export(format="onnx", imgsz=[h, w], opset=config.get("opset", 12), simplify=bool(config.get("simplify")), batch=1, dynamic=False)
    shutil.move(str(produced), config["out"])
    return "ultralytics"


def load_class(spec):
    target, _, name = spec.rpartition(":")
    if not target or not name:
        raise ExportError(f"model_class {spec!r} must look like file.py:ClassName or package.module:ClassName", "Name the class that builds the network the state dict belongs to.")
    if target.endswith(".py"):
        if not os.path.isfile(target):
            raise ExportError(f"model_class file not found: {target}", "Give the path of the .py that defines the model class.")
        module_spec = importlib.util.spec_from_file_location("npu_wb_model", target)
        module = importlib.util.module_from_spec(module_spec)
        sys.path.insert(0, os.path.dirname(os.path.abspath(target)))
        module_spec.loader.exec_module(module)
    else:
        module = importlib.import_module(target)
    if not hasattr(module, name):
        raise ExportError(f"{target} has no class {name}", "Check the class name (case matters).")
    return getattr(module, name)


def load_torch_model(config):
    import torch

    weights = config["weights"]
    try:
        return torch.jit.load(weights, map_location="cpu"), "torchscript"
    except Exception:  # not TorchScript: try a pickled module or a state dict below
        pass
    try:
        obj = torch.load(weights, map_location="cpu")
    except ModuleNotFoundError as error:
        raise ExportError(f"{weights} needs the module {error.name} to unpickle", "It is probably an Ultralytics checkpoint: install ultralytics in this Python, or give a TorchScript file.")
    except Exception as error:
        raise ExportError(f"{weights} is not a PyTorch file torch can read ({error})", "Check that the file is a complete .pt (not truncated).")
    if isinstance(obj, torch.nn.Module):
        return obj, "pickled module"
    if isinstance(obj, dict) and isinstance(obj.get("model"), torch.nn.Module):
        return obj["model"].float(), "checkpoint['model']"
    state = obj.get("state_dict", obj) if isinstance(obj, dict) else None
    if state is None:
        raise ExportError(f"{weights} holds a {type(obj).__name__}, not a model", "Save the model, its state_dict, or a TorchScript module.")
    if not config.get("model_class"):
        raise ExportError(f"{weights} is a state dict; the network class is needed to rebuild it", "Set model_class: path/to/model.py:ClassName (and class_kwargs), or install ultralytics.")
    model = load_class(config["model_class"])(**(config.get("class_kwargs") or {}))
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise ExportError(f"state dict does not fit {config['model_class']}: missing {list(missing)[:5]}, unexpected {list(unexpected)[:5]}", "Check class_kwargs (e.g. the number of classes) against the checkpoint.")
    return model, "state dict + " + config["model_class"]


def export_torch(config, h, w):
    import torch

    model, how = load_torch_model(config)
    model.eval()
    dummy = torch.zeros(1, 3, h, w)
    emit(type="log", message=f"exporting {how} with torch {torch.__version__}, opset {config.get('opset', 12)}, 1x3x{h}x{w}")
    with torch.no_grad():
        torch.onnx.export(model, dummy, config["out"], opset_version=config.get("opset", 12), input_names=["images"], output_names=["output0"], do_constant_folding=True)
    return f"torch ({how})"


def simplify(path):
    try:
        import onnx
        import onnxsim
    except ImportError:
        emit(type="log", level="warning", message="simplify requested but onnxsim is not installed; keeping the model as exported")
        return False
    model, ok = onnxsim.simplify(onnx.load(path))
    if ok:
        onnx.save(model, path)
    return ok


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        config = json.load(handle)
    h, w = size_of(config.get("imgsz", 640))
    if not os.path.isfile(config["weights"]):
        raise ExportError(f"weights not found: {config['weights']}", "Check the path of the .pt file.")
    os.makedirs(os.path.dirname(os.path.abspath(config["out"])), exist_ok=True)
    backend = config.get("backend", "auto")
    have_ultralytics = importlib.util.find_spec("ultralytics") is not None
    if backend == "ultralytics" and not have_ultralytics:
        raise ExportError("backend ultralytics requested but ultralytics is not installed", "pip install ultralytics, or use backend: torch.")
    emit(type="progress", stage="export", done=0, total=2)
    how = export_ultralytics(config, h, w) if (backend != "torch" and have_ultralytics) else export_torch(config, h, w)
    if config.get("simplify") and how != "ultralytics":
        simplify(config["out"])
    import onnx

    model = onnx.load(config["out"])
    onnx.checker.check_model(model)
    dims = lambda v: [d.dim_value or d.dim_param for d in v.type.tensor_type.shape.dim]
    emit(type="progress", stage="export", done=2, total=2)
    emit(type="artifact", kind="onnx", path=config["out"])
    emit(type="result", exporter=how, opset=model.opset_import[0].version, inputs={i.name: dims(i) for i in model.graph.input},
         outputs={o.name: dims(o) for o in model.graph.output})


if __name__ == "__main__":
    try:
        main()
    except ExportError as error:
        emit(type="error", message=str(error), hint=error.hint)
        sys.exit(1)
    except ModuleNotFoundError as error:
        emit(type="error", message=f"{error.name} is not installed in {sys.executable}", hint="Export needs torch and onnx; `npu-workbench doctor` shows what this Python has.")
        sys.exit(1)
