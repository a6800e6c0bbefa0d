/**
 * Starter run files, one per workflow. The built-in ones (evaluation, int8 analysis) start on the demo detector and
 * dataset (`demo`) so they run as they are; the vendor ones name the usual files of a project, to be pointed at yours.
 */
export interface RunTemplate {
  id: string;
  label: string;
  text: string;
}

export const RUN_TEMPLATES: RunTemplate[] = [
  {
    id: 'eval',
    label: 'Evaluate a model (COCO AP)',
    text: `# COCO AP of an ONNX detector on a dataset (data.yaml, COCO json or YOLO folder); demo: the bundled ones.
name: eval
target: host
backend: sim
stages:
  - kind: env-snapshot
  - kind: eval
    model: demo
    data: demo
`,
  },
  {
    id: 'int8',
    label: 'Built-in int8 analysis + keep-float proposal',
    text: `# Simulates w8a8 in onnxruntime: per-layer error, AP float vs int8, and the layers to keep float.
name: int8-analysis
target: host
backend: sim
stages:
  - kind: analyse
    model: demo
    calib: demo
    data: demo
    dtype: w8a8
    calibCount: 32
    evalCount: 100
    apBudget: 0.01
`,
  },
  {
    id: 'rknn',
    label: 'rknn-toolkit2: convert + accuracy analysis + hybrid',
    text: `# rknn-toolkit2 on the host: build int8, find the layers that lose accuracy, re-build them in float16.
name: yolov8n-rk3588
target: rk3588
backend: rknn
stages:
  - kind: env-snapshot
  - kind: convert-rknn
    model: models/yolov8n.onnx
    out: out/yolov8n-rk3588.rknn
    calibration: { images: datasets/calib, count: 100 }
    config: { target_platform: rk3588, mean_values: [[0, 0, 0]], std_values: [[255, 255, 255]] }
  - kind: rknn-accuracy
    model: models/yolov8n.onnx
    calibration: { images: datasets/calib, count: 100 }
    config: { target_platform: rk3588, mean_values: [[0, 0, 0]], std_values: [[255, 255, 255]] }
  - kind: rknn-hybrid
    model: models/yolov8n.onnx
    out: out/yolov8n-rk3588-hybrid.rknn
    calibration: { images: datasets/calib, count: 100 }
    config: { target_platform: rk3588, mean_values: [[0, 0, 0]], std_values: [[255, 255, 255]] }
    layers: { output0: float16 }
`,
  },
  {
    id: 'atc',
    label: 'HiSilicon ATC: 8-bit vs 16-bit on the board',
    text: `# The same model through ATC twice: A8W8 (compile_mode 0) and A16W8 (compile_mode 1), then each .om's
# COCO AP and latency on an SS928 board over ssh (key installed: ssh-copy-id root@board) with the modelzoo sample.
name: yolov8n-ss928-a8-vs-a16
target: hi3519
backend: atc
stages:
  - kind: convert-atc
    model: models/yolov8n.onnx
    out: out/yolov8n-a8w8.om
    calibration: { images: datasets/calib, count: 5 }
    flags: { soc_version: SS928V100, compile_mode: 0 }
  - kind: convert-atc
    model: models/yolov8n.onnx
    out: out/yolov8n-a16w8.om
    calibration: { images: datasets/calib, count: 5 }
    flags: { soc_version: SS928V100, compile_mode: 1 }
  - kind: hisi-board-eval
    model: out/yolov8n-a8w8.om
    data: datasets/coco/data.yaml
    board: { host: root@192.168.2.88 }
    runner: { dir: modelzoo/samples/samples_GPL/built-in/yolov8s/out }
  - kind: hisi-board-eval
    model: out/yolov8n-a16w8.om
    data: datasets/coco/data.yaml
    board: { host: root@192.168.2.88 }
    runner: { dir: modelzoo/samples/samples_GPL/built-in/yolov8s/out }
`,
  },
  {
    id: 'tensorrt',
    label: 'TensorRT engine from a QDQ model',
    text: `# int8 TensorRT (>= 11 builds int8 only from Q/DQ nodes): the QDQ ONNX an analyse run stores
# (qdq-model artifact), the engine's outputs against onnxruntime on the same model, then the engine's
# COCO AP on this GPU next to the float model's (ap-table: TensorRT engine column).
name: yolov8n-orin-int8
target: orin
backend: tensorrt
stages:
  - kind: eval
    model: models/yolov8n.onnx
    data: datasets/coco/data.yaml
  - kind: convert-trt
    model: models/yolov8n.onnx
    qdqModel: models/yolov8n.w8a8.qdq.onnx
    out: out/yolov8n-int8.engine
  - kind: compare-trt
    model: models/yolov8n.w8a8.qdq.onnx
  - kind: tensorrt-eval
    data: datasets/coco/data.yaml
`,
  },
];
