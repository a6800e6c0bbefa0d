import { UserError } from '../../errors/user-error';

/**
 * HiSilicon ATC `calibration_param.txt` (`--gfpq_param_file`): protobuf text format of
 * `calibration.CalibrationParam`. Parsed into an ordered field tree so unknown fields real outputs
 * carry (`weight_mode: NORMAL`) survive an edit-and-write round trip.
 */
export type TextValue = string | number | TextMessage;
export interface TextField {
  key: string;
  value: TextValue;
  /** Enum identifiers (S8, F16, NORMAL) are written bare; strings are quoted. */
  bare?: boolean;
  /** A number's text as written (`4.0`, `1e-3`), so untouched values round-trip byte for byte. */
  text?: string;
}
export interface TextMessage {
  fields: TextField[];
}

export const ATC_DATA_TYPES = ['S4', 'U4', 'S8', 'U8', 'S16', 'U16', 'F16', 'S32', 'U32', 'F32'] as const;
export type AtcDataType = (typeof ATC_DATA_TYPES)[number];

const TOKEN = /\s*(?:#[^\n]*(?:\n|$)\s*)*(?:("(?:[^"\\]|\\.)*")|([{}:])|([^\s{}:"#]+))/y;

export function parseTextProto(text: string, source = 'calibration_param.txt'): TextMessage {
  const tokens: { t: string; quoted: boolean; line: number }[] = [];
  let offset = 0;
  while (text.slice(offset).trim() && !/^\s*(#[^\n]*(\n|$)\s*)*$/.test(text.slice(offset))) {
    TOKEN.lastIndex = offset;
    const m = TOKEN.exec(text);
    if (!m) {
      const line = text.slice(0, offset).split('\n').length;
      throw new UserError(
        `${source}:${line}: cannot parse the text here`,
        'Restore the file ATC wrote and edit it with the workbench.',
        'invalid_input',
      );
    }
    offset = TOKEN.lastIndex;
    tokens.push({
      t: m[1] ?? m[2] ?? m[3],
      quoted: m[1] !== undefined,
      line: text.slice(0, offset).split('\n').length,
    });
  }
  let pos = 0;
  const fail = (what: string): never => {
    const line = tokens[Math.min(pos, tokens.length - 1)]?.line ?? 1;
    throw new UserError(
      `${source}:${line}: ${what}`,
      'The file must be protobuf text format (layer { name: "…" quant_param { … } }).',
      'invalid_input',
    );
  };
  const message = (closing: boolean): TextMessage => {
    const fields: TextField[] = [];
    while (pos < tokens.length) {
      const tok = tokens[pos];
      if (tok.t === '}') {
        if (!closing) fail('unexpected "}"');
        pos++;
        return { fields };
      }
      if (tok.quoted || /[{}:]/.test(tok.t)) fail(`expected a field name, found ${tok.t}`);
      pos++;
      const next = tokens[pos];
      if (next?.t === ':' && !next.quoted) {
        pos++;
        const value = tokens[pos];
        if (!value) fail(`missing value for ${tok.t}`);
        if (value.t === '{' && !value.quoted) {
          pos++;
          fields.push({ key: tok.t, value: message(true) });
          continue;
        }
        pos++;
        if (value.quoted) fields.push({ key: tok.t, value: JSON.parse(value.t) as string });
        else if (/^[-+]?(\d|\.\d)/.test(value.t) || /^[-+]?(inf|nan)$/i.test(value.t))
          fields.push({ key: tok.t, value: Number(value.t.replace(/f$/i, '')), text: value.t });
        else fields.push({ key: tok.t, value: value.t, bare: true });
      } else if (next?.t === '{' && !next.quoted) {
        pos++;
        fields.push({ key: tok.t, value: message(true) });
      } else fail(`expected ":" or "{" after ${tok.t}`);
    }
    if (closing) fail('missing "}"');
    return { fields };
  };
  return message(false);
}

export function writeTextProto(msg: TextMessage, indent = ''): string {
  return msg.fields
    .map((f) => {
      if (typeof f.value === 'object')
        return `${indent}${f.key} {\n${writeTextProto(f.value, `${indent}  `)}${indent}}\n`;
      const v =
        typeof f.value === 'number'
          ? f.text !== undefined && Number(f.text.replace(/f$/i, '')) === f.value
            ? f.text
            : String(f.value)
          : f.bare
            ? f.value
            : JSON.stringify(f.value);
      return `${indent}${f.key}: ${v}\n`;
    })
    .join('');
}

const child = (msg: TextMessage, key: string): TextMessage | undefined =>
  msg.fields.find((f) => f.key === key && typeof f.value === 'object')?.value as TextMessage | undefined;
const scalar = (msg: TextMessage, key: string): string | number | undefined =>
  msg.fields.find((f) => f.key === key && typeof f.value !== 'object')?.value as string | number | undefined;
const all = (msg: TextMessage, key: string): TextField[] => msg.fields.filter((f) => f.key === key);

export interface FactorSummary {
  dataType: string;
  scale: number[];
  offset: number[];
}
export interface CalibrationLayer {
  name: string;
  calcDataType: string;
  inputs: FactorSummary[];
  weight: FactorSummary | null;
}

function factor(msg: TextMessage): FactorSummary {
  return {
    dataType: String(scalar(msg, 'data_type') ?? 'S8'),
    scale: all(msg, 'scale').map((f) => f.value as number),
    offset: all(msg, 'offset').map((f) => f.value as number),
  };
}

/** The layers of a parsed file, with proto defaults applied (data types default to S8). */
export function calibrationLayers(doc: TextMessage): CalibrationLayer[] {
  return all(doc, 'layer').map((f) => {
    const layer = f.value as TextMessage;
    const quant = child(layer, 'quant_param') ?? { fields: [] };
    const weight = child(quant, 'weight');
    return {
      name: String(scalar(layer, 'name') ?? ''),
      calcDataType: String(scalar(layer, 'calc_data_type') ?? 'S8'),
      inputs: all(quant, 'input').map((i) => factor(i.value as TextMessage)),
      weight: weight ? factor(weight) : null,
    };
  });
}

export interface LayerOverride {
  calcDataType?: AtcDataType;
  /** Per input (in order): new data type and, when given, its scale/offset lists. */
  inputs?: { dataType: AtcDataType; scale?: number[]; offset?: number[] }[];
}

function setScalar(msg: TextMessage, key: string, value: string | number, bare: boolean, before?: string): void {
  const existing = msg.fields.find((f) => f.key === key);
  if (existing) Object.assign(existing, { value, bare });
  else {
    const at = before ? msg.fields.findIndex((f) => f.key === before) : -1;
    msg.fields.splice(at < 0 ? msg.fields.length : at, 0, { key, value, bare });
  }
}

/** Overrides one op's parameters (e.g. run the stride Mul in S16), leaving every other layer untouched. */
export function overrideLayer(doc: TextMessage, name: string, override: LayerOverride): TextMessage {
  const copy = structuredClone(doc);
  const layer = all(copy, 'layer')
    .map((f) => f.value as TextMessage)
    .find((l) => scalar(l, 'name') === name);
  if (!layer) {
    const names = calibrationLayers(doc).map((l) => l.name);
    const near = names.filter((n) => n.toLowerCase().includes(name.toLowerCase().split('/').pop() ?? name)).slice(0, 3);
    throw new UserError(
      `calibration_param.txt has no layer named "${name}"`,
      near.length
        ? `Did you mean ${near.join(', ')}?`
        : 'Names are the ONNX node names ATC printed (e.g. /model.22/Mul_2).',
      'invalid_input',
    );
  }
  if (override.calcDataType) setScalar(layer, 'calc_data_type', override.calcDataType, true, 'quant_param');
  if (override.inputs) {
    const quant =
      child(layer, 'quant_param') ??
      (layer.fields.push({ key: 'quant_param', value: { fields: [] } }), child(layer, 'quant_param')!);
    const inputs = all(quant, 'input');
    override.inputs.forEach((spec, i) => {
      let input = inputs[i]?.value as TextMessage | undefined;
      if (!input) {
        input = { fields: [] };
        quant.fields.splice(quant.fields.filter((f) => f.key === 'input').length, 0, { key: 'input', value: input });
      }
      setScalar(input, 'data_type', spec.dataType, true);
      for (const [key, list] of [
        ['scale', spec.scale],
        ['offset', spec.offset],
      ] as const) {
        if (!list) continue;
        input.fields = input.fields.filter((f) => f.key !== key);
        input.fields.push(...list.map((v) => ({ key, value: v })));
      }
    });
  }
  return copy;
}
