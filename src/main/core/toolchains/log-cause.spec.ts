import { describe, expect, it } from 'vitest';
import { causeLine } from './log-cause';

/** What rknn-toolkit2 2.x prints when an API call catches an exception (the banner comes last). */
const EXPORT_FAILURE = [
  'I rknn building done.',
  'E export_rknn: Catch exception when exporting rknn model!',
  'E export_rknn: Traceback (most recent call last):',
  'E export_rknn:   File "rknn/api/rknn_base.py", line 2093, in rknn.api.rknn_base.RKNNBase.export_rknn',
  'E export_rknn:   File "rknn/api/rknn_base.py", line 2046, in rknn.api.rknn_base.RKNNBase.save_rknn',
  "E export_rknn: FileNotFoundError: [Errno 2] No such file or directory: '/w/out/m.rknn'",
  "W If you can't handle this error, please try updating to the latest version of the toolkit2 and runtime from:",
  '  https://console.zbox.filez.com/l/I00fc3 (Pwd: rknn)  Path: RKNPU2_SDK / 2.X.X / develop /',
  '  If the error still exists, please collect the corresponding data and contact us.',
  'E rknn-toolkit2 version: 2.3.2',
];

describe('causeLine', () => {
  it('picks the exception line of the E <api>: block, not the version banner or the frames', () => {
    expect(causeLine(EXPORT_FAILURE)).toBe(
      "E export_rknn: FileNotFoundError: [Errno 2] No such file or directory: '/w/out/m.rknn'",
    );
  });

  it('falls back to the last E <api>: line, skipping the 1.x feedback banner', () => {
    const lines = [
      'E build: Dataset file /d.txt not found!',
      'E Please feedback the detailed log file <log.txt> to the RKNN Toolkit development team.',
      'E rknn-toolkit2 version: 1.5.2',
    ];
    expect(causeLine(lines)).toBe('E build: Dataset file /d.txt not found!');
  });

  it('takes a bare Python exception line, and answers null when nothing names a failure', () => {
    expect(causeLine(['Traceback (most recent call last):', '  File "x.py", line 1', "KeyError: 'model'"])).toBe(
      "KeyError: 'model'",
    );
    expect(causeLine(['I loading', 'E rknn-toolkit2 version: 2.3.2'])).toBeNull();
  });
});
