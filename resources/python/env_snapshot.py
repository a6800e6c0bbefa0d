"""Driver: report the Python interpreter and the versions of the packages the workbench uses.

Protocol: one JSON config file argument; JSON lines on stdout; exit 0 only on success.
"""
import importlib
import json
import os
import platform
import sys

DEFAULT_PACKAGES = [
    "numpy", "torch", "torchvision", "onnx", "onnxruntime", "onnxsim", "cv2", "ultralytics",
    "rknn.api", "rknnlite.api", "tensorrt", "polygraphy",
]
DIST_NAMES = {"cv2": "opencv-python", "rknn.api": "rknn-toolkit2", "rknnlite.api": "rknn-toolkit-lite2"}


def emit(**message):
    print(json.dumps(message), flush=True)


def version_of(module_name, paths):
    try:
        module = importlib.import_module(module_name)
    except Exception:  # a broken install is reported as missing, never crashes the snapshot
        return None
    # Where the top-level package lives (rknn/ in site-packages or a clone): vendor SDK files may sit next to it.
    top = sys.modules.get(module_name.split(".")[0])
    if getattr(top, "__file__", None):
        paths[DIST_NAMES.get(module_name, module_name)] = os.path.dirname(os.path.abspath(top.__file__))
    version = getattr(module, "__version__", None)
    if version is None:
        try:
            from importlib.metadata import version as dist_version
            version = dist_version(DIST_NAMES.get(module_name, module_name.split(".")[0]))
        except Exception:
            version = "unknown"
    return str(version)


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        config = json.load(handle)
    packages = config.get("packages") or DEFAULT_PACKAGES
    found = {}
    paths = {}
    for index, name in enumerate(packages):
        emit(type="progress", stage="env", done=index, total=len(packages), message=name)
        found[DIST_NAMES.get(name, name)] = version_of(name, paths)
    emit(type="progress", stage="env", done=len(packages), total=len(packages))
    emit(type="result", python=platform.python_version(), executable=sys.executable,
         platform=platform.platform(), system=platform.system(), machine=platform.machine(), packages=found,
         paths=paths)


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # the protocol's error line, so the UI shows a message, not a traceback
        emit(type="error", message=f"env_snapshot failed: {error}", hint="Check the Python interpreter in Settings.")
        sys.exit(1)
