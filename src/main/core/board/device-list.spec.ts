import { describe, expect, it } from 'vitest';
import { parseDevicesLong, splitTrackFrames } from './device-list';

describe('adb device lists', () => {
  it('parses `adb devices -l` including multi-word states and network serials', () => {
    const text = [
      'List of devices attached',
      'RK3588LNX01            device usb:1-1 product:rk3588 model:ROCK_5B device:rk3588 transport_id:1',
      '192.168.1.20:5555      device product:rk3588_s model:rk3588_s device:rk3588_s transport_id:4',
      'RK3588UNAUTH           unauthorized usb:1-2 transport_id:3',
      '0123456789ABCDEF       no permissions (user in plugdev group; are your udev rules wrong?); ' +
        'see [http://developer.android.com/tools/device.html] usb:1-3 transport_id:5',
      '',
    ].join('\n');
    expect(parseDevicesLong(text)).toEqual([
      {
        serial: 'RK3588LNX01',
        state: 'device',
        model: 'ROCK_5B',
        product: 'rk3588',
        device: 'rk3588',
        transportId: 1,
        usb: 'usb:1-1',
      },
      {
        serial: '192.168.1.20:5555',
        state: 'device',
        model: 'rk3588_s',
        product: 'rk3588_s',
        device: 'rk3588_s',
        transportId: 4,
        usb: null,
      },
      {
        serial: 'RK3588UNAUTH',
        state: 'unauthorized',
        model: null,
        product: null,
        device: null,
        transportId: 3,
        usb: 'usb:1-2',
      },
      {
        serial: '0123456789ABCDEF',
        state: 'no_permissions',
        model: null,
        product: null,
        device: null,
        transportId: 5,
        usb: 'usb:1-3',
      },
    ]);
  });

  it('ignores the daemon start banner', () => {
    expect(
      parseDevicesLong(
        '* daemon not running; starting now at tcp:5037\n* daemon started successfully\nList of devices attached\n\n',
      ),
    ).toEqual([]);
  });

  it('splits track-devices frames and keeps a partial one for later', () => {
    const first = 'A1\tdevice\nB2\toffline\n';
    const stream = `${first.length.toString(16).padStart(4, '0')}${first}00000010C3\tunauth`;
    const { lists, rest } = splitTrackFrames(stream);
    expect(lists).toEqual([
      [
        { serial: 'A1', state: 'device' },
        { serial: 'B2', state: 'offline' },
      ],
      [],
    ]);
    expect(rest).toBe('0010C3\tunauth');
    expect(splitTrackFrames(`${rest}orized\n`).lists).toEqual([[{ serial: 'C3', state: 'unauthorized' }]]);
  });
});
