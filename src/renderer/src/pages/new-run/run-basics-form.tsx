import { BackendSchema } from '../../../../shared/contract';
import { type BasicKey, readBasics, writeBasic } from './run-basics';

const TARGETS = [
  'host',
  'rk3588',
  'rk3576',
  'rk3568',
  'rk3566',
  'rk3562',
  'rv1106',
  'rv1103',
  'hi3519',
  'hi3559',
  'orin',
  'xavier',
];

/**
 * Name, target and backend, and the model, dataset and calibration folder of the stages that read them, as form fields
 * bound to the YAML (the editor stays the source of truth). A stage option no stage has is not offered.
 */
export function RunBasicsForm(props: { text: string; onChange(text: string): void }): React.JSX.Element {
  const basics = readBasics(props.text);
  const set = (key: BasicKey, value: string): void => props.onChange(writeBasic(props.text, key, value));
  const disabled = basics === null;
  const field = (key: BasicKey, label: string, placeholder: string): React.JSX.Element | null =>
    key !== 'name' && basics?.[key] === undefined ? null : (
      <label className="filter grow">
        {label}
        <input
          value={basics?.[key] ?? ''}
          placeholder={placeholder}
          disabled={disabled}
          onChange={(e) => set(key, e.target.value)}
        />
      </label>
    );
  const select = (key: BasicKey, label: string, options: readonly string[]): React.JSX.Element => {
    const value = basics?.[key] ?? '';
    return (
      <label className="filter">
        {label}
        <select value={value} disabled={disabled} onChange={(e) => set(key, e.target.value)}>
          {!options.includes(value) && <option value={value}>{value || '—'}</option>}
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
    );
  };
  return (
    <div className="run-basics" role="group" aria-label="Run basics">
      {field('name', 'Name', 'yolov8n-rk3588-int8')}
      {field('model', 'Model (every stage)', 'models/yolov8n.onnx')}
      {field('data', 'Dataset', 'datasets/coco128/data.yaml')}
      {field('calib', 'Calibration images', 'datasets/calib')}
      {select('target', 'Target', TARGETS)}
      {select('backend', 'Backend', BackendSchema.options)}
      {disabled && <span className="muted small">Fix the YAML to edit these fields.</span>}
    </div>
  );
}
