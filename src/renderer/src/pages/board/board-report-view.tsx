import type { BoardReport } from '../../../../shared/contract/board-contract';

const v = (s: string | null | undefined): string => s ?? 'unknown';

/** What a probe found: SoC, OS, CPU ABI, NPU driver and runtime versions, load and storage. */
export function BoardReportView(props: { report: BoardReport }): React.JSX.Element {
  const r = props.report;
  const rows: [string, string][] = [
    ['SoC', v(r.soc)],
    ['OS', `${r.os}${r.osVersion ? ` (${r.osVersion})` : ''}`],
    ['Kernel', v(r.kernel)],
    ['CPU', v(r.abi)],
    ['NPU driver', v(r.npuDriver)],
    ['librknnrt', `${v(r.librknnrt.version)}${r.librknnrt.path ? ` — ${r.librknnrt.path}` : ''}`],
    [
      'rknn_server',
      `${v(r.rknnServer.version)}${r.rknnServer.path ? ` — ${r.rknnServer.path}` : ''}, ` +
        (r.rknnServer.running ? 'running' : 'not running'),
    ],
    ['Host rknn-toolkit2', v(r.toolkitVersion)],
    ['NPU load', r.npuLoad ? r.npuLoad.map((l, i) => `core${i} ${l}%`).join(', ') : 'unknown (needs root)'],
    [
      'Free storage',
      r.storageFreeMb === null
        ? 'unknown'
        : `${r.storageFreeMb.toLocaleString()} MB${r.dumpDir ? ` in ${r.dumpDir}` : ''}`,
    ],
  ];
  return (
    <table className="data-table board-report" aria-label={`Probe of ${r.serial}`}>
      <tbody>
        {rows.map(([k, val]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{val}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
