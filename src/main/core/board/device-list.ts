import { type BoardDevice, type BoardState, BoardStateSchema } from '../../../shared/contract';

const toState = (raw: string): BoardState => {
  if (raw.startsWith('no permissions')) return 'no_permissions';
  const parsed = BoardStateSchema.safeParse(raw);
  return parsed.success ? parsed.data : 'unknown';
};

/**
 * Parses `adb devices -l`: `SERIAL<pad> STATE usb:1-1 product:P model:M device:D transport_id:N`.
 * The state can be several words ("no permissions (…); see [url]"), so fields are taken from the end.
 */
export function parseDevicesLong(text: string): BoardDevice[] {
  const devices: BoardDevice[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('List of devices') || trimmed.startsWith('*')) continue;
    const [serial, ...rest] = trimmed.split(/\s+/);
    const fields: Record<string, string> = {};
    const stateWords: string[] = [];
    for (const word of rest) {
      const kv = /^(usb|product|model|device|transport_id):(.*)$/.exec(word);
      if (kv) fields[kv[1]] = kv[2];
      else if (Object.keys(fields).length === 0) stateWords.push(word);
    }
    const transportId = fields.transport_id === undefined ? null : Number(fields.transport_id);
    devices.push({
      serial,
      state: toState(stateWords.join(' ')),
      model: fields.model ?? null,
      product: fields.product ?? null,
      device: fields.device ?? null,
      transportId: Number.isInteger(transportId) ? transportId : null,
      usb: fields.usb ? `usb:${fields.usb}` : null,
    });
  }
  return devices;
}

/**
 * Splits the `adb track-devices` byte stream into device lists: each update is 4 hex digits of
 * length followed by `serial\tstate\n` lines. Returns the complete lists and the unconsumed rest.
 */
export function splitTrackFrames(buffer: string): { lists: { serial: string; state: BoardState }[][]; rest: string } {
  const lists: { serial: string; state: BoardState }[][] = [];
  let at = 0;
  while (buffer.length - at >= 4) {
    const length = parseInt(buffer.slice(at, at + 4), 16);
    if (!Number.isInteger(length) || buffer.length - at - 4 < length) break;
    const body = buffer.slice(at + 4, at + 4 + length);
    lists.push(
      body
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => {
          const [serial, state = ''] = l.split('\t');
          return { serial, state: toState(state.trim()) };
        }),
    );
    at += 4 + length;
  }
  return { lists, rest: buffer.slice(at) };
}
