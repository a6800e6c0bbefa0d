/**
 * The log line that says what failed, from a tool's last output lines. rknn-toolkit2 ends an exception with
 * banner lines (`W If you can't handle this error, please try updating…`, the URL and "If the error still exists"
 * lines, `E Please feedback the detailed log file…` in 1.x, and `E rknn-toolkit2 version: 2.3.2`); those say
 * nothing about the failure, and traceback frames (`E build:   File "…", line 9`) neither. Preference: the
 * exception line of an `E <api>:` block, then the last other `E <api>:` line, then the last other error line
 * (`ERROR`/`[ERROR]` of TensorRT, ATC's `E12345`, a bare Python `…Error:` line).
 */
const BANNER =
  /rknn-toolkit2 version|feedback|can't handle this error|try updating|error still exists|contact us|https?:\/\//i;
const API_LINE = /^E [\w.]+: (.*)$/;
const FRAME = /^(Traceback \(most recent call last\)|File ".*", line \d+|\s)/;
const EXCEPTION = /^(?:[\w.]+\.)?\w*(?:Error|Exception|Interrupt|Exit)\b(?::|$)/;
const ERROR_LINE = /^(E |ERROR|\[ERROR\]|E\d{5}|.*Error:)/;

export function causeLine(lines: readonly string[]): string | null {
  const apiLines = lines
    .map((l) => l.trimEnd())
    .filter((l) => API_LINE.test(l) && !BANNER.test(l) && !FRAME.test(API_LINE.exec(l)![1]!));
  const exceptionLine = [...apiLines].reverse().find((l) => EXCEPTION.test(API_LINE.exec(l)![1]!.trim()));
  if (exceptionLine) return exceptionLine;
  if (apiLines.length) return apiLines[apiLines.length - 1]!;
  return (
    [...lines]
      .reverse()
      .find((l) => ERROR_LINE.test(l.trim()) && !BANNER.test(l))
      ?.trim() ?? null
  );
}
